"""Dense references for the gate tests: matrices of whole circuits, Pauli exponentials, controlled blocks."""

from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import scipy.linalg

import tyxq

from ..reference import I2, X, Y, Z, full_operator

LETTERS = {"I": I2, "X": X, "Y": Y, "Z": Z}


def circuit_matrix(circuit: tyxq.Circuit) -> np.ndarray:
    """The unitary of ``circuit``, column by column, from tyxq run on every basis state at once."""
    dim = 2**circuit.n_qubits
    basis = tyxq.Circuit(circuit.n_qubits, inputs=np.eye(dim, dtype=complex))
    return np.asarray(tyxq.state(basis.append(circuit))).T


def pauli_dense(letters: str) -> np.ndarray:
    out = np.ones((1, 1), dtype=complex)
    for letter in letters:
        out = np.kron(out, LETTERS[letter])
    return out


def pauli_exponential(n: int, qubits: tuple[int, ...], letters: str, theta: float) -> np.ndarray:
    """exp(-iθP/2) by scipy's expm of the dense Pauli operator."""
    return full_operator(n, qubits, scipy.linalg.expm(-0.5j * theta * pauli_dense(letters)))


def block_controlled(block: np.ndarray, values: tuple[int, ...]) -> np.ndarray:
    """The block-diagonal matrix: ``block`` where the controls (first qubits) hold ``values``, else identity."""
    d = len(block)
    matrix = np.eye(2 ** len(values) * d, dtype=complex)
    index = int("".join(map(str, values)), 2)
    matrix[index * d : (index + 1) * d, index * d : (index + 1) * d] = block
    return matrix


def every_control_value(max_controls: int) -> list[tuple[int, ...]]:
    return [v for c in range(1, max_controls + 1) for v in itertools.product((0, 1), repeat=c)]


@contextmanager
def peak_memory() -> Iterator[Callable[[], int]]:
    """Track Python and numpy allocations; the yielded function gives the peak in bytes so far."""
    tracemalloc.start()
    try:
        yield lambda: tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
