"""The transforms of tyxq.transforms, through Circuit's methods: Pauli rotations, controls, their refusals."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

import tyxq

X = np.array([[0, 1], [1, 0]], dtype=complex)
Z = np.diag([1.0, -1.0]).astype(complex)


def test_pauli_rot_accepts_one_qubit_as_an_int() -> None:
    state = tyxq.state(tyxq.Circuit(1).pauli_rot(0, 0.3, "X"))
    np.testing.assert_allclose(state, expm(-0.15j * X)[:, 0], atol=1e-12)


def test_multi_rz_accepts_one_qubit_as_an_int() -> None:
    c = tyxq.Circuit(2).h(1).multi_rz(1, 0.3)
    expected = np.kron(np.eye(2), expm(-0.15j * Z)) @ np.kron(np.eye(2), np.array([[1, 1], [1, -1]]) / np.sqrt(2))
    np.testing.assert_allclose(tyxq.state(c), expected[:, 0], atol=1e-12)


def test_pauli_rot_on_no_qubits_is_a_named_error() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="pauli_rot needs at least one qubit"):
        tyxq.Circuit(1).pauli_rot([], 0.3, "")


def test_multi_rz_on_no_qubits_is_a_named_error() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="multi_rz needs at least one qubit"):
        tyxq.Circuit(1).multi_rz([], 0.3)


@pytest.mark.parametrize(
    ("operation", "what"),
    [
        (tyxq.Circuit(2).measure(1).ops[0], "a measure operation"),
        (tyxq.Circuit(2).reset(1).ops[0], "a reset operation"),
        (tyxq.Circuit(2).depolarizing(1, 0.1).ops[0], "a channel operation"),
        (tyxq.Circuit(2).kraus(1, [np.eye(2)]).ops[0], "a kraus operation"),
    ],
)
def test_ctrl_of_a_non_unitary_operation_says_only_unitary_gates_can_be_controlled(
    operation: tyxq.Operation, what: str
) -> None:
    with pytest.raises(tyxq.CapabilityError, match=f"ctrl controls unitary gates only, but .* is {what}"):
        tyxq.Circuit(2).ctrl(operation, 0)


def test_ctrl_of_a_conditioned_gate_is_refused() -> None:
    conditioned = tyxq.Circuit(2).measure(0).cond(tyxq.Operation("x", (1,)), bits=0).ops[1]
    with pytest.raises(tyxq.CapabilityError, match="conditioned on measured bits"):
        tyxq.Circuit(3).ctrl(conditioned, 2)


def test_ctrl_of_a_unitary_matrix_is_its_controlled_matrix() -> None:
    c = tyxq.Circuit(2).x(0).ctrl(tyxq.Circuit(2).unitary(1, X).ops[0], 0)
    np.testing.assert_allclose(np.abs(tyxq.state(c)) ** 2, [0, 0, 0, 1], atol=1e-12)


def test_inverse_of_a_channel_names_its_kind() -> None:
    with pytest.raises(tyxq.CapabilityError, match="holds the reset reset, which has no inverse"):
        tyxq.Circuit(1).h(0).reset(0).inverse()


def test_inverse_undoes_gates_and_matrices() -> None:
    u = expm(-0.4j * (X + Z))
    c = tyxq.Circuit(2).h(0).u(1, 0.1, 0.2, 0.3).unitary([1, 0], np.kron(u, u)).crx(0, 1, 0.7)
    np.testing.assert_allclose(tyxq.state(c.copy().append(c.inverse())), [1, 0, 0, 0], atol=1e-12)


def test_compose_and_repeat_are_methods_over_the_transforms() -> None:
    bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    assert [str(op) for op in tyxq.Circuit(3).compose(bell, [2, 0])] == ["h q[2]", "cnot q[2], q[0]"]
    assert [op.name for op in bell.repeat(-1)] == ["cnot", "h"]
