"""The README's TorchLayer patterns take the one public path: several outputs from one simulation, shots that sample."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import tyxq
from tyxq_ml import TorchLayer

from ..core.reference import pauli_matrix, simulate

N = 3


def encoded(inputs: torch.Tensor, w: torch.Tensor) -> tyxq.Circuit:
    c = tyxq.Circuit(N)
    for i in range(N):
        c.rx(i, math.pi * inputs[:, i])
    c.cnot([0, 1], [1, 2])
    for i in range(N):
        c.ry(i, w[i])
    return c


def outputs_listed(inputs: torch.Tensor, w: torch.Tensor) -> list:
    c = encoded(inputs, w)
    return [tyxq.expectation(c, tyxq.Z(i)) for i in range(N)]


def outputs_together(inputs: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    return tyxq.expectation(encoded(inputs, w), [tyxq.Z(i) for i in range(N)])


class CountingMode(tyxq.StatevectorMode):
    """The statevector mode, counting the states it simulates."""

    def __init__(self) -> None:
        self.simulated = 0

    def _final_state(self, run: tyxq.Circuit, backend, *, recent: bool = True):  # type: ignore[no-untyped-def]
        """The one place every answer of the statevector mode gets its state (the evaluation's memo first)."""

        def counted():  # type: ignore[no-untyped-def]
            self.simulated += 1
            return tyxq.kernels.simulate.final_state(backend, run)

        return tyxq.execution.memo.memoized_state(backend, run, counted, recent=recent)


def test_a_list_of_single_calls_equals_one_several_observable_call() -> None:
    torch.manual_seed(0)
    inputs = torch.rand(5, N, dtype=torch.float64)
    listed = TorchLayer(outputs_listed, {"w": N}, dtype=torch.float64)
    together = TorchLayer(outputs_together, {"w": N}, dtype=torch.float64)
    together.load_state_dict(listed.state_dict())
    a, b = listed(inputs), together(inputs)
    torch.testing.assert_close(a, b, atol=1e-12, rtol=0)
    a.sum().backward()
    b.sum().backward()
    torch.testing.assert_close(listed.w.grad, together.w.grad, atol=1e-12, rtol=0)


def test_single_calls_on_one_circuit_share_one_simulation_per_evaluation() -> None:
    mode = CountingMode()
    w = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)
    inputs = torch.zeros(2, N, dtype=torch.float64)
    with tyxq.use_backend("torch", dtype="complex128"), tyxq.use_execution_mode(mode):
        with tyxq.evaluation():
            first = torch.stack(outputs_listed(inputs, w), -1)
        assert mode.simulated == 1
        w.data[0] = 2.0  # changed in place between evaluations: the next evaluation must see it
        with tyxq.evaluation():
            second = torch.stack(outputs_listed(inputs, w), -1)
        assert mode.simulated == 2
    assert float(first[0, 0]) == pytest.approx(math.cos(0.1), abs=1e-12)
    assert float(second[0, 0]) == pytest.approx(math.cos(2.0), abs=1e-12)


def test_single_calls_in_plain_pytorch_code_share_one_simulation_until_a_weight_changes() -> None:
    mode = CountingMode()
    w = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64, requires_grad=True)
    inputs = torch.zeros(2, N, dtype=torch.float64)
    with tyxq.use_backend("torch", dtype="complex128"), tyxq.use_execution_mode(mode):
        circuit = encoded(inputs, w)  # no evaluation block: the memo of recent states serves
        first = torch.stack([tyxq.expectation(circuit, tyxq.Z(i)) for i in range(N)], -1)
        assert mode.simulated == 1
        with torch.no_grad():
            w[0] = 2.0  # in place: the next list simulates again
        second = torch.stack([tyxq.expectation(circuit, tyxq.Z(i)) for i in range(N)], -1)
        assert mode.simulated == 2
    assert float(first[0, 0]) == pytest.approx(math.cos(0.1), abs=1e-12)
    assert float(second[0, 0]) == pytest.approx(math.cos(2.0), abs=1e-12)


def test_a_layer_sees_weights_changed_in_place_between_forward_passes() -> None:
    layer = TorchLayer(outputs_listed, {"w": N}, dtype=torch.float64)
    inputs = torch.zeros(1, N, dtype=torch.float64)
    with torch.no_grad():
        layer.w.zero_()
        before = layer(inputs)
        layer.w[0] = math.pi
        after = layer(inputs)
    assert float(before[0, 0]) == pytest.approx(1.0, abs=1e-12)
    assert float(after[0, 0]) == pytest.approx(-1.0, abs=1e-12)


def test_auto_in_a_sampling_mode_trains_by_parameter_shift_and_really_samples() -> None:
    shots = 4000
    layer = TorchLayer(outputs_listed, {"w": N}, mode="shots", shots=shots, seed=3, dtype=torch.float64)
    exact = TorchLayer(outputs_listed, {"w": N}, dtype=torch.float64)
    exact.load_state_dict(layer.state_dict())
    assert layer.gradient == "parameter_shift"
    inputs = torch.rand(4, N, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    sampled, reference = layer(inputs), exact(inputs).detach()
    sigma = torch.sqrt((1 - reference**2) / shots)
    assert not torch.allclose(sampled, reference, atol=1e-9), "a shots-mode layer returned exact values"
    assert bool(torch.all((sampled.detach() - reference).abs() <= 4 * sigma + 1e-12))
    sampled.sum().backward()
    assert layer.w.grad is not None and bool(torch.isfinite(layer.w.grad).all())


def test_autograd_through_a_sampling_mode_is_refused_at_the_call() -> None:
    with tyxq.use_backend("torch", dtype="complex128"):
        theta = torch.tensor(0.4, dtype=torch.float64, requires_grad=True)
        with pytest.raises(tyxq.GradientError, match="parameter_shift"):
            tyxq.expectation(tyxq.Circuit(1).ry(0, theta), tyxq.Z(0), mode="shots", shots=100, seed=0)
        detached = tyxq.expectation(tyxq.Circuit(1).ry(0, theta.detach()), tyxq.Z(0), mode="shots", shots=100, seed=0)
    assert -1.0 <= float(detached) <= 1.0


def test_a_several_observable_layer_matches_a_dense_reference() -> None:
    w = np.array([0.3, -0.7, 1.1])
    x = np.array([0.2, 0.5, 0.9])
    layer = TorchLayer(outputs_together, {"w": N}, dtype=torch.float64)
    with torch.no_grad():
        layer.w.copy_(torch.tensor(w))
    values = layer(torch.tensor(x[None, :])).detach().numpy()[0]
    gates = [("rx", (q,), (np.pi * x[q],)) for q in range(N)]
    gates += [("cnot", (0, 1), ()), ("cnot", (1, 2), ())] + [("ry", (q,), (w[q],)) for q in range(N)]
    psi = simulate(N, gates)
    expected = [np.real(np.conj(psi) @ pauli_matrix(N, {q: "Z"}) @ psi) for q in range(N)]
    np.testing.assert_allclose(values, expected, atol=1e-12)
