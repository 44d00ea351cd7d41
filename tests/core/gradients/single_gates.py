"""One parametrised gate in a random setting: the derivative with respect to each of its parameters."""

from __future__ import annotations

import numpy as np

import tyxq
from tyxq.gates import GATES

from ..reference import H, full_operator, gate_matrix, pauli_matrix

PARAMETRISED = sorted(name for name, spec in GATES.items() if spec.n_params > 0)
OBSERVABLE = (
    (0.7, ((0, "X"), (1, "Z"))),
    (-0.4, ((1, "Y"),)),
    (0.9, ((0, "Z"),)),
    (0.3, ((1, "X"),)),
    (0.5, ((2, "Z"), (3, "X"))),
)
N_QUBITS = max(spec.n_qubits for spec in GATES.values())
ANGLES = (0.3, -0.8, 0.5, 1.1)


def observable() -> tyxq.Hamiltonian:
    return tyxq.Hamiltonian(tuple(tyxq.PauliString(paulis, c) for c, paulis in OBSERVABLE))


def prepared() -> tyxq.Circuit:
    """H and a fixed RY on every qubit (a state with every amplitude non-zero), then the gate."""
    return tyxq.Circuit(N_QUBITS).h(range(N_QUBITS)).ry(range(N_QUBITS), list(ANGLES[:N_QUBITS]))


def placement(name: str) -> tuple[int, ...]:
    """The gate's qubits, reversed (so that no qubit order is favoured)."""
    return tuple(reversed(range(GATES[name].n_qubits)))


def reference_energy(name: str, params: np.ndarray) -> float:
    n = N_QUBITS
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    ry = lambda t: np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]])  # noqa: E731
    for q in range(n):
        psi = full_operator(n, (q,), ry(ANGLES[q]) @ H) @ psi
    psi = full_operator(n, placement(name), gate_matrix(name, tuple(params))) @ psi
    matrix = sum(c * pauli_matrix(n, dict(paulis)) for c, paulis in OBSERVABLE)
    return float(np.real(np.conj(psi) @ matrix @ psi))


def reference_gradient(name: str, params: np.ndarray, h: float = 1e-3) -> np.ndarray:
    grad = np.zeros(len(params))
    for k in range(len(params)):
        values = []
        for step in (2, 1, -1, -2):
            moved = params.copy()
            moved[k] += step * h
            values.append(reference_energy(name, moved))
        grad[k] = (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * h)
    return grad


def energy_of(name: str):
    qubits = placement(name)

    def energy(p: object) -> object:
        circuit = prepared().apply(name, *qubits, params=[p[k] for k in range(GATES[name].n_params)])  # type: ignore[index]
        return tyxq.expectation(circuit, observable())

    return energy
