"""Weights torch cannot differentiate the outputs by: found on the first call, reported on the first backward.

When torch records the simulation itself (the torch backend with the
``autograd`` gradient), a weight that ``circuit_fn`` turns into a Python
number (``float(w[0])``, ``w.item()``, ``w.tolist()``) leaves torch's graph:
the circuit runs with its value, but the weight never gets a gradient, and
training silently leaves it where it started. On the first forward pass that
records a graph, :func:`unreachable_weights` walks the graph from the outputs
back to the weights; :func:`report_on_backward` then makes the first
``backward`` through those outputs warn with a :class:`NoGradientPathWarning`
naming each such weight (or raise a :class:`~tyxq_ml.errors.LayerError` with
``strict=True``). The other gradient routes differentiate by running the
circuit again (parameter shift, finite differences), where such a read still
sees every change of the weight, so they need no check.

Example:
    >>> import torch
    >>> w, v = torch.zeros(2, requires_grad=True), torch.zeros(1, requires_grad=True)
    >>> out = torch.sin(w) * float(v[0])
    >>> unreachable_weights(out, {"w": w, "v": v})
    ['v']
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import torch

from .errors import LayerError

__all__ = ["NoGradientPathWarning", "report_on_backward", "unreachable_weights"]


class NoGradientPathWarning(UserWarning):
    """A weight of a ``TorchLayer`` gets no gradient: ``circuit_fn`` reads it outside torch's graph."""


def unreachable_weights(outputs: torch.Tensor, weights: Mapping[str, torch.Tensor]) -> list[str]:
    """The names of the ``weights`` (that require grad) from which no path of torch's graph leads to ``outputs``."""
    wanted = {id(w): name for name, w in weights.items() if w.requires_grad}
    if not wanted:
        return []
    reached: set[int] = set()
    seen: set[int] = set()
    stack: list[Any] = [outputs.grad_fn] if outputs.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if variable is not None:
            reached.add(id(variable))
        stack.extend(child for child, _ in node.next_functions if child is not None)
    if outputs.grad_fn is None and outputs.requires_grad:  # the outputs are a weight itself
        reached.add(id(outputs))
    return [name for key, name in wanted.items() if key not in reached]


def report_on_backward(outputs: torch.Tensor, names: list[str], *, strict: bool) -> None:
    """Make the first backward through ``outputs`` warn about ``names`` (raise with ``strict``)."""
    if not names or not outputs.requires_grad:
        return
    shown = ", ".join(repr(n) for n in names)
    message = (
        f"weight{'s' if len(names) > 1 else ''} {shown} of this TorchLayer get{'' if len(names) > 1 else 's'} no "
        "gradient: circuit_fn reads it outside torch's graph (float(w[0]), w.item(), w.tolist() or a NumPy "
        "conversion), so training never changes it. Pass the tensor element itself (w[0]) to the gate, or "
        "use gradient='parameter_shift', which differentiates by running the circuit again"
    )

    def hook(gradient: torch.Tensor) -> None:
        if strict:
            raise LayerError(message)
        warnings.warn(message, NoGradientPathWarning, stacklevel=2)

    outputs.register_hook(hook)
