"""Random circuits for conformance checks, built alike on the backend under test and on numpy.

A :class:`CircuitSpec` is a backend-neutral description of a circuit: gate
names, qubits and parameters as NumPy values (angles, a batch of angles, or a
unitary matrix). :meth:`CircuitSpec.build` turns it into a :class:`tyxq.Circuit`
whose array parameters belong to a given backend, so the same circuit can be
run on the backend under test and on the numpy reference and the results
compared.

Example:
    >>> import numpy as np
    >>> spec = random_circuit_spec(np.random.default_rng(0), n_qubits=3, depth=12)
    >>> spec.n_qubits, len(spec.gates)
    (3, 12)
    >>> final = reference_state(spec)
    >>> bool(np.isclose(np.linalg.norm(final), 1.0))
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import tyxq

from ..backends.protocol import Backend
from ..circuit import Circuit
from ..context import use_backend
from ..gates import GATES
from ..kinds import OperationKind
from ..observables import Hamiltonian, PauliString
from ..operations import operation_spec

__all__ = [
    "GRADIENT_GATES",
    "CircuitSpec",
    "GateCall",
    "random_circuit_spec",
    "random_hamiltonian",
    "random_state",
    "random_unitary",
    "reference_expectation",
    "reference_probabilities",
    "reference_state",
]

GRADIENT_GATES = ("rx", "ry", "rz", "phase", "rxx", "ryy", "rzz")
"""Gates whose angle derivative is exactly the two-term shift rule ``(f(θ+π/2) - f(θ-π/2)) / 2``."""


@dataclass(frozen=True)
class GateCall:
    """One operation of a :class:`CircuitSpec`: a gate of :data:`tyxq.GATES`, ``"unitary"``, a channel of
    :data:`tyxq.channels.CHANNELS` or ``"kraus"`` (whose one parameter is the ``(m, d, d)`` Kraus stack)."""

    name: str
    qubits: tuple[int, ...]
    params: tuple[Any, ...] = ()
    """Floats, or 1-D NumPy arrays of angles (one per batch member); for ``unitary``, the matrix."""

    @property
    def kind(self) -> OperationKind:
        """What the operation is (from the operation table)."""
        return operation_spec(self.name).kind


@dataclass(frozen=True)
class CircuitSpec:
    """A backend-neutral circuit: ``n_qubits``, gates, and an optional initial state (NumPy)."""

    n_qubits: int
    gates: tuple[GateCall, ...]
    inputs: np.ndarray | None = field(default=None, compare=False)

    @property
    def batch_size(self) -> int | None:
        """The batch size of batched parameters or inputs, or ``None``."""
        if self.inputs is not None and self.inputs.ndim == 2:
            return int(self.inputs.shape[0])
        for gate in self.gates:
            for param in gate.params:
                if gate.kind is not OperationKind.MATRIX and isinstance(param, np.ndarray) and param.ndim == 1:
                    return int(param.shape[0])
            if gate.kind is OperationKind.MATRIX and gate.params[0].ndim == 3:
                return int(gate.params[0].shape[0])
        return None

    def build(self, backend: Backend | None = None) -> Circuit:
        """The circuit, with array parameters and inputs converted to ``backend``'s arrays.

        Without ``backend`` the parameters stay NumPy arrays (any backend accepts those).
        """

        def convert(value: Any, complex_data: bool) -> Any:
            if backend is None or not isinstance(value, np.ndarray):
                return value
            return backend.asarray(value, dtype=backend.complex_dtype if complex_data else backend.real_dtype)

        circuit = Circuit(self.n_qubits, None if self.inputs is None else convert(self.inputs, True))
        for gate in self.gates:
            if gate.kind is OperationKind.MATRIX:
                circuit.unitary(gate.qubits, convert(gate.params[0], True))
            elif gate.kind is OperationKind.KRAUS:
                circuit.kraus(gate.qubits, gate.params[0])
            else:
                circuit.apply(gate.name, *gate.qubits, params=[convert(p, False) for p in gate.params])
        return circuit

    def member(self, index: int) -> CircuitSpec:
        """The unbatched circuit of batch member ``index``."""

        def pick(value: Any, batched_ndim: int) -> Any:
            return value[index] if isinstance(value, np.ndarray) and value.ndim == batched_ndim else value

        gates = tuple(
            GateCall(g.name, g.qubits, tuple(pick(p, 3 if g.kind is OperationKind.MATRIX else 1) for p in g.params))
            for g in self.gates
        )
        inputs = None if self.inputs is None else pick(self.inputs, 2)
        return CircuitSpec(self.n_qubits, gates, inputs)


def random_unitary(rng: np.random.Generator, dim: int, batch: int | None = None) -> np.ndarray:
    """A Haar-random ``dim × dim`` unitary (QR of a complex Gaussian matrix), or a batch of them.

    Example:
        >>> u = random_unitary(np.random.default_rng(1), 4)
        >>> bool(np.allclose(u.conj().T @ u, np.eye(4)))
        True
    """
    shape = (dim, dim) if batch is None else (batch, dim, dim)
    z = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) / np.sqrt(2)
    q, r = np.linalg.qr(z)
    phases = np.diagonal(r, axis1=-2, axis2=-1)
    return q * (phases / np.abs(phases))[..., None, :]


def random_state(rng: np.random.Generator, n_qubits: int, batch: int | None = None) -> np.ndarray:
    """A normalised random statevector ``(2**n,)`` or a batch ``(B, 2**n)``.

    Example:
        >>> psi = random_state(np.random.default_rng(2), 3)
        >>> psi.shape, bool(np.isclose(np.vdot(psi, psi).real, 1.0))
        ((8,), True)
    """
    shape = (2**n_qubits,) if batch is None else (batch, 2**n_qubits)
    psi = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return psi / np.linalg.norm(psi, axis=-1, keepdims=True)


def _angles(rng: np.random.Generator, count: int, batch: int | None) -> tuple[Any, ...]:
    if batch is None:
        return tuple(float(a) for a in rng.uniform(-np.pi, np.pi, count))
    return tuple(
        rng.uniform(-np.pi, np.pi, batch) if rng.random() < 0.5 else float(rng.uniform(-np.pi, np.pi))
        for _ in range(count)
    )


def random_circuit_spec(
    rng: np.random.Generator,
    n_qubits: int,
    depth: int,
    *,
    batch: int | None = None,
    gates: Sequence[str] | None = None,
    unitary: bool = True,
    inputs: bool = False,
) -> CircuitSpec:
    """``depth`` random gates on ``n_qubits`` qubits, drawn from ``gates`` (every gate of the table by default).

    With ``batch``, about half the angles are batches of ``batch`` values, so
    the circuit is batched whenever it has a parametrised gate (and always
    when ``inputs`` is set). ``unitary`` adds arbitrary-matrix operations;
    ``inputs`` starts from a random state instead of ``|0…0⟩``.

    Example:
        >>> spec = random_circuit_spec(np.random.default_rng(3), 4, 30, batch=2, inputs=True)
        >>> spec.batch_size
        2
    """
    names = [name for name in (gates or sorted(GATES)) if GATES[name].n_qubits <= n_qubits]
    if unitary and gates is None:
        names.append("unitary")
    calls = []
    for _ in range(depth):
        name = str(rng.choice(names))
        if name == "unitary":
            width = int(rng.integers(1, min(3, n_qubits) + 1))
            qubits = tuple(int(q) for q in rng.permutation(n_qubits)[:width])
            batched = batch is not None and rng.random() < 0.5
            calls.append(GateCall(name, qubits, (random_unitary(rng, 2**width, batch if batched else None),)))
            continue
        spec = GATES[name]
        qubits = tuple(int(q) for q in rng.permutation(n_qubits)[: spec.n_qubits])
        calls.append(GateCall(name, qubits, _angles(rng, spec.n_params, batch)))
    initial = random_state(rng, n_qubits, batch) if inputs else None
    return CircuitSpec(n_qubits, tuple(calls), initial)


def random_hamiltonian(rng: np.random.Generator, n_qubits: int, n_terms: int = 4) -> Hamiltonian:
    """A random real combination of ``n_terms`` Pauli strings (X, Y and Z on random qubits) plus a constant.

    Example:
        >>> h = random_hamiltonian(np.random.default_rng(4), 3)
        >>> h.is_hermitian(), len(h.terms) >= 2
        (True, True)
    """
    terms = [PauliString((), float(rng.normal()))]
    for _ in range(n_terms):
        width = int(rng.integers(1, n_qubits + 1))
        qubits = rng.permutation(n_qubits)[:width]
        paulis = tuple((int(q), str(rng.choice(["X", "Y", "Z"]))) for q in qubits)
        terms.append(PauliString(paulis, float(rng.normal())))
    return Hamiltonian(tuple(terms))


def reference_state(spec: CircuitSpec) -> np.ndarray:
    """The final state on the numpy backend in complex128: ``(2**n,)`` or ``(B, 2**n)``."""
    with use_backend("numpy", dtype="complex128"):
        return np.asarray(tyxq.state(spec.build(), mode="statevector"))


def reference_probabilities(spec: CircuitSpec, qubits: Sequence[int] | None = None) -> np.ndarray:
    """Basis-state probabilities on the numpy backend in complex128."""
    with use_backend("numpy", dtype="complex128"):
        return np.asarray(tyxq.probabilities(spec.build(), qubits=qubits, mode="statevector"))


def reference_expectation(spec: CircuitSpec, observable: Any) -> np.ndarray:
    """The exact expectation on the numpy backend in complex128: ``()`` or ``(B,)``."""
    with use_backend("numpy", dtype="complex128"):
        return np.asarray(tyxq.expectation(spec.build(), observable, mode="statevector"))
