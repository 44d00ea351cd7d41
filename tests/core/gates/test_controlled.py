"""ctrl, mcx and mcz: the block-diagonal matrix for every control value, on the subspace only, with exact gradients."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on
from ..reference import H, controlled, expm_pauli, full_operator, u3
from .dense import block_controlled, circuit_matrix, every_control_value, peak_memory

BASES = {
    "rx": (lambda: tyxq.Circuit(1).rx(0, 0.7), expm_pauli(np.array([[0, 1], [1, 0]]), 0.7)),
    "u": (lambda: tyxq.Circuit(1).u(0, 0.3, -0.4, 1.1), u3(0.3, -0.4, 1.1)),
    "h": (lambda: tyxq.Circuit(1).h(0), H),
}


@pytest.mark.parametrize("values", every_control_value(3), ids=str)
@pytest.mark.parametrize("base", sorted(BASES))
def test_ctrl_is_the_block_diagonal_matrix(base: str, values: tuple[int, ...]) -> None:
    build, block = BASES[base]
    c = len(values)
    target = tyxq.Circuit(c + 1).compose(build(), qubits=[c])
    circuit = tyxq.Circuit(c + 1).ctrl(target, controls=range(c), control_values=values)
    np.testing.assert_allclose(circuit_matrix(circuit), block_controlled(block, values), atol=1e-12)


@pytest.mark.parametrize("values", [(1,), (0, 1), (1, 0, 1)], ids=str)
def test_ctrl_of_a_two_qubit_gate_on_scattered_qubits(values: tuple[int, ...]) -> None:
    n = len(values) + 2
    targets, controls = (n - 1, 0), list(range(1, len(values) + 1))
    circuit = tyxq.Circuit(n).ctrl(tyxq.Operation("fsim", targets, (0.4, -0.9)), controls, values)
    fsim = circuit_matrix(tyxq.Circuit(2).fsim(0, 1, 0.4, -0.9))
    expected = full_operator(n, (*controls, *targets), block_controlled(fsim, values))
    np.testing.assert_allclose(circuit_matrix(circuit), expected, atol=1e-12)


def test_ctrl_of_a_subcircuit_controls_each_operation() -> None:
    body = tyxq.Circuit(3).h(2).cnot(2, 1).rz(1, 0.3)
    circuit = tyxq.Circuit(3).ctrl(body, 0)
    block = circuit_matrix(tyxq.Circuit(2).h(1).cnot(1, 0).rz(0, 0.3))
    np.testing.assert_allclose(circuit_matrix(circuit), controlled(block), atol=1e-12)
    assert [op.name for op in circuit] == ["ch", "ccx", "crz"]


def test_mcx_and_mcz_flip_and_phase_only_their_basis_state() -> None:
    n = 4
    mcx = circuit_matrix(tyxq.Circuit(n).mcx([0, 1, 2], 3, control_values=[1, 0, 1]))
    expected = np.eye(16)
    expected[[0b1010, 0b1011]] = expected[[0b1011, 0b1010]]
    np.testing.assert_allclose(mcx, expected, atol=1e-12)
    mcz = circuit_matrix(tyxq.Circuit(n).mcz([0, 1, 2], 3))
    np.testing.assert_allclose(mcz, np.diag([1] * 15 + [-1]), atol=1e-12)


def test_controlled_gates_are_inverted_by_their_inverse() -> None:
    c = tyxq.Circuit(4).ctrl(tyxq.Circuit(4).u(3, 0.3, 0.2, 0.1).s(2).iswap_pow(2, 3, 0.3), [0, 1], [0, 1])
    np.testing.assert_allclose(circuit_matrix(c.copy().append(c.inverse())), np.eye(16), atol=1e-12)


def test_twelve_controls_on_twenty_qubits_touch_only_their_subspace_within_a_few_statevectors() -> None:
    n, controls = 20, list(range(12))
    statevector = 16 * 2**n
    circuit = tyxq.Circuit(n).x(controls).h(15).ctrl(tyxq.Operation("ry", (15,), (0.8,)), controls)
    with peak_memory() as peak:
        probabilities = tyxq.probabilities(circuit, qubits=[15])
        used = peak()
    assert used < 6 * statevector, f"peak {used / statevector:.1f} statevectors"
    angle = np.pi / 2 + 0.8  # H then ry(0.8) on |0>: ry(π/2 + 0.8)
    np.testing.assert_allclose(probabilities, [np.cos(angle / 2) ** 2, np.sin(angle / 2) ** 2], atol=1e-12)


@pytest.mark.parametrize("gate", ["rx", "u", "fsim", "iswap_pow", "double_excitation"])
@pytest.mark.parametrize("method", ["parameter_shift", "adjoint"])
def test_gradient_of_a_controlled_gate_matches_finite_differences(backend_name: str, gate: str, method: str) -> None:
    spec = tyxq.GATES[gate]
    targets = tuple(range(2, 2 + spec.n_qubits))
    n = 2 + spec.n_qubits
    observable = tyxq.X(n - 1) @ tyxq.Z(0) + 0.5 * tyxq.Y(2) - 0.3 * tyxq.X(1)

    def energy(p: object) -> object:
        prepared = tyxq.Circuit(n).h(range(n)).ry(range(n), list(np.linspace(0.2, 1.1, n)))
        op = tyxq.Operation(gate, targets, tuple(p[k] for k in range(spec.n_params)))  # type: ignore[index]
        return tyxq.expectation(prepared.ctrl(op, [0, 1], [1, 0]), observable)

    params = np.array([0.7, -1.3, 0.4][: spec.n_params])
    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(energy, method=method)(on(backend, params))
        _, reference = tyxq.value_and_grad(energy, method="finite_difference")(on(backend, params))
    np.testing.assert_allclose(host(backend, grad), host(backend, reference), atol=1e-6)


def test_shift_rule_of_a_controlled_rotation_has_four_terms_and_of_a_controlled_phase_two() -> None:
    assert len(tyxq.GATES["ctrl[101]:ry"].shift_rules[0]) == 4
    assert len(tyxq.GATES["ctrl[11]:phase"].shift_rules[0]) == 2


def test_a_control_that_is_also_a_target_is_refused() -> None:
    with pytest.raises(tyxq.ControlQubitError, match=r"both a control and a target.*choose controls among"):
        tyxq.Circuit(3).ctrl(tyxq.Circuit(3).cnot(1, 2), controls=[0, 2])


def test_control_values_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(tyxq.ControlQubitError, match=r"0 or 1 for each of the 2 controls"):
        tyxq.Circuit(3).mcx([0, 1], 2, control_values=[1, 2])


def test_repeated_controls_are_refused() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="repeat"):
        tyxq.Circuit(3).mcx([0, 0], 2)


def test_adjoint_on_a_gate_too_large_to_write_down_names_the_methods_that_serve() -> None:
    def energy(p: object) -> object:
        return tyxq.expectation(tyxq.Circuit(10).h(9).ctrl(tyxq.Operation("rx", (9,), (p[0],)), range(9)), "Z" * 10)  # type: ignore[index]

    with pytest.raises(tyxq.CapabilityError, match="parameter_shift"):
        tyxq.value_and_grad(energy, method="adjoint")(np.array([0.3]))
    _, grad = tyxq.value_and_grad(energy, method="parameter_shift")(np.array([0.3]))
    assert np.allclose(grad, 0.0)  # the controls are |0…0⟩: the rotation never acts


@pytest.mark.parametrize("gate", ["ctrl[1]:rx", "ctrl[01]:u", "ctrl[110]:fsim", "multi_rz[3]", "ctrl[1]:multi_rz[3]"])
def test_shift_rules_of_family_gates_agree_with_autograd(autodiff_backend_name: str, gate: str) -> None:
    spec = tyxq.GATES[gate]
    n = spec.n_qubits

    def energy(p: object) -> object:
        prepared = tyxq.Circuit(n).h(range(n)).ry(range(n), list(np.linspace(0.3, 1.2, n))).rx(range(n), 0.4)
        circuit = prepared.apply(gate, *reversed(range(n)), params=[p[k] for k in range(spec.n_params)])  # type: ignore[index]
        return tyxq.expectation(circuit, tyxq.X(0) @ tyxq.Y(n - 1) + 0.7 * tyxq.Z(1) - 0.4 * tyxq.X(n - 1))

    params = np.array([0.7, -1.3, 0.4][: spec.n_params])
    with active(autodiff_backend_name) as backend:
        _, shifted = tyxq.value_and_grad(energy, method="parameter_shift")(on(backend, params))
        _, automatic = tyxq.value_and_grad(energy, method="autograd")(on(backend, params))
    assert np.any(np.abs(host(backend, automatic)) > 1e-3)  # a derivative that could be got wrong
    np.testing.assert_allclose(host(backend, shifted), host(backend, automatic), atol=1e-10)
