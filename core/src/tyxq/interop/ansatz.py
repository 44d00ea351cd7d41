"""``Ansatz``: an imported circuit whose angles are still free, built into a ``tyxq.Circuit`` from parameter values.

A circuit of another framework with unbound parameters (Qiskit's
``Parameter``, ``ParameterVector`` and expressions of them) is read once into
a list of steps; calling the ansatz with values appends each step to a new
:class:`~tyxq.Circuit` with its angles computed from those values. The values
may be Python numbers, NumPy arrays or arrays of any backend (a torch tensor
with ``requires_grad`` stays in the autograd graph), one per parameter, or a
batch: an array of shape ``(B, P)`` gives every gate a batch of ``B`` angles,
simulated as one batched circuit.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.interop.ansatz import Ansatz, affine
    >>> def layer(circuit, values):
    ...     circuit.apply("ry", 0, params=[affine(0.0, {0: 2.0})(values)])
    >>> ansatz = Ansatz(1, ("theta",), (layer,))
    >>> round(float(tyxq.expectation(ansatz([np.pi / 4]), "Z")), 6)
    0.0
    >>> tyxq.expectation(ansatz(np.array([[0.0], [np.pi / 2]])), "Z").round(6).tolist()
    [1.0, -1.0]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..circuit import Circuit
from ..errors import ParameterError

__all__ = ["Ansatz", "Step", "affine"]

Step = Callable[[Circuit, Sequence[Any]], None]
"""Appends one imported operation to a circuit, its angles computed from the parameter values."""

Value = Callable[[Sequence[Any]], Any]
"""An angle as a function of the parameter values (one entry per parameter, each a scalar or a 1-D batch)."""


def affine(constant: float, coefficients: Mapping[int, float]) -> Value:
    """The angle ``constant + Σ coefficients[i] · values[i]``: backend arithmetic only, so autodiff sees it.

    Example:
        >>> affine(0.5, {0: 2.0, 1: -1.0})([1.0, 3.0])
        -0.5
    """
    terms = tuple((index, float(coefficient)) for index, coefficient in coefficients.items() if coefficient != 0)

    def value(values: Sequence[Any]) -> Any:
        total: Any = None
        for index, coefficient in terms:
            term = values[index] if coefficient == 1 else coefficient * values[index]
            total = term if total is None else total + term
        if total is None:
            return float(constant)
        return total if constant == 0 else total + float(constant)

    return value


@dataclass(frozen=True)
class Ansatz:
    """A circuit with free parameters: ``ansatz(values)`` is a :class:`~tyxq.Circuit` with those values bound.

    Attributes:
        n_qubits: the circuit's qubit count.
        parameters: the parameters' names, in the order ``values`` lists them.
        steps: the operations, each appending itself to a circuit given the values.
        bits: the size of the circuit's classical register (``None``: as large as its measurements need).
    """

    n_qubits: int
    parameters: tuple[str, ...]
    steps: tuple[Step, ...]
    bits: int | None = None

    @property
    def n_params(self) -> int:
        """How many parameters ``values`` must give."""
        return len(self.parameters)

    @property
    def shape(self) -> tuple[int]:
        """``(n_params,)``: the weight shape to declare for a ``TorchLayer``."""
        return (len(self.parameters),)

    def __call__(self, values: Any = None, /, **by_name: Any) -> Circuit:
        """The circuit with ``values`` bound: a sequence or array ``(P,)``, a batch ``(B, P)``, or a mapping by name.

        Names may also be given as keywords: ``ansatz(theta=0.1, phi=0.2)``.
        """
        columns = _columns(self.parameters, values, by_name)
        circuit = Circuit(self.n_qubits, bits=self.bits)
        for step in self.steps:
            step(circuit, columns)
        return circuit


def _columns(names: tuple[str, ...], values: Any, by_name: Mapping[str, Any]) -> list[Any]:
    """One value (a scalar or a 1-D batch) per parameter, in the order of ``names``."""
    if values is None and not by_name:
        if names:
            raise ParameterError(
                f"this circuit has {len(names)} free parameters ({_listed(names)}); pass their values: "
                "a sequence in that order, a (batch, parameters) array, or a mapping from name to value"
            )
        return []
    if isinstance(values, Mapping) or by_name:
        given = _expand_vectors(
            {_key(k): v for k, v in ({} if values is None else dict(values)).items()} | dict(by_name), names
        )
        unknown = sorted(set(given) - set(names))
        missing = [n for n in names if n not in given]
        if unknown or missing:
            raise ParameterError(
                f"the values name {unknown or 'no unknown parameter'} and lack {missing or 'none'}; "
                f"this circuit's parameters are {_listed(names)}"
            )
        return [given[n] for n in names]
    shape = tuple(getattr(values, "shape", ()))
    if not shape:
        values = list(values) if not isinstance(values, (list, tuple)) else values
        shape = (len(values),)
    if len(shape) not in (1, 2) or shape[-1] != len(names):
        raise ParameterError(
            f"the values have shape {shape}, but this circuit has {len(names)} parameters ({_listed(names)}): "
            f"pass shape ({len(names)},), or (batch, {len(names)}) for a batch"
        )
    if len(shape) == 2:
        return [values[:, i] for i in range(shape[1])]
    return [values[i] for i in range(shape[0])]


def _expand_vectors(given: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A vector's values given under its name (``theta``) spread over its elements (``theta[0]``, ``theta[1]``, …)."""
    expanded: dict[str, Any] = {}
    for key, value in given.items():
        elements = [n for n in names if n.startswith(key + "[")]
        if key in names or not elements:
            expanded[key] = value
            continue
        if len(value) != len(elements):
            raise ParameterError(f"the vector {key} has {len(elements)} elements, but {len(value)} values were given")
        expanded.update({f"{key}[{i}]": value[i] for i in range(len(elements))})
    return expanded


def _key(key: Any) -> str:
    return key if isinstance(key, str) else str(getattr(key, "name", key))


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:8])
    return shown + (f", … ({len(names)} in all)" if len(names) > 8 else "")

