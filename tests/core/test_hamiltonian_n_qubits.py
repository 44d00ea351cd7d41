"""``Hamiltonian.n_qubits``: the register a Hamiltonian is defined on, kept through arithmetic."""

from __future__ import annotations

import pytest

import tyxq


def test_n_qubits_defaults_to_one_past_the_highest_qubit():
    assert (tyxq.Z(0) @ tyxq.X(3) + tyxq.Z(1)).n_qubits == 4
    assert tyxq.Hamiltonian().n_qubits == 0


def test_a_declared_register_survives_sums_products_and_scaling():
    wide = tyxq.Hamiltonian((tyxq.Z(0) @ tyxq.Z(1),), n_qubits=5)
    assert (wide + tyxq.X(2)).n_qubits == 5
    assert (tyxq.X(2) + wide).n_qubits == 5
    assert (wide + 1.0).n_qubits == 5
    assert (-wide).n_qubits == 5
    assert (0.5 * wide).n_qubits == 5
    assert (wide @ tyxq.X(6)).n_qubits == 7
    assert (wide - wide + tyxq.Z(0)).n_qubits == 5


def test_n_qubits_takes_no_part_in_equality():
    assert tyxq.Hamiltonian((tyxq.Z(0),), n_qubits=3) == tyxq.Hamiltonian((tyxq.Z(0),))


def test_to_matrix_defaults_to_the_register():
    assert tyxq.Hamiltonian((tyxq.Z(0),), n_qubits=3).to_matrix().shape == (8, 8)


def test_a_register_too_small_for_the_terms_is_refused():
    with pytest.raises(tyxq.ObservableError, match="at least 3"):
        tyxq.Hamiltonian((tyxq.Z(2),), n_qubits=2)
