"""Finite differences: the per-dtype step, overriding it, and differentiating any function."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.gradients.finite_difference import default_step

from ..backend_matrix import active, host, on


def cosine(theta: Any) -> Any:
    """<Z> after RY(θ) is cos θ."""
    return tyxq.expectation(tyxq.Circuit(1).ry(0, theta[0]), tyxq.Z(0))


@pytest.mark.parametrize(("dtype", "step"), [(np.float64, 6.055e-6), (np.float32, 4.921e-3)])
def test_default_step_is_the_cube_root_of_machine_epsilon(dtype: type, step: float) -> None:
    eps = float(np.finfo(dtype).eps)
    assert default_step(0.3, eps) == pytest.approx(step, rel=1e-3)
    assert default_step(-20.0, eps) == pytest.approx(20 * step, rel=1e-3)


def test_an_overridden_step_is_the_one_taken(backend_name: str) -> None:
    theta, h = 0.8, 0.25
    with active(backend_name) as backend, tyxq.use_gradient_method("finite_difference", step=h):
        _, grad = tyxq.value_and_grad(cosine)(on(backend, [theta]))
    # the central difference of cos with step h is exactly -sin θ · sin h / h
    assert float(host(backend, grad)[0]) == pytest.approx(-np.sin(theta) * np.sin(h) / h, abs=1e-12)


def test_complex64_takes_the_float32_step(backend_name: str) -> None:
    # with a float64-sized step, float32 rounding of cos θ would leave errors near 1e-2
    with active(backend_name, dtype="complex64") as backend:
        _, grad = tyxq.value_and_grad(cosine, method="finite_difference")(on(backend, [0.8]))
    assert abs(float(host(backend, grad)[0]) + np.sin(0.8)) < 2e-4


def test_differentiates_any_processing_of_expectations(backend_name: str) -> None:
    def loss(p: Any) -> Any:
        return (cosine(p) - 0.25) ** 2 + p[0] ** 3

    with active(backend_name) as backend:
        value, grad = tyxq.value_and_grad(loss, method="finite_difference")(on(backend, [0.6]))
    assert float(host(backend, value)) == pytest.approx((np.cos(0.6) - 0.25) ** 2 + 0.6**3, abs=1e-12)
    expected = 2 * (np.cos(0.6) - 0.25) * -np.sin(0.6) + 3 * 0.6**2
    assert float(host(backend, grad)[0]) == pytest.approx(expected, abs=1e-8)


@pytest.mark.parametrize("step", [0, -1e-3, float("nan"), "small"])
def test_rejects_a_step_that_is_not_a_positive_number(step: Any) -> None:
    with pytest.raises(tyxq.GradientError, match="step must be a positive finite number"):
        tyxq.gradients.FiniteDifferenceGradient(step=step)
