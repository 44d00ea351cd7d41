"""tyxq.grad refuses an observable axis (naming jacobian) and keeps the batch axis's meaning."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on

METHODS = ["adjoint", "parameter_shift", "finite_difference", "auto"]


def listed(p: object) -> object:
    return tyxq.expectation(tyxq.Circuit(1).ry(0, p[0]), [tyxq.Z(0), tyxq.X(0)])  # type: ignore[index]


@pytest.mark.parametrize("method", METHODS)
def test_grad_of_a_list_of_observables_is_refused_naming_jacobian(backend_name: str, method: str) -> None:
    with active(backend_name) as backend, pytest.raises(tyxq.GradientError, match=r"observable axis.*tyxq\.jacobian"):
        tyxq.grad(listed, method=method)(on(backend, [0.3]))


def test_value_and_grad_of_a_batched_list_is_refused(backend_name: str) -> None:
    with active(backend_name) as backend, pytest.raises(tyxq.GradientError, match=r"shape \(3, 2\).*jacobian"):
        tyxq.value_and_grad(listed, method="parameter_shift")(on(backend, np.array([[0.1, 0.2, 0.3]])))


@pytest.mark.parametrize("method", METHODS)
def test_a_batch_still_gives_every_members_gradient(backend_name: str, method: str) -> None:
    theta = np.array([0.1, 0.7, -1.2])
    energy = lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t), tyxq.Z(0))  # noqa: E731
    with active(backend_name) as backend:
        value, grad = tyxq.value_and_grad(energy, method=method)(on(backend, theta))
        value, grad = host(backend, value), host(backend, grad)
    np.testing.assert_allclose(value, np.cos(theta), atol=1e-9)
    np.testing.assert_allclose(grad, -np.sin(theta), atol=1e-6)


def test_stacked_expectations_of_unbatched_circuits_are_refused_on_autodiff(autodiff_backend_name: str) -> None:
    def stacked(t: object) -> object:
        backend = tyxq.get_backend()
        c = tyxq.Circuit(1).ry(0, t)
        return backend.stack([tyxq.expectation(c, tyxq.Z(0)), tyxq.expectation(c, tyxq.X(0))], axis=0)

    with active(autodiff_backend_name) as backend, pytest.raises(tyxq.GradientError, match="not a batch"):
        tyxq.grad(stacked, method="autograd")(on(backend, 0.3))


def test_a_sum_of_the_list_is_still_differentiable(autodiff_backend_name: str) -> None:
    with active(autodiff_backend_name) as backend:
        grad = tyxq.grad(lambda p: listed(p).sum(), method="autograd")(on(backend, [0.3]))
        assert np.allclose(host(backend, grad), [-np.sin(0.3) + np.cos(0.3)])
