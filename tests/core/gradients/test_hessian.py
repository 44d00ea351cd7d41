"""tyxq.hessian by second-order parameter shift and by autodiff, against finite differences of the gradient."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on

HAMILTONIAN = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(0) - 0.3 * tyxq.Y(1)


def energy(p: object) -> object:
    c = (
        tyxq.Circuit(2)
        .ry(0, p[0])  # type: ignore[index]
        .rx(1, 2 * p[1])  # type: ignore[index]
        .cnot(0, 1)
        .crx(0, 1, p[2] - p[0])  # type: ignore[index]
        .rz(0, p[1] + 0.2)  # type: ignore[index]
        .ry(1, p[2])  # type: ignore[index]
    )
    return tyxq.expectation(c, HAMILTONIAN)


def gradient_differences(p: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central differences of the exact (adjoint, numpy) gradient: the reference Hessian."""
    grad = tyxq.grad(energy, method="adjoint")
    rows = []
    for k in range(p.size):
        step = np.zeros(p.size)
        step[k] = h
        rows.append((grad(p + step) - grad(p - step)) / (2 * h))
    return np.array(rows)


P = np.array([0.3, -0.8, 1.4])


def hessian_methods(backend: object) -> list[str]:
    return ["parameter_shift", "auto"] + (["autograd"] if backend.capabilities.autodiff else [])  # type: ignore[attr-defined]


def test_hessian_matches_differences_of_the_gradient(backend_name: str) -> None:
    with tyxq.use_backend("numpy"):
        reference = gradient_differences(P)
    with active(backend_name) as backend:
        found = {m: host(backend, tyxq.hessian(energy, method=m)(on(backend, P))) for m in hessian_methods(backend)}
    for method, h in found.items():
        assert h.shape == (3, 3)
        np.testing.assert_allclose(h, reference, atol=1e-6, err_msg=method)
        np.testing.assert_allclose(h, h.T, atol=1e-10, err_msg=method)
    for method in found:
        np.testing.assert_allclose(found[method], found["parameter_shift"], atol=1e-8, err_msg=method)


def test_single_angle_hessian_is_analytic() -> None:
    h = tyxq.hessian(lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t), tyxq.X(0)), method="parameter_shift")(0.4)
    assert np.isclose(h, -np.sin(0.4))  # d²/dt² sin t


def test_second_order_shifts_share_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    module = sys.modules["tyxq.gradients.hessian"]  # the attribute tyxq.gradients.hessian is the function
    batches = []
    original = module.evaluate_shifted

    def counting(call: object, shifts: np.ndarray) -> object:
        batches.append(shifts.shape)
        return original(call, shifts)

    monkeypatch.setattr(module, "evaluate_shifted", counting)
    two = lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t[0]).rx(0, t[1]), tyxq.Z(0))  # noqa: E731
    tyxq.hessian(two, method="parameter_shift")(np.array([0.1, 0.2]))
    # diagonal entries: shifts ±π and one unshifted circuit shared by both; off-diagonal: four
    assert batches == [(2, 3 + 2 + 4)]


def test_tuple_argnums_gives_blocks() -> None:
    def split(a: object, b: object) -> object:
        return tyxq.expectation(tyxq.Circuit(1).ry(0, a).rx(0, b), tyxq.Z(0))  # cos a cos b

    blocks = tyxq.hessian(split, argnums=(0, 1), method="parameter_shift")(0.3, 0.5)
    ca, sa, cb, sb = np.cos(0.3), np.sin(0.3), np.cos(0.5), np.sin(0.5)
    np.testing.assert_allclose(
        np.array([[float(x) for x in row] for row in blocks]), [[-ca * cb, sa * sb], [sa * sb, -ca * cb]], atol=1e-12
    )


def test_shots_hessian_is_within_four_sigma() -> None:
    shots = 40000
    with tyxq.use_execution_mode("shots", shots=shots, seed=5):
        h = tyxq.hessian(energy, method="parameter_shift")(P)
    with tyxq.use_backend("numpy"):
        reference = gradient_differences(P)
    # every entry is Σ c c' E with Σ|c c'| ≤ 4 (four-term rules) of estimates with σ ≤ 1.8/√shots
    assert np.max(np.abs(h - reference)) < 4 * 4 * 1.8 / np.sqrt(shots)


def test_hessian_refuses_a_non_scalar_and_adjoint() -> None:
    listed = lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t), [tyxq.Z(0), tyxq.X(0)])  # noqa: E731
    with pytest.raises(tyxq.GradientError, match="differentiates a scalar"):
        tyxq.hessian(listed, method="parameter_shift")(0.3)
    with pytest.raises(tyxq.GradientError, match="not by method 'adjoint'"):
        tyxq.hessian(energy, method="adjoint")(P)
