"""The user verbs: value_and_grad, grad, gradcheck, and choosing the method by name or context."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.gradients import FiniteDifferenceGradient

from ..backend_matrix import active, host, on


def energy(w: Any, x: Any) -> Any:
    return tyxq.expectation(tyxq.Circuit(1).rx(0, w[0] + x[0]).ry(0, w[1]), tyxq.Z(0))


def test_argnums_tuple_gives_one_gradient_per_argument(backend_name: str) -> None:
    w, x = np.array([0.2, 0.5]), np.array([0.1])
    with active(backend_name) as backend:
        value, (gw, gx) = tyxq.value_and_grad(energy, argnums=(1, 0))(on(backend, w), on(backend, x))
    a, b = 0.3, 0.5  # <Z> = cos a cos b
    assert float(host(backend, value)) == pytest.approx(np.cos(a) * np.cos(b), abs=1e-12)
    np.testing.assert_allclose(host(backend, gw), [-np.sin(a) * np.cos(b)], atol=1e-12)
    np.testing.assert_allclose(host(backend, gx), [-np.sin(a) * np.cos(b), -np.cos(a) * np.sin(b)], atol=1e-12)


def test_grad_returns_the_gradient_only(backend_name: str) -> None:
    with active(backend_name) as backend:
        params = on(backend, [0.2, 0.5])
        gradient = tyxq.grad(energy)(params, on(backend, [0.1]))
        _, expected = tyxq.value_and_grad(energy)(params, on(backend, [0.1]))
    np.testing.assert_array_equal(host(backend, gradient), host(backend, expected))


def test_no_method_means_the_active_one_when_called() -> None:
    differentiate = tyxq.value_and_grad(energy)
    w, x = np.array([0.2, 0.5]), np.array([0.1])
    _, exact = differentiate(w, x)
    with tyxq.use_gradient_method("finite_difference", step=0.5):
        _, coarse = differentiate(w, x)
    # the step 0.5 shrinks a derivative of cos by sin(0.5)/0.5
    np.testing.assert_allclose(coarse, exact * np.sin(0.5) / 0.5, atol=1e-12)


def test_gradcheck_reports_the_largest_disagreement_and_where() -> None:
    report = tyxq.gradcheck(
        energy, np.array([0.2, 0.5]), np.array([0.1]), methods=("adjoint", FiniteDifferenceGradient(step=1.0))
    )
    assert not report.passed
    assert report.worst is not None and report.worst[:2] == ("adjoint", "finite_difference")
    exact = report.gradients["adjoint"][0]
    assert report.max_difference == pytest.approx(np.max(np.abs(exact - exact * np.sin(1.0))), rel=1e-9)
    assert "DISAGREE" in str(report)


def test_gradcheck_in_a_sampled_mode_needs_a_tolerance() -> None:
    with tyxq.use_execution_mode("shots", shots=100, seed=0), pytest.raises(tyxq.GradientError, match="pass atol"):
        tyxq.gradcheck(energy, np.array([0.2, 0.5]), np.array([0.1]), methods=("parameter_shift", "finite_difference"))


def test_value_and_grad_needs_a_function() -> None:
    with pytest.raises(tyxq.GradientError, match="needs a function"):
        tyxq.value_and_grad(tyxq.Circuit(1))  # type: ignore[arg-type]


def test_registered_methods_describe_what_they_serve() -> None:
    manager = tyxq.plugins.get_plugin_manager()
    registrations = [manager.get("gradient", name) for name in tyxq.available_gradient_methods()]
    records = {item.name: item.record for item in registrations if item.builtin}  # plugins may add their own
    assert sorted(records) == ["adjoint", "auto", "autograd", "finite_difference", "parameter_shift"]
    assert records["autograd"].requires_autodiff and records["autograd"].exact_modes_only
    assert records["adjoint"].exact_modes_only and records["adjoint"].pure_modes_only
    assert not records["finite_difference"].exact and records["parameter_shift"].modes == ()
    for name in records:
        method = tyxq.gradients.resolve_method(name)
        assert isinstance(method, tyxq.gradients.GradientMethod) and method.name == name
