"""Stacking scalars that are views of one tensor as one gather from that tensor.

A circuit written the way users write it takes each angle as an element of a
weight tensor: ``circuit.rx(q, w[layer, q, 0])``. Each such element is a
0-d view of ``w`` whose autograd history is a chain of ``SelectBackward``
nodes, and ``torch.stack`` of many of them records one more node per
element: the backward of a 9-qubit, 36-weight layer then spends a tenth of
its time creating zero tensors and copying single numbers into them.

When every scalar is a view of the same contiguous tensor (same dtype,
same ``requires_grad``), their stack equals one indexed read of that tensor
at the views' storage offsets. The values are the same numbers (views
share storage) and the gradient is the same sum, recorded as one
``IndexBackward`` node. Anything else, and every call made while a
transform traces (``torch.func``, ``torch.compile``), stacks as usual.

Example:
    >>> import torch
    >>> w = torch.arange(6.0).reshape(2, 3).requires_grad_()
    >>> stacked = stack_scalar_views([w[1, 2], w[0, 1]])
    >>> stacked.tolist(), type(stacked.grad_fn).__name__
    ([5.0, 1.0], 'IndexBackward0')
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

__all__ = ["stack_scalar_views"]


def _common_base(scalars: Sequence[torch.Tensor]) -> torch.Tensor | None:
    """The contiguous tensor every scalar is a plain view of, or ``None``."""
    base = scalars[0]._base
    if base is None or not base.is_contiguous() or base.is_conj() or base.is_neg():
        return None
    for scalar in scalars:
        if (
            scalar._base is not base
            or scalar.dim() != 0
            or scalar.dtype != base.dtype
            or scalar.requires_grad != base.requires_grad
            or (base.requires_grad and scalar.grad_fn is None)  # a view taken under no_grad
        ):
            return None
    return base


def stack_scalar_views(scalars: Sequence[torch.Tensor]) -> torch.Tensor | None:
    """``torch.stack(scalars)`` as one gather from their common base, or ``None`` where it does not apply.

    Callers check that no transform is tracing first: wrapped tensors have no
    usable ``_base``.
    """
    if len(scalars) < 2 or not all(isinstance(s, torch.Tensor) for s in scalars):
        return None
    base = _common_base(scalars)
    if base is None:
        return None
    start = base.storage_offset()
    offsets = torch.tensor([s.storage_offset() - start for s in scalars], device=base.device)
    return base.reshape(-1)[offsets]
