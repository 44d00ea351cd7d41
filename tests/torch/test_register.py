"""Reading a whole classical register on the torch backend: the widened probabilities keep their gradient."""

from __future__ import annotations

import numpy as np
import torch

import tyxq


def test_a_register_read_with_unwritten_bits_is_differentiable(backend128: tyxq.backends.Backend) -> None:
    theta = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    circuit = tyxq.Circuit(2, bits=3).ry(0, theta).cnot(0, 1).measure(1, bit=0).measure_at_end(0, 2)
    probs = tyxq.probabilities(circuit, bits=[2, 1, 0])  # c[1] is never written
    expected = np.zeros(8)
    expected[[0, 5]] = np.cos(0.35) ** 2, np.sin(0.35) ** 2  # '000' and '101'
    np.testing.assert_allclose(probs.detach().numpy(), expected, atol=1e-12)
    probs[5].backward()
    assert theta.grad is not None
    np.testing.assert_allclose(float(theta.grad), np.sin(0.7) / 2, atol=1e-12)  # d sin²(θ/2)/dθ


def test_a_batched_register_read_keeps_the_batch_on_torch(backend128: tyxq.backends.Backend) -> None:
    angles = torch.tensor([0.0, np.pi], dtype=torch.float64)
    circuit = tyxq.Circuit(1, bits=2).rx(0, angles).measure_at_end(0, 1)
    probs = tyxq.probabilities(circuit, bits=[1, 0], mode="density_matrix")
    assert isinstance(probs, torch.Tensor) and tuple(probs.shape) == (2, 4)
    np.testing.assert_allclose(probs.numpy(), [[1, 0, 0, 0], [0, 0, 1, 0]], atol=1e-12)
