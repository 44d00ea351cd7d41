"""tyxq.matrix, purity, vn_entropy, mutual_info and fidelity on torch: values as on numpy, autograd against
finite differences."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

import tyxq

NOISE = tyxq.NoiseModel().add("amplitude_damping", 0.2, gates=["cnot"]).add("depolarizing", 0.1, gates=["h", "rx"])
NOISY = tyxq.DensityMatrixMode(noise=NOISE)
THETA = [0.3, -1.2, 0.8]
OTHER = [0.9, 0.1, -0.4]


def circuit(theta) -> tyxq.Circuit:
    c = tyxq.Circuit(3).ry(0, theta[0]).ry(1, theta[1]).cnot(0, 1).rx(2, theta[2]).cnot(1, 2)
    return c.h(0).ry(0, theta[1]).cnot(2, 0)


def central_differences(fn: Callable[[torch.Tensor], torch.Tensor], theta: torch.Tensor, step: float = 1e-6):
    out = []
    with torch.no_grad():
        for i in range(theta.shape[0]):
            shift = torch.zeros_like(theta)
            shift[i] = step
            out.append(float(fn(theta + shift) - fn(theta - shift)) / (2 * step))
    return np.array(out)


def check_gradient(fn: Callable[[torch.Tensor], torch.Tensor]) -> None:
    theta = torch.tensor(THETA, dtype=torch.float64, requires_grad=True)
    (gradient,) = torch.autograd.grad(fn(theta), theta)
    assert torch.isfinite(gradient).all()
    expected = central_differences(fn, theta.detach())
    assert np.allclose(gradient.numpy(), expected, atol=1e-6)
    assert np.abs(expected).max() > 1e-3  # the check is not of a constant


CASES = {
    "purity, pure, reduced": lambda t: tyxq.purity(circuit(t), qubits=[0, 2]),
    "purity, noisy": lambda t: tyxq.purity(circuit(t), mode=NOISY),
    "entropy, pure, reduced": lambda t: tyxq.vn_entropy(circuit(t), qubits=[1]),
    "entropy, noisy, reduced": lambda t: tyxq.vn_entropy(circuit(t), qubits=[0, 1], mode=NOISY),
    "entropy, pure, rank-deficient": lambda t: tyxq.vn_entropy(circuit(t), qubits=[0, 1]),
    "mutual info, pure": lambda t: tyxq.mutual_info(circuit(t), qubits_a=[0], qubits_b=[1, 2]),
    "mutual info, noisy": lambda t: tyxq.mutual_info(circuit(t), qubits_a=[2], qubits_b=[0], mode=NOISY),
    "fidelity, pure-pure": lambda t: tyxq.fidelity(circuit(t), circuit(OTHER)),
    "fidelity, mixed-pure": lambda t: tyxq.fidelity(circuit(t), tyxq.state(circuit(OTHER)), mode=NOISY),
    "fidelity, mixed-mixed": lambda t: tyxq.fidelity(circuit(t), circuit(OTHER), mode=NOISY),
    "matrix element": lambda t: abs(tyxq.matrix(circuit(t))[3, 5]) ** 2 + tyxq.matrix(circuit(t))[1, 1].real,
}


@pytest.mark.parametrize("fn", CASES.values(), ids=CASES.keys())
def test_autograd_agrees_with_finite_differences(backend128, fn):
    check_gradient(fn)


def test_values_on_torch_equal_those_on_numpy(backend128):
    values = {name: float(fn(torch.tensor(THETA, dtype=torch.float64))) for name, fn in CASES.items()}
    with tyxq.use_backend("numpy"):
        expected = {name: float(fn(np.array(THETA))) for name, fn in CASES.items()}
    assert values == pytest.approx(expected, abs=1e-10)


def test_the_gradient_of_a_pure_states_entropy_is_zero_not_nan(backend128):
    # the whole pure state has entropy 0 at every θ: every eigenvalue but one is zero, and they give no gradient
    theta = torch.tensor(THETA, dtype=torch.float64, requires_grad=True)
    (gradient,) = torch.autograd.grad(tyxq.vn_entropy(circuit(theta)), theta)
    assert torch.allclose(gradient, torch.zeros(3, dtype=torch.float64), atol=1e-12)


def test_batched_values_and_gradients_on_torch(backend128):
    batch = torch.tensor([THETA, OTHER, [2.0, 2.5, 0.1]], dtype=torch.float64, requires_grad=True)
    entropies = tyxq.vn_entropy(circuit, batch, qubits=[2], mode=NOISY, batch_axes=0)
    fidelities = tyxq.fidelity(circuit, circuit(OTHER), batch, batch_axes=0)
    unitaries = tyxq.matrix(circuit, batch, batch_axes=0)
    assert entropies.shape == fidelities.shape == (3,) and unitaries.shape == (3, 8, 8)
    (gradient,) = torch.autograd.grad(entropies.sum() + fidelities.sum(), batch)
    for k in range(3):
        row = batch[k].detach()

        def single(t):
            return tyxq.vn_entropy(circuit(t), qubits=[2], mode=NOISY) + tyxq.fidelity(circuit(t), circuit(OTHER))

        assert np.allclose(gradient[k].numpy(), central_differences(single, row), atol=1e-6)
        assert torch.allclose(unitaries[k], tyxq.matrix(circuit(row)), atol=1e-12)
    assert float(fidelities[1].detach()) == pytest.approx(1.0, abs=1e-12)
