"""TorchLayer: a circuit as a torch.nn.Module, its weights, dtypes, devices, and every gradient method."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
import torch

import tyxq
from tyxq_ml import LayerError, TorchLayer
from tyxq_ml.app.classifier import classifier_circuit

SHAPES = {"rx": (2, 4), "ry": (2, 4)}


def small_circuit(inputs, rx, ry):
    """The classifier's circuit on 4 qubits (a cheaper stand-in with the same structure)."""
    return classifier_circuit(inputs, rx, ry)


def two_outputs(inputs, w):
    c = tyxq.Circuit(2).rx(0, math.pi * inputs[:, 0]).rx(1, math.pi * inputs[:, 1]).cnot(0, 1)
    c.ry(0, w[0]).ry(1, w[1])
    return [tyxq.expectation(c, tyxq.Z(0)), tyxq.expectation(c, tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(1))]


def reference_two_outputs(inputs: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The same two expectations from dense matrices (independent of tyxq's kernels)."""
    x, y, z, i2 = (
        np.array(m, dtype=complex) for m in ([[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]], np.eye(2))
    )

    def rot(p, t):
        return np.cos(t / 2) * i2 - 1j * np.sin(t / 2) * p

    cnot = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=complex)
    rows = []
    for a, b in inputs:
        psi = np.zeros(4, dtype=complex)
        psi[0] = 1
        psi = np.kron(rot(y, w[0]), rot(y, w[1])) @ cnot @ np.kron(rot(x, math.pi * a), rot(x, math.pi * b)) @ psi
        z0, zz, x1 = np.kron(z, i2), np.kron(z, z), np.kron(i2, x)
        rows.append([np.vdot(psi, z0 @ psi).real, np.vdot(psi, (zz + 0.5 * x1) @ psi).real])
    return np.array(rows)


def test_outputs_match_a_dense_matrix_reference():
    torch.manual_seed(0)
    layer = TorchLayer(two_outputs, {"w": 2}, dtype=torch.float64)
    inputs = torch.rand(5, 2, dtype=torch.float64)
    expected = reference_two_outputs(inputs.numpy(), layer.w.detach().numpy())
    np.testing.assert_allclose(layer(inputs).detach().numpy(), expected, atol=1e-12)


def test_batch_runs_as_one_simulation():
    calls = []

    def counted(inputs, w):
        calls.append(tuple(inputs.shape))
        return two_outputs(inputs, w)

    layer = TorchLayer(counted, {"w": 2})
    out = layer(torch.rand(7, 2))
    assert out.shape == (7, 2)
    assert calls == [(7, 2)]


def test_weights_are_registered_parameters_with_the_given_shapes():
    layer = TorchLayer(small_circuit, SHAPES)
    assert {name: tuple(p.shape) for name, p in layer.named_parameters()} == SHAPES
    assert all(p.requires_grad for p in layer.parameters())


def test_default_init_draws_angles_in_zero_to_two_pi():
    torch.manual_seed(0)
    weights = TorchLayer(small_circuit, {"rx": (50, 4), "ry": (50, 4)}).rx.detach()
    assert float(weights.min()) >= 0 and float(weights.max()) < 2 * math.pi
    assert float(weights.std()) > 1.0


def test_custom_init_is_applied():
    layer = TorchLayer(small_circuit, SHAPES, init=torch.nn.init.zeros_)
    assert float(layer.rx.detach().abs().sum()) == 0.0


def test_float32_layer_computes_in_complex64_and_returns_float32():
    layer = TorchLayer(small_circuit, SHAPES)
    assert layer.complex_dtype == "complex64"
    assert layer(torch.rand(3, 4)).dtype == torch.float32


def test_double_switches_weights_and_simulation_to_float64():
    layer = TorchLayer(small_circuit, SHAPES).double()
    assert layer.rx.dtype == torch.float64
    assert layer.complex_dtype == "complex128"
    assert layer(torch.rand(3, 4, dtype=torch.float64)).dtype == torch.float64


def test_float64_inputs_into_a_float32_layer_are_refused_with_the_fix():
    layer = TorchLayer(small_circuit, SHAPES)
    with pytest.raises(tyxq.BackendError, match=r"float64.*complex64.*layer\.to"):
        layer(torch.rand(3, 4, dtype=torch.float64))


def test_inputs_on_another_device_are_refused():
    layer = TorchLayer(small_circuit, SHAPES)
    with pytest.raises(tyxq.BackendError, match="meta"):
        layer(torch.empty(3, 4, device="meta"))


def test_a_single_weight_moved_alone_is_refused():
    layer = TorchLayer(small_circuit, SHAPES)
    layer.rx.data = layer.rx.data.double()
    with pytest.raises(tyxq.BackendError, match="'rx'"):
        layer(torch.rand(3, 4))


def test_non_tensor_inputs_are_refused():
    with pytest.raises(LayerError, match=r"torch\.Tensor"):
        TorchLayer(small_circuit, SHAPES)(np.zeros((3, 4)))


def test_state_dict_round_trip_restores_the_outputs():
    torch.manual_seed(0)
    trained = TorchLayer(small_circuit, SHAPES)
    buffer = io.BytesIO()
    torch.save(trained.state_dict(), buffer)
    buffer.seek(0)
    fresh = TorchLayer(small_circuit, SHAPES, init=torch.nn.init.zeros_)
    fresh.load_state_dict(torch.load(buffer))
    inputs = torch.rand(4, 4)
    torch.testing.assert_close(fresh(inputs), trained(inputs))
    assert set(trained.state_dict()) == {"rx", "ry"}


def test_a_deep_copy_of_a_shots_layer_gives_the_same_outputs():
    import copy

    torch.manual_seed(0)
    layer = TorchLayer(small_circuit, SHAPES, gradient="parameter_shift", mode="shots", shots=100, seed=2)
    twin = copy.deepcopy(layer)
    inputs = torch.rand(3, 4)
    torch.testing.assert_close(twin(inputs), layer(inputs))


def test_sequential_model_trains_with_an_optimiser():
    torch.manual_seed(0)
    model = torch.nn.Sequential(TorchLayer(small_circuit, SHAPES), torch.nn.Linear(4, 1))
    inputs, targets = torch.rand(16, 4), torch.rand(16, 1)
    optimiser = torch.optim.Adam(model.parameters(), lr=0.1)
    losses = []
    for _ in range(15):
        loss = torch.nn.functional.mse_loss(model(inputs), targets)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]


@pytest.mark.cuda
def test_to_cuda_moves_weights_and_simulation():
    if not torch.cuda.is_available():
        pytest.skip("not run: no CUDA GPU on this machine")
    layer = TorchLayer(small_circuit, SHAPES).to("cuda")
    out = layer(torch.rand(3, 4, device="cuda"))
    assert out.device.type == "cuda"
    out.sum().backward()
    assert layer.rx.grad.device.type == "cuda"


def _gradients(layer: TorchLayer, inputs: torch.Tensor, cotangent: torch.Tensor) -> torch.Tensor:
    (layer(inputs) * cotangent).sum().backward()
    return torch.cat([layer.rx.grad.flatten(), layer.ry.grad.flatten()])


def _reference_gradients(inputs: torch.Tensor, cotangent: torch.Tensor) -> torch.Tensor:
    torch.manual_seed(1)
    return _gradients(TorchLayer(small_circuit, SHAPES, dtype=torch.float64), inputs, cotangent)


@pytest.fixture
def batch() -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(5)
    inputs = torch.rand(6, 4, dtype=torch.float64, generator=generator)
    return inputs, torch.randn(6, 4, dtype=torch.float64, generator=generator)


@pytest.mark.parametrize(
    ("gradient", "tolerance"),
    [
        ("parameter_shift", 1e-10),
        ("finite_difference", 1e-6),
        ("adjoint", 1e-10),
    ],
)
def test_every_gradient_method_agrees_with_autograd(gradient, tolerance, batch):
    inputs, cotangent = batch
    torch.manual_seed(1)
    layer = TorchLayer(small_circuit, SHAPES, gradient=gradient, dtype=torch.float64)
    torch.testing.assert_close(
        _gradients(layer, inputs, cotangent), _reference_gradients(inputs, cotangent), rtol=0, atol=tolerance
    )


def test_input_gradients_flow_through_the_bridge(batch):
    inputs, cotangent = batch
    grads = {}
    for gradient in ("autograd", "parameter_shift"):
        torch.manual_seed(1)
        layer = TorchLayer(small_circuit, SHAPES, gradient=gradient, dtype=torch.float64)
        leaf = inputs.clone().requires_grad_()
        (layer(leaf) * cotangent).sum().backward()
        grads[gradient] = leaf.grad
    torch.testing.assert_close(grads["parameter_shift"], grads["autograd"], rtol=0, atol=1e-10)


def test_shots_with_parameter_shift_estimates_the_exact_gradient(batch):
    inputs, cotangent = batch
    torch.manual_seed(1)
    shots = TorchLayer(
        small_circuit, SHAPES, gradient="parameter_shift", mode="shots", shots=50_000, seed=7, dtype=torch.float64
    )
    estimate = _gradients(shots, inputs, cotangent)
    exact = _reference_gradients(inputs, cotangent)
    # each ⟨Z⟩ has standard deviation ≤ 1/√shots ≈ 0.0045; a gradient entry sums 2 × 6 × 4 of them with
    # weights ½·|cotangent| (≈ 3 on average): standard deviation ≈ 0.03 at most, so 0.15 is 5σ
    assert float((estimate - exact).abs().max()) < 0.15
    assert float((estimate - exact).abs().mean()) < 0.05


def test_shots_are_reproducible_with_a_seed():
    inputs = torch.rand(4, 4)
    outputs = []
    for _ in range(2):
        torch.manual_seed(0)
        layer = TorchLayer(small_circuit, SHAPES, gradient="parameter_shift", mode="shots", shots=100, seed=11)
        outputs.append(layer(inputs))
    torch.testing.assert_close(outputs[0], outputs[1])


def test_numpy_backend_through_dlpack_with_finite_differences(batch):
    inputs, cotangent = batch
    torch.manual_seed(1)
    layer = TorchLayer(small_circuit, SHAPES, backend="numpy", gradient="finite_difference", dtype=torch.float64)
    torch.testing.assert_close(
        _gradients(layer, inputs, cotangent), _reference_gradients(inputs, cotangent), rtol=0, atol=1e-6
    )


@pytest.mark.parametrize("gradient", ["autograd", "adjoint", "parameter_shift"])
def test_backend_without_autodiff_needs_finite_differences(gradient):
    with pytest.raises(LayerError, match="finite_difference"):
        TorchLayer(small_circuit, SHAPES, backend="numpy", gradient=gradient)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"gradient": "backprop"}, "not installed"),
        ({"backend": "tensorflow"}, "not installed"),
        ({"mode": "shots", "gradient": "parameter_shift"}, "shots=N"),
        ({"shots": 100}, "without a mode"),
        ({"seed": 1}, "without a mode"),
        ({"mode": "statevector", "shots": 100}, "does not take shots"),
        ({"mode": "shots", "shots": 100, "gradient": "autograd"}, "parameter_shift"),
        ({"dtype": torch.float16}, "float32"),
    ],
)
def test_options_that_do_not_fit_together_are_refused(options, message):
    with pytest.raises(LayerError, match=message):
        TorchLayer(small_circuit, SHAPES, **options)


def test_weight_shapes_must_be_sizes():
    with pytest.raises(LayerError, match="weight_shapes"):
        TorchLayer(small_circuit, {"rx": (2, -1)})
