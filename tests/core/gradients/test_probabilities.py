"""Gradients of probabilities: adjoint and parameter shift as vector-Jacobian products."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.execution import Measurement
from tyxq.gradients.adjoint import AdjointEngine
from tyxq.gradients.parameter_shift import ParameterShiftEngine

from ..backend_matrix import active, host, on
from .random_cases import random_case


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("engine", [AdjointEngine(), ParameterShiftEngine()], ids=["adjoint", "parameter_shift"])
def test_vjp_of_marginal_probabilities_matches_the_dense_reference(engine: Any, seed: int) -> None:
    case = random_case(seed)
    rng = np.random.default_rng(seed)
    qubits = tuple(int(q) for q in rng.permutation(case.n)[: max(1, case.n - 1)])
    cotangent = rng.normal(size=(1, 2 ** len(qubits)))
    p = rng.uniform(-2, 2, case.n_params)
    circuit = case.circuit(p)
    backend = tyxq.get_backend()
    call = Measurement(circuit, None, tyxq.get_execution_mode(), backend, qubits=qubits)
    value, per_slot = engine.value_and_vjp(call, cotangent)
    np.testing.assert_allclose(value[0], case.reference_probabilities(p, qubits), atol=1e-12)
    h = 1e-4
    for k, slot in enumerate(tyxq.gradients.angles.angle_slots(circuit)):
        moved = []
        for sign in (1, -1):
            params = [list(op.params) for op in circuit.ops]
            params[slot.op][slot.param] += sign * h
            shifted = circuit.with_params([tuple(x) for x in params])
            moved.append(tyxq.probabilities(shifted, qubits=qubits))
        expected = float(cotangent[0] @ (moved[0] - moved[1])) / (2 * h)
        assert float(per_slot[k][0]) == pytest.approx(expected, abs=1e-7)


def test_loss_of_probabilities_trains_through_every_method(autodiff_backend_name: str) -> None:
    case = random_case(3)
    p = np.random.default_rng(3).uniform(-2, 2, case.n_params)
    target = np.linspace(0, 1, 2**case.n)

    def loss(q: Any) -> Any:
        probs = tyxq.probabilities(case.circuit(q))
        return ((probs - tyxq.get_backend().asarray(target, dtype=tyxq.get_backend().real_dtype)) ** 2).sum()

    with active(autodiff_backend_name) as backend:
        report = tyxq.gradcheck(
            loss, on(backend, p), methods=("autograd", "adjoint", "parameter_shift", "finite_difference")
        )
    assert report.passed, str(report)


def test_sampled_probabilities_differentiate_by_parameter_shift_only(autodiff_backend_name: str) -> None:
    def first(q: Any) -> Any:
        return tyxq.probabilities(tyxq.Circuit(1).ry(0, q[0]), mode="shots", shots=200_000, seed=4)[0]

    with active(autodiff_backend_name) as backend:
        _, grad = tyxq.value_and_grad(first, method="parameter_shift")(on(backend, [0.8]))
        with pytest.raises(tyxq.GradientError, match="use method='parameter_shift'"):
            tyxq.value_and_grad(first, method="autograd")(on(backend, [0.8]))
    # p0 = cos²(θ/2): dp0/dθ = -sin(θ)/2; each shifted frequency has variance ≤ 1/(4·shots)
    assert abs(float(host(backend, grad)[0]) + np.sin(0.8) / 2) < 4 * np.sqrt(2 * 0.25 * 0.25 / 200_000)


def test_probabilities_are_not_a_differentiable_output_of_grad() -> None:
    with pytest.raises(tyxq.GradientError, match=r"shape \(2,\) that is not a batch.*tyxq\.jacobian"):
        tyxq.value_and_grad(lambda q: tyxq.probabilities(tyxq.Circuit(1).ry(0, q[0])), method="adjoint")(
            np.array([0.3])
        )
