"""tyxq.jacobian and tyxq.hessian on the jax backend, against analytic values."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq


def pair(t: object) -> object:
    """<Z0> = cos t0, <X0> = sin t0 cos t1 after ry(t0) rz(t1)."""
    return tyxq.expectation(tyxq.Circuit(1).ry(0, t[0]).rz(0, t[1]), [tyxq.Z(0), tyxq.X(0)])  # type: ignore[index]


@pytest.mark.parametrize("method", ["autograd", "adjoint", "parameter_shift"])
def test_jacobian_on_jax(method: str) -> None:
    t = np.array([0.3, 0.8])
    with tyxq.use_backend("jax", dtype="complex128") as backend:
        jac = np.asarray(backend.to_numpy(tyxq.jacobian(pair, method=method)(backend.asarray(t))))
    expected = [[-np.sin(0.3), 0.0], [np.cos(0.3) * np.cos(0.8), -np.sin(0.3) * np.sin(0.8)]]
    np.testing.assert_allclose(jac, expected, atol=1e-10)


@pytest.mark.parametrize("method", ["autograd", "parameter_shift"])
def test_hessian_on_jax(method: str) -> None:
    energy = lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t[0]).rx(0, t[1]), tyxq.Z(0))  # noqa: E731
    t = np.array([0.3, 0.5])
    with tyxq.use_backend("jax", dtype="complex128") as backend:
        h = np.asarray(backend.to_numpy(tyxq.hessian(energy, method=method)(backend.asarray(t))))
    c0, s0, c1, s1 = np.cos(0.3), np.sin(0.3), np.cos(0.5), np.sin(0.5)
    np.testing.assert_allclose(h, [[-c0 * c1, s0 * s1], [s0 * s1, -c0 * c1]], atol=1e-10)
