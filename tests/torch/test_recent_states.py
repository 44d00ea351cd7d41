"""The memo of recent states on torch: one simulation for a list of single calls in plain PyTorch code.

Values are checked against the dense reference simulator, gradients against central finite
differences of it; the simulations are counted by ``tyxq.execution.memo_info()``.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest
import torch

import tyxq
from tyxq.execution import memo_info

from ..core.reference import pauli_matrix, simulate

N = 3


def built(x: torch.Tensor, w: torch.Tensor) -> tyxq.Circuit:
    """Inputs ``(B, N)`` encoded by RX, then RY(w[0]), a CNOT chain and RX(w[1])."""
    circuit = tyxq.Circuit(N)
    for q in range(N):
        circuit.rx(q, x[:, q]).ry(q, w[0, q])
    circuit.cnot([0, 1], [1, 2])
    for q in range(N):
        circuit.rx(q, w[1, q])
    return circuit


def single_calls(circuit: tyxq.Circuit) -> torch.Tensor:
    return torch.stack([tyxq.expectation(circuit, tyxq.Z(q)) for q in range(N)], -1)


def reference(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """⟨Z_q⟩ ``(B, N)`` from the dense simulator."""
    zs = [pauli_matrix(N, {q: "Z"}) for q in range(N)]
    rows = []
    for row in x:
        gates = [g for q in range(N) for g in (("rx", (q,), (row[q],)), ("ry", (q,), (w[0, q],)))]
        gates += [("cnot", (0, 1), ()), ("cnot", (1, 2), ())] + [("rx", (q,), (w[1, q],)) for q in range(N)]
        psi = simulate(N, gates)
        rows.append([np.real(psi.conj() @ z @ psi) for z in zs])
    return np.array(rows)


def finite_difference(x: np.ndarray, w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """The gradient of the sum of every output with respect to ``w``, by central differences."""
    grad = np.zeros_like(w)
    for index in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (reference(x, up).sum() - reference(x, down).sum()) / (2 * h)
    return grad


def counts() -> tuple[int, int]:
    info = memo_info()
    return info.misses, info.hits


def since(start: tuple[int, int]) -> tuple[int, int]:
    misses, hits = counts()
    return misses - start[0], hits - start[1]


@pytest.fixture
def data() -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(4)
    x = torch.rand(4, N, dtype=torch.float64, generator=generator) * np.pi
    w = torch.randn(2, N, dtype=torch.float64, generator=generator).requires_grad_()
    return x, w


@pytest.fixture(autouse=True)
def torch_complex128() -> Any:
    with tyxq.use_backend("torch", dtype="complex128") as backend:
        yield backend


def test_a_list_of_single_calls_is_one_simulation_and_its_gradient_is_right(data: Any) -> None:
    x, w = data
    circuit, start = built(x, w), counts()
    values = single_calls(circuit)
    assert since(start) == (1, N - 1)
    np.testing.assert_allclose(values.detach().numpy(), reference(x.numpy(), w.detach().numpy()), atol=1e-12)
    values.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), finite_difference(x.numpy(), w.detach().numpy()), atol=1e-7)


def test_a_second_list_after_a_backward_pass_simulates_again_and_differentiates(data: Any) -> None:
    x, w = data
    circuit = built(x, w)
    single_calls(circuit).sum().backward()  # frees the graph behind the kept state
    first = w.grad.clone()
    w.grad = None
    start = counts()
    single_calls(circuit).sum().backward()  # must not reach the freed graph
    assert since(start) == (1, N - 1)
    torch.testing.assert_close(w.grad, first, atol=1e-12, rtol=0)


def test_weights_changed_in_place_are_seen(data: Any) -> None:
    x, w = data
    circuit = built(x, w)
    optimiser = torch.optim.SGD([w], lr=0.3)
    for _ in range(3):
        optimiser.zero_grad()
        values = single_calls(circuit)
        expected = reference(x.numpy(), w.detach().numpy())
        np.testing.assert_allclose(values.detach().numpy(), expected, atol=1e-12)
        values.sum().backward()
        optimiser.step()  # bumps w's version counter, which the circuit's views of w share
    with torch.no_grad():
        single_calls(circuit)  # kept, and no backward pass will drop it
        w[1, 2] = 2.5
        values = single_calls(circuit)
    np.testing.assert_allclose(values.numpy(), reference(x.numpy(), w.detach().numpy()), atol=1e-12)


def test_a_write_through_data_is_seen_inside_an_evaluation_block(data: Any) -> None:
    x, w = data
    circuit = built(x, w)
    single_calls(circuit)
    w.data[0, 0] = -1.0  # bypasses the version counter, as it bypasses autograd: the documented way out
    with tyxq.evaluation():
        values = single_calls(circuit)
    np.testing.assert_allclose(values.detach().numpy(), reference(x.numpy(), w.detach().numpy()), atol=1e-12)


def check_no_grad_state_not_reused(x: torch.Tensor, w: torch.Tensor) -> None:
    """A list under ``no_grad`` keeps a state; the same list with gradients must not read it."""
    circuit = built(x, w)
    with torch.no_grad():
        single_calls(circuit)
    values = single_calls(circuit)
    assert values.requires_grad
    values.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), finite_difference(x.numpy(), w.detach().numpy()), atol=1e-7)


def test_a_state_kept_without_gradients_is_not_used_for_a_call_that_needs_them(data: Any) -> None:
    check_no_grad_state_not_reused(*data)


def test_a_view_that_requires_grad_over_a_base_that_does_not_is_watched_itself() -> None:
    """``w`` is a view (of ``linspace``'s result) that requires grad where its base does not: the base cannot
    stand for it in the memo's checks, or a state kept without gradients would answer a call that needs them."""
    generator = torch.Generator().manual_seed(6)
    x = torch.rand(4, N, dtype=torch.float64, generator=generator) * np.pi
    w = torch.linspace(-0.9, 1.3, 2 * N, dtype=torch.float64).reshape(2, N).requires_grad_()
    assert w._base is not None and not w._base.requires_grad
    check_no_grad_state_not_reused(x, w)


def test_the_single_calls_square_the_state_once_and_their_gradients_meet_there(data: Any) -> None:
    """Every output of the list reads one ``|ψ|²`` node: the graph holds one squaring of the state, and the
    gradient through it is the several-observable call's."""
    x, w = data
    values = single_calls(built(x, w))
    squarings, seen, stack = 0, set(), [values.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        squarings += type(node).__name__ == "PowBackward0"
        stack.extend(parent for parent, _ in node.next_functions)
    assert squarings == 2  # the real part squared, the imaginary part squared: once for all N outputs
    values.sum().backward()
    listed = w.grad.clone()
    w.grad = None
    tyxq.expectation(built(x, w), [tyxq.Z(q) for q in range(N)]).sum().backward()
    torch.testing.assert_close(listed, w.grad, atol=1e-12, rtol=0)


def test_another_dtype_simulates_its_own_state(data: Any) -> None:
    x, w = data
    circuit = built(x.float(), w.detach().float())
    single_calls(circuit)
    with tyxq.use_backend("torch", dtype="complex64"):
        start = counts()
        values = single_calls(circuit)
        assert values.dtype == torch.float32 and since(start) == (1, N - 1)


def test_inference_tensors_keep_no_counter_so_their_states_are_not_kept(data: Any) -> None:
    x, w = data
    with torch.inference_mode():
        frozen = w.detach().clone()
    circuit = built(x, frozen)
    before = memo_info()
    single_calls(circuit)
    after = memo_info()
    assert (after.misses - before.misses, after.skipped - before.skipped) == (0, N)


def test_each_thread_keeps_its_own_states_of_its_own_circuit() -> None:
    barrier, errors = threading.Barrier(2), []

    def work(seed: int) -> None:
        try:
            with tyxq.use_backend("torch", dtype="complex128"):
                generator = torch.Generator().manual_seed(seed)
                x = torch.rand(2, N, dtype=torch.float64, generator=generator)
                w = torch.randn(2, N, dtype=torch.float64, generator=generator)
                circuit = built(x, w)
                barrier.wait()
                start = counts()
                for step in range(10):
                    w[0, 0] = 0.2 * step + seed  # in place, between the lists
                    values = single_calls(circuit)
                    np.testing.assert_allclose(values.numpy(), reference(x.numpy(), w.numpy()), atol=1e-12)
                assert since(start) == (10, 10 * (N - 1))
        except BaseException as error:  # noqa: BLE001  # re-raised in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_inside_vmap_nothing_is_kept_and_the_values_are_right(torch_complex128: Any) -> None:
    def outputs(theta: torch.Tensor) -> torch.Tensor:
        circuit = tyxq.Circuit(2).ry(0, theta).cnot(0, 1).rx(1, 0.4)
        return torch.stack([tyxq.expectation(circuit, tyxq.Z(q)) for q in range(2)])

    thetas = torch.linspace(-2, 2, 5, dtype=torch.float64)
    before = memo_info()
    mapped = torch_complex128.vmap(outputs)(thetas)
    after = memo_info()
    assert after.misses == before.misses and after.hits == before.hits and after.skipped > before.skipped
    expected = torch.stack([torch.cos(thetas), torch.cos(thetas) * np.cos(0.4)], -1)
    torch.testing.assert_close(mapped, expected, atol=1e-12, rtol=0)
