"""Gradients of noisy expectations: autograd in density_matrix (channel parameters included) against
parameter shift and finite differences; parameter shift and finite differences in trajectories."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, autodiff_backend_params, backend_params

OBSERVABLE = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(1) - 0.3 * tyxq.Y(0)


def _circuit(angles: Any, noise: Any) -> tyxq.Circuit:
    return (
        tyxq.Circuit(2)
        .rx(0, angles[0])
        .depolarizing(0, noise[0])
        .cnot(0, 1)
        .ry(1, angles[1])
        .amplitude_damping(1, noise[1])
        .rzz(0, 1, angles[2])
        .thermal_relaxation(0, 1.0, 1.5, noise[2])
        .rx(1, angles[0] * 0.5)
    )


ANGLES = np.array([0.7, -0.4, 1.1])
NOISE = np.array([0.15, 0.3, 0.4])


def _energy(angles: Any, noise: Any) -> Any:
    return tyxq.expectation(_circuit(angles, noise), OBSERVABLE, mode="density_matrix")


@pytest.fixture(params=autodiff_backend_params())
def autodiff_backend(request: pytest.FixtureRequest) -> Any:
    with active(request.param) as backend:
        yield backend


def test_autograd_differentiates_gate_and_channel_parameters_as_finite_differences_do(autodiff_backend: Any) -> None:
    angles, noise = autodiff_backend.asarray(ANGLES), autodiff_backend.asarray(NOISE)
    _, (by_autograd, by_autograd_noise) = tyxq.value_and_grad(_energy, argnums=(0, 1), method="autograd")(angles, noise)
    _, (numeric, numeric_noise) = tyxq.value_and_grad(_energy, argnums=(0, 1), method="finite_difference")(
        angles, noise
    )
    host = autodiff_backend.to_numpy
    np.testing.assert_allclose(host(by_autograd), host(numeric), atol=1e-7)
    np.testing.assert_allclose(host(by_autograd_noise), host(numeric_noise), atol=1e-7)
    assert np.any(np.abs(host(by_autograd_noise)) > 1e-3), "the channel parameters matter in this circuit"


def test_autograd_agrees_with_parameter_shift_on_gate_angles(autodiff_backend: Any) -> None:
    angles = autodiff_backend.asarray(ANGLES)
    _, by_autograd = tyxq.value_and_grad(lambda a: _energy(a, NOISE), method="autograd")(angles)
    _, by_shift = tyxq.value_and_grad(lambda a: _energy(a, NOISE), method="parameter_shift")(angles)
    np.testing.assert_allclose(autodiff_backend.to_numpy(by_autograd), autodiff_backend.to_numpy(by_shift), atol=1e-10)


def test_parameter_shift_refuses_tracked_channel_parameters(autodiff_backend: Any) -> None:
    noise = autodiff_backend.asarray(NOISE)
    with pytest.raises(tyxq.GradientError, match="channel depolarizing"):
        tyxq.value_and_grad(lambda n: _energy(ANGLES, n), method="parameter_shift")(noise)


@pytest.mark.parametrize("name", backend_params())
def test_parameter_shift_and_auto_in_density_matrix_match_finite_differences(name: str) -> None:
    with active(name):
        _, numeric = tyxq.value_and_grad(lambda a: _energy(a, NOISE), method="finite_difference")(ANGLES)
        for method in ("parameter_shift", "auto"):
            _, grad = tyxq.value_and_grad(lambda a: _energy(a, NOISE), method=method)(ANGLES)
            np.testing.assert_allclose(tyxq.get_backend().to_numpy(grad), numeric, atol=1e-7)


def test_adjoint_refuses_the_mixed_state_mode_naming_the_alternatives() -> None:
    with pytest.raises(tyxq.GradientError, match=r"mixed state.*autograd"):
        tyxq.value_and_grad(lambda a: _energy(a, NOISE), method="adjoint")(ANGLES)


def test_channel_parameters_that_depend_on_the_arguments_are_refused_by_parameter_shift_on_numpy() -> None:
    with pytest.raises(tyxq.GradientError, match="channel's parameters"):
        tyxq.value_and_grad(lambda n: _energy(ANGLES, n), method="parameter_shift")(NOISE)


@pytest.mark.parametrize("method", ["parameter_shift", "finite_difference"])
def test_trajectory_gradients_estimate_the_exact_gradient(method: str) -> None:
    exact = tyxq.value_and_grad(lambda a: _energy(a, NOISE), method="parameter_shift")(ANGLES)[1]
    mode = tyxq.TrajectoriesMode(trajectories=3000, seed=4)

    def sampled(angles: Any) -> Any:
        return tyxq.expectation(_circuit(angles, NOISE), OBSERVABLE, mode=mode)

    _, grad = tyxq.value_and_grad(sampled, method=method)(ANGLES)
    # each estimate has a standard error below 1.8/sqrt(3000) = 0.033, and a component of the parameter-shift
    # gradient is half a difference of two or four of them (sd <= 0.033); measured errors stay below 0.02
    np.testing.assert_allclose(grad, exact, atol=0.1)
