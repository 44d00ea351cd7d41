"""The backend's own autodiff: autograd, and adjoint and parameter shift inside the backend's graph.

These run on every declared backend with automatic differentiation (torch in
its tox env); where none is declared they are reported as skipped with that
reason.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.gradients import FallbackWarning

from ..backend_matrix import active, host, on
from .random_cases import random_case

METHODS = ["autograd", "adjoint", "parameter_shift", "finite_difference", "auto"]


@pytest.mark.parametrize("seed", range(6))
def test_every_method_agrees_through_classical_post_processing(autodiff_backend_name: str, seed: int) -> None:
    case = random_case(seed)
    p = np.random.default_rng(seed).uniform(-2, 2, case.n_params)

    def loss(q: Any) -> Any:  # processing that numpy's affine rule would refuse
        return (case.energy(q) - 0.3) ** 2 + 0.5 * case.energy(2 * q)

    with active(autodiff_backend_name) as backend:
        report = tyxq.gradcheck(loss, on(backend, p), methods=METHODS)
        _, grad = tyxq.value_and_grad(loss, method="adjoint")(on(backend, p))
    assert report.passed, str(report)
    e, d = case.reference_energy(p), case.reference_gradient(p)
    expected = 2 * (e - 0.3) * d + 0.5 * 2 * case.reference_gradient(2 * p)
    np.testing.assert_allclose(host(backend, grad), expected, atol=1e-8)


@pytest.mark.parametrize("method", METHODS)
def test_batched_values_keep_their_batch_and_gradients_their_array_type(
    autodiff_backend_name: str, method: str
) -> None:
    case = random_case(40)
    p = np.random.default_rng(40).uniform(-2, 2, (3, case.n_params))
    with active(autodiff_backend_name) as backend:
        params = on(backend, p)
        value, grad = tyxq.value_and_grad(case.energy, method=method)(params)
    assert type(grad) is type(params) and type(value) is type(params)
    assert backend.shape(value) == (3,) and backend.shape(grad) == p.shape
    for b in range(3):
        np.testing.assert_allclose(host(backend, grad)[b], case.reference_gradient(p[b]), atol=1e-6)


def test_auto_falls_back_to_finite_differences_once_per_function_with_a_warning(autodiff_backend_name: str) -> None:
    def leaves_the_graph(q: Any) -> Any:  # a round trip through host memory leaves the autodiff tape
        backend = tyxq.get_backend()
        value = tyxq.expectation(tyxq.Circuit(1).ry(0, q[0]), tyxq.Z(0))
        return backend.asarray(np.cos(backend.to_numpy(backend.detach(value))))

    with active(autodiff_backend_name) as backend:
        differentiate = tyxq.value_and_grad(leaves_the_graph)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _, first = differentiate(on(backend, [0.4]))
            _, second = differentiate(on(backend, [0.9]))
    fallbacks = [w for w in caught if issubclass(w.category, FallbackWarning)]
    assert len(fallbacks) == 1 and "falls back to finite differences" in str(fallbacks[0].message)
    for theta, grad in ((0.4, first), (0.9, second)):  # d/dθ cos(cos θ) = sin(cos θ) sin θ
        assert float(host(backend, grad)[0]) == pytest.approx(np.sin(np.cos(theta)) * np.sin(theta), abs=1e-7)


def test_a_named_autograd_does_not_fall_back(autodiff_backend_name: str) -> None:
    def leaves_the_graph(q: Any) -> Any:
        backend = tyxq.get_backend()
        return backend.asarray(
            backend.to_numpy(backend.detach(tyxq.expectation(tyxq.Circuit(1).ry(0, q[0]), tyxq.Z(0))))
        )

    with active(autodiff_backend_name) as backend, pytest.raises(tyxq.NotDifferentiableError):
        tyxq.value_and_grad(leaves_the_graph, method="autograd")(on(backend, [0.4]))
