"""The adjoint backward on the fused plan in torch: one autograd.Function, against autograd and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tyxq
from tyxq.execution.interception import intercept_measurements
from tyxq.gradients import AdjointGradient
from tyxq.gradients.recording import GradientTape
from tyxq.gradients.routes import adjoint_or_autodiff, method_route

from ..core.gradients.plan_circuits import PlanCase, finite_difference_slots, random_case
from .conftest import REAL, TOLERANCE


def _arguments(case: PlanCase, dtype: str, batch: int | None) -> tuple[torch.Tensor, torch.Tensor | None]:
    generator = torch.Generator().manual_seed(3)
    w = (torch.rand(case.n_weights, generator=generator, dtype=torch.float64) * 6 - 3).to(REAL[dtype])
    x = None
    if batch is not None:
        x = (torch.rand(batch, max(case.n_inputs, 1), generator=generator, dtype=torch.float64) * 6 - 3).to(REAL[dtype])
        x.requires_grad_(True)
    return w.requires_grad_(True), x


def _outputs(case: PlanCase, w: torch.Tensor, x: torch.Tensor | None, route: str) -> torch.Tensor:
    """The several-observable expectations, with the expectation differentiated by ``route``."""
    backend = tyxq.get_backend()
    chosen = {"autograd": None, "adjoint": method_route(AdjointGradient(), backend), "auto": adjoint_or_autodiff()}
    tape = chosen[route]
    if tape is None:
        return tyxq.expectation(case.circuit(w, x), case.observable_list())
    with intercept_measurements(GradientTape(tape)):
        return tyxq.expectation(case.circuit(w, x), case.observable_list())


@pytest.mark.parametrize("batch", [None, 3])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_adjoint_backward_matches_autograd(
    backend: tyxq.backends.Backend, dtype: str, seed: int, batch: int | None
) -> None:
    case = random_case(seed)
    w, x = _arguments(case, dtype, batch)
    wanted = (w,) if x is None else (w, x)
    shape = (len(case.observables),) if batch is None else (batch, len(case.observables))
    cotangent = torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64).to(REAL[dtype])
    results = {}
    for route in ("autograd", "adjoint"):
        out = _outputs(case, w, x, route)
        results[route] = (out.detach(), torch.autograd.grad((out * cotangent).sum(), wanted))
    assert "WithResiduals" in type(_outputs(case, w, x, "adjoint").grad_fn).__name__  # the plan's Function ran
    tolerance = TOLERANCE[dtype] * 20
    torch.testing.assert_close(results["adjoint"][0], results["autograd"][0], atol=tolerance, rtol=0)
    for got, expected in zip(results["adjoint"][1], results["autograd"][1], strict=True):
        torch.testing.assert_close(got, expected, atol=tolerance, rtol=0)


def test_adjoint_backward_matches_finite_differences(backend128: tyxq.backends.Backend) -> None:
    case = random_case(1)
    w, _ = _arguments(case, "complex128", None)
    cotangent = torch.tensor([0.7, -1.1, 0.4, 2.0], dtype=torch.float64)
    (grad,) = torch.autograd.grad((_outputs(case, w, None, "adjoint") * cotangent).sum(), (w,))
    angles = case.slot_values(w.detach().numpy(), None)
    per_slot = finite_difference_slots(case, angles, cotangent.numpy())
    expected = np.zeros(case.n_weights)
    position = 0
    for _, _, sources in case.gates:  # each weight's derivative collects those of the angles that read it
        for angle in sources:
            if angle.source == "w":
                expected[int(angle.value)] += per_slot[position]
            position += 1
    np.testing.assert_allclose(grad.numpy(), expected, atol=1e-7)


def test_a_second_backward_reads_the_kept_state_unchanged(backend128: tyxq.backends.Backend) -> None:
    case = random_case(2)
    w, x = _arguments(case, "complex128", 2)
    out = _outputs(case, w, x, "adjoint").sum()
    first = torch.autograd.grad(out, (w, x), retain_graph=True)
    second = torch.autograd.grad(out, (w, x))
    for a, b in zip(first, second, strict=True):
        assert torch.equal(a, b)


def test_auto_lets_autograd_differentiate_a_tracked_unitary_matrix(backend128: tyxq.backends.Backend) -> None:
    angle = torch.tensor(0.4, dtype=torch.float64, requires_grad=True)
    c, s = torch.cos(angle), torch.sin(angle)
    matrix = torch.stack([torch.stack([c, -s]), torch.stack([s, c])]).to(torch.complex128)
    circuit = tyxq.Circuit(1).unitary((0,), matrix).rx(0, angle)
    with intercept_measurements(GradientTape(adjoint_or_autodiff())):
        value = tyxq.expectation(circuit, tyxq.Z(0))
    (grad,) = torch.autograd.grad(value, (angle,))
    # <Z> after RY(2θ) then RX(θ): cos(2θ) cos(θ); autograd differentiates both uses of θ
    expected = -2 * np.sin(0.8) * np.cos(0.4) - np.cos(0.8) * np.sin(0.4)
    assert abs(float(grad) - expected) < 1e-12
