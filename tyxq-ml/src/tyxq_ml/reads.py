"""What a layer's circuit function reads of its inputs and weights, checked against what the layer declares.

A ``TorchLayer`` declares the shape of each weight (``weight_shapes``) and
gets inputs of some width; its ``circuit_fn`` reads elements of them. When
the two disagree the user's function would fail with a bare ``IndexError``
(it reads past a declared shape) or, worse, run without complaint while
part of a weight never trains or some input columns are dropped. On the
first forward pass the layer runs ``circuit_fn`` under :class:`ReadCheck`, a
:class:`torch.overrides.TorchFunctionMode` that sees every torch operation
on the tensors handed to the function: it records which elements each
indexing reads, refuses an index into the batch axis of the inputs
(``inputs[0]``: a row, PennyLane's habit for one sample; the layer wants
``inputs[:, 0]``, a column, one angle per sample), names an index outside a declared shape as a
:class:`~tyxq_ml.errors.LayerError` (the ``IndexError`` as its cause), and
afterwards refuses a weight of which some elements are never read and inputs
of which some columns are never read (unless ``input_width`` was declared,
saying the extra columns are unused on purpose). A tensor used as a whole
(``weights * 2``, ``inputs @ m``) counts as read entirely; reading its
shape or dtype reads nothing.

It sees torch tensors only: on a backend whose arrays are not torch
tensors (numpy, jax) the check is skipped, and the layer still refuses
inputs of another width than the first.

Example:
    >>> import torch
    >>> check = ReadCheck(input_width=None)
    >>> weights, inputs = torch.zeros(3), torch.zeros(4, 2)
    >>> with check.recording(inputs, {"w": weights}):  # doctest: +ELLIPSIS
    ...     _ = inputs[:, 0] + inputs[:, 1] + weights[0] + weights[1]
    Traceback (most recent call last):
    ...
    tyxq_ml.errors.LayerError: weight 'w' is declared with shape (3,) (3 elements), but circuit_fn reads only 2 ...
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import torch
from torch.overrides import TorchFunctionMode, resolve_name

from .errors import LayerError

__all__ = ["ReadCheck"]

_METADATA = frozenset(
    {"shape", "dtype", "device", "size", "dim", "ndim", "ndimension", "numel", "nelement", "__len__", "layout",
     "requires_grad", "is_floating_point", "is_complex", "is_cuda", "grad_fn", "stride", "is_contiguous", "names"}
)  # fmt: skip
"""Tensor attributes and methods that read no element (``torch.Tensor.<name>``)."""


def _reads_nothing(func: Any) -> bool:
    name = resolve_name(func) or ""
    parts = name.split(".")
    return len(parts) >= 3 and parts[:2] == ["torch", "Tensor"] and parts[2] in _METADATA


class _Recorder(TorchFunctionMode):
    """Records the elements read of the watched tensors; an index outside one is a ``LayerError``."""

    def __init__(self, watched: Mapping[str, torch.Tensor]) -> None:
        super().__init__()
        self.watched = {id(tensor): (label, tensor) for label, tensor in watched.items()}
        self.read: dict[str, set[int]] = {label: set() for label in watched}
        self.whole: set[str] = set()

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        for position, argument in enumerate((*args, *kwargs.values())):
            if id(argument) not in self.watched or self.watched[id(argument)][1] is not argument:
                continue
            label, tensor = self.watched[id(argument)]
            if func is torch.Tensor.__getitem__ and position == 0:
                self._index(label, tensor, args[1])
            elif not _reads_nothing(func):
                self.whole.add(label)
        return func(*args, **kwargs)

    def _index(self, label: str, tensor: torch.Tensor, index: Any) -> None:
        if label == "inputs" and tensor.ndim >= 2:
            _check_batch_axis(tensor, index)
        positions = torch.arange(tensor.numel(), device=tensor.device).reshape(tensor.shape)
        try:
            picked = positions[index]
        except IndexError as error:
            what = "the inputs" if label == "inputs" else f"weight {label!r}"
            fix = (
                "pass inputs as wide as the circuit reads"
                if label == "inputs"
                else f"declare the shape the circuit reads in weight_shapes (now {label!r}: {tuple(tensor.shape)})"
            )
            raise LayerError(
                f"circuit_fn reads {what} at index {_index_text(index)}, outside "
                f"{'their' if label == 'inputs' else 'its'} shape "
                f"{tuple(tensor.shape)} ({error}): {fix}"
            ) from error
        self.read[label].update(int(i) for i in picked.flatten().tolist())


def _check_batch_axis(inputs: torch.Tensor, index: Any) -> None:
    """Refuse an index that picks rows of the batch axis (``inputs[0]``, PennyLane's habit for one sample)."""
    parts = index if isinstance(index, tuple) else (index,)
    first = parts[0] if parts else slice(None)
    if not isinstance(first, torch.Tensor) and (first is Ellipsis or first is None or first == slice(None)):
        return
    column = parts[1] if len(parts) > 1 else first
    fixed = _index_text((slice(None), column, *parts[2:])) if isinstance(column, int) else "[:, i]"
    raise LayerError(
        f"circuit_fn reads inputs{_index_text(index)}, which indexes the batch axis: the inputs have shape "
        f"{tuple(inputs.shape)}, one row per sample, and the layer runs the whole batch as one circuit. Read a "
        f"feature for every sample with a column: inputs{fixed} (one angle per sample)"
    )


def _index_text(index: Any) -> str:
    parts = index if isinstance(index, tuple) else (index,)
    shown = [
        ":" if part == slice(None) else "..." if part is Ellipsis else " ".join(repr(part).split()) for part in parts
    ]
    return f"[{', '.join(shown)}]"


class ReadCheck:
    """The first-call check of a layer: records one call of ``circuit_fn``, then compares with the declarations.

    Args:
        input_width: the declared input width, or ``None`` (then columns the
            circuit does not read are refused).
    """

    def __init__(self, input_width: int | None) -> None:
        self.input_width = input_width
        self.done = False

    @contextlib.contextmanager
    def recording(self, inputs: Any, weights: Mapping[str, Any]) -> Iterator[None]:
        """Record the reads of the body (once; torch tensors only), then check them."""
        tensors = {"inputs": inputs, **weights}
        if self.done or not all(isinstance(t, torch.Tensor) for t in tensors.values()):
            self.done = True
            yield
            return
        recorder = _Recorder(tensors)
        with recorder:
            yield
        self.done = True
        self._check_weights(recorder, weights)
        self._check_inputs(recorder, inputs)

    def _check_weights(self, recorder: _Recorder, weights: Mapping[str, torch.Tensor]) -> None:
        for label, weight in weights.items():
            read = recorder.read[label]
            if label in recorder.whole or weight.numel() == 0 or len(read) == weight.numel():
                continue
            shape = tuple(weight.shape)
            if not read:
                raise LayerError(
                    f"weight {label!r} (shape {shape}) is never read by circuit_fn, so it would never train: "
                    "remove it from weight_shapes, or use it in the circuit"
                )
            listed = sorted(read)
            shown = f"{listed[:8]}{'...' if len(listed) > 8 else ''}"
            suggestion = f", e.g. {{{label!r}: {max(listed) + 1}}}" if len(shape) == 1 and listed[0] == 0 else ""
            raise LayerError(
                f"weight {label!r} is declared with shape {shape} ({weight.numel()} elements), but circuit_fn reads "
                f"only {len(read)} of them ({shown}): declare the shape it reads in weight_shapes{suggestion}, so "
                "that no weight sits untrained"
            )

    def _check_inputs(self, recorder: _Recorder, inputs: torch.Tensor) -> None:
        if self.input_width is not None or "inputs" in recorder.whole or inputs.ndim == 0:
            return
        width = inputs.shape[-1]
        columns = sorted({i % width for i in recorder.read["inputs"]}) if width else []
        if columns and len(columns) < width:
            raise LayerError(
                f"the inputs have {width} columns, but circuit_fn reads only columns {columns}: the others would be "
                f"dropped without a word. Pass inputs of width {max(columns) + 1} with the features the circuit "
                f"reads, or build the layer with input_width={width} if the other columns are unused on purpose"
            )
