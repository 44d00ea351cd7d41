"""Combinations a method cannot differentiate are errors that name the method to use instead."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, on


def energy(p: Any) -> Any:
    return tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]), tyxq.Z(0))


def sampled(p: Any) -> Any:
    return tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]), tyxq.Z(0), mode="shots", shots=100, seed=1)


def test_autograd_without_autodiff_names_the_methods_that_work() -> None:
    with active("numpy"), pytest.raises(tyxq.GradientError) as caught:
        tyxq.value_and_grad(energy, method="autograd")(np.array([0.1]))
    message = str(caught.value)
    assert "backend 'numpy' has none" in message
    assert all(name in message for name in ("'adjoint'", "'parameter_shift'", "'finite_difference'"))


def test_adjoint_through_shots_names_parameter_shift(backend_name: str) -> None:
    with active(backend_name) as backend, tyxq.use_execution_mode("shots", shots=100, seed=1):
        with pytest.raises(tyxq.GradientError, match="use method='parameter_shift'"):
            tyxq.value_and_grad(energy, method="adjoint")(on(backend, [0.1]))


def test_autograd_through_shots_names_parameter_shift(autodiff_backend_name: str) -> None:
    with active(autodiff_backend_name) as backend, tyxq.use_execution_mode("shots", shots=100, seed=1):
        with pytest.raises(tyxq.GradientError, match="use method='parameter_shift'"):
            tyxq.value_and_grad(energy, method="autograd")(on(backend, [0.1]))


def test_a_sampled_call_inside_the_function_is_refused_by_adjoint(backend_name: str) -> None:
    with active(backend_name) as backend:  # the active mode is exact; the call itself asks for shots
        with pytest.raises(tyxq.GradientError, match=r"mode 'shots'.*use method='parameter_shift'"):
            tyxq.value_and_grad(sampled, method="adjoint")(on(backend, [0.1]))


def test_a_sampled_call_inside_the_function_is_refused_by_autograd(autodiff_backend_name: str) -> None:
    with active(autodiff_backend_name) as backend:
        with pytest.raises(tyxq.GradientError, match=r"mode 'shots'.*use method='parameter_shift'"):
            tyxq.value_and_grad(sampled, method="autograd")(on(backend, [0.1]))


def test_auto_uses_parameter_shift_for_sampled_calls(backend_name: str) -> None:
    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(sampled)(on(backend, [0.1]))
        _, shifted = tyxq.value_and_grad(sampled, method="parameter_shift")(on(backend, [0.1]))
    assert np.array_equal(np.asarray(backend.to_numpy(grad)), np.asarray(backend.to_numpy(shifted)))


def test_a_named_method_never_falls_back() -> None:
    non_affine = lambda p: tyxq.expectation(tyxq.Circuit(1).rx(0, p[0] ** 2), tyxq.Z(0))  # noqa: E731
    for method in ("adjoint", "parameter_shift", "auto"):  # auto falls back only when autodiff fails
        with pytest.raises(tyxq.GradientError, match="not affine"):
            tyxq.value_and_grad(non_affine, method=method)(np.array([0.3]))


@pytest.mark.parametrize(
    ("argnums", "message"), [(3, "asks for argument 3"), ((0, 0), "names an argument twice"), ((), "non-empty")]
)
def test_bad_argnums_are_errors(argnums: Any, message: str) -> None:
    with pytest.raises(tyxq.GradientError, match=message):
        tyxq.value_and_grad(energy, argnums=argnums)(np.array([0.1]))


def test_integer_arguments_cannot_be_differentiated() -> None:
    with pytest.raises(tyxq.GradientError, match="argument 0 has dtype int64"):
        tyxq.value_and_grad(energy)(np.array([1]))


def test_unknown_method_lists_the_installed_ones() -> None:
    # whatever plugins this environment adds (tyxq-spsa, ...), the message lists exactly what is installed
    with pytest.raises(tyxq.UnknownPluginError) as error:
        tyxq.value_and_grad(energy, method="no_such_method")
    [listed] = [line for line in str(error.value).splitlines() if line.startswith("Installed gradient methods: ")]
    names = listed.removeprefix("Installed gradient methods: ").rstrip(".").split(", ")
    assert names == tyxq.available_gradient_methods()
    assert {"adjoint", "auto", "autograd", "finite_difference", "parameter_shift"} <= set(names)
