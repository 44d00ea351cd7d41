"""Angles read as elements of one weight tensor stack as one gather (``tyxq_torch.views``).

Each test compares the gathered stack with ``torch.stack`` of the same scalars: values,
gradients, and the cases where the gather must not apply.
"""

from __future__ import annotations

import numpy as np
import torch

import tyxq
from tyxq_torch.backend import TorchBackend
from tyxq_torch.views import stack_views

from ..core.reference import pauli_matrix, simulate


def _weights() -> torch.Tensor:
    return torch.linspace(-1.3, 2.1, 24, dtype=torch.float64).reshape(2, 3, 4).clone().requires_grad_()


def test_gather_equals_stack_in_value_and_gradient() -> None:
    w = _weights()
    picks = [(1, 2, 3), (0, 0, 0), (1, 2, 3), (0, 1, 2)]  # a repeated element sums its gradients
    gathered = stack_views([w[p] for p in picks])
    assert gathered is not None and type(gathered.grad_fn).__name__ == "IndexBackward0"
    weights = torch.tensor([0.5, -2.0, 3.0, 7.0], dtype=torch.float64)
    (gathered.sin() * weights).sum().backward()
    gathered_grad = w.grad.clone()
    w.grad = None
    (torch.stack([w[p] for p in picks]).sin() * weights).sum().backward()
    transposed = w.transpose(0, 2)  # views of views: the storage offsets still locate them in ``w``
    torch.testing.assert_close(
        stack_views([transposed[3, 1, 0], transposed[0, 2, 1]]), w.detach()[[0, 1], [1, 2], [3, 0]]
    )
    torch.testing.assert_close(gathered.detach(), torch.stack([w[p] for p in picks]).detach())
    torch.testing.assert_close(gathered_grad, w.grad)


def test_gather_refuses_what_is_not_views_of_one_contiguous_tensor() -> None:
    w, other = _weights(), _weights()
    assert stack_views([w[0, 0, 0], other[0, 0, 1]]) is None  # two bases
    assert stack_views([w.detach().clone()[0, 0, 0] * 1.0, w[0, 0, 1]]) is None  # not a view
    strided = torch.empty_strided((3, 4), (1, 3), dtype=torch.float64).requires_grad_()
    assert stack_views([strided[0, 1], strided[2, 0]]) is None  # a base that is not contiguous
    with torch.no_grad():
        untracked = w[0, 0, 0]
    assert stack_views([untracked, w[0, 0, 1]]) is None  # would send a gradient the user turned off
    z = torch.zeros(3, dtype=torch.complex128, requires_grad=True)
    assert stack_views([z.real[0], z.real[1]]) is None  # a real view of a complex tensor
    assert stack_views([w[0, 0]]) is None and stack_views([w[0, 0, 0]]) is None


def test_backend_stack_gathers_only_outside_transforms() -> None:
    backend = TorchBackend(dtype="complex128")
    w = _weights()
    assert type(backend.stack([w[0, 0, 0], w[1, 1, 1]]).grad_fn).__name__ == "IndexBackward0"

    def first_two(t: torch.Tensor) -> torch.Tensor:
        return backend.stack([t[0], t[1]]).sum()

    gradient = torch.func.grad(first_two)(torch.tensor([0.2, 0.4, 0.6], dtype=torch.float64))
    torch.testing.assert_close(gradient, torch.tensor([1.0, 1.0, 0.0], dtype=torch.float64))


def test_layer_of_weight_elements_matches_dense_reference_and_its_gradient(backend128: object) -> None:
    """A circuit whose angles are elements of one tensor: value against the dense simulator, gradient
    against the same circuit built from copies of the elements (no views, so no gather)."""
    w = _weights()

    def energy(angles: list[torch.Tensor]) -> torch.Tensor:
        circuit = tyxq.Circuit(3)
        for q in range(3):
            circuit.rx(q, angles[q]).ry(q, angles[3 + q])
        circuit.cnot(0, 1).cnot(1, 2)
        for q in range(3):
            circuit.rz(q, angles[6 + q]).rx(q, angles[9 + q])
        return tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.Z(2) + 0.5 * tyxq.X(1))

    flat = [w[i // 12, (i // 4) % 3, i % 4] for i in range(12)]
    value = energy(flat)
    value.backward()
    through_views = w.grad.clone()
    w.grad = None
    copies = [element.clone() for element in flat]
    energy(copies).backward()
    torch.testing.assert_close(through_views, w.grad)

    angles = [float(a.detach()) for a in flat]
    gates = [op for q in range(3) for op in (("rx", (q,), (angles[q],)), ("ry", (q,), (angles[3 + q],)))]
    gates += [("cnot", (0, 1), ()), ("cnot", (1, 2), ())]
    gates += [op for q in range(3) for op in (("rz", (q,), (angles[6 + q],)), ("rx", (q,), (angles[9 + q],)))]
    state = simulate(3, gates)
    observable = pauli_matrix(3, {0: "Z", 2: "Z"}) + 0.5 * pauli_matrix(3, {1: "X"})
    np.testing.assert_allclose(float(value.detach()), np.vdot(state, observable @ state).real, atol=1e-12)


def test_columns_of_a_batch_stack_on_any_axis_in_value_and_gradient() -> None:
    """Batched angles are columns ``params[:, i]``: 1-d views with one stride, stacked first or last."""
    params = torch.linspace(-2.0, 3.0, 20, dtype=torch.float64).reshape(4, 5).clone().requires_grad_()
    picks = [3, 0, 3, 1]
    weights = torch.linspace(0.5, 1.5, 16, dtype=torch.float64).reshape(4, 4)
    for axis in (0, 1, -1):
        gathered = stack_views([params[:, i] for i in picks], axis=axis)
        assert gathered is not None
        (gathered.cos() * weights).sum().backward()
        gathered_grad, params.grad = params.grad.clone(), None
        expected = torch.stack([params[:, i] for i in picks], dim=axis)
        (expected.cos() * weights).sum().backward()
        torch.testing.assert_close(gathered.detach(), expected.detach())
        torch.testing.assert_close(gathered_grad, params.grad)
        params.grad = None
    assert stack_views([params[:, 0], params[1:, 1]]) is None  # shapes differ
    assert stack_views([params[:, 0], params[0, :4]]) is None  # strides differ
