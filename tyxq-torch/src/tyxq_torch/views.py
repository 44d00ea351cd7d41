"""Stacking views of one tensor as one gather from that tensor.

A circuit written the way users write it takes each angle as an element of a
weight tensor: ``circuit.rx(q, w[layer, q, 0])``, or, for a batch of
parameter sets, a column ``params[:, i]``. Each such angle is a view of the
weight tensor whose autograd history is a chain of ``SelectBackward``
nodes, and ``torch.stack`` of many of them records one more node per
angle: the backward of a 9-qubit, 36-weight layer then spends a tenth of its
time creating zero tensors and copying single numbers into them.

When every piece is a view of the same contiguous tensor with the same
shape, strides and dtype (and the same ``requires_grad``), their stack
equals one indexed read of that tensor at the views' storage offsets. The
values are the same numbers (views share storage) and the gradient is the
same sum, recorded as one ``IndexBackward`` node. Anything else, and every
call made while a transform traces (``torch.func``, ``torch.compile``),
stacks as usual.

Example:
    >>> import torch
    >>> w = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], requires_grad=True)
    >>> stacked = stack_views([w[1, 2], w[0, 1]])
    >>> stacked.tolist(), type(stacked.grad_fn).__name__
    ([5.0, 1.0], 'IndexBackward0')
    >>> stack_views([w[:, 2], w[:, 0]], axis=-1).tolist()  # columns of a batch, stacked last
    [[2.0, 0.0], [5.0, 3.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

__all__ = ["stack_views", "tracked_alike"]


def tracked_alike(piece: torch.Tensor, base: torch.Tensor) -> bool:
    """Whether autograd tracks the view ``piece`` exactly as its ``base``, so the base may stand for it.

    Not so where one requires grad and the other does not (a view can require grad
    over a base that does not), nor for a view taken under ``no_grad`` of a tracked base.
    """
    return piece.requires_grad == base.requires_grad and not (base.requires_grad and piece.grad_fn is None)


def _common_base(pieces: Sequence[torch.Tensor]) -> torch.Tensor | None:
    """The contiguous tensor every piece is a plain view of, with one shape and one set of strides, or ``None``."""
    first = pieces[0]
    base = first._base
    if base is None or not base.is_contiguous() or base.is_conj() or base.is_neg():
        return None
    shape, strides = first.shape, first.stride()
    for piece in pieces:
        if (
            piece._base is not base
            or piece.shape != shape
            or piece.stride() != strides
            or piece.dtype != base.dtype
            or not tracked_alike(piece, base)
        ):
            return None
    return base


def _element_offsets(piece: torch.Tensor) -> torch.Tensor:
    """Each element's storage offset relative to the piece's first element, shaped like the piece."""
    offsets = torch.zeros((), dtype=torch.int64, device=piece.device)
    for size, stride in zip(piece.shape, piece.stride(), strict=True):
        offsets = offsets[..., None] + torch.arange(size, device=piece.device) * stride
    return offsets


def stack_views(pieces: Sequence[torch.Tensor], axis: int = 0) -> torch.Tensor | None:
    """``torch.stack(pieces, axis)`` as one gather from their common base, or ``None`` where it does not apply.

    Callers check that no transform is tracing first: wrapped tensors have no
    usable ``_base``.
    """
    if len(pieces) < 2 or not all(isinstance(p, torch.Tensor) for p in pieces):
        return None
    base = _common_base(pieces)
    if base is None:
        return None
    start = base.storage_offset()
    starts = torch.tensor([p.storage_offset() - start for p in pieces], device=base.device)
    within = _element_offsets(pieces[0])
    index = starts.reshape(-1, *([1] * within.dim())) + within
    stacked = base.reshape(-1)[index]
    return stacked if axis % stacked.dim() == 0 else torch.movedim(stacked, 0, axis)
