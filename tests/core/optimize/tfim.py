"""The optimisers' benchmark: a 4-qubit, 2-layer hardware-efficient ansatz for the transverse-field Ising chain.

``H = -Σ Z_i Z_{i+1} - h Σ X_i`` (open chain, ``h = 1``), from
:func:`tyxq.problems.transverse_field_ising` and, as the reference, written
here as a dense matrix; each layer is
``RY`` then ``RZ`` on every qubit and a chain of CNOTs, 16 parameters. The
reference energy is the best that scipy's BFGS finds from the five starts,
on a dense-matrix simulation written here from :mod:`tests.core.reference`
(no tyxq).
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.optimize import minimize

import tyxq

from ..reference import X, Z, controlled, full_operator, pauli_matrix

N_QUBITS, N_LAYERS, FIELD = 4, 2, 1.0
N_PARAMS = 2 * N_QUBITS * N_LAYERS
STARTS = np.random.default_rng(2024).uniform(-np.pi, np.pi, (5, N_PARAMS))

HAMILTONIAN = tyxq.problems.transverse_field_ising(tyxq.problems.chain(N_QUBITS), coupling=1.0, field=FIELD)
DENSE_H = -sum(pauli_matrix(N_QUBITS, {i: "Z", i + 1: "Z"}) for i in range(N_QUBITS - 1)) - FIELD * sum(
    pauli_matrix(N_QUBITS, {i: "X"}) for i in range(N_QUBITS)
)
CNOT_CHAIN = functools.reduce(
    lambda acc, q: full_operator(N_QUBITS, (q, q + 1), controlled(X)) @ acc, range(N_QUBITS - 1), np.eye(2**N_QUBITS)
)
_Y = np.array([[0, -1j], [1j, 0]])


def ansatz(p):
    """The circuit of parameters ``p`` (``(16,)``, or ``(B, 16)`` for a batch of circuits)."""
    circuit = tyxq.Circuit(N_QUBITS)
    for layer in range(N_LAYERS):
        base = 2 * N_QUBITS * layer
        for q in range(N_QUBITS):
            circuit.ry(q, p[..., base + q]).rz(q, p[..., base + N_QUBITS + q])
        for q in range(N_QUBITS - 1):
            circuit.cnot(q, q + 1)
    return circuit


def energy(p):
    """The cost the optimisers minimise: ⟨H⟩, ``()`` or ``(B,)``."""
    return tyxq.expectation(ansatz(p), HAMILTONIAN)


def _rotations(axis: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """exp(-i θ P / 2) for each angle, ``(M, 2, 2)``."""
    return np.cos(angles / 2)[:, None, None] * np.eye(2) - 1j * np.sin(angles / 2)[:, None, None] * axis


def dense_states(p: np.ndarray) -> np.ndarray:
    """The ansatz's states for parameter sets ``(M, 16)``, ``(M, 16)`` amplitudes, by dense matrices."""
    psi = np.zeros((len(p), 2**N_QUBITS), dtype=complex)
    psi[:, 0] = 1
    for layer in range(N_LAYERS):
        base = 2 * N_QUBITS * layer
        singles = [_rotations(Z, p[:, base + N_QUBITS + q]) @ _rotations(_Y, p[:, base + q]) for q in range(N_QUBITS)]
        layer_matrix = functools.reduce(
            lambda a, b: np.einsum("mij,mkl->mikjl", a, b).reshape(len(p), a.shape[1] * 2, a.shape[2] * 2), singles
        )
        psi = np.einsum("ij,mj->mi", CNOT_CHAIN, np.einsum("mij,mj->mi", layer_matrix, psi))
    return psi


def dense_energies(p: np.ndarray) -> np.ndarray:
    psi = dense_states(np.atleast_2d(p))
    return np.real(np.einsum("mi,ij,mj->m", psi.conj(), DENSE_H, psi))


def dense_energy_and_gradient(p: np.ndarray) -> tuple[float, np.ndarray]:
    """The energy and its gradient by the two-term parameter-shift rule, one batched dense evaluation."""
    shifts = np.concatenate([p[None], p + np.pi / 2 * np.eye(N_PARAMS), p - np.pi / 2 * np.eye(N_PARAMS)])
    values = dense_energies(shifts)
    return float(values[0]), (values[1 : N_PARAMS + 1] - values[N_PARAMS + 1 :]) / 2


@functools.lru_cache(maxsize=1)
def bfgs_best() -> float:
    """The lowest energy scipy's BFGS reaches from :data:`STARTS`."""
    return min(
        minimize(dense_energy_and_gradient, start, jac=True, method="BFGS", options={"gtol": 1e-9}).fun
        for start in STARTS
    )
