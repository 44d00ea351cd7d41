"""Differentiable test functions with an independent reference gradient.

:class:`AffineCircuitFunction` is a user function of the kind tyxq's
gradient methods differentiate: it takes parameter arrays, computes gate
angles from them by classical processing (``scale * args[a][k] + offset``,
the affine maps circuits almost always use), builds a circuit of rotation
gates interleaved with fixed gates, and returns one expectation value.

Its reference gradient does not use any gradient method: every angle sits in
a gate whose generator has eigenvalues ±½ (``rx ry rz phase rxx ryy rzz``),
so ``∂E/∂angle = (E(angle + π/2) − E(angle − π/2)) / 2`` exactly, evaluated
on the numpy backend in complex128, then chained through the affine map.

Example:
    >>> import numpy as np
    >>> fn = random_affine_function(np.random.default_rng(0), n_qubits=2, depth=6)
    >>> args = fn.random_args(np.random.default_rng(1))
    >>> value, (grad,) = fn.reference_value_and_grad(*args)
    >>> grad.shape == args[0].shape
    True
    >>> step = np.zeros_like(args[0]); step[0] = 1e-6
    >>> bool(abs((fn.numpy_value(args[0] + step) - fn.numpy_value(args[0] - step)) / 2e-6 - grad[0]) < 1e-6)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import tyxq

from ..circuit import Circuit
from ..context import use_backend
from ..gates import GATES
from ..observables import Hamiltonian
from .circuits import GRADIENT_GATES, random_hamiltonian

__all__ = ["AffineCircuitFunction", "AngleMap", "random_affine_function"]

_FIXED_GATES = ("h", "cnot", "cz", "s", "sx", "swap")


@dataclass(frozen=True)
class AngleMap:
    """A gate whose angle is ``scale * args[arg][index] + offset``; ``arg`` is ``None`` for a fixed gate."""

    name: str
    qubits: tuple[int, ...]
    arg: int | None = None
    index: int = 0
    scale: float = 1.0
    offset: float = 0.0


@dataclass(frozen=True)
class AffineCircuitFunction:
    """``fn(*args) = ⟨observable⟩`` after a circuit whose angles are affine in the arguments.

    Call it with arrays of any backend (it uses only indexing, ``*`` and
    ``+`` on them, so autodiff, ``vmap`` and ``jit`` see through it); it
    returns ``tyxq.expectation`` unchanged, as tyxq's gradient methods
    require on backends without autodiff.
    """

    n_qubits: int
    gates: tuple[AngleMap, ...]
    observable: Hamiltonian
    sizes: tuple[int, ...]

    def circuit(self, *args: Any) -> Circuit:
        """The circuit for these arguments."""
        circuit = Circuit(self.n_qubits)
        for gate in self.gates:
            if gate.arg is None:
                circuit.apply(gate.name, *gate.qubits)
            else:
                angle = args[gate.arg][gate.index] * gate.scale + gate.offset
                circuit.apply(gate.name, *gate.qubits, params=[angle])
        return circuit

    def __call__(self, *args: Any) -> Any:
        return tyxq.expectation(self.circuit(*args), self.observable)

    def random_args(self, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
        """Arguments of the right sizes, uniform in ``[-π, π)``."""
        return tuple(rng.uniform(-np.pi, np.pi, size) for size in self.sizes)

    def numpy_value(self, *args: np.ndarray) -> float:
        """The value on the numpy backend in complex128."""
        with use_backend("numpy", dtype="complex128"):
            return float(self(*(np.asarray(a, dtype=np.float64) for a in args)))

    def reference_value_and_grad(self, *args: np.ndarray) -> tuple[float, tuple[np.ndarray, ...]]:
        """The value and, per argument, the exact gradient by the two-term shift rule (numpy, complex128)."""
        host = [np.asarray(a, dtype=np.float64) for a in args]
        grads = [np.zeros_like(a) for a in host]
        angles = [None if g.arg is None else float(host[g.arg][g.index] * g.scale + g.offset) for g in self.gates]
        for position, gate in enumerate(self.gates):
            if gate.arg is None:
                continue
            shifted = []
            for shift in (np.pi / 2, -np.pi / 2):
                moved = list(angles)
                moved[position] = angles[position] + shift  # type: ignore[operator]
                shifted.append(self._value_at(moved))
            grads[gate.arg][gate.index] += gate.scale * (shifted[0] - shifted[1]) / 2
        return self._value_at(angles), tuple(grads)

    def _value_at(self, angles: Sequence[float | None]) -> float:
        circuit = Circuit(self.n_qubits)
        for gate, angle in zip(self.gates, angles, strict=True):
            circuit.apply(gate.name, *gate.qubits, params=[] if angle is None else [angle])
        with use_backend("numpy", dtype="complex128"):
            return float(tyxq.expectation(circuit, self.observable))


def random_affine_function(
    rng: np.random.Generator, n_qubits: int, depth: int, sizes: Sequence[int] = (3,)
) -> AffineCircuitFunction:
    """A random :class:`AffineCircuitFunction`: ``depth`` rotations reading ``len(sizes)`` arguments.

    Every argument entry feeds at least one rotation (so no gradient entry is
    trivially zero), some feed several, and fixed entangling gates sit between.

    Example:
        >>> fn = random_affine_function(np.random.default_rng(2), 3, 8, sizes=(2, 4))
        >>> sorted({(g.arg, g.index) for g in fn.gates if g.arg is not None})
        [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (1, 3)]
    """
    names = [name for name in GRADIENT_GATES if GATES[name].n_qubits <= n_qubits]
    fixed = [name for name in _FIXED_GATES if GATES[name].n_qubits <= n_qubits]
    slots = [(arg, index) for arg, size in enumerate(sizes) for index in range(size)]
    slots += [slots[int(i)] for i in rng.integers(0, len(slots), max(0, depth - len(slots)))]
    gates: list[AngleMap] = []
    for arg, index in (slots[int(i)] for i in rng.permutation(len(slots))):
        name = str(rng.choice(names))
        qubits = tuple(int(q) for q in rng.permutation(n_qubits)[: GATES[name].n_qubits])
        scale = float(rng.choice([1.0, 2.0, -0.5, 1.5]))
        gates.append(AngleMap(name, qubits, arg, index, scale, float(rng.uniform(-1, 1))))
        if rng.random() < 0.5:
            name = str(rng.choice(fixed))
            gates.append(AngleMap(name, tuple(int(q) for q in rng.permutation(n_qubits)[: GATES[name].n_qubits])))
    return AffineCircuitFunction(n_qubits, tuple(gates), random_hamiltonian(rng, n_qubits), tuple(sizes))
