"""Costs built on expectations, differentiated on numpy through HIPS autograd (tyxq[autograd])."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

anp = pytest.importorskip("autograd.numpy", reason="the autograd extra: pip install 'tyxq[autograd]'")

METHODS = ["adjoint", "parameter_shift", "auto", "finite_difference"]
THETA = np.array([0.4, -0.9])


def expectation_pair(theta: object) -> tuple[object, object]:
    c = tyxq.Circuit(2).ry(0, theta[0]).rx(1, 2 * theta[1]).cnot(0, 1)  # type: ignore[index]
    return tyxq.expectation(c, tyxq.Z(0)), tyxq.expectation(c, tyxq.Z(1))


def analytic_pair(theta: np.ndarray) -> tuple[float, float]:
    """<Z0> = cos θ0; <Z1> = cos θ0 cos 2θ1 after the cnot."""
    return float(np.cos(theta[0])), float(np.cos(theta[0]) * np.cos(2 * theta[1]))


def analytic_gradient(cost: object, theta: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of the cost applied to the analytic expectations (an independent reference)."""
    grad = np.zeros(theta.size)
    for k in range(theta.size):
        step = np.zeros(theta.size)
        step[k] = h
        grad[k] = (cost(*analytic_pair(theta + step)) - cost(*analytic_pair(theta - step))) / (2 * h)
    return grad


COSTS = {
    "shifted square": lambda e1, e2: (e1 - 0.5) ** 2,
    "affine": lambda e1, e2: 2 * e1 + 0.1,
    "sum": lambda e1, e2: e1 + e2,
    "product and sine": lambda e1, e2: anp.sin(e1 * e2),
}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", sorted(COSTS))
def test_cost_of_expectations_has_the_analytic_gradient(method: str, name: str) -> None:
    cost = COSTS[name]
    with tyxq.use_backend("numpy"):
        value, grad = tyxq.value_and_grad(lambda t: cost(*expectation_pair(t)), method=method)(THETA)
    assert np.isclose(float(value), cost(*analytic_pair(THETA)))
    np.testing.assert_allclose(
        grad, analytic_gradient(cost, THETA), atol=1e-8 if method != "finite_difference" else 1e-6
    )


def test_autograd_grad_calls_tyxq_directly_through_the_primitive() -> None:
    from tyxq.gradients.autograd_numpy import autograd_vjp
    from tyxq.gradients.routes import method_route

    route = method_route(tyxq.gradients.ParameterShiftGradient(), tyxq.get_backend())
    cost = COSTS["shifted square"]
    _, pullback = autograd_vjp(lambda t: cost(*expectation_pair(t)), (THETA,), (0,), tyxq.get_backend(), route)
    np.testing.assert_allclose(pullback(1.0)[0], analytic_gradient(cost, THETA), atol=1e-8)


def test_a_cost_trains_on_numpy_without_torch() -> None:
    target = 0.8
    cost = lambda t: (expectation_pair(t)[1] - target) ** 2  # noqa: E731
    step = tyxq.value_and_grad(cost, method="adjoint")
    theta = THETA.copy()
    first = float(step(theta)[0])
    for _ in range(40):
        value, grad = step(theta)
        theta = theta - 0.5 * grad
    assert first > 0.1 and float(value) < 1e-4


def test_jacobian_of_a_cost_vector_on_numpy() -> None:
    def stacked(t: object) -> object:
        e1, e2 = expectation_pair(t)
        return anp.stack([e1 * e2, e1 - 2 * e2])

    for method in ("adjoint", "parameter_shift"):
        jac = tyxq.jacobian(stacked, method=method)(THETA)
        reference = np.stack(
            [analytic_gradient(lambda a, b: a * b, THETA), analytic_gradient(lambda a, b: a - 2 * b, THETA)]
        )
        np.testing.assert_allclose(jac, reference, atol=1e-8, err_msg=method)


def test_a_conversion_to_a_plain_number_is_refused_by_name() -> None:
    cost = lambda t: float(expectation_pair(t)[0]) ** 2  # noqa: E731
    with pytest.raises(tyxq.GradientError, match=r"autograd\.numpy"):
        tyxq.value_and_grad(cost, method="adjoint")(THETA)


def test_a_value_detached_from_the_trace_is_refused_not_given_a_zero_gradient() -> None:
    from autograd.tracer import getval

    cost = lambda t: 2.0 * getval(expectation_pair(t)[0])  # noqa: E731
    with pytest.raises(tyxq.GradientError, match="does not: a step detached it"):
        tyxq.value_and_grad(cost, method="parameter_shift")(THETA)


def test_a_traced_initial_state_is_refused_by_name() -> None:
    def cost(t: object) -> object:
        state = anp.array([anp.cos(t[0]), anp.sin(t[0])])  # type: ignore[index]
        c = tyxq.Circuit(1, inputs=state).ry(0, t[1])  # type: ignore[index]
        return 2 * tyxq.expectation(c, tyxq.Z(0))

    with pytest.raises(tyxq.GradientError, match=r"initial inputs depend on the differentiated arguments"):
        tyxq.value_and_grad(cost, method="adjoint")(THETA)


@pytest.mark.parametrize("method", ["auto", "adjoint", "parameter_shift"])
def test_autograd_grad_of_a_cost_uses_the_active_method(method: str) -> None:
    import autograd

    cost = COSTS["product and sine"]
    with tyxq.use_backend("numpy"), tyxq.use_gradient_method(method):
        grad = autograd.grad(lambda t: cost(*expectation_pair(t)))(THETA)
    np.testing.assert_allclose(grad, analytic_gradient(cost, THETA), atol=1e-8)


def test_autograd_grad_refuses_a_method_without_a_vjp() -> None:
    import autograd

    with tyxq.use_gradient_method("finite_difference"), pytest.raises(tyxq.GradientError, match="has no vector"):
        autograd.grad(lambda t: expectation_pair(t)[0] ** 2)(THETA)


def test_without_autograd_a_cost_is_refused_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import tyxq.gradients.chain as chain

    monkeypatch.setattr(chain, "autograd_installed", lambda: False)
    with pytest.raises(tyxq.GradientError, match=r'pip install "tyxq\[autograd\]"'):
        tyxq.value_and_grad(lambda t: expectation_pair(t)[0] * 2, method="adjoint")(THETA)


def test_a_traced_channel_parameter_is_refused_by_name() -> None:
    def cost(t: object) -> object:
        c = tyxq.Circuit(1).ry(0, t[0]).depolarizing(0, 0.1 * t[1] ** 2)  # type: ignore[index]
        return 2 * tyxq.expectation(c, tyxq.Z(0), mode="density_matrix")

    with pytest.raises(tyxq.GradientError, match=r"operation 1 \(depolarizing, a channel\)"):
        tyxq.value_and_grad(cost, method="parameter_shift")(THETA)
