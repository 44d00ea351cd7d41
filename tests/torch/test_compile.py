"""``jit``: torch.compile through tyxq circuits, and clear errors where compilation is impossible."""

from __future__ import annotations

import warnings

import pytest
import torch

import tyxq


def energy(theta: torch.Tensor) -> torch.Tensor:
    circuit = tyxq.Circuit(3).h(range(3)).rx(0, theta[0]).cnot(0, 1).rzz(1, 2, theta[1]).ry(2, theta[2])
    return tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(2))


def refuse(graph: torch.fx.GraphModule, example_inputs: list) -> None:
    raise RuntimeError("this machine has no code generator")


@pytest.fixture
def theta() -> torch.Tensor:
    return torch.tensor([0.3, -0.8, 1.1], dtype=torch.float64, requires_grad=True)


def test_a_compiled_circuit_gives_the_eager_value_and_gradient(
    backend128: tyxq.backends.Backend, theta: torch.Tensor
) -> None:
    torch._dynamo.reset()
    compiled = backend128.jit(energy, backend="aot_eager")
    value = compiled(theta)
    (grad,) = torch.autograd.grad(value, theta)
    expected = energy(theta)
    (expected_grad,) = torch.autograd.grad(expected, theta)
    torch.testing.assert_close(value, expected)
    torch.testing.assert_close(grad, expected_grad)


@pytest.mark.slow
def test_inductor_compiles_a_circuit(backend128: tyxq.backends.Backend, theta: torch.Tensor) -> None:
    torch._dynamo.reset()
    compiled = backend128.jit(energy)
    torch.testing.assert_close(compiled(theta), energy(theta))


def test_impossible_compilation_is_a_clear_error(backend128: tyxq.backends.Backend, theta: torch.Tensor) -> None:
    torch._dynamo.reset()
    compiled = backend128.jit(energy, backend=refuse)
    with pytest.raises(tyxq.CapabilityError, match=r"no code generator.*fallback='eager'"):
        compiled(theta)


def test_eager_fallback_warns_once_when_asked_for(backend128: tyxq.backends.Backend, theta: torch.Tensor) -> None:
    torch._dynamo.reset()
    compiled = backend128.jit(energy, fallback="eager", backend=refuse)
    with pytest.warns(RuntimeWarning, match="running it eagerly"):
        first = compiled(theta)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        second = compiled(theta)
    torch.testing.assert_close(first, energy(theta))
    torch.testing.assert_close(second, first)


def test_an_unknown_fallback_is_refused(backend128: tyxq.backends.Backend) -> None:
    with pytest.raises(tyxq.BackendError, match="fallback"):
        backend128.jit(energy, fallback="silently")


def test_errors_of_the_function_itself_pass_through(backend128: tyxq.backends.Backend) -> None:
    torch._dynamo.reset()
    compiled = backend128.jit(lambda t: tyxq.state(tyxq.Circuit(1).rx(5, t)), backend="aot_eager")
    with pytest.raises(tyxq.QubitIndexError):
        compiled(torch.tensor(0.1, dtype=torch.float64))


def test_the_public_spelling_compiles_plain_pytorch_code(theta: torch.Tensor) -> None:
    """``tyxq.get_backend().jit``: the active backend's torch.compile, for code outside a TorchLayer."""

    def listed(t: torch.Tensor) -> torch.Tensor:
        circuit = tyxq.Circuit(3).h(range(3)).rx(0, t[0]).cnot(0, 1).rzz(1, 2, t[1]).ry(2, t[2])
        values = torch.stack([tyxq.expectation(circuit, tyxq.Z(q)) for q in range(3)])
        return values @ torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64)

    torch._dynamo.reset()
    with tyxq.use_backend("torch", dtype="complex128"):
        compiled = tyxq.get_backend().jit(listed, fallback="eager", backend="aot_eager")
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # compiled, not fallen back
            value = compiled(theta)
        (grad,) = torch.autograd.grad(value, theta)
        expected = listed(theta)
        (expected_grad,) = torch.autograd.grad(expected, theta)
    torch.testing.assert_close(value, expected)
    torch.testing.assert_close(grad, expected_grad)
