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
