"""What every template checks: the qubits it acts on, and the trailing shape of its features or weights.

A template's array may carry one leading batch axis, like any gate
parameter: ``weights[..., l, q, k]`` is then a batch of angles, a scalar
otherwise. Lists are read as NumPy arrays; arrays of any backend are
indexed as they are, so gradients flow through them.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..circuit import Circuit
from ..errors import TemplateError


def template_qubits(circuit: Circuit, qubits: Sequence[int] | int | None, template: str) -> list[int]:
    """The qubits a template acts on: all of ``circuit``'s by default, else distinct valid indices.

    Example:
        >>> import tyxq
        >>> template_qubits(tyxq.Circuit(3), None, "angle_embedding"), template_qubits(tyxq.Circuit(3), 2, "x")
        ([0, 1, 2], [0, 1])
    """
    if not isinstance(circuit, Circuit):
        raise TemplateError(f"{template} appends to a tyxq.Circuit, got a {type(circuit).__name__}")
    if qubits is None:
        return list(range(circuit.n_qubits))
    if isinstance(qubits, bool):
        listed: list[int] = []  # neither a count nor indices: refused below
    elif isinstance(qubits, (int, numbers.Integral)):  # int for mypy, which does not see it as an Integral
        listed = list(range(int(qubits)))  # a count: the first `qubits` qubits
    else:
        listed = [int(q) for q in qubits]
    if not listed or len(set(listed)) != len(listed) or min(listed) < 0 or max(listed) >= circuit.n_qubits:
        raise TemplateError(
            f"{template} got qubits {qubits!r} for a {circuit.n_qubits}-qubit circuit; give distinct indices "
            f"from 0 to {circuit.n_qubits - 1} (or a count of leading qubits), or leave qubits out for all of them"
        )
    return listed


def as_array(value: Any, what: str, template: str) -> Any:
    """``value`` as an array: lists and numbers become NumPy arrays, arrays of any backend stay as they are."""
    if hasattr(value, "shape") and hasattr(value, "__getitem__"):
        return value
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TemplateError(f"{template}: {what} must be real numbers (a list or an array), got {value!r}") from error
    return array


def check_shape(value: Any, expected: tuple[int, ...], what: str, template: str, hint: str = "") -> bool:
    """Check that ``value``'s shape is ``expected``, or ``(B, *expected)``; returns whether it is batched."""
    shape = tuple(int(d) for d in value.shape)
    if shape == expected:
        return False
    if len(shape) == len(expected) + 1 and shape[1:] == expected and shape[0] > 0:
        return True
    raise TemplateError(
        f"{template}: {what} has shape {shape}, but this template takes shape {expected} or (batch, "
        f"{', '.join(map(str, expected))}{',' if len(expected) == 1 else ''}) for a batch"
        + (f"; {hint}" if hint else "")
    )


def layer_count(value: Any, ndim: int, what: str, template: str) -> int:
    """The length of the layer axis of ``value``, which has ``ndim`` axes, layers first (one more with a batch axis)."""
    shape = tuple(int(d) for d in value.shape)
    if len(shape) not in (ndim, ndim + 1):
        raise TemplateError(
            f"{template}: {what} has shape {shape}, but it takes {ndim} axes, layers first (or {ndim + 1} with a "
            f"leading batch axis): tyxq.templates.{template}_shape gives it"
        )
    return shape[-ndim]


def layered_weights(weights: Any, template: str, shape: Callable[[int], tuple[int, ...]], hint: str) -> tuple[Any, int]:
    """A layered template's ``weights`` as an array of ``shape(n_layers)`` (or a batch of them), and ``n_layers``.

    Layered weights have three axes, layers first; ``shape`` is the
    template's ``*_shape`` for its qubits, and ``hint`` says how to get it.

    Example:
        >>> import numpy as np
        >>> values, n_layers = layered_weights(np.zeros((5, 2, 4, 3)), "x", lambda n: (n, 4, 3), "")
        >>> values.shape, n_layers
        ((5, 2, 4, 3), 2)
    """
    values = as_array(weights, "weights", template)
    n_layers = layer_count(values, 3, "weights", template)
    check_shape(values, shape(n_layers), "weights", template, hint)
    return values, n_layers


def check_trailing(value: Any, length: int, what: str, template: str) -> int:
    """The length of ``value``'s last axis (at most ``length``) for shape ``(k,)`` or ``(B, k)``."""
    shape = tuple(int(d) for d in value.shape)
    if len(shape) not in (1, 2) or not 0 < shape[-1] <= length:
        raise TemplateError(
            f"{template}: {what} has shape {shape}; give shape (k,) or (batch, k) with 1 ≤ k ≤ {length}, "
            f"one entry per qubit"
        )
    return shape[-1]


def pattern_pairs(qubits: Sequence[int], pattern: str, template: str) -> list[tuple[int, int]]:
    """The pairs an entangling pattern couples: ``linear`` (neighbours), ``ring`` (and last–first), ``full``.

    Example:
        >>> pattern_pairs([0, 1, 2, 3], "ring", "x")
        [(0, 1), (1, 2), (2, 3), (3, 0)]
        >>> pattern_pairs([0, 1, 2], "full", "x")
        [(0, 1), (0, 2), (1, 2)]
    """
    n = len(qubits)
    if pattern == "linear":
        return [(qubits[i], qubits[i + 1]) for i in range(n - 1)]
    if pattern == "ring":
        return [(qubits[i], qubits[(i + 1) % n]) for i in range(n if n > 2 else n - 1)]
    if pattern == "full":
        return [(qubits[i], qubits[j]) for i in range(n) for j in range(i + 1, n)]
    raise TemplateError(f"{template}: unknown entangling pattern {pattern!r}; use 'linear', 'ring' or 'full'")
