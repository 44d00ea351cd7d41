"""The torch backend against the independent dense-matrix reference, in both dtypes, batched and not."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import tyxq

from ..core.reference import pauli_matrix, simulate
from ..core.test_random_circuits import BATCH, circuits, member
from .conftest import DTYPES, REAL, TOLERANCE


def build(n: int, gates: list, real: torch.dtype) -> tyxq.Circuit:
    """The circuit, with batched parameters as torch tensors of ``real`` dtype."""
    circuit = tyxq.Circuit(n)
    for name, qubits, params in gates:
        values = [torch.as_tensor(p, dtype=real) if isinstance(p, np.ndarray) else p for p in params]
        circuit.apply(name, *qubits, params=values)
    return circuit


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(case=circuits(batched=False))
def test_unbatched_state_matches_the_dense_reference(dtype: str, case: tuple) -> None:
    n, gates = case
    with tyxq.use_backend("torch", dtype=dtype):
        state = tyxq.state(build(n, gates, REAL[dtype]))
    assert isinstance(state, torch.Tensor) and state.dtype == getattr(torch, dtype)
    np.testing.assert_allclose(state.numpy(), simulate(n, gates), atol=TOLERANCE[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(case=circuits(batched=True))
def test_batched_state_matches_the_dense_reference_per_member(dtype: str, case: tuple) -> None:
    n, gates = case
    circuit = build(n, gates, REAL[dtype])
    with tyxq.use_backend("torch", dtype=dtype):
        state = tyxq.state(circuit).numpy()
    if circuit.batch_size is None:
        np.testing.assert_allclose(state, simulate(n, gates), atol=TOLERANCE[dtype])
        return
    assert state.shape == (BATCH, 2**n)
    for b in range(BATCH):
        np.testing.assert_allclose(state[b], simulate(n, member(gates, b)), atol=TOLERANCE[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=30, deadline=None)
@given(case=circuits(batched=True), data=st.data())
def test_several_expectations_match_the_dense_reference(dtype: str, case: tuple, data: st.DataObject) -> None:
    n, gates = case
    observables, matrices = [], []
    for _ in range(data.draw(st.integers(1, 4))):
        qubits = data.draw(st.permutations(range(n)))[: data.draw(st.integers(1, n))]
        paulis = {q: data.draw(st.sampled_from("XYZ")) for q in qubits}
        weight = data.draw(st.floats(-2, 2))
        observables.append(weight * tyxq.PauliString(tuple(paulis.items())) + 0.25)
        matrices.append(weight * pauli_matrix(n, paulis) + 0.25 * np.eye(2**n))
    circuit = build(n, gates, REAL[dtype])
    with tyxq.use_backend("torch", dtype=dtype) as backend:
        values = tyxq.expectation(circuit, observables).numpy().reshape(-1, len(observables))
    assert values.dtype == np.dtype(backend.real_dtype)
    for b, row in enumerate(values):
        psi = simulate(n, member(gates, b))
        expected = [np.vdot(psi, m @ psi).real for m in matrices]
        np.testing.assert_allclose(row, expected, atol=50 * TOLERANCE[dtype])


@pytest.mark.parametrize("param_dtype", [torch.float32, torch.float64])
def test_parameters_are_promoted_to_the_backend_s_real_dtype(
    backend: tyxq.backends.Backend, param_dtype: torch.dtype
) -> None:
    theta = torch.tensor([0.3, 1.2], dtype=param_dtype, requires_grad=True)
    circuit = tyxq.Circuit(2).rx(0, theta).cnot(0, 1).rzz(0, 1, theta).ry(1, 0.5)
    assert tyxq.state(circuit).dtype == getattr(torch, backend.complex_dtype)
    value = tyxq.expectation(circuit, tyxq.Z(1) + tyxq.X(0))
    assert value.dtype == getattr(torch, backend.real_dtype)
    value.sum().backward()
    assert theta.grad.dtype == param_dtype  # the gradient comes back in the parameter's own dtype


def test_every_gate_is_built_in_the_backend_s_dtype(backend: tyxq.backends.Backend) -> None:
    real = REAL[backend.complex_dtype]
    for name, spec in tyxq.GATES.items():
        params = [torch.tensor([0.1, 0.2], dtype=real)] * spec.n_params
        built = spec.build(backend, *params)
        assert built.dtype == getattr(torch, backend.complex_dtype), name
