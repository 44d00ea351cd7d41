"""TorchLayer with the adjoint backward on the fused plan: gradient="adjoint", and "auto" choosing it or autograd."""

from __future__ import annotations

from typing import Any

import pytest
import torch

import tyxq
from tyxq_ml import TorchLayer

REAL = {"complex64": torch.float32, "complex128": torch.float64}
TOLERANCE = {"complex64": 2e-5, "complex128": 1e-10}


@pytest.fixture(params=("complex64", "complex128"))
def dtype(request: pytest.FixtureRequest) -> str:
    return request.param


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
