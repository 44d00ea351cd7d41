"""The builder from a geometry, where PySCF and OpenFermion-PySCF are installed (the interop env installs them).

These optional chemistry packages are no dependency of tyxq: elsewhere the test is reported as not run, naming
what it needs. The shipped data's own tests (test_molecules.py) need neither.
"""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq import problems

pytest.importorskip("openfermionpyscf", reason="the builder from a geometry needs pyscf and openfermionpyscf")


def test_molecular_hamiltonian_from_a_geometry_matches_the_shipped_h2():
    built = problems.molecular_hamiltonian([("H", (0.0, 0.0, 0.0)), ("H", (0.0, 0.0, 0.7414))])
    shipped = problems.molecule("h2")
    assert built.ground_energy == pytest.approx(shipped.ground_energy, abs=1e-8)
    np.testing.assert_allclose(built.hamiltonian.to_matrix(), shipped.hamiltonian.to_matrix(), atol=1e-8)


def test_molecular_hamiltonian_freezes_the_core_like_the_shipped_lih():
    geometry = [("Li", (0.0, 0.0, 0.0)), ("H", (0.0, 0.0, 1.5949))]
    built = problems.molecular_hamiltonian(geometry, frozen_orbitals=1)
    shipped = problems.molecule("lih_frozen_core")
    assert (built.n_qubits, built.electrons) == (10, 2)
    assert built.ground_energy == pytest.approx(shipped.ground_energy, abs=1e-7)
    assert built.hartree_fock_energy == pytest.approx(shipped.hartree_fock_energy, abs=1e-7)


def test_molecular_hamiltonian_refuses_an_active_space_beyond_the_orbitals():
    with pytest.raises(tyxq.ProblemError, match="exceed"):
        problems.molecular_hamiltonian([("H", (0.0, 0.0, 0.0)), ("H", (0.0, 0.0, 0.7414))], active_orbitals=5)
