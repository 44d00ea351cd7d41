"""Random tyxq Hamiltonians for the operator round trips, and qubit reversal of a dense matrix."""

from __future__ import annotations

import numpy as np

import tyxq


def random_hamiltonian(rng: np.random.Generator, n_qubits: int, n_terms: int, complex_coefficients: bool = False):
    """``n_terms`` random Pauli strings on ``n_qubits`` qubits (the identity among them), random coefficients."""
    terms = []
    for _ in range(n_terms):
        letters = rng.choice(list("IXYZ"), size=n_qubits)
        coefficient = rng.normal() + (1j * rng.normal() if complex_coefficients else 0.0)
        terms.append(tyxq.PauliString(tuple((q, p) for q, p in enumerate(letters) if p != "I"), coefficient))
    return tyxq.Hamiltonian(tuple(terms))


def reverse_qubits(matrix: np.ndarray, n_qubits: int) -> np.ndarray:
    """The matrix with its qubit order reversed (Qiskit's little-endian ↔ tyxq's big-endian)."""
    shaped = matrix.reshape([2] * (2 * n_qubits))
    order = list(range(n_qubits))[::-1]
    return shaped.transpose(order + [n_qubits + q for q in order]).reshape(matrix.shape)
