"""Model Hamiltonians and their exact ground energies (the VQE's yardstick).

``exact_ground_energy`` diagonalises a Pauli Hamiltonian as a *sparse*
matrix with :func:`scipy.sparse.linalg.eigsh`: every Pauli string is a signed
permutation (it maps basis state ``s`` to ``s XOR x_mask`` with a phase), so
the matrix has ``2**n`` non-zeros per term and 16 qubits take seconds.

Example:
    >>> h = tfim_ring(4)
    >>> print(h)  # doctest: +ELLIPSIS
    -1 * Z0 Z1 + -1 * Z1 Z2 + ... + -1 * X3
    >>> round(exact_ground_energy(h, 4), 6)
    -5.226252
"""

from __future__ import annotations

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

import tyxq
from tyxq.observables import Hamiltonian, as_hamiltonian

from ..errors import DataError

__all__ = ["exact_ground_energy", "ring_edges", "sparse_matrix", "tfim_ring"]


def ring_edges(n_qubits: int) -> list[tuple[int, int]]:
    """The nearest-neighbour pairs of a ring: ``(i, i+1 mod n)`` (a single edge for 2 qubits).

    Example:
        >>> ring_edges(3)
        [(0, 1), (1, 2), (2, 0)]
    """
    if n_qubits < 2:
        raise DataError(f"a ring needs at least 2 qubits, got {n_qubits}")
    return [(i, (i + 1) % n_qubits) for i in range(n_qubits if n_qubits > 2 else 1)]


def tfim_ring(n_qubits: int, coupling: float = 1.0, field: float = 1.0) -> Hamiltonian:
    """The transverse-field Ising model on a ring: ``H = -J Σ Z_i Z_{i+1} - h Σ X_i`` (critical at ``h = J``)."""
    hamiltonian: Hamiltonian | None = None
    for a, b in ring_edges(n_qubits):
        term = -coupling * (tyxq.Z(a) @ tyxq.Z(b))
        hamiltonian = term if hamiltonian is None else hamiltonian + term
    for i in range(n_qubits):
        hamiltonian = hamiltonian - field * tyxq.X(i)
    assert hamiltonian is not None
    return as_hamiltonian(hamiltonian, n_qubits)


def sparse_matrix(hamiltonian: Hamiltonian, n_qubits: int) -> scipy.sparse.csr_matrix:
    """``hamiltonian`` as a sparse ``2**n × 2**n`` CSR matrix (qubit 0 = most significant bit).

    Example:
        >>> import numpy as np, tyxq
        >>> h = tyxq.X(0) @ tyxq.Y(1) + 0.5 * tyxq.Z(1)
        >>> bool(np.allclose(sparse_matrix(h, 2).toarray(), h.to_matrix(2)))
        True
    """
    states = np.arange(2**n_qubits, dtype=np.int64)
    total = scipy.sparse.csr_matrix((2**n_qubits, 2**n_qubits), dtype=np.complex128)
    for term in hamiltonian.terms:
        flip, phase = 0, np.full(states.shape, complex(term.coefficient))
        for qubit, pauli in term.paulis:
            bit = 1 << (n_qubits - 1 - qubit)
            value = (states & bit) != 0  # the qubit's value in the column state
            if pauli in "XY":
                flip |= bit
            if pauli == "Z":
                phase = phase * np.where(value, -1, 1)
            elif pauli == "Y":  # Y|0⟩ = i|1⟩, Y|1⟩ = -i|0⟩
                phase = phase * np.where(value, -1j, 1j)
        total = total + scipy.sparse.csr_matrix((phase, (states ^ flip, states)), shape=total.shape)
    return total


def exact_ground_energy(hamiltonian: Hamiltonian, n_qubits: int) -> float:
    """The lowest eigenvalue of ``hamiltonian`` on ``n_qubits`` qubits, by a sparse Lanczos solver."""
    if n_qubits > 20:
        raise DataError(f"exact diagonalisation of {n_qubits} qubits needs a 2**{n_qubits} vector space; use ≤ 20")
    matrix = sparse_matrix(hamiltonian, n_qubits)
    if n_qubits <= 3:  # eigsh needs k < dimension; small spaces are diagonalised densely
        return float(np.linalg.eigvalsh(matrix.toarray())[0])
    values = scipy.sparse.linalg.eigsh(matrix, k=1, which="SA", return_eigenvectors=False)
    return float(values[0])
