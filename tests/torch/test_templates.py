"""Templates on the torch backend: weights are tensors, gradients flow, and agree with central finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tyxq
from tyxq import templates
from tyxq.problems import molecule


def central_differences(function, weights, step=1e-6):
    flat = weights.detach().clone().reshape(-1)
    gradient = torch.zeros_like(flat)
    for k in range(flat.numel()):
        plus, minus = flat.clone(), flat.clone()
        plus[k] += step
        minus[k] -= step
        gradient[k] = (function(plus.reshape(weights.shape)) - function(minus.reshape(weights.shape))) / (2 * step)
    return gradient.reshape(weights.shape)


def test_strongly_entangling_autograd_matches_finite_differences():
    observable = tyxq.Z(0) @ tyxq.Z(2) + 0.5 * tyxq.X(1)

    def energy(w):
        c = templates.angle_embedding(tyxq.Circuit(3), torch.tensor([0.3, -0.4, 0.9], dtype=torch.float64))
        return tyxq.expectation(templates.strongly_entangling(c, w), observable)

    with tyxq.use_backend("torch", dtype="complex128"):
        weights = torch.tensor(
            np.random.default_rng(0).uniform(-np.pi, np.pi, templates.strongly_entangling_shape(2, 3)),
            requires_grad=True,
        )
        energy(weights).backward()
        with torch.no_grad():
            expected = central_differences(energy, weights)
    torch.testing.assert_close(weights.grad, expected, atol=1e-7, rtol=0)


def test_uccsd_on_h2_autograd_matches_finite_differences_and_lowers_the_energy():
    h2 = molecule("h2")
    shape = templates.uccsd_shape(h2.electrons, h2.n_qubits)

    def energy(w):
        return tyxq.expectation(templates.uccsd(tyxq.Circuit(4), w, electrons=h2.electrons), h2.hamiltonian)

    with tyxq.use_backend("torch", dtype="complex128"):
        weights = torch.full(shape, 0.05, dtype=torch.float64, requires_grad=True)
        energy(weights).backward()
        with torch.no_grad():
            expected = central_differences(energy, weights)
        torch.testing.assert_close(weights.grad, expected, atol=1e-7, rtol=0)
        optimizer = torch.optim.Adam([weights], lr=0.05)
        for _ in range(80):
            optimizer.zero_grad()
            value = energy(weights)
            value.backward()
            optimizer.step()
    assert float(value.detach()) == pytest.approx(h2.ground_energy, abs=1.6e-3)


def test_batched_features_and_tensor_weights_give_one_energy_per_sample():
    with tyxq.use_backend("torch", dtype="complex128"):
        x = torch.rand(5, 2, dtype=torch.float64)
        w = torch.rand(templates.data_reuploading_shape(3, 2), dtype=torch.float64, requires_grad=True)
        values = tyxq.expectation(templates.data_reuploading(tyxq.Circuit(2), x, w), "ZI")
        assert values.shape == (5,)
        values.sum().backward()
        assert w.grad is not None and torch.isfinite(w.grad).all() and w.grad.abs().sum() > 0
        for b in range(5):
            one = tyxq.expectation(templates.data_reuploading(tyxq.Circuit(2), x[b], w), "ZI")
            torch.testing.assert_close(values[b], one)
