"""tyxq.Hermitian: validation, and its values in expectation and variance against dense references written here."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

RNG = np.random.default_rng(42)
A = RNG.normal(size=(4, 4)) + 1j * RNG.normal(size=(4, 4))
MATRIX = (A + A.conj().T) / 2  # a random Hermitian on two qubits


def ry(t: float) -> np.ndarray:
    return np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]], dtype=complex)


def circuit(t: float) -> tyxq.Circuit:
    return tyxq.Circuit(3).ry(0, t).h(1).cnot(1, 2).ry(2, 0.3)


def reference_state(t: float) -> np.ndarray:
    hadamard = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    cnot12 = np.kron(np.eye(2), np.eye(4)[[0, 1, 3, 2]])
    psi = np.zeros(8, dtype=complex)
    psi[0] = 1
    psi = np.kron(np.kron(ry(t), hadamard), np.eye(2)) @ psi
    return np.kron(np.eye(4), ry(0.3)) @ cnot12 @ psi


def reduced(psi: np.ndarray, qubits: list[int]) -> np.ndarray:
    """ρ of ``qubits`` (first most significant), traced by hand from the 3-qubit state."""
    rest = [q for q in range(3) if q not in qubits]
    tensor = psi.reshape(2, 2, 2).transpose([*qubits, *rest]).reshape(2 ** len(qubits), -1)
    return tensor @ tensor.conj().T


def moments(psi: np.ndarray, qubits: list[int], matrix: np.ndarray) -> tuple[float, float]:
    rho = reduced(psi, qubits)
    mean = np.trace(rho @ matrix).real
    return float(mean), float(np.trace(rho @ matrix @ matrix).real - mean**2)


def test_a_matrix_that_is_not_hermitian_is_refused_quoting_the_violation():
    with pytest.raises(tyxq.ObservableError, match=r"max \|H − H†\| = 1"):
        tyxq.Hermitian([0], np.array([[0.0, 1.0], [0.0, 0.0]]))


def test_a_matrix_of_the_wrong_size_is_refused():
    with pytest.raises(tyxq.ObservableError, match="4×4 matrix"):
        tyxq.Hermitian([0, 1], np.eye(2))


@pytest.mark.parametrize("qubits", [[], [0, 0], [-1], ["a"], "01", 1.5, None])
def test_bad_qubits_are_refused(qubits):
    with pytest.raises(tyxq.ObservableError, match="qubits first"):
        tyxq.Hermitian(qubits, np.eye(2))


def test_qubits_beyond_the_circuit_are_refused():
    with pytest.raises(tyxq.QubitIndexError):
        tyxq.expectation(tyxq.Circuit(2), tyxq.Hermitian([5], np.eye(2)))


@pytest.mark.parametrize("qubits", [[0, 1], [2, 0], [1, 2]])
@pytest.mark.parametrize("mode", ["statevector", "density_matrix"])
def test_exact_expectation_and_variance_match_the_reduced_density_matrix(qubits, mode):
    observable = tyxq.Hermitian(qubits, MATRIX)
    mean, variance = moments(reference_state(0.8), qubits, MATRIX)
    assert float(tyxq.expectation(circuit(0.8), observable, mode=mode)) == pytest.approx(mean, abs=1e-12)
    assert float(tyxq.variance(circuit(0.8), observable, mode=mode)) == pytest.approx(variance, abs=1e-12)


def test_a_hermitian_in_a_list_with_pauli_observables_keeps_its_place():
    observables = [tyxq.Z(0), tyxq.Hermitian([2, 0], MATRIX), tyxq.X(1) @ tyxq.X(2)]
    values = tyxq.expectation(circuit(0.8), observables)
    variances = tyxq.variance(circuit(0.8), observables)
    assert values.shape == variances.shape == (3,)
    psi = reference_state(0.8)
    assert values[0] == pytest.approx(np.cos(0.8), abs=1e-12)
    assert (values[1], variances[1]) == pytest.approx(moments(psi, [2, 0], MATRIX), abs=1e-12)
    assert values[2] == pytest.approx(float(tyxq.expectation(circuit(0.8), tyxq.X(1) @ tyxq.X(2))), abs=1e-12)
    assert variances[0] == pytest.approx(np.sin(0.8) ** 2, abs=1e-12)


def test_batched_hermitian_gives_one_value_per_member():
    angles = np.array([0.1, 1.2, 2.9])
    observable = tyxq.Hermitian([0, 2], MATRIX)
    values = tyxq.expectation(circuit, [observable, tyxq.Z(0)], angles, batch_axes=0)
    variances = tyxq.variance(circuit, observable, angles, batch_axes=0)
    assert values.shape == (3, 2) and variances.shape == (3,)
    for row, t in enumerate(angles):
        mean, variance = moments(reference_state(t), [0, 2], MATRIX)
        assert values[row, 0] == pytest.approx(mean, abs=1e-12)
        assert variances[row] == pytest.approx(variance, abs=1e-12)


def test_shots_estimates_are_within_four_sigma():
    observable = tyxq.Hermitian([1, 0], MATRIX)
    mean, variance = moments(reference_state(0.8), [1, 0], MATRIX)
    shots = 20_000
    estimate = float(tyxq.expectation(circuit(0.8), observable, mode="shots", shots=shots, seed=4))
    assert abs(estimate - mean) < 4 * np.sqrt(variance / shots)
    eigenvalues, vectors = np.linalg.eigh(MATRIX)
    rho = reduced(reference_state(0.8), [1, 0])
    weights = np.einsum("ij,jk,ki->i", vectors.conj().T, rho, vectors).real  # ⟨v_j|ρ|v_j⟩
    fourth = weights @ (eigenvalues - mean) ** 4
    sampled = float(tyxq.variance(circuit(0.8), observable, mode="shots", shots=shots, seed=4))
    assert abs(sampled - variance) < 4 * np.sqrt((fourth - variance**2) / shots)


def test_gradient_by_parameter_shift_matches_finite_differences_of_the_reference():
    pytest.importorskip("autograd", reason="numpy differentiates a cost of measurements through tyxq[autograd]")
    observable = tyxq.Hermitian([0, 2], MATRIX)
    slope = tyxq.grad(lambda t: tyxq.expectation(circuit(t), observable), method="parameter_shift")(0.8)
    step = 1e-6
    expected = (
        moments(reference_state(0.8 + step), [0, 2], MATRIX)[0]
        - moments(reference_state(0.8 - step), [0, 2], MATRIX)[0]
    ) / (2 * step)
    assert float(slope) == pytest.approx(expected, abs=1e-7)


def test_repr_names_qubits_and_eigenvalues():
    assert repr(tyxq.Hermitian(0, np.diag([2.0, -1.0]))) == "Hermitian(qubits=[0], eigenvalues=[-1.0, 2.0])"
