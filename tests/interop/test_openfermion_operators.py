"""OpenFermion's ``QubitOperator`` to and from ``tyxq.Hamiltonian``, against ``openfermion.get_sparse_operator``."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.interop import from_openfermion, to_openfermion

from .frameworks import framework
from .random_operators import random_hamiltonian

openfermion = framework("openfermion")


def random_qubit_operator(rng: np.random.Generator, n_qubits: int):
    operator = openfermion.QubitOperator()
    for _ in range(int(rng.integers(1, 6))):
        term = tuple((q, str(p)) for q, p in enumerate(rng.choice(list("IXYZ"), size=n_qubits)) if p != "I")
        operator += openfermion.QubitOperator(term, complex(rng.normal(), rng.normal()))
    return operator


def test_random_qubit_operators_keep_their_matrix_in_tyxq_and_back():
    rng = np.random.default_rng(8)
    for _ in range(200):
        n = int(rng.integers(1, 5))
        operator = random_qubit_operator(rng, n)
        expected = openfermion.get_sparse_operator(operator, n_qubits=n).toarray()
        hamiltonian = from_openfermion(operator)
        np.testing.assert_allclose(hamiltonian.to_matrix(n), expected, atol=1e-12)
        assert to_openfermion(hamiltonian) == operator


def test_random_tyxq_hamiltonians_keep_their_matrix_in_openfermion_and_back():
    rng = np.random.default_rng(9)
    for _ in range(200):
        n = int(rng.integers(1, 5))
        hamiltonian = random_hamiltonian(rng, n, int(rng.integers(1, 6)), complex_coefficients=True)
        operator = to_openfermion(hamiltonian)
        np.testing.assert_allclose(
            openfermion.get_sparse_operator(operator, n_qubits=n).toarray(), hamiltonian.to_matrix(n), atol=1e-12
        )
        assert from_openfermion(operator) == hamiltonian


def test_a_jordan_wigner_hamiltonian_has_the_fermionic_ground_energy():
    hopping = openfermion.FermionOperator("0^ 1", -1.0) + openfermion.FermionOperator("1^ 0", -1.0)
    hamiltonian = hopping + openfermion.FermionOperator("0^ 0 1^ 1", 2.0)
    exact = min(np.linalg.eigvalsh(openfermion.get_sparse_operator(hamiltonian).toarray()))
    converted = from_openfermion(openfermion.jordan_wigner(hamiltonian))
    assert min(np.linalg.eigvalsh(converted.to_matrix(2))) == pytest.approx(exact)


def test_a_fermion_operator_is_refused_with_the_transforms_to_use():
    with pytest.raises(tyxq.InteropError, match="jordan_wigner"):
        from_openfermion(openfermion.FermionOperator("0^ 1"))
