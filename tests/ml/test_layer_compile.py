"""TorchLayer(compile=...): the compiled circuit function against eager, its fallback, and its refused options.

Compiling is slow on a loaded machine, so these tests use torch's ``aot_eager`` backend (dynamo's graphs,
no code generation) on a 2-qubit circuit; one test, marked slow, compiles with inductor.
"""

from __future__ import annotations

import copy
import pickle
import warnings

import numpy as np
import pytest
import torch

import tyxq
from tyxq_ml import LayerError, TorchLayer
from tyxq_ml.layer_compile import CompiledCircuit

from .test_layer import reference_two_outputs, two_outputs

AOT_EAGER = {"backend": "aot_eager"}
TOLERANCE = {torch.float32: 2e-5, torch.float64: 1e-12}


def refuse(graph: torch.fx.GraphModule, example_inputs: list) -> None:
    """A torch.compile backend that cannot compile anything."""
    raise RuntimeError("this machine has no code generator")


def layers(compile: object, dtype: torch.dtype = torch.float64) -> tuple[TorchLayer, TorchLayer]:
    """An eager layer and a compiled one with the same weights."""
    torch.manual_seed(0)
    eager = TorchLayer(two_outputs, {"w": 2}, dtype=dtype)
    compiled = TorchLayer(two_outputs, {"w": 2}, dtype=dtype, compile=compile)
    compiled.load_state_dict(eager.state_dict())
    return eager, compiled


def outputs_and_gradients(layer: TorchLayer, inputs: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """The outputs and the gradients of a weighted sum of them by the weights and the inputs.

    An eager fallback (a ``RuntimeWarning``) fails the test: the comparison is of compiled code with eager.
    """
    inputs = inputs.detach().requires_grad_()
    layer.zero_grad()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        out = layer(inputs)
    weights = torch.arange(1, out.numel() + 1, dtype=out.dtype).reshape(out.shape)
    (out * weights).sum().backward()
    return out.detach(), layer.w.grad.clone(), inputs.grad.clone()


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_the_compiled_layer_gives_the_eager_outputs_and_gradients(dtype: torch.dtype) -> None:
    torch._dynamo.reset()
    eager, compiled = layers(AOT_EAGER, dtype)
    inputs = torch.rand(5, 2, dtype=dtype, generator=torch.Generator().manual_seed(1))
    for _ in range(3):  # the first call runs eagerly (it checks the reads); the second compiles; the third reuses
        got = outputs_and_gradients(compiled, inputs)
        expected = outputs_and_gradients(eager, inputs)
        for value, reference in zip(got, expected, strict=True):
            torch.testing.assert_close(value, reference, atol=TOLERANCE[dtype], rtol=TOLERANCE[dtype])
    dense = reference_two_outputs(inputs.double().numpy(), compiled.w.detach().double().numpy())
    np.testing.assert_allclose(got[0].double().numpy(), dense, atol=10 * TOLERANCE[dtype])


def test_the_compiled_layer_follows_changed_weights() -> None:
    torch._dynamo.reset()
    eager, compiled = layers(AOT_EAGER)
    inputs = torch.rand(4, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    compiled(inputs), compiled(inputs)
    with torch.no_grad():
        for layer in (eager, compiled):
            layer.w.add_(0.7)
    torch.testing.assert_close(compiled(inputs), eager(inputs), atol=1e-12, rtol=1e-12)


@pytest.mark.slow
def test_inductor_compiles_the_layer() -> None:
    torch._dynamo.reset()
    eager, compiled = layers({"backend": "inductor"})
    inputs = torch.rand(5, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    for _ in range(2):
        got = outputs_and_gradients(compiled, inputs)
    for value, reference in zip(got, outputs_and_gradients(eager, inputs), strict=True):
        torch.testing.assert_close(value, reference, atol=1e-12, rtol=1e-12)


def test_a_backend_that_cannot_compile_falls_back_to_eager_with_one_warning() -> None:
    torch._dynamo.reset()
    eager, compiled = layers({"backend": refuse})
    inputs = torch.rand(3, 2, dtype=torch.float64)
    compiled(inputs)  # the first call is eager by design: no compilation, no warning
    with pytest.warns(RuntimeWarning, match=r"could not compile two_outputs.*no code generator.*running it eagerly"):
        first = compiled(inputs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        second = compiled(inputs)
    torch.testing.assert_close(first, eager(inputs))
    torch.testing.assert_close(second, first)


def test_fallback_error_raises_instead_of_running_eagerly() -> None:
    torch._dynamo.reset()
    _, compiled = layers({"backend": refuse, "fallback": "error"})
    inputs = torch.rand(3, 2, dtype=torch.float64)
    compiled(inputs)
    with pytest.raises(tyxq.CapabilityError, match="no code generator"):
        compiled(inputs)


@pytest.mark.parametrize(
    ("compile", "match"),
    [
        ("yes", r"compile='yes' is not an option; use False"),
        (1, r"compile=1 is not an option"),
        ({"bakend": "aot_eager"}, r"no option 'bakend'; it takes backend, mode"),
        ({"fallback": "silently"}, r"'fallback': 'silently'.*'eager'.*'error'"),
        ({"backend": "inductor", "mode": "max-autotune"}, r"both backend='inductor' and mode='max-autotune'"),
    ],
)
def test_bad_compile_options_are_refused_by_name(compile: object, match: str) -> None:
    with pytest.raises(LayerError, match=match):
        TorchLayer(two_outputs, {"w": 2}, compile=compile)


def test_a_mode_that_samples_is_refused_when_built_with_it_or_when_active() -> None:
    with pytest.raises(LayerError, match=r"mode 'shots' samples.*without compile="):
        TorchLayer(two_outputs, {"w": 2}, mode="shots", shots=100, seed=1, compile=AOT_EAGER)
    layer = TorchLayer(two_outputs, {"w": 2}, compile=AOT_EAGER)
    with tyxq.use_execution_mode(tyxq.ShotsMode(shots=100, seed=1)), pytest.raises(LayerError, match="'shots'"):
        layer(torch.rand(3, 2))


@pytest.mark.parametrize("gradient", ["parameter_shift", "adjoint"])
def test_a_compiled_layer_with_a_bridged_gradient_gives_the_eager_gradients(gradient: str) -> None:
    torch._dynamo.reset()
    torch.manual_seed(0)
    eager = TorchLayer(two_outputs, {"w": 2}, dtype=torch.float64, gradient=gradient)
    compiled = TorchLayer(two_outputs, {"w": 2}, dtype=torch.float64, gradient=gradient, compile=AOT_EAGER)
    compiled.load_state_dict(eager.state_dict())
    inputs = torch.rand(4, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(4))
    for _ in range(2):
        got = outputs_and_gradients(compiled, inputs)
    for value, reference in zip(got, outputs_and_gradients(eager, inputs), strict=True):
        torch.testing.assert_close(value, reference, atol=1e-10, rtol=1e-10)


def test_compile_on_another_backend_is_refused() -> None:
    with pytest.raises(LayerError, match=r"backend='numpy': use backend='torch', or drop compile="):
        TorchLayer(two_outputs, {"w": 2}, backend="numpy", compile=True)


def test_cuda_graphs_on_cuda_and_aot_eager_on_the_cpu_are_the_defaults() -> None:
    default = CompiledCircuit.choose(True, backend="torch")
    assert default is not None
    assert default.torch_options("cuda") == {"mode": "reduce-overhead"}
    assert default.torch_options("cpu") == AOT_EAGER
    chosen = CompiledCircuit.choose({"backend": "inductor", "fullgraph": False}, backend="torch")
    assert chosen is not None
    assert chosen.torch_options("cuda") == chosen.torch_options("cpu") == {"backend": "inductor", "fullgraph": False}


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU: torch.cuda.is_available() is False")
def test_cuda_graphs_give_the_eager_outputs_and_gradients() -> None:
    torch._dynamo.reset()
    eager, compiled = (layer.to("cuda") for layer in layers(True))
    inputs = torch.rand(5, 2, dtype=torch.float64, device="cuda")
    for _ in range(3):
        got = outputs_and_gradients(compiled, inputs)
    for value, reference in zip(got, outputs_and_gradients(eager, inputs), strict=True):
        torch.testing.assert_close(value, reference, atol=1e-12, rtol=1e-12)


def test_a_copied_or_pickled_compiled_layer_compiles_again() -> None:
    torch._dynamo.reset()
    eager, compiled = layers(AOT_EAGER)
    inputs = torch.rand(3, 2, dtype=torch.float64)
    compiled(inputs), compiled(inputs)
    assert "compile={'backend': 'aot_eager', 'fallback': 'eager'}" in repr(compiled)
    for clone in (copy.deepcopy(compiled), pickle.loads(pickle.dumps(compiled))):
        assert clone._compiled_circuit is not None and not clone._compiled_circuit._compiled
        clone(inputs)
        torch.testing.assert_close(clone(inputs), eager(inputs))


def three_outputs(inputs: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """The README's layer shape: inputs encoded by RX, a CNOT chain, RY(w), ⟨Z_q⟩ of every qubit in one call."""
    circuit = tyxq.Circuit(3)
    for q in range(3):
        circuit.rx(q, inputs[:, q])
    circuit.cnot([0, 1], [1, 2])
    for q in range(3):
        circuit.ry(q, w[q])
    return tyxq.expectation(circuit, [tyxq.Z(q) for q in range(3)])


def test_training_steps_after_the_first_compile_nothing_new() -> None:
    """Dynamo compiles the circuit function's frames once: later steps (new weights after each optimiser step,
    new inputs of the same shape) reuse them. A guard on a per-call object (a memo keyed by a state's identity)
    would recompile every step until dynamo's recompile limit and then run eagerly."""
    from torch._dynamo.utils import counters

    torch._dynamo.reset()
    compiled = TorchLayer(three_outputs, {"w": 3}, dtype=torch.float64, compile=AOT_EAGER)
    optimiser = torch.optim.SGD(compiled.parameters(), lr=0.1)
    generator = torch.Generator().manual_seed(2)

    def step() -> None:
        optimiser.zero_grad()
        compiled(torch.rand(4, 3, dtype=torch.float64, generator=generator)).sum().backward()
        optimiser.step()

    for _ in range(3):
        step()
    frames = dict(counters["frames"])
    for _ in range(8):
        step()
    assert dict(counters["frames"]) == frames
