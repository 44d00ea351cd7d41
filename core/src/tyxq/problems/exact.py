"""Exact ground energies: sparse Pauli matrices and their lowest eigenvalue, in a particle-number sector if asked.

Every Pauli string is a signed permutation (it maps basis state ``s`` to
``s XOR x_mask`` with a phase), so a Hamiltonian's sparse matrix has ``2**n``
non-zeros per term. A Z-only Hamiltonian's ground energy is the least entry
of its diagonal (NumPy alone); others use SciPy's Lanczos solver
(:func:`scipy.sparse.linalg.eigsh`; ``pip install scipy``). With
``electrons=k`` only the basis states of ``k`` ones are kept: the ground
energy of a molecule in its own electron-number sector.

Example:
    >>> from tyxq.problems import transverse_field_ising, ring, ground_energy
    >>> round(ground_energy(transverse_field_ising(ring(4))), 6)
    -5.226252
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ProblemError
from ..observables import Hamiltonian
from .graphs import diagonal

__all__ = ["sparse_matrix", "ground_energy", "sector_states"]

_LIMIT = 20


def _scipy_sparse() -> Any:
    try:
        import scipy.sparse
        import scipy.sparse.linalg
    except ImportError as error:  # pragma: no cover - scipy is installed wherever the tests run
        raise ProblemError(
            "exact ground energies of non-diagonal Hamiltonians need SciPy's sparse eigensolver: pip install scipy"
        ) from error
    return scipy.sparse


def sector_states(n_qubits: int, electrons: int | None = None) -> np.ndarray:
    """The basis-state indices of ``n_qubits`` qubits with ``electrons`` ones (all of them for ``None``).

    Example:
        >>> sector_states(3, 1).tolist()  # 001, 010, 100
        [1, 2, 4]
    """
    states = np.arange(2**n_qubits, dtype=np.int64)
    if electrons is None:
        return states
    if not 0 <= electrons <= n_qubits:
        raise ProblemError(f"a sector of {electrons} electrons does not exist in {n_qubits} spin orbitals")
    ones = np.zeros(states.shape, dtype=np.int64)
    for q in range(n_qubits):
        ones += (states >> q) & 1
    return states[ones == electrons]


def sparse_matrix(hamiltonian: Hamiltonian, n_qubits: int | None = None, electrons: int | None = None) -> Any:
    """``hamiltonian`` as a SciPy CSR matrix (qubit 0 the top bit), in the sector of ``electrons`` if given.

    The restriction is exact only for a Hamiltonian that conserves the number
    of ones (a molecular Hamiltonian under Jordan–Wigner does).

    Example:
        >>> import numpy as np, tyxq
        >>> h = tyxq.X(0) @ tyxq.Y(1) + 0.5 * tyxq.Z(1)
        >>> bool(np.allclose(sparse_matrix(h).toarray(), h.to_matrix()))
        True
    """
    sparse = _scipy_sparse()
    n = hamiltonian.n_qubits if n_qubits is None else n_qubits
    if n > _LIMIT or n < hamiltonian.n_qubits:
        raise ProblemError(
            f"a sparse matrix of {n} qubits for a Hamiltonian on {hamiltonian.n_qubits}: give between "
            f"{hamiltonian.n_qubits} and {_LIMIT} qubits"
        )
    states = sector_states(n, electrons)
    position = np.full(2**n, -1, dtype=np.int64)
    position[states] = np.arange(len(states))
    rows, columns, values = [], [], []
    for term in hamiltonian.terms:
        flip, phase = 0, np.full(states.shape, complex(term.coefficient))
        for qubit, pauli in term.paulis:
            bit = 1 << (n - 1 - qubit)
            occupied = (states & bit) != 0
            if pauli in "XY":
                flip |= bit
            if pauli == "Z":
                phase = phase * np.where(occupied, -1, 1)
            elif pauli == "Y":  # Y|0⟩ = i|1⟩, Y|1⟩ = −i|0⟩
                phase = phase * np.where(occupied, -1j, 1j)
        target = position[states ^ flip]
        inside = target >= 0
        rows.append(target[inside])
        columns.append(np.arange(len(states))[inside])
        values.append(phase[inside])
    size = len(states)
    if not rows:
        return sparse.csr_matrix((size, size), dtype=np.complex128)
    return sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))), shape=(size, size)
    )


def ground_energy(hamiltonian: Hamiltonian, n_qubits: int | None = None, electrons: int | None = None) -> float:
    """The lowest eigenvalue of ``hamiltonian`` (on ``n_qubits``, in the sector of ``electrons`` ones if given).

    Example:
        >>> import tyxq
        >>> ground_energy(tyxq.X(0) @ tyxq.X(1) + tyxq.Z(0) @ tyxq.Z(1), electrons=1)  # XX + ZZ on |01⟩, |10⟩
        -2.0
    """
    n = hamiltonian.n_qubits if n_qubits is None else n_qubits
    if all(p == "Z" for term in hamiltonian.terms for _, p in term.paulis):
        energies = diagonal(hamiltonian, n)[sector_states(n, electrons)]
        return float(energies.min())
    matrix = sparse_matrix(hamiltonian, n, electrons)
    if matrix.shape[0] <= 64:  # eigsh needs k < dimension; small spaces are diagonalised densely
        return float(np.linalg.eigvalsh(matrix.toarray())[0])
    linalg = _scipy_sparse().linalg
    start = np.random.default_rng(0).normal(size=matrix.shape[0])  # a fixed start: the same answer on every run
    return float(linalg.eigsh(matrix, k=1, which="SA", v0=start, return_eigenvectors=False)[0])
