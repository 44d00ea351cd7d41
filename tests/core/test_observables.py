"""Expectation values with analytic answers, observable forms, and the errors of malformed observables."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.kernels.measure import qubitwise_groups

THETAS = [0.0, 0.3, 1.2, np.pi / 2, 2.5, -0.7]


@pytest.mark.parametrize("theta", THETAS)
def test_z_after_rx_is_cos_theta(theta: float) -> None:
    assert float(tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Z(0))) == pytest.approx(np.cos(theta), abs=1e-12)


@pytest.mark.parametrize("theta", THETAS)
def test_x_after_ry_is_sin_theta(theta: float) -> None:
    assert float(tyxq.expectation(tyxq.Circuit(1).ry(0, theta), tyxq.X(0))) == pytest.approx(np.sin(theta), abs=1e-12)


@pytest.mark.parametrize("theta", THETAS)
def test_y_after_rx_is_minus_sin_theta(theta: float) -> None:
    assert float(tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Y(0))) == pytest.approx(-np.sin(theta), abs=1e-12)


def test_batched_angles_give_a_batch_of_expectations() -> None:
    thetas = np.array(THETAS)
    values = tyxq.expectation(tyxq.Circuit(1).rx(0, thetas), tyxq.Z(0))
    assert values.shape == (len(THETAS),)
    np.testing.assert_allclose(values, np.cos(thetas), atol=1e-12)


@pytest.mark.parametrize(("a", "b"), [(0.4, 1.1), (2.0, -0.3), (np.pi, np.pi / 3)])
def test_product_state_correlations_factorise(a: float, b: float) -> None:
    circuit = tyxq.Circuit(2).ry(0, a).ry(1, b)
    assert float(tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.Z(1))) == pytest.approx(np.cos(a) * np.cos(b), abs=1e-12)
    assert float(tyxq.expectation(circuit, tyxq.X(0) @ tyxq.X(1))) == pytest.approx(np.sin(a) * np.sin(b), abs=1e-12)
    assert float(tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.X(1))) == pytest.approx(np.cos(a) * np.sin(b), abs=1e-12)


@pytest.mark.parametrize("theta", THETAS)
def test_entangled_pair_has_perfect_zz_correlation(theta: float) -> None:
    circuit = tyxq.Circuit(2).ry(0, theta).cnot(0, 1)
    assert float(tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.Z(1))) == pytest.approx(1.0, abs=1e-12)
    assert float(tyxq.expectation(circuit, tyxq.Z(1))) == pytest.approx(np.cos(theta), abs=1e-12)
    assert float(tyxq.expectation(circuit, tyxq.X(0) @ tyxq.X(1))) == pytest.approx(np.sin(theta), abs=1e-12)


def test_weighted_sum_is_the_sum_of_weighted_terms() -> None:
    a, b = 0.8, -1.3
    circuit = tyxq.Circuit(2).rx(0, a).ry(1, b)
    value = tyxq.expectation(circuit, 0.5 * tyxq.Z(0) - 2 * tyxq.X(1) + tyxq.Y(0) + 3)
    assert float(value) == pytest.approx(0.5 * np.cos(a) - 2 * np.sin(b) - np.sin(a) + 3, abs=1e-12)


def test_text_forms_equal_the_built_observable() -> None:
    circuit = tyxq.Circuit(3).h(0).cnot(0, 1).ry(2, 0.9)
    built = float(tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(2)))
    assert float(tyxq.expectation(circuit, "ZZI + 0.5 * IIX")) == pytest.approx(built, abs=1e-12)
    assert float(tyxq.expectation(circuit, "ZZI")) == pytest.approx(1.0, abs=1e-12)


def test_expectation_ps_names_qubits_by_pauli() -> None:
    circuit = tyxq.Circuit(3).ry(0, 0.7).rx(1, 0.4).ry(2, 1.9)
    value = float(tyxq.expectation_ps(circuit, x=[0], y=[1], z=[2]))
    assert value == pytest.approx(np.sin(0.7) * -np.sin(0.4) * np.cos(1.9), abs=1e-12)


def test_qubitwise_commuting_terms_share_one_rotation() -> None:
    hamiltonian = tyxq.X(0) @ tyxq.X(1) + tyxq.X(0) + tyxq.Y(0) @ tyxq.Y(1) + tyxq.Z(1)
    groups = qubitwise_groups(hamiltonian)
    assert [sorted(basis.items()) for basis, _ in groups] == [[(0, "X"), (1, "X")], [(0, "Y"), (1, "Y")]]
    circuit = tyxq.Circuit(2).ry(0, 0.3).rx(1, 1.1).cnot(0, 1)
    dense = hamiltonian.to_matrix(2)
    psi = tyxq.state(circuit)
    assert float(tyxq.expectation(circuit, hamiltonian)) == pytest.approx(np.vdot(psi, dense @ psi).real, abs=1e-12)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_expectations_come_back_in_the_real_dtype_of_the_backend(dtype: str) -> None:
    real = {"complex64": np.float32, "complex128": np.float64}[dtype]
    with tyxq.use_backend("numpy", dtype=dtype):
        single = tyxq.expectation(tyxq.Circuit(2).rx(0, 0.3), tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(1) - 1)
        batched = tyxq.expectation(tyxq.Circuit(2).rx(0, np.array([0.1, 0.2])), "XY")
    assert np.asarray(single).dtype == real
    assert batched.dtype == real
    assert float(single) == pytest.approx(np.cos(0.3) - 1, abs=1e-6)


def test_observable_beyond_the_circuit_is_refused() -> None:
    with pytest.raises(tyxq.ObservableError, match="acts on qubit 3, but the circuit has 2 qubits"):
        tyxq.expectation(tyxq.Circuit(2), tyxq.Z(3))


def test_text_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(tyxq.ObservableError, match="'ZZZ' has 3 characters but the circuit has 2 qubits"):
        tyxq.expectation(tyxq.Circuit(2), "ZZZ")


def test_complex_coefficient_is_refused() -> None:
    with pytest.raises(tyxq.ObservableError, match="not Hermitian"):
        tyxq.expectation(tyxq.Circuit(1), 1j * tyxq.Z(0))


def test_non_finite_coefficient_is_refused() -> None:
    with pytest.raises(tyxq.ObservableError, match="NaN or infinite"):
        float("nan") * tyxq.Z(0)


def test_repeated_qubit_in_a_pauli_string_is_refused() -> None:
    with pytest.raises(tyxq.ObservableError, match="qubit 0 appears twice"):
        tyxq.PauliString(((0, "X"), (0, "Z")))


# found by the fuzz suite (tests/fuzz): a coefficient in exponent notation, and scaling by something that is no number


@pytest.mark.parametrize(
    ("text", "coefficients"),
    [("3.5e-5 * ZI", [3.5e-5]), ("1E+2 XX - 2.5e-1 * ZZ", [100.0, -0.25]), ("ZI - 1e-3ZZ", [1.0, -1e-3])],
)
def test_coefficients_in_exponent_notation_are_read(text: str, coefficients: list[float]) -> None:
    assert [term.coefficient for term in tyxq.Hamiltonian.from_text(text).terms] == coefficients


@pytest.mark.parametrize("scale", ["2", None, [1.0], np.ones(2)], ids=repr)
def test_scaling_an_observable_by_something_that_is_no_number_is_an_observable_error(scale: object) -> None:
    for scaled in (lambda: scale * tyxq.Z(0), lambda: tyxq.Z(0) * scale, lambda: (tyxq.Z(0) + tyxq.X(1)) * scale):
        with pytest.raises(tyxq.ObservableError, match="an observable is scaled by a number or a scalar array"):
            scaled()
    with pytest.raises(tyxq.ObservableError, match="adding to an observable takes a Pauli string, a Hamiltonian"):
        tyxq.Z(0) + "X1"
