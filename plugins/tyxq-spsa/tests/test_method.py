"""SPSA's estimates: unbiased on known functions within statistical bounds, seeded, and checked options."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq_spsa.method import DEFAULT_SAMPLES, DEFAULT_STEP, SPSAGradient

A = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, -0.3], [0.0, -0.3, 3.0]])
B = np.array([0.2, -1.0, 0.4])
THETA = np.array([0.3, -0.7, 1.1])


def quadratic(theta: np.ndarray) -> np.ndarray:
    """½ θᵀAθ + bᵀθ, gradient Aθ + b; SPSA's central difference is exact for it."""
    return np.asarray(0.5 * theta @ A @ theta + B @ theta)


def two_qubit_energy(theta: np.ndarray) -> np.ndarray:
    """⟨Z0⟩ + ⟨Z1⟩ after RY(a)⊗RY(b) then CNOT: cos a + cos a cos b."""
    circuit = tyxq.Circuit(2).ry(0, theta[0]).ry(1, theta[1]).cnot(0, 1)
    return tyxq.expectation(circuit, tyxq.Z(0) + tyxq.Z(1))


def two_qubit_gradient(a: float, b: float) -> np.ndarray:
    return np.array([-np.sin(a) - np.sin(a) * np.cos(b), -np.cos(a) * np.sin(b)])


def leakage_std(gradient: np.ndarray, samples: int) -> np.ndarray:
    """The standard deviation of each component for a linear function: sqrt(Σ_{j≠i} g_j² / samples)."""
    return np.sqrt((np.sum(gradient**2) - gradient**2) / samples)


def estimate(method: SPSAGradient, fn, *args, argnums=0):
    return method.value_and_grad(fn, argnums, backend=tyxq.get_backend(), mode=tyxq.get_execution_mode())(*args)


def test_defaults_are_the_documented_ones() -> None:
    method = SPSAGradient()
    assert (method.samples, method.step) == (DEFAULT_SAMPLES, DEFAULT_STEP) == (1, 0.1)


def test_is_discovered_by_name_from_its_distribution() -> None:
    from tyxq.plugins import get_plugin_manager

    registration = get_plugin_manager().get("gradient", "spsa")
    assert registration.distribution == "tyxq-spsa"
    assert registration.record.exact is False
    assert isinstance(tyxq.context.gradient_method_instance("spsa", samples=4), SPSAGradient)


def test_quadratic_estimate_lies_within_five_standard_errors() -> None:
    samples = 2000
    _, grad = estimate(SPSAGradient(samples=samples, seed=11), quadratic, THETA)
    exact = A @ THETA + B
    assert np.all(np.abs(grad - exact) <= 5 * leakage_std(exact, samples))


def test_quadratic_estimates_are_unbiased_with_the_predicted_variance() -> None:
    """400 independent 5-sample estimates: their mean is the gradient, their variance Σ_{j≠i} g_j² / 5."""
    method, samples, runs = SPSAGradient(samples=5, seed=12), 5, 400
    estimates = np.array([estimate(method, quadratic, THETA)[1] for _ in range(runs)])
    exact = A @ THETA + B
    predicted = leakage_std(exact, samples) ** 2
    assert np.all(np.abs(estimates.mean(axis=0) - exact) <= 5 * np.sqrt(predicted / runs))
    # the sample variance of `runs` draws is within ±5·sqrt(2/runs) of the truth (relative), to leading order
    np.testing.assert_allclose(estimates.var(axis=0, ddof=1), predicted, rtol=5 * np.sqrt(2 / runs))


def test_two_qubit_expectation_estimate_lies_within_five_standard_errors() -> None:
    samples, step = 3000, 0.05
    a, b = 0.4, 1.1
    value, grad = estimate(SPSAGradient(samples=samples, step=step, seed=13), two_qubit_energy, np.array([a, b]))
    exact = two_qubit_gradient(a, b)
    bias = step**2 / 6 * 3  # |third derivatives| ≤ 3 here, central-difference error c²/6 · f'''
    assert float(value) == pytest.approx(np.cos(a) + np.cos(a) * np.cos(b), abs=1e-12)
    assert np.all(np.abs(grad - exact) <= 5 * leakage_std(exact, samples) + bias)


def test_one_parameter_spsa_is_the_central_difference() -> None:
    """With one parameter Δ² = 1, so every sample is (f(θ+c) − f(θ−c)) / 2c, whatever the seed."""
    fn = lambda theta: tyxq.expectation(tyxq.Circuit(1).rx(0, theta[0]), tyxq.Z(0))  # noqa: E731
    _, grad = estimate(SPSAGradient(samples=3, step=0.01, seed=14), fn, np.array([0.8]))
    assert float(grad[0]) == pytest.approx((np.cos(0.81) - np.cos(0.79)) / 0.02, abs=1e-12)


def test_same_seed_replays_and_calls_advance() -> None:
    first, second = SPSAGradient(samples=2, seed=15), SPSAGradient(samples=2, seed=15)
    a = estimate(first, quadratic, THETA)[1]
    np.testing.assert_array_equal(a, estimate(second, quadratic, THETA)[1])
    assert not np.array_equal(estimate(first, quadratic, THETA)[1], a), "a second call reused the directions"


def test_several_arguments_are_perturbed_together() -> None:
    def fn(w: np.ndarray, x: float) -> np.ndarray:
        return tyxq.expectation(tyxq.Circuit(2).ry(0, w[0] + x).rx(1, 2 * w[1]).cz(0, 1), tyxq.Z(0) + tyxq.Z(1))

    samples = 3000
    _, (gw, gx) = estimate(
        SPSAGradient(samples=samples, step=0.02, seed=16), fn, np.array([0.3, 0.5]), 0.2, argnums=(0, 1)
    )
    a, b = 0.5, 1.0
    exact = np.array([-np.sin(a), -2 * np.sin(b), -np.sin(a)])  # d/dw0, d/dw1, d/dx
    assert gw.shape == (2,) and np.shape(gx) == ()
    got = np.array([gw[0], gw[1], float(gx)])
    assert np.all(np.abs(got - exact) <= 5 * leakage_std(exact, samples) + 1e-3)


def test_gradients_keep_the_argument_dtype() -> None:
    with tyxq.use_backend("numpy", dtype="complex64"):
        theta = np.array([0.1, 0.2], dtype=np.float32)
        _, grad = estimate(SPSAGradient(samples=2, seed=17), two_qubit_energy, theta)
    assert grad.dtype == np.float32


@pytest.mark.parametrize("samples", [0, -3, 2.5, True])
def test_invalid_sample_counts_are_refused(samples) -> None:
    with pytest.raises(tyxq.GradientError, match="samples"):
        SPSAGradient(samples=samples)


@pytest.mark.parametrize("step", [0.0, -0.1, float("nan"), float("inf")])
def test_invalid_steps_are_refused(step) -> None:
    with pytest.raises(tyxq.GradientError, match="step"):
        SPSAGradient(step=step)


def test_integer_arguments_are_refused() -> None:
    with pytest.raises(tyxq.GradientError, match="floating-point"):
        estimate(SPSAGradient(seed=1), quadratic, np.array([1, 2, 3]))


def test_a_step_lost_to_rounding_is_refused() -> None:
    with tyxq.use_backend("numpy", dtype="complex64"):
        with pytest.raises(tyxq.GradientError, match="larger step"):
            estimate(SPSAGradient(step=1e-3, seed=1), lambda t: np.sum(t), np.array([1e6, 2e6], dtype=np.float32))


def test_works_through_the_user_verb_in_the_shots_mode() -> None:
    a, b = 0.4, 1.1
    with (
        tyxq.use_execution_mode("shots", shots=20_000, seed=3),
        tyxq.use_gradient_method("spsa", samples=400, step=0.2, seed=4),
    ):
        _, grad = tyxq.value_and_grad(two_qubit_energy)(np.array([a, b]))
    # shot noise with common random numbers: a term's estimate changes only in the shots whose outcome the move
    # flips, each with probability q ≤ |p(θ+cΔ) − p(θ−cΔ)| ≤ 2c (|∂p/∂θ_i| ≤ 1/2 for RY, two angles) and by
    # 2/shots, so one term's difference has variance ≤ 4q/shots ≤ 8c/shots; two terms at worst correlated double
    # the std; divided by 2c, and shared by the samples of one gradient (not divided by them)
    exact = two_qubit_gradient(a, b)
    noise = 2 * np.sqrt(8 * 0.2 / 20_000) / (2 * 0.2)
    bias = 0.2**2 / 6 * 3
    assert np.all(np.abs(grad - exact) <= 5 * (leakage_std(exact, 400) + noise) + bias)
