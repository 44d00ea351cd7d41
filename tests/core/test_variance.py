"""tyxq.variance: exact values against dense matrices written here, and estimates from shots within 4σ."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

PAULI = {
    "I": np.eye(2),
    "X": np.array([[0, 1], [1, 0]], dtype=complex),
    "Y": np.array([[0, -1j], [1j, 0]]),
    "Z": np.diag([1.0, -1.0]).astype(complex),
}


def dense(n: int, *terms: tuple[float, dict[int, str]]) -> np.ndarray:
    """Σ c · ⊗_q P_q, qubit 0 the leftmost factor."""
    total = np.zeros((2**n, 2**n), dtype=complex)
    for coefficient, paulis in terms:
        product = np.ones((1, 1))
        for q in range(n):
            product = np.kron(product, PAULI[paulis.get(q, "I")])
        total += coefficient * product
    return total


def ry(t: float) -> np.ndarray:
    return np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]], dtype=complex)


def rx(t: float) -> np.ndarray:
    return np.array([[np.cos(t / 2), -1j * np.sin(t / 2)], [-1j * np.sin(t / 2), np.cos(t / 2)]])


CNOT = np.eye(4)[[0, 1, 3, 2]]


def circuit(a: float, b: float) -> tyxq.Circuit:
    return tyxq.Circuit(2).ry(0, a).rx(1, b).cnot(0, 1)


def reference_state(a: float, b: float) -> np.ndarray:
    psi = np.zeros(4, dtype=complex)
    psi[0] = 1
    return CNOT @ np.kron(ry(a), rx(b)) @ psi


def reference_variance(psi: np.ndarray, matrix: np.ndarray) -> float:
    mean = np.vdot(psi, matrix @ psi).real
    return float(np.vdot(psi, matrix @ matrix @ psi).real - mean**2)


H = 0.5 * tyxq.Z(0) @ tyxq.Z(1) + 0.3 * tyxq.X(0) - 0.7 * tyxq.Y(1) + 0.2
H_DENSE = dense(2, (0.5, {0: "Z", 1: "Z"}), (0.3, {0: "X"}), (-0.7, {1: "Y"}), (0.2, {}))
CASES = [
    (tyxq.Z(0), dense(2, (1.0, {0: "Z"}))),
    (tyxq.X(0) @ tyxq.Y(1), dense(2, (1.0, {0: "X", 1: "Y"}))),
    (H, H_DENSE),
]


@pytest.mark.parametrize(("observable", "matrix"), CASES)
@pytest.mark.parametrize("mode", ["statevector", "density_matrix"])
def test_exact_variance_matches_dense_reference(observable, matrix, mode):
    value = tyxq.variance(circuit(0.4, 1.1), observable, mode=mode)
    assert np.shape(value) == ()
    assert float(value) == pytest.approx(reference_variance(reference_state(0.4, 1.1), matrix), abs=1e-12)


def test_list_of_observables_gives_one_variance_each_batched_and_unbatched():
    observables = [o for o, _ in CASES]
    angles = np.array([0.1, 0.9, 2.3])
    batched = tyxq.variance(lambda a: circuit(a, 0.7), observables, angles, batch_axes=0)
    assert batched.shape == (3, 3)
    for row, a in enumerate(angles):
        psi = reference_state(a, 0.7)
        expected = [reference_variance(psi, m) for _, m in CASES]
        np.testing.assert_allclose(batched[row], expected, atol=1e-12)
        np.testing.assert_allclose(tyxq.variance(circuit(a, 0.7), observables), expected, atol=1e-12)


def test_eigenstate_has_zero_variance():
    bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    assert float(tyxq.variance(bell, tyxq.X(0) @ tyxq.X(1))) == pytest.approx(0.0, abs=1e-12)


def test_shots_variance_of_one_group_is_the_sample_variance_of_the_readings():
    c = circuit(0.4, 1.1)
    observable = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.Z(0)
    estimate = float(tyxq.variance(c, observable, mode="shots", shots=500, seed=3))
    bits = tyxq.sample(c, 500, mode="shots", seed=3)
    signs = 1 - 2 * np.asarray(bits)
    readings = signs[:, 0] * signs[:, 1] + 0.5 * signs[:, 0]
    assert estimate == pytest.approx(np.var(readings, ddof=1), abs=1e-12)


def _readings_and_probabilities(psi: np.ndarray, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    eigenvalues, vectors = np.linalg.eigh(matrix)
    return eigenvalues, np.abs(vectors.conj().T @ psi) ** 2


def test_shots_variance_of_one_group_is_within_four_sigma():
    psi = reference_state(0.4, 1.1)
    matrix = dense(2, (1.0, {0: "Z", 1: "Z"}), (0.5, {0: "Z"}))
    shots = 4000
    sigma = _sigma_of_sample_variance(psi, matrix, shots)  # the sample variance's spread, to O(1/N²)
    variance = reference_variance(psi, matrix)
    observable = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.Z(0)
    estimate = float(tyxq.variance(circuit(0.4, 1.1), observable, mode="shots", shots=shots, seed=11))
    assert abs(estimate - variance) < 4 * sigma


def test_shots_variance_of_several_groups_is_unbiased_for_the_exact_variance():
    c = tyxq.Circuit(1).ry(0, 0.7).rz(0, 0.4)
    observable = tyxq.X(0) + 0.5 * tyxq.Z(0) - 0.3 * tyxq.Y(0)
    psi = np.array([np.cos(0.35), np.sin(0.35)], dtype=complex) * np.array([np.exp(-0.2j), np.exp(0.2j)])
    exact = reference_variance(psi, dense(1, (1.0, {0: "X"}), (0.5, {0: "Z"}), (-0.3, {0: "Y"})))
    generator = np.random.default_rng(5)
    estimates = np.array(
        [float(tyxq.variance(c, observable, mode="shots", shots=200, seed=generator)) for _ in range(300)]
    )
    assert abs(estimates.mean() - exact) < 4 * estimates.std(ddof=1) / np.sqrt(len(estimates))


def _sigma_of_sample_variance(psi: np.ndarray, matrix: np.ndarray, shots: int) -> float:
    values, probs = _readings_and_probabilities(psi, matrix)
    mean = probs @ values
    variance = probs @ (values - mean) ** 2
    return float(np.sqrt((probs @ (values - mean) ** 4 - variance**2) / shots))


def test_shots_variance_is_batched():
    angles = np.array([0.2, 1.4])
    observables = [tyxq.Z(0), tyxq.Z(0) @ tyxq.Z(1)]
    matrices = [dense(2, (1.0, {0: "Z"})), dense(2, (1.0, {0: "Z", 1: "Z"}))]
    values = tyxq.variance(
        lambda a: circuit(a, 0.9), observables, angles, batch_axes=0, mode="shots", shots=5000, seed=2
    )
    assert values.shape == (2, 2)
    for row, a in enumerate(angles):
        psi = reference_state(a, 0.9)
        for column, matrix in enumerate(matrices):
            sigma = _sigma_of_sample_variance(psi, matrix, 5000)
            assert abs(values[row, column] - reference_variance(psi, matrix)) < 4 * sigma


@pytest.mark.parametrize("mode", ["statevector", "shots"])
def test_a_constant_observable_has_zero_variance_in_every_shape(mode):
    shots = 100 if mode == "shots" else None
    single = tyxq.variance(circuit(0.1, 0.2), tyxq.I() * 2.0, mode=mode, shots=shots, seed=1)
    assert np.shape(single) == () and float(single) == pytest.approx(0.0, abs=1e-12)
    angles = np.array([0.1, 0.5])
    listed = tyxq.variance(
        lambda a: circuit(a, 0.2), [tyxq.I() * 2.0, tyxq.Z(0)], angles, batch_axes=0, mode=mode, shots=shots, seed=1
    )
    assert listed.shape == (2, 2)
    np.testing.assert_allclose(listed[:, 0], 0.0, atol=1e-12)


def test_mode_options_given_as_keywords_are_refused_by_name():
    with pytest.raises(tyxq.ConfigurationError, match="variance"):
        tyxq.variance(circuit(0.1, 0.2), tyxq.Z(0), mode="density_matrix", noise=tyxq.NoiseModel())


def test_noisy_shots_mode_estimates_the_variance_of_the_mixed_state():
    noise = tyxq.NoiseModel().add("depolarizing", 0.2, gates=["ry"])
    mode = tyxq.DensityMatrixMode(noise=noise, shots=20_000)
    exact = float(tyxq.variance(circuit(0.4, 1.1), tyxq.Z(0), mode=tyxq.DensityMatrixMode(noise=noise)))
    mean = float(tyxq.expectation(circuit(0.4, 1.1), tyxq.Z(0), mode=tyxq.DensityMatrixMode(noise=noise)))
    assert exact == pytest.approx(1 - mean**2, abs=1e-12)  # Z² = 1: the variance of the mixed state
    estimate = float(tyxq.variance(circuit(0.4, 1.1), tyxq.Z(0), mode=mode, seed=7))
    p = (1 + mean) / 2
    fourth = p * (1 - mean) ** 4 + (1 - p) * (1 + mean) ** 4
    assert abs(estimate - exact) < 4 * np.sqrt((fourth - exact**2) / 20_000)


def test_a_sample_variance_needs_two_shots():
    with pytest.raises(tyxq.ShotsError, match="at least 2 shots"):
        tyxq.variance(circuit(0.1, 0.2), tyxq.Z(0), mode="shots", shots=1)


def test_an_empty_list_is_refused():
    with pytest.raises(tyxq.ObservableError, match="empty list"):
        tyxq.variance(circuit(0.1, 0.2), [])


def test_an_exact_mode_refuses_a_shot_count():
    with pytest.raises(tyxq.ShotsError):
        tyxq.variance(circuit(0.1, 0.2), tyxq.Z(0), shots=100)


SWAP = np.eye(4)[[0, 2, 1, 3]] + 0.5 * np.kron(np.eye(2), PAULI["Y"])


@pytest.mark.parametrize("method", ["parameter_shift", "adjoint", "finite_difference"])
@pytest.mark.parametrize(("observable", "matrix"), [(H, H_DENSE), (tyxq.Hermitian([0, 1], SWAP), SWAP)])
def test_gradient_of_the_variance_matches_finite_differences_of_the_reference(method, observable, matrix):
    pytest.importorskip("autograd", reason="numpy differentiates a cost of measurements through tyxq[autograd]")
    slope = tyxq.grad(lambda a: tyxq.variance(circuit(a, 1.1), observable), method=method)(0.4)
    step = 1e-6
    expected = (
        reference_variance(reference_state(0.4 + step, 1.1), matrix)
        - reference_variance(reference_state(0.4 - step, 1.1), matrix)
    ) / (2 * step)
    assert float(slope) == pytest.approx(expected, abs=1e-5 if method == "finite_difference" else 1e-8)
