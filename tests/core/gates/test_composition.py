"""compose, repeat, *, and inverse: building circuits from circuits."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from .dense import circuit_matrix


def test_compose_places_the_other_circuit_on_chosen_qubits() -> None:
    bell = tyxq.Circuit(2).h(0).cnot(0, 1).ry(1, 0.3)
    placed = tyxq.Circuit(4).x(2).compose(bell, qubits=[3, 1])
    expected = tyxq.Circuit(4).x(2).h(3).cnot(3, 1).ry(1, 0.3)
    np.testing.assert_allclose(tyxq.state(placed), tyxq.state(expected), atol=1e-12)


def test_compose_needs_one_qubit_per_qubit_of_the_other() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="one qubit of this circuit per qubit of the other"):
        tyxq.Circuit(4).compose(tyxq.Circuit(2), qubits=[0])
    with pytest.raises(tyxq.QubitIndexError, match="repeat"):
        tyxq.Circuit(4).compose(tyxq.Circuit(2), qubits=[1, 1])


def test_repeat_and_multiplication_repeat_the_operations() -> None:
    step = tyxq.Circuit(2).ry(0, 0.2).cnot(0, 1)
    once = circuit_matrix(step)
    np.testing.assert_allclose(circuit_matrix(step.repeat(3)), once @ once @ once, atol=1e-12)
    assert [op.name for op in step * 2] == [op.name for op in 2 * step] == ["ry", "cnot", "ry", "cnot"]
    assert len(step * 0) == 0 and len(step) == 2  # a new circuit; the original is unchanged


def test_negative_repeat_is_the_inverse_repeated() -> None:
    step = tyxq.Circuit(2).fsim(0, 1, 0.3, 0.5).sqrt_iswap(1, 0).ecr(0, 1)
    product = circuit_matrix(step.repeat(2).append(step.repeat(-2)))
    np.testing.assert_allclose(product, np.eye(4), atol=1e-12)


def test_inverse_of_every_new_construction_undoes_it() -> None:
    c = (
        tyxq.Circuit(4)
        .pauli_rot([0, 2, 3], 0.4, "XYZ")
        .multi_rz([1, 2, 3], -0.3)
        .mcx([0, 1], 3, control_values=[0, 1])
        .double_excitation(0, 1, 2, 3, 0.6)
        .single_excitation(1, 2, -0.2)
        .iswap_pow(0, 3, 0.3)
        .u2(1, 0.2, 0.9)
    )
    c.append(tyxq.evolve(0.5 * tyxq.X(0) @ tyxq.Y(1) + 0.2 * tyxq.Z(2), 0.7, steps=2, order=2, n_qubits=4))
    np.testing.assert_allclose(circuit_matrix(c.copy().append(c.inverse())), np.eye(16), atol=1e-12)


def test_inverse_of_a_circuit_that_starts_from_an_input_state_is_refused() -> None:
    circuit = tyxq.Circuit(1, inputs=np.array([0, 1], dtype=complex)).h(0)
    with pytest.raises(tyxq.NotInvertibleError, match=r"input state.*Circuit\(n\)\.append\(circuit\)\.inverse\(\)"):
        circuit.inverse()
