"""TorchLayer and execution modes: the active mode is read at each call, a mode object is used as given.

Noisy outputs are checked against a density matrix evolved in this file (dense 4x4 matrices, the noise as
explicit Kraus operators), gradients against central finite differences of that reference.
"""

from __future__ import annotations

import copy
import math
import pickle

import numpy as np
import pytest
import torch

import tyxq
from tyxq_ml import LayerError, TorchLayer

P_FLIP = 0.2
I2 = np.eye(2)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Z = np.diag([1.0, -1.0]).astype(complex)
CNOT = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=complex)
BIT_FLIP = [math.sqrt(1 - P_FLIP) * I2, math.sqrt(P_FLIP) * X]


def noise() -> tyxq.NoiseModel:
    """A bit flip of probability P_FLIP after every RY, given by its Kraus operators."""
    return tyxq.NoiseModel().add_kraus(BIT_FLIP, gates=["ry"])


def circuit(inputs, w):  # type: ignore[no-untyped-def]
    c = tyxq.Circuit(2).rx(0, math.pi * inputs[:, 0]).rx(1, math.pi * inputs[:, 1])
    c.cnot(0, 1).ry(0, w[0]).ry(1, w[1])
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.Z(1)])


def on(qubit: int, matrix: np.ndarray) -> np.ndarray:
    """A one-qubit matrix on ``qubit`` of two (qubit 0 is the most significant bit)."""
    return np.kron(matrix, I2) if qubit == 0 else np.kron(I2, matrix)


def rx(t: float) -> np.ndarray:
    return np.array([[math.cos(t / 2), -1j * math.sin(t / 2)], [-1j * math.sin(t / 2), math.cos(t / 2)]])


def ry(t: float) -> np.ndarray:
    return np.array([[math.cos(t / 2), -math.sin(t / 2)], [math.sin(t / 2), math.cos(t / 2)]], dtype=complex)


def reference(x: np.ndarray, w: np.ndarray, *, noisy: bool) -> np.ndarray:
    """⟨Z0⟩, ⟨Z1⟩ for each row of ``x``: ρ evolved gate by gate, a bit flip after each RY when ``noisy``."""
    rows = []
    for x0, x1 in x:
        rho = np.zeros((4, 4), dtype=complex)
        rho[0, 0] = 1
        for u in (on(0, rx(math.pi * x0)), on(1, rx(math.pi * x1)), CNOT):
            rho = u @ rho @ u.conj().T
        for qubit, angle in ((0, w[0]), (1, w[1])):
            u = on(qubit, ry(angle))
            rho = u @ rho @ u.conj().T
            if noisy:
                rho = sum(on(qubit, k) @ rho @ on(qubit, k).conj().T for k in BIT_FLIP)
        rows.append([np.trace(rho @ on(q, Z)).real for q in (0, 1)])
    return np.array(rows)


def reference_gradient(x: np.ndarray, w: np.ndarray, *, noisy: bool, step: float = 1e-6) -> np.ndarray:
    """d Σ outputs / d w by central differences of the reference."""
    grad = np.zeros_like(w)
    for i in range(len(w)):
        shift = np.zeros_like(w)
        shift[i] = step
        grad[i] = (reference(x, w + shift, noisy=noisy).sum() - reference(x, w - shift, noisy=noisy).sum()) / (2 * step)
    return grad


@pytest.fixture
def data() -> tuple[torch.Tensor, TorchLayer]:
    torch.manual_seed(3)
    x = torch.rand(4, 2, dtype=torch.float64)
    return x, TorchLayer(circuit, {"w": 2}, dtype=torch.float64)


def test_the_reference_is_not_the_noiseless_value(data) -> None:  # type: ignore[no-untyped-def]
    x, layer = data
    w = layer.w.detach().numpy()
    assert np.max(np.abs(reference(x.numpy(), w, noisy=True) - reference(x.numpy(), w, noisy=False))) > 0.05


def test_a_layer_without_mode_runs_in_the_active_noisy_mode(data) -> None:  # type: ignore[no-untyped-def]
    x, layer = data
    w = layer.w.detach().numpy()
    with tyxq.use_execution_mode("density_matrix", noise=noise()):
        noisy = layer(x)
    noisy.sum().backward()
    np.testing.assert_allclose(noisy.detach().numpy(), reference(x.numpy(), w, noisy=True), atol=1e-10)
    np.testing.assert_allclose(layer.w.grad.numpy(), reference_gradient(x.numpy(), w, noisy=True), atol=1e-6)
    np.testing.assert_allclose(layer(x).detach().numpy(), reference(x.numpy(), w, noisy=False), atol=1e-10)


def test_the_active_mode_object_spelling_gives_the_same_outputs(data) -> None:  # type: ignore[no-untyped-def]
    x, layer = data
    with tyxq.use_execution_mode(tyxq.DensityMatrixMode(noise=noise())):
        noisy = layer(x)
    np.testing.assert_allclose(
        noisy.detach().numpy(), reference(x.numpy(), layer.w.detach().numpy(), noisy=True), atol=1e-10
    )


def test_a_mode_object_with_options_is_used_whatever_mode_is_active(data) -> None:  # type: ignore[no-untyped-def]
    x, _ = data
    torch.manual_seed(0)
    layer = TorchLayer(circuit, {"w": 2}, mode=tyxq.DensityMatrixMode(noise=noise()), dtype=torch.float64)
    w = layer.w.detach().numpy()
    with tyxq.use_execution_mode("statevector"):
        out = layer(x)
    out.sum().backward()
    np.testing.assert_allclose(out.detach().numpy(), reference(x.numpy(), w, noisy=True), atol=1e-10)
    np.testing.assert_allclose(layer.w.grad.numpy(), reference_gradient(x.numpy(), w, noisy=True), atol=1e-6)


@pytest.mark.parametrize("gradient", ["parameter_shift", "finite_difference"])
def test_backward_runs_in_the_mode_its_forward_read(gradient: str) -> None:
    torch.manual_seed(1)
    x = torch.rand(3, 2, dtype=torch.float64)
    layer = TorchLayer(circuit, {"w": 2}, gradient=gradient, dtype=torch.float64)
    with tyxq.use_execution_mode(tyxq.DensityMatrixMode(noise=noise())):
        out = layer(x)
    out.sum().backward()  # outside the block: the bridge keeps the mode the forward pass read
    expected = reference_gradient(x.numpy(), layer.w.detach().numpy(), noisy=True)
    np.testing.assert_allclose(layer.w.grad.numpy(), expected, atol=1e-5)


def test_a_mode_object_round_trips_through_a_copy(data) -> None:  # type: ignore[no-untyped-def]
    x, _ = data
    layer = TorchLayer(circuit, {"w": 2}, mode=tyxq.DensityMatrixMode(noise=noise()), dtype=torch.float64)
    twin = copy.deepcopy(layer)
    assert twin.mode is not layer.mode and twin.mode.name == "density_matrix"
    torch.testing.assert_close(twin(x), layer(x), atol=1e-12, rtol=0)


def test_a_layer_given_a_mode_name_with_shots_pickles_and_starts_again_from_its_seed() -> None:
    x = torch.rand(3, 2, dtype=torch.float64)
    layer = TorchLayer(circuit, {"w": 2}, mode="shots", shots=200, seed=5, dtype=torch.float64)
    twin = pickle.loads(pickle.dumps(layer))
    first = layer(x)
    torch.testing.assert_close(twin(x), first)
    assert not torch.equal(layer(x), first)  # the layer's own generator advanced


def test_an_active_mode_that_samples_is_refused_by_name_for_autograd(data) -> None:  # type: ignore[no-untyped-def]
    x, _ = data
    layer = TorchLayer(circuit, {"w": 2}, gradient="autograd", dtype=torch.float64)
    with tyxq.use_execution_mode("shots", shots=100), pytest.raises(LayerError, match="active execution mode 'shots'"):
        layer(x)


def test_an_active_mode_without_a_shot_count_is_refused_by_name(data) -> None:  # type: ignore[no-untyped-def]
    x, layer = data
    with tyxq.use_execution_mode("shots"), pytest.raises(LayerError, match=r"'shots' .*no shot count"):
        layer(x)


def test_an_active_adjoint_mismatch_is_refused(data) -> None:  # type: ignore[no-untyped-def]
    x, _ = data
    layer = TorchLayer(circuit, {"w": 2}, gradient="adjoint", dtype=torch.float64)
    with tyxq.use_execution_mode("density_matrix"), pytest.raises(LayerError, match="mixed state"):
        layer(x)


def test_an_active_shots_mode_draws_from_its_own_generator(data) -> None:  # type: ignore[no-untyped-def]
    x, layer = data
    with tyxq.use_execution_mode(tyxq.ShotsMode(shots=300, seed=7)):
        first = layer(x)
    with tyxq.use_execution_mode(tyxq.ShotsMode(shots=300, seed=7)):
        again = layer(x)
    torch.testing.assert_close(first, again)  # the same seed: the same shots, the layer adds no generator
    exact = reference(x.numpy(), layer.w.detach().numpy(), noisy=False)
    assert np.max(np.abs(first.detach().numpy() - exact)) < 0.25
    assert first.grad_fn is not None  # parameter_shift serves the sampling mode


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"mode": tyxq.ShotsMode(shots=10), "shots": 10}, "mode object"),
        ({"mode": tyxq.DensityMatrixMode(), "seed": 1}, "mode object"),
        ({"mode": 3}, "neither an execution mode's name nor a mode object"),
        ({"mode": "no_such_mode"}, "not installed"),
        ({"mode": tyxq.ShotsMode(shots=10), "gradient": "autograd"}, "samples"),
    ],
)
def test_mode_arguments_that_cannot_work_are_refused(options: dict, message: str) -> None:
    with pytest.raises(LayerError, match=message):
        TorchLayer(circuit, {"w": 2}, **options)
