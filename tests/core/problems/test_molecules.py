"""The shipped molecules: ground energies recomputed here from the shipped coefficients, in the electron-number sector.

The sector block (the basis states with the right number of ones) is built here, independent of
tyxq.problems.exact, and diagonalised (NumPy, or SciPy's Lanczos for BeH2's 3003 states); tyxq's sparse solver
is run too; both must give the shipped energy.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg

import tyxq
from tyxq import problems

SHIPPED = {"h2": (4, 2), "lih": (12, 4), "lih_frozen_core": (10, 2), "beh2": (14, 6)}


def sector_matrix(hamiltonian, n, electrons):
    """The dense block of the basis states with ``electrons`` ones: each Pauli string as X-flips and signs."""
    keep = np.array([i for i in range(2**n) if bin(i).count("1") == electrons])
    row_of = np.full(2**n, -1)
    row_of[keep] = np.arange(len(keep))
    matrix = np.zeros((len(keep), len(keep)), dtype=complex)
    for term in hamiltonian.terms:
        target, value = keep.copy(), np.full(len(keep), complex(term.coefficient))
        for qubit, pauli in term.paulis:
            bit = 1 << (n - 1 - qubit)
            one = (keep & bit) != 0
            if pauli in "XY":
                target ^= bit
            if pauli == "Y":
                value *= np.where(one, -1j, 1j)
            if pauli == "Z":
                value *= np.where(one, -1, 1)
        rows = row_of[target]
        inside = rows >= 0  # strings that change the number of ones leave the sector
        np.add.at(matrix, (rows[inside], np.arange(len(keep))[inside]), value[inside])
    return matrix


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_ground_energy_is_the_lowest_eigenvalue_of_its_sector(name):
    mol = problems.molecule(name)
    assert (mol.n_qubits, mol.electrons) == SHIPPED[name]
    assert mol.hamiltonian.n_qubits == mol.n_qubits
    block = sector_matrix(mol.hamiltonian, mol.n_qubits, mol.electrons)
    if len(block) > 500:  # BeH2's 3003 states: Lanczos on the block built here (a dense solve takes seconds)
        lowest = scipy.sparse.linalg.eigsh(scipy.sparse.csr_matrix(block), k=1, which="SA", v0=np.ones(len(block)))[0]
    else:
        lowest = np.linalg.eigvalsh(block)
    assert float(lowest[0]) == pytest.approx(mol.ground_energy, abs=1e-8)
    assert problems.ground_energy(mol.hamiltonian, electrons=mol.electrons) == pytest.approx(
        mol.ground_energy, abs=1e-8
    )


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_hartree_fock_energy_is_the_energy_of_the_hartree_fock_state(name):
    mol = problems.molecule(name)
    c = tyxq.templates.hartree_fock(tyxq.Circuit(mol.n_qubits), mol.electrons)
    assert float(tyxq.expectation(c, mol.hamiltonian)) == pytest.approx(mol.hartree_fock_energy, abs=1e-8)


@pytest.mark.parametrize("name", ["h2", "lih", "beh2"])
def test_full_space_ground_energy_matches_pyscf_fci(name):
    """PySCF's FCI solver (recorded by the generator) is an independent method on the same integrals.

    For H2 it gives −1.1372702 Ha; OpenFermion's stored psi4 data for 0.7414 Å (examples/h2_vqe.py and the
    H2 tutorial) gives −1.1372838 Ha, 1.4e-5 Ha lower, from its own integrals.
    """
    record = json.loads(resources.files("tyxq.problems").joinpath("data").joinpath(f"{name}.json").read_text())
    assert problems.molecule(name).ground_energy == pytest.approx(record["fci_energy_full_space"], abs=1e-8)


def test_frozen_core_lies_above_the_full_space_within_a_millihartree():
    full, frozen = problems.molecule("lih"), problems.molecule("lih_frozen_core")
    assert full.ground_energy < frozen.ground_energy < full.ground_energy + 1e-3
    assert frozen.hartree_fock_energy == pytest.approx(full.hartree_fock_energy, abs=1e-8)


def test_shipped_data_records_how_it_was_made():
    record = json.loads(resources.files("tyxq.problems").joinpath("data").joinpath("lih.json").read_text())
    assert {"pyscf", "openfermion"} <= set(record["generated_with"])
    assert record["mapping"] == "jordan_wigner"


def test_unknown_molecule_names_the_shipped_ones():
    with pytest.raises(tyxq.ProblemError, match="h2, lih, lih_frozen_core, beh2"):
        problems.molecule("h2o")
