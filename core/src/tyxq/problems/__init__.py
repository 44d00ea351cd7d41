"""Problems as Hamiltonians (:class:`tyxq.Hamiltonian`), with exact ground energies for checks.

- graphs: :func:`maxcut` (weighted), :func:`max_independent_set`,
  :func:`number_partitioning`, :func:`cut_value`, from a ``networkx`` graph
  (``pip install "tyxq[graphs]"``) or an edge list;
- spins and lattices: :func:`transverse_field_ising`, :func:`xxz`,
  :func:`heisenberg`, :func:`fermi_hubbard` on :func:`chain`, :func:`ring`
  or :func:`grid` bonds; :func:`jordan_wigner` for any fermionic operator;
- molecules: :func:`molecule` (H₂, LiH, BeH₂ shipped as data) and
  :func:`molecular_hamiltonian` (with PySCF);
- exact answers: :func:`ground_energy` (in an electron-number sector if
  asked), :func:`sparse_matrix`, :func:`diagonal`.

Example:
    >>> import tyxq
    >>> from tyxq.problems import maxcut, ground_energy
    >>> h = maxcut([(0, 1), (1, 2), (2, 3), (3, 0)])
    >>> h.n_qubits, ground_energy(h)  # a square: all four edges cut
    (4, -4.0)
"""

from .exact import ground_energy, sector_states, sparse_matrix
from .fermions import bravyi_kitaev, jordan_wigner, ladder_terms
from .graphs import cut_value, diagonal, max_independent_set, maxcut, number_partitioning, weighted_edges
from .molecules import MOLECULES, Molecule, molecular_hamiltonian, molecule
from .spins import chain, fermi_hubbard, grid, heisenberg, ring, transverse_field_ising, xxz

__all__ = [
    "maxcut",
    "cut_value",
    "max_independent_set",
    "number_partitioning",
    "weighted_edges",
    "diagonal",
    "chain",
    "ring",
    "grid",
    "transverse_field_ising",
    "xxz",
    "heisenberg",
    "fermi_hubbard",
    "jordan_wigner",
    "bravyi_kitaev",
    "ladder_terms",
    "Molecule",
    "MOLECULES",
    "molecule",
    "molecular_hamiltonian",
    "ground_energy",
    "sparse_matrix",
    "sector_states",
]
