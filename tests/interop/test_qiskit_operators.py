"""``SparsePauliOp`` to and from ``tyxq.Hamiltonian``: the matrices agree once Qiskit's qubits are reversed."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.interop import from_qiskit_operator, to_qiskit_operator

from .frameworks import framework
from .random_operators import random_hamiltonian, reverse_qubits

framework("qiskit")
from qiskit.quantum_info import SparsePauliOp  # noqa: E402 - after the framework check


def test_random_qiskit_operators_keep_their_matrix_in_tyxq_and_back():
    rng = np.random.default_rng(4)
    for _ in range(200):
        n = int(rng.integers(1, 5))
        labels = ["".join(rng.choice(list("IXYZ"), size=n)) for _ in range(int(rng.integers(1, 6)))]
        operator = SparsePauliOp(labels, rng.normal(size=len(labels)) + 1j * rng.normal(size=len(labels)))
        hamiltonian = from_qiskit_operator(operator)
        np.testing.assert_allclose(hamiltonian.to_matrix(n), reverse_qubits(operator.to_matrix(), n), atol=1e-12)
        back = to_qiskit_operator(hamiltonian, n_qubits=n)
        np.testing.assert_allclose(back.to_matrix(), operator.to_matrix(), atol=1e-12)


def test_random_tyxq_hamiltonians_keep_their_matrix_in_qiskit_and_back():
    rng = np.random.default_rng(5)
    for _ in range(200):
        n = int(rng.integers(1, 5))
        hamiltonian = random_hamiltonian(rng, n, int(rng.integers(1, 6)))
        operator = to_qiskit_operator(hamiltonian, n_qubits=n)
        np.testing.assert_allclose(reverse_qubits(operator.to_matrix(), n), hamiltonian.to_matrix(n), atol=1e-12)
        assert from_qiskit_operator(operator) == hamiltonian


def test_qiskit_labels_are_read_right_to_left():
    assert from_qiskit_operator(SparsePauliOp("XZ")) == tyxq.Hamiltonian((tyxq.Z(0) @ tyxq.X(1),))
    assert to_qiskit_operator(tyxq.X(0), n_qubits=3).to_list() == [("IIX", 1 + 0j)]


def test_an_expectation_agrees_with_qiskits_on_the_converted_circuit_and_operator():
    qiskit = framework("qiskit")
    qc = qiskit.circuit.random.random_circuit(3, 4, seed=2)
    operator = SparsePauliOp(["XYZ", "ZZI", "IXX"], [0.3, -1.2, 0.7])
    expected = qiskit.quantum_info.Statevector(qc).expectation_value(operator).real
    from tyxq.interop import from_qiskit

    assert float(tyxq.expectation(from_qiskit(qc), from_qiskit_operator(operator))) == pytest.approx(expected)


def test_the_width_of_an_operator_survives_a_round_trip():
    hamiltonian = from_qiskit_operator(SparsePauliOp("IIZ"))
    assert hamiltonian.n_qubits == 3
    assert to_qiskit_operator(hamiltonian).to_list() == [("IIZ", 1 + 0j)]


def test_the_zero_operator_and_a_too_narrow_width():
    assert to_qiskit_operator(tyxq.Hamiltonian(()), n_qubits=2).to_list() == [("II", 0j)]
    with pytest.raises(tyxq.InteropError, match="pass n_qubits=3"):
        to_qiskit_operator(tyxq.Z(2), n_qubits=2)


def test_a_parametrised_operator_is_refused_until_bound():
    from qiskit.circuit import Parameter

    with pytest.raises(tyxq.InteropError, match="assign_parameters"):
        from_qiskit_operator(SparsePauliOp(["Z"], [Parameter("a")]))
