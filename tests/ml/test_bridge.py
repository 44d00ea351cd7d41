"""The bridged route: a circuit on a backend, its gradients back through a torch.autograd.Function."""

from __future__ import annotations

import torch

import tyxq
from tyxq_ml.app.classifier import classifier_circuit
from tyxq_ml.bridge import CircuitFunction, CircuitRunner, to_backend, to_torch

OPTIONS = {"dtype": "complex128", "device": "cpu"}


def _runner(backend: str, gradient: str) -> CircuitRunner:
    exact = tyxq.context.execution_mode_instance("statevector")
    return CircuitRunner(classifier_circuit, ("rx", "ry"), backend, OPTIONS, gradient, exact)


def _weights() -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(3)
    return tuple(torch.rand(2, 3, dtype=torch.float64, generator=generator).requires_grad_() for _ in range(2))


def test_backend_vjp_route_matches_torch_autograd():
    # the route a JAX-like backend takes: forward and vjp by the backend's own autodiff, here torch.func's
    inputs = torch.rand(4, 3, dtype=torch.float64).requires_grad_()
    rx, ry = _weights()
    bridged = CircuitFunction.apply(_runner("torch", "autograd"), inputs, rx, ry)
    cotangent = torch.randn_like(bridged)
    bridged_grads = torch.autograd.grad((bridged * cotangent).sum(), (inputs, rx, ry))
    with tyxq.use_backend("torch", **OPTIONS):
        direct = classifier_circuit(inputs, rx, ry)
    direct_grads = torch.autograd.grad((direct * cotangent).sum(), (inputs, rx, ry))
    torch.testing.assert_close(bridged, direct)
    for got, expected in zip(bridged_grads, direct_grads, strict=True):
        torch.testing.assert_close(got, expected, rtol=0, atol=1e-12)


def test_dlpack_shares_memory_with_numpy():
    backend = tyxq.context.backend_instance("numpy", **OPTIONS)
    tensor = torch.arange(4, dtype=torch.float64)
    array = to_backend(backend, tensor)
    tensor[0] = 42.0
    assert array[0] == 42.0
    back = to_torch(array, tensor)
    assert back.data_ptr() == tensor.data_ptr()
