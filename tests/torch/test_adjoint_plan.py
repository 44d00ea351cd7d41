"""The adjoint backward on the fused plan in torch: one autograd.Function, against autograd and finite differences."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import tyxq
from tyxq.execution.interception import intercept_measurements
from tyxq.gradients import AdjointGradient
from tyxq.gradients.recording import GradientTape
from tyxq.gradients.routes import adjoint_or_autodiff, method_route
from tyxq_ml import TorchLayer

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


def _layer_circuit(inputs: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    c = tyxq.Circuit(3)
    for q in range(3):
        c.rx(q, inputs[:, q]).ry(q, w[q]).rz(q, w[3 + q])
    c.cnot(0, 1).cnot(1, 2).crx(0, 2, w[6]).u(1, w[7], w[8], 0.2).rzz(0, 2, w[0] * inputs[:, 1])
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.X(1) @ tyxq.Y(2), tyxq.Z(2)])


def _wide_layer_circuit(inputs: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """12 qubits: with a batch of 40 autograd would record more than KEEP_LIMIT amplitudes, so ``auto`` sweeps."""
    c = tyxq.Circuit(12)
    for layer in range(2):
        for q in range(12):
            c.rx(q, inputs[:, q % 3]).ry(q, w[(q + layer) % 9]).rz(q, w[(2 * q + layer) % 9])
        c.cnot(range(11), range(1, 12)).crx(0, 11, w[6]).u(5, w[7], w[8], 0.2)
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.X(1) @ tyxq.Y(2), tyxq.Z(11)])


def _measured_circuit(inputs: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    c = tyxq.Circuit(2).rx(0, inputs[:, 0]).ry(1, w[0] + inputs[:, 1]).cnot(0, 1).measure(0).rx(1, w[1] * inputs[:, 2])
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.Z(1)])


def _layer_gradients(fn, shapes, gradient: str, dtype: str, batch: int):  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    layer = TorchLayer(fn, shapes, gradient=gradient, dtype=REAL[dtype])
    x = torch.rand(batch, 3, generator=torch.Generator().manual_seed(1), dtype=REAL[dtype]).requires_grad_(True)
    out = layer(x)
    weights = torch.linspace(-1, 1, out.numel(), dtype=REAL[dtype]).reshape(out.shape)
    grads = torch.autograd.grad((out * weights).sum(), (layer.w, x))
    return out, grads


@pytest.mark.parametrize(
    ("gradient", "circuit", "batch", "sweeps"),
    [
        ("adjoint", _layer_circuit, 1, True),
        ("adjoint", _layer_circuit, 5, True),
        ("auto", _layer_circuit, 5, False),  # autograd's recording fits in KEEP_LIMIT: auto lets it differentiate
        ("auto", _wide_layer_circuit, 40, True),  # it would not: auto sweeps
    ],
    ids=["adjoint-1", "adjoint-5", "auto-small", "auto-wide"],
)
def test_torch_layer_adjoint_and_auto_match_autograd(
    dtype: str, gradient: str, circuit: Any, batch: int, sweeps: bool
) -> None:
    reference_out, reference = _layer_gradients(circuit, {"w": 9}, "autograd", dtype, batch)
    out, grads = _layer_gradients(circuit, {"w": 9}, gradient, dtype, batch)
    assert ("WithResiduals" in type(out.grad_fn).__name__) is sweeps
    torch.testing.assert_close(out, reference_out, atol=TOLERANCE[dtype] * 10, rtol=0)
    for got, expected in zip(grads, reference, strict=True):
        torch.testing.assert_close(got, expected, atol=TOLERANCE[dtype] * 20, rtol=0)


def test_auto_lets_autograd_differentiate_a_circuit_that_measures_mid_circuit() -> None:
    reference_out, reference = _layer_gradients(_measured_circuit, {"w": 2}, "autograd", "complex128", 4)
    out, grads = _layer_gradients(_measured_circuit, {"w": 2}, "auto", "complex128", 4)
    assert "WithResiduals" not in type(out.grad_fn).__name__
    torch.testing.assert_close(out, reference_out, atol=1e-12, rtol=0)
    for got, expected in zip(grads, reference, strict=True):
        torch.testing.assert_close(got, expected, atol=1e-12, rtol=0)


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


def test_adjoint_layer_refuses_a_circuit_that_measures_mid_circuit() -> None:
    layer = TorchLayer(_measured_circuit, {"w": 2}, gradient="adjoint", dtype=torch.float64)
    x = torch.rand(3, 3, dtype=torch.float64)
    with pytest.raises(tyxq.errors.GradientError, match="parameter_shift"):
        layer(x).sum().backward()


def test_inference_without_grad_runs_the_plain_simulation() -> None:
    torch.manual_seed(0)
    layer = TorchLayer(_layer_circuit, {"w": 9}, gradient="adjoint", dtype=torch.float64)
    x = torch.rand(4, 3, dtype=torch.float64)
    with torch.no_grad():
        out = layer(x)
    assert out.grad_fn is None
    torch.testing.assert_close(out, layer(x).detach(), atol=1e-12, rtol=0)


def _probabilities_circuit(inputs: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    c = tyxq.Circuit(3)
    for q in range(3):
        c.ry(q, inputs[:, q] * w[q])
    c.cnot(0, 1).rx(2, w[3]).cnot(1, 2).u(0, w[4], w[5], w[6])
    return tyxq.probabilities(c, qubits=(2, 0))


@pytest.mark.parametrize("gradient", ["adjoint", "auto"])
def test_probabilities_through_the_adjoint_function_match_autograd(gradient: str) -> None:
    reference_out, reference = _layer_gradients(_probabilities_circuit, {"w": 7}, "autograd", "complex128", 4)
    out, grads = _layer_gradients(_probabilities_circuit, {"w": 7}, gradient, "complex128", 4)
    assert ("WithResiduals" in type(out.grad_fn).__name__) is (gradient == "adjoint")  # auto: a small recording
    torch.testing.assert_close(out, reference_out, atol=1e-12, rtol=0)
    for got, expected in zip(grads, reference, strict=True):
        torch.testing.assert_close(got, expected, atol=1e-10, rtol=0)
