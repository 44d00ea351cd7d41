"""The base of evaluation-only gradient methods: finite differences on it give the numbers they gave before.

The reference is the central difference as ``finite_difference`` computed it
before it moved onto :class:`~tyxq.gradients.EvaluationGradient`, written
here from its definition: ``h = ε^(1/3) · max(1, |x|)`` (``ε`` the coarser
machine epsilon of the argument and the backend), or ``shots^(-1/5) ·
max(1, |x|)`` with sampled values, and the quotient over the step as the
argument's dtype stores it. The numbers must be the same bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.gradients import EvaluationGradient, Evaluations


def central_difference(fn: Callable[..., Any], args: tuple[Any, ...], position: int, shots: int | None = None) -> Any:
    """The old finite-difference gradient of ``sum(fn(*args))`` with respect to ``args[position]``."""
    original = args[position]
    dtype = original.dtype if isinstance(original, np.ndarray) else np.dtype(np.float64)
    eps = max(float(np.finfo(dtype).eps), float(np.finfo(np.float64).eps))
    host = np.asarray(original, dtype=np.float64)
    grad = np.zeros(host.shape)
    for k in range(host.size):
        x = float(host.flat[k])
        h = eps ** (1 / 3) * max(1.0, abs(x)) if shots is None else shots ** (-1 / 5) * max(1.0, abs(x))
        ends = []
        for sign in (1, -1):
            moved = host.copy()
            moved.flat[k] += sign * h
            value = float(moved) if isinstance(original, float) else moved.astype(dtype)
            new = list(args)
            new[position] = value
            ends.append((float(np.sum(fn(*new))), float(np.asarray(value, dtype=np.float64).flat[k])))
        (f_plus, x_plus), (f_minus, x_minus) = ends
        grad.flat[k] = (f_plus - f_minus) / (x_plus - x_minus)
    return grad


def energy(weights: Any, x: Any) -> Any:
    circuit = tyxq.Circuit(2).ry(0, weights[0] * x).rx(1, weights[1]).cnot(0, 1).rz(1, weights[2] + x)
    return tyxq.expectation(circuit, [tyxq.Z(0) @ tyxq.Z(1), tyxq.X(1)]).sum()  # a scalar: grad refuses a list


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_finite_difference_on_the_base_gives_the_old_numbers_bit_for_bit(dtype: type) -> None:
    weights, x = np.array([0.3, -1.2, 0.8], dtype=dtype), 0.45
    value, (grad_w, grad_x) = tyxq.value_and_grad(energy, argnums=(0, 1), method="finite_difference")(weights, x)
    np.testing.assert_array_equal(value, energy(weights, x))
    assert grad_w.dtype == dtype
    np.testing.assert_array_equal(grad_w, central_difference(energy, (weights, x), 0).astype(dtype))
    assert float(grad_x) == float(central_difference(energy, (weights, x), 1))


def test_finite_difference_with_shots_uses_one_seed_for_every_evaluation_as_before() -> None:
    def sampled(weights: Any) -> Any:
        circuit = tyxq.Circuit(2).ry(0, weights[0]).ry(1, weights[1]).cnot(0, 1)
        return tyxq.expectation(circuit, tyxq.Z(1), mode="shots", shots=4000, seed=17)

    weights = np.array([0.7, 0.2])
    _, grad = tyxq.value_and_grad(sampled, method="finite_difference")(weights)
    np.testing.assert_array_equal(grad, central_difference(sampled, (weights,), 0, shots=4000))
    exact = [-np.sin(0.7) * np.cos(0.2), -np.cos(0.7) * np.sin(0.2)]
    np.testing.assert_allclose(grad, exact, atol=0.1)  # the estimate is near the gradient, as a check of sense


class Recorder(EvaluationGradient):
    """Records what the base hands to ``estimate`` and returns zeros."""

    name = "recorder"

    def __init__(self) -> None:
        self.seen: list[Evaluations] = []

    def estimate(self, evaluations: Evaluations) -> list[np.ndarray]:
        self.seen.append(evaluations)
        return [np.zeros(point.shape) for point in evaluations.points]


def test_the_base_reads_arguments_rebuilds_them_in_their_form_and_returns_backend_arrays() -> None:
    method = Recorder()
    weights = np.array([0.3, -1.2, 0.8], dtype=np.float32)
    value, (grad_w, grad_x) = tyxq.value_and_grad(energy, argnums=(0, 1), method=method)(weights, 0.45)
    assert value is method.seen[0].value
    [evaluations] = method.seen
    assert evaluations.dtypes == ["float32", "float64"]
    assert evaluations.eps == [float(np.finfo(np.float32).eps), float(np.finfo(np.float64).eps)]
    assert evaluations.total == pytest.approx(float(np.sum(energy(weights, 0.45))), abs=0)
    assert evaluations.shots is None
    total, stored = evaluations.at(evaluations.moved(0, np.array([0.1, 0.2, 0.3])))
    assert total == float(np.sum(energy(np.array([0.1, 0.2, 0.3], dtype=np.float32), 0.45)))
    np.testing.assert_array_equal(stored[0], np.array([0.1, 0.2, 0.3], dtype=np.float32).astype(np.float64))
    assert stored[1] is evaluations.points[1]  # an unmoved argument passes as it was given
    assert (grad_w.dtype, np.shape(grad_x)) == (np.float32, ())


def test_the_base_refuses_integer_arguments_by_name() -> None:
    with pytest.raises(tyxq.GradientError, match="argument 0 has dtype int64; gradients are taken"):
        tyxq.value_and_grad(energy, method=Recorder())(np.array([1, 2, 3]), 0.5)


def test_a_subclass_without_estimate_cannot_be_made() -> None:
    class Incomplete(EvaluationGradient):
        name = "incomplete"

    with pytest.raises(TypeError, match="estimate"):
        Incomplete()  # type: ignore[abstract]
