"""Random parametrised circuits with affine angle maps, and their dense-reference energies and gradients.

Each gate angle is ``scale * p[index] + offset`` (parameters shared between
gates, scaled, shifted) or a constant, so every test also exercises the
chain from gate angles to the function's arguments. The reference gradient
is a fourth-order central difference of the dense simulator in
``tests/core/reference.py``, accurate to about 1e-11.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

import tyxq
from tyxq.gates import GATES

from ..reference import full_operator, gate_matrix, pauli_matrix


@dataclass(frozen=True)
class AngleMap:
    index: int | None
    scale: float
    offset: float


@dataclass(frozen=True)
class RandomCase:
    n: int
    gates: tuple[tuple[str, tuple[int, ...], tuple[AngleMap, ...]], ...]
    n_params: int
    terms: tuple[tuple[float, tuple[tuple[int, str], ...]], ...]
    matrices: tuple[np.ndarray, ...] = ()
    """The matrices of the ``unitary`` operations, in order."""
    initial: np.ndarray | None = None

    @property
    def observable(self) -> tyxq.Hamiltonian:
        total = tyxq.Hamiltonian()
        for coefficient, paulis in self.terms:
            total = total + tyxq.PauliString(paulis, coefficient)
        return total

    def circuit(self, p: Any) -> tyxq.Circuit:
        """The circuit at parameters ``p``: ``(P,)``, or ``(B, P)`` for a batch."""
        batched = len(tuple(p.shape)) == 2
        circuit = tyxq.Circuit(self.n, inputs=self.initial)
        matrices = iter(self.matrices)
        for name, qubits, maps in self.gates:
            if name == "unitary":
                circuit.unitary(qubits, next(matrices))
                continue
            params = []
            for m in maps:
                if m.index is None:
                    params.append(m.offset)
                else:
                    column = p[:, m.index] if batched else p[m.index]
                    params.append(m.scale * column + m.offset)
            circuit.apply(name, *qubits, params=params)
        return circuit

    def energy(self, p: Any) -> Any:
        return tyxq.expectation(self.circuit(p), self.observable)

    def reference_state(self, p: np.ndarray) -> np.ndarray:
        psi = np.zeros(2**self.n, dtype=complex)
        psi[0] = 1
        if self.initial is not None:
            psi = self.initial.astype(complex)
        matrices = iter(self.matrices)
        for name, qubits, maps in self.gates:
            if name == "unitary":
                matrix = next(matrices)
            else:
                angles = tuple(m.offset if m.index is None else m.scale * p[m.index] + m.offset for m in maps)
                matrix = gate_matrix(name, angles)
            psi = full_operator(self.n, qubits, matrix) @ psi
        return psi

    def reference_probabilities(self, p: np.ndarray, qubits: tuple[int, ...]) -> np.ndarray:
        """Probabilities of ``qubits`` (first = most significant bit)."""
        full = np.abs(self.reference_state(p).reshape([2] * self.n)) ** 2
        others = tuple(q for q in range(self.n) if q not in qubits)
        return np.transpose(full.sum(axis=others), np.argsort(np.argsort(qubits))).reshape(-1)

    def reference_energy(self, p: np.ndarray) -> float:
        psi = self.reference_state(p)
        matrix = sum(c * pauli_matrix(self.n, dict(paulis)) for c, paulis in self.terms)
        return float(np.real(np.conj(psi) @ matrix @ psi))

    def reference_gradient(self, p: np.ndarray, h: float = 1e-3) -> np.ndarray:
        grad = np.zeros(self.n_params)
        for k in range(self.n_params):
            values = []
            for step in (2, 1, -1, -2):
                moved = p.copy()
                moved[k] += step * h
                values.append(self.reference_energy(moved))
            grad[k] = (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * h)
        return grad


def random_case(seed: int, max_qubits: int = 4, max_gates: int = 14) -> RandomCase:
    """A random circuit using every kind of gate, with at least one parametrised one."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, max_qubits + 1))
    names = [name for name, spec in GATES.items() if spec.n_qubits <= n]
    parametric = [name for name in names if GATES[name].n_params > 0]
    n_slots = 0
    drawn = []
    matrices = []
    for position in range(int(rng.integers(2, max_gates + 1))):
        if position and rng.random() < 0.08:
            k = int(rng.integers(1, min(n, 2) + 1))
            matrices.append(np.linalg.qr(rng.normal(size=(2**k, 2**k)) + 1j * rng.normal(size=(2**k, 2**k)))[0])
            drawn.append(("unitary", tuple(int(q) for q in rng.permutation(n)[:k])))
            continue
        name = str(rng.choice(parametric if position == 0 else names))
        spec = GATES[name]
        drawn.append((name, tuple(int(q) for q in rng.permutation(n)[: spec.n_qubits])))
        n_slots += spec.n_params
    n_params = max(1, (n_slots + 1) // 2)
    gates = []
    for name, qubits in drawn:
        maps = tuple(
            AngleMap(
                None if rng.random() < 0.15 else int(rng.integers(n_params)),
                float(rng.choice([1.0, 2.0, -0.5, 0.3])),
                float(rng.uniform(-1, 1)),
            )
            for _ in range(0 if name == "unitary" else GATES[name].n_params)
        )
        gates.append((name, qubits, maps))
    terms = []
    for _ in range(int(rng.integers(1, 4))):
        support = rng.permutation(n)[: int(rng.integers(1, n + 1))]
        terms.append(
            (float(rng.uniform(-1, 1)), tuple((int(q), str(rng.choice(["X", "Y", "Z"]))) for q in sorted(support)))
        )
    terms.append((float(rng.uniform(-1, 1)), ()))
    initial = None
    if rng.random() < 0.2:
        initial = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
        initial /= np.linalg.norm(initial)
    return RandomCase(n, tuple(gates), n_params, tuple(terms), tuple(matrices), initial)
