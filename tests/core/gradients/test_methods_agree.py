"""Every gradient method against the dense reference and against every other, on random circuits."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on
from .random_cases import random_case

TOLERANCE = {"adjoint": 1e-9, "parameter_shift": 1e-9, "auto": 1e-9, "autograd": 1e-9, "finite_difference": 1e-6}
NUMPY_METHODS = ["adjoint", "parameter_shift", "finite_difference", "auto"]


def supported(backend: object) -> list[str]:
    names = list(NUMPY_METHODS)
    if backend.capabilities.autodiff:  # type: ignore[attr-defined]
        names.append("autograd")
    return names


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("method", NUMPY_METHODS)
def test_gradient_matches_dense_reference(backend_name: str, method: str, seed: int) -> None:
    case = random_case(seed)
    p = np.random.default_rng(seed).uniform(-2, 2, case.n_params)
    with active(backend_name) as backend:
        value, grad = tyxq.value_and_grad(case.energy, method=method)(on(backend, p))
    assert abs(float(host(backend, value)) - case.reference_energy(p)) < 1e-10
    np.testing.assert_allclose(host(backend, grad), case.reference_gradient(p), atol=TOLERANCE[method])


@pytest.mark.parametrize("seed", range(10, 16))
def test_every_method_agrees_with_every_other(backend_name: str, seed: int) -> None:
    case = random_case(seed)
    p = np.random.default_rng(seed).uniform(-2, 2, case.n_params)
    with active(backend_name) as backend:
        report = tyxq.gradcheck(case.energy, on(backend, p), methods=supported(backend))
    assert report.passed, str(report)
    assert report.max_difference < TOLERANCE["finite_difference"]


@pytest.mark.parametrize("seed", range(16, 22))
@pytest.mark.parametrize("method", NUMPY_METHODS)
def test_batched_gradient_is_each_members_gradient(backend_name: str, method: str, seed: int) -> None:
    case = random_case(seed)
    p = np.random.default_rng(seed).uniform(-2, 2, (3, case.n_params))
    with active(backend_name) as backend:
        value, grad = tyxq.value_and_grad(case.energy, method=method)(on(backend, p))
    assert host(backend, grad).shape == p.shape
    for b in range(3):
        assert abs(host(backend, value)[b] - case.reference_energy(p[b])) < 1e-10
        np.testing.assert_allclose(host(backend, grad)[b], case.reference_gradient(p[b]), atol=TOLERANCE[method])


@pytest.mark.parametrize("seed", range(22, 26))
@pytest.mark.parametrize(
    ("method", "tolerance"), [("adjoint", 2e-4), ("parameter_shift", 2e-4), ("finite_difference", 2e-3)]
)
def test_complex64_gradients_within_float32_tolerance(
    backend_name: str, method: str, tolerance: float, seed: int
) -> None:
    case = random_case(seed)
    p = np.random.default_rng(seed).uniform(-2, 2, case.n_params)
    with active(backend_name, dtype="complex64") as backend:
        _, grad = tyxq.value_and_grad(case.energy, method=method)(on(backend, p))
        assert backend.dtype_name(grad) == "float32"
    np.testing.assert_allclose(host(backend, grad), case.reference_gradient(p), atol=tolerance)
