"""tyxq.density_matrix on torch: autograd through the reduced matrix agrees with central finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tyxq

NOISE = tyxq.NoiseModel().add("amplitude_damping", 0.15, gates=["cnot"])
OBSERVED = torch.tensor([[0.3, 0.2 - 0.1j], [0.2 + 0.1j, -0.5]], dtype=torch.complex128)  # Hermitian


def circuit(theta: torch.Tensor) -> tyxq.Circuit:
    return tyxq.Circuit(3).ry(0, theta[0]).cnot(0, 1).rx(1, theta[1]).cnot(1, 2).rz(2, theta[2]).ry(2, theta[0])


def loss(theta: torch.Tensor, mode) -> torch.Tensor:
    rho = tyxq.density_matrix(circuit(theta), qubits=[2], mode=mode)
    return torch.real(torch.trace(rho @ OBSERVED)) + torch.abs(rho[0, 1]) ** 2


@pytest.mark.parametrize("mode", [tyxq.StatevectorMode(), tyxq.DensityMatrixMode(noise=NOISE)], ids=repr)
def test_autograd_through_density_matrix_agrees_with_finite_differences(backend128, mode):
    theta = torch.tensor([0.4, -1.1, 0.7], dtype=torch.float64, requires_grad=True)
    value = loss(theta, mode)
    (gradient,) = torch.autograd.grad(value, theta)
    step = 1e-6
    expected = []
    with torch.no_grad():
        for i in range(3):
            shift = torch.zeros(3, dtype=torch.float64)
            shift[i] = step
            expected.append(float(loss(theta + shift, mode) - loss(theta - shift, mode)) / (2 * step))
    assert np.allclose(gradient.numpy(), expected, atol=1e-7)
    assert np.abs(gradient.numpy()).max() > 1e-3


def test_batched_density_matrices_on_torch_keep_the_batch_axis(backend128):
    thetas = torch.tensor([[0.1, 0.2, 0.3], [1.0, -0.4, 2.0]], dtype=torch.float64)
    batched = tyxq.density_matrix(circuit, thetas, qubits=[0, 2], mode="density_matrix", batch_axes=0)
    assert batched.shape == (2, 4, 4) and isinstance(batched, torch.Tensor)
    for member, theta in zip(batched, thetas, strict=True):
        assert torch.allclose(member, tyxq.density_matrix(circuit(theta), qubits=[0, 2]), atol=1e-12)


def test_autograd_through_shots_in_the_density_matrix_mode_is_refused_at_the_call(backend128):
    theta = torch.tensor([0.4, -1.1, 0.7], dtype=torch.float64, requires_grad=True)
    with pytest.raises(tyxq.ShotsError, match="gives exact values"):
        tyxq.expectation(circuit(theta), tyxq.Z(2), mode="density_matrix", shots=100, seed=1)
    with pytest.raises(tyxq.GradientError, match="parameter_shift"):
        tyxq.expectation(circuit(theta), tyxq.Z(2), mode=tyxq.DensityMatrixMode(shots=100, seed=1))
