"""Automatic differentiation and vectorisation through tyxq circuits on torch (tyxq_torch.transforms).

Gradients are checked against finite differences (torch.autograd.gradcheck
and hand-made central differences), never against tyxq itself.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

import tyxq
from tyxq.gates import GATES

PARAMETRIC = sorted(name for name, spec in GATES.items() if spec.n_params > 0)
OBSERVABLE = 0.7 * tyxq.Z(0) @ tyxq.Z(1) + tyxq.X(1) - 0.4 * tyxq.Y(2) @ tyxq.X(0) + 0.2


def random_energy(seed: int, n: int = 3, depth: int = 8) -> tuple[Callable[[torch.Tensor], torch.Tensor], int]:
    """A random circuit of parametric and fixed gates; returns ``f(theta)`` and the parameter count."""
    rng = np.random.default_rng(seed)
    layout = []
    count = 0
    for _ in range(depth):
        name = str(rng.choice([*(g for g in PARAMETRIC if GATES[g].n_qubits <= n), "h", "cnot", "s"]))
        spec = GATES[name]
        qubits = [int(q) for q in rng.permutation(n)[: spec.n_qubits]]
        layout.append((name, qubits, list(range(count, count + spec.n_params))))
        count += spec.n_params

    def energy(theta: torch.Tensor) -> torch.Tensor:
        circuit = tyxq.Circuit(n).h(range(n))
        for name, qubits, slots in layout:
            circuit.apply(name, *qubits, params=[theta[..., k] for k in slots])
        return tyxq.expectation(circuit, OBSERVABLE)

    return energy, count


def central_difference(
    fn: Callable[[torch.Tensor], torch.Tensor], theta: torch.Tensor, step: float = 1e-6
) -> torch.Tensor:
    columns = []
    for k in range(theta.shape[-1]):
        shift = torch.zeros_like(theta)
        shift[..., k] = step
        columns.append((fn(theta + shift) - fn(theta - shift)) / (2 * step))
    return torch.stack(columns, dim=-1)


@pytest.mark.parametrize("seed", range(6))
def test_gradcheck_on_random_circuits(backend128: tyxq.backends.Backend, seed: int) -> None:
    energy, count = random_energy(seed)
    theta = torch.rand(count, dtype=torch.float64, generator=torch.Generator().manual_seed(seed)) * 6 - 3
    assert torch.autograd.gradcheck(energy, (theta.requires_grad_(),), eps=1e-6, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_gradcheck_on_batched_random_circuits(backend128: tyxq.backends.Backend, seed: int) -> None:
    energy, count = random_energy(seed + 10)
    theta = torch.rand(4, count, dtype=torch.float64, generator=torch.Generator().manual_seed(seed)) * 6 - 3
    assert torch.autograd.gradcheck(energy, (theta.requires_grad_(),), eps=1e-6, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_complex64_gradients_agree_within_float32_tolerance(seed: int) -> None:
    energy, count = random_energy(seed + 20)
    theta = torch.rand(count, dtype=torch.float64, generator=torch.Generator().manual_seed(seed)) * 6 - 3
    grads = {}
    for dtype, real in (("complex128", torch.float64), ("complex64", torch.float32)):
        leaf = theta.detach().to(real).requires_grad_()
        with tyxq.use_backend("torch", dtype=dtype):
            energy(leaf).backward()
        grads[dtype] = leaf.grad.double()
    assert grads["complex64"].dtype == torch.float64
    torch.testing.assert_close(grads["complex64"], grads["complex128"], atol=5e-5, rtol=1e-4)


def test_value_and_grad_returns_tensors_on_the_input_s_device_and_dtype(backend: tyxq.backends.Backend) -> None:
    energy, count = random_energy(1)
    real = getattr(torch, backend.real_dtype)
    theta = torch.linspace(-1, 1, count, dtype=real)
    value, grad = backend.value_and_grad(energy)(theta)
    assert value.dtype == grad.dtype == real and grad.device == theta.device and grad.shape == theta.shape
    with tyxq.use_backend("torch", dtype="complex128"):
        expected = central_difference(energy, theta.double())
    torch.testing.assert_close(grad.double(), expected, atol=5e-5 if real == torch.float32 else 1e-7, rtol=1e-4)


def test_value_and_grad_of_several_arguments(backend128: tyxq.backends.Backend) -> None:
    def energy(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return tyxq.expectation(tyxq.Circuit(2).ry(0, a).cnot(0, 1).rx(1, b), tyxq.Z(1))

    a, b = torch.tensor(0.4, dtype=torch.float64), torch.tensor(-0.9, dtype=torch.float64)
    value, (grad_a, grad_b) = backend128.value_and_grad(energy, argnums=(0, 1))(a, b)
    # ⟨Z1⟩ = cos(a) cos(b)
    torch.testing.assert_close(value, torch.cos(a) * torch.cos(b))
    torch.testing.assert_close(grad_a, -torch.sin(a) * torch.cos(b))
    torch.testing.assert_close(grad_b, -torch.cos(a) * torch.sin(b))


def test_value_and_grad_of_a_non_scalar_is_a_clear_error(backend128: tyxq.backends.Backend) -> None:
    def batched(theta: torch.Tensor) -> torch.Tensor:
        return tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Z(0))

    with pytest.raises(tyxq.GradientError, match="vectorized_value_and_grad"):
        backend128.value_and_grad(batched)(torch.tensor([0.1, 0.2], dtype=torch.float64))


def test_gradients_flow_into_the_user_s_own_graph(backend128: tyxq.backends.Backend) -> None:
    scale = torch.tensor(0.8, dtype=torch.float64, requires_grad=True)
    x = torch.tensor([0.3, -0.5], dtype=torch.float64)

    def energy(theta: torch.Tensor) -> torch.Tensor:
        return tyxq.expectation(tyxq.Circuit(2).ry(0, theta[0]).cnot(0, 1).ry(1, theta[1]), tyxq.Z(1))

    # the user's graph: theta = scale * x; an outer loss on both the value and tyxq's gradient
    value, grad = backend128.value_and_grad(energy)(scale * x)
    (value + grad.sum()).backward()

    def outer(s: torch.Tensor) -> torch.Tensor:
        value, grad = backend128.value_and_grad(energy)(s * x)
        return value + grad.sum()

    step = 1e-6
    expected = (outer(scale.detach() + step) - outer(scale.detach() - step)) / (2 * step)
    torch.testing.assert_close(scale.grad, expected.detach(), atol=1e-7, rtol=1e-6)


def test_hessian_matches_finite_differences_of_the_gradient(backend128: tyxq.backends.Backend) -> None:
    energy, count = random_energy(3, depth=6)
    theta = torch.linspace(-1.3, 0.9, count, dtype=torch.float64)
    hessian = torch.func.hessian(energy)(theta)

    def gradient(t: torch.Tensor) -> torch.Tensor:
        return backend128.value_and_grad(energy)(t)[1]

    expected = central_difference(gradient, theta, step=1e-5)
    torch.testing.assert_close(hessian, expected, atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(hessian, hessian.T)


def test_vmap_with_in_dims_matches_a_loop(backend128: tyxq.backends.Backend) -> None:
    def energy(theta: torch.Tensor, shift: torch.Tensor) -> torch.Tensor:
        return tyxq.expectation(tyxq.Circuit(2).rx(0, theta + shift).cnot(0, 1).ry(1, theta), tyxq.Z(0) + tyxq.X(1))

    thetas = torch.linspace(-2, 2, 5, dtype=torch.float64)
    shift = torch.tensor(0.25, dtype=torch.float64)
    mapped = backend128.vmap(energy, in_axes=(0, None))(thetas, shift)
    looped = torch.stack([energy(t, shift) for t in thetas])
    torch.testing.assert_close(mapped, looped)


def test_vectorized_value_and_grad_matches_one_call_per_parameter_set(backend: tyxq.backends.Backend) -> None:
    energy, count = random_energy(4)
    real = getattr(torch, backend.real_dtype)
    thetas = torch.rand(5, count, dtype=real, generator=torch.Generator().manual_seed(0)) * 4 - 2
    values, grads = backend.vectorized_value_and_grad(energy)(thetas)
    assert values.shape == (5,) and grads.shape == (5, count)
    for theta, value, grad in zip(thetas, values, grads, strict=True):
        one_value, one_grad = backend.value_and_grad(energy)(theta)
        torch.testing.assert_close(value, one_value)
        torch.testing.assert_close(grad, one_grad)


def test_a_batched_circuit_gives_every_parameter_set_its_own_gradient(backend128: tyxq.backends.Backend) -> None:
    energy, count = random_energy(5)
    thetas = torch.rand(4, count, dtype=torch.float64, generator=torch.Generator().manual_seed(1)) * 4 - 2
    thetas.requires_grad_()
    energy(thetas).sum().backward()
    _, expected = backend128.vectorized_value_and_grad(energy)(thetas.detach())
    torch.testing.assert_close(thetas.grad, expected)


def test_custom_vjp_uses_the_given_backward_rule(backend128: tyxq.backends.Backend) -> None:
    calls = []

    def pullback(primals: tuple, output: torch.Tensor, cotangent: torch.Tensor) -> tuple:
        calls.append(1)
        (x,) = primals
        return (cotangent * 3 * x**2,)

    cube = backend128.custom_vjp(lambda x: x**3, pullback)
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    cube(x).sum().backward()
    assert calls and x.grad.tolist() == [3.0, 12.0]
    per_sample = torch.func.vmap(torch.func.grad(lambda v: cube(v).sum()))(torch.tensor([[1.0], [3.0]]))
    assert per_sample.flatten().tolist() == [3.0, 27.0]


def test_custom_vjp_with_residuals_runs_the_forward_once_and_hands_its_residuals_back(
    backend128: tyxq.backends.Backend,
) -> None:
    forwards, seen = [], []

    def forward(x: torch.Tensor, y: torch.Tensor) -> tuple:
        forwards.append(1)
        return torch.sin(x) * y, (torch.cos(x),)

    def pullback(primals: tuple, kept: tuple, cotangent: torch.Tensor, needed: tuple) -> tuple:
        seen.append(needed)
        x, y = primals
        return (cotangent * kept[0] * y if needed[0] else None, cotangent * torch.sin(x) if needed[1] else None)

    product = backend128.custom_vjp_with_residuals(forward, pullback)
    x = torch.tensor([0.3, 1.2], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([2.0, -1.0], dtype=torch.float64)
    out = product(x, y)
    out.sum().backward()
    assert forwards == [1]  # the backward reused cos(x) rather than running the forward again
    assert seen == [(True, False)]  # y needs no gradient: the pullback is told so
    torch.testing.assert_close(x.grad, torch.cos(x.detach()) * y)


def test_custom_vjp_returning_the_wrong_number_of_cotangents_is_a_clear_error(
    backend128: tyxq.backends.Backend,
) -> None:
    broken = backend128.custom_vjp(lambda x, y: x * y, lambda primals, out, g: (g,))
    x = torch.tensor(2.0, requires_grad=True)
    with pytest.raises(tyxq.GradientError, match="one per primal"):
        broken(x, torch.tensor(3.0)).backward()


def test_a_function_that_leaves_the_graph_is_not_differentiable(backend128: tyxq.backends.Backend) -> None:
    def through_the_host(theta: torch.Tensor) -> torch.Tensor:
        value = tyxq.expectation(tyxq.Circuit(1).ry(0, theta), tyxq.Z(0))
        return torch.as_tensor(backend128.to_numpy(value)) * theta

    with pytest.raises(tyxq.NotDifferentiableError, match="leaves the autodiff graph"):
        backend128.value_and_grad(through_the_host)(torch.tensor(0.3, dtype=torch.float64))
