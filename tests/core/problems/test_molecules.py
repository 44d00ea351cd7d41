"""The shipped molecules: ground energies recomputed here from the shipped coefficients, in the electron-number sector.

The sector is diagonalised densely with NumPy over the basis states with the right number of ones (written
here, independent of tyxq.problems.exact), and by tyxq's sparse solver; both must give the shipped energy.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

import tyxq
from tyxq import problems

SHIPPED = {"h2": (4, 2), "lih": (12, 4), "lih_frozen_core": (10, 2)}


def sector_matrix(hamiltonian, n, electrons):
    keep = [i for i in range(2**n) if bin(i).count("1") == electrons]
    position = {state: k for k, state in enumerate(keep)}
    matrix = np.zeros((len(keep), len(keep)), dtype=complex)
    for term in hamiltonian.terms:
        for column, state in enumerate(keep):
            value, target = complex(term.coefficient), state
            for qubit, pauli in term.paulis:
                bit = 1 << (n - 1 - qubit)
                one = bool(state & bit)
                if pauli == "X":
                    target ^= bit
                elif pauli == "Y":
                    target ^= bit
                    value *= -1j if one else 1j
                else:
                    value *= -1 if one else 1
            if target in position:
                matrix[position[target], column] += value
    return matrix


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_ground_energy_is_the_lowest_eigenvalue_of_its_sector(name):
    mol = problems.molecule(name)
    assert (mol.n_qubits, mol.electrons) == SHIPPED[name]
    assert mol.hamiltonian.n_qubits == mol.n_qubits
    dense = float(np.linalg.eigvalsh(sector_matrix(mol.hamiltonian, mol.n_qubits, mol.electrons))[0])
    assert dense == pytest.approx(mol.ground_energy, abs=1e-8)
    assert problems.ground_energy(mol.hamiltonian, electrons=mol.electrons) == pytest.approx(
        mol.ground_energy, abs=1e-8
    )


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_hartree_fock_energy_is_the_energy_of_the_hartree_fock_state(name):
    mol = problems.molecule(name)
    c = tyxq.templates.hartree_fock(tyxq.Circuit(mol.n_qubits), mol.electrons)
    assert float(tyxq.expectation(c, mol.hamiltonian)) == pytest.approx(mol.hartree_fock_energy, abs=1e-8)


@pytest.mark.parametrize("name", ["h2", "lih"])
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
    with pytest.raises(tyxq.ProblemError, match="h2, lih, lih_frozen_core"):
        problems.molecule("beh2")
