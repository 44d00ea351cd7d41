"""Random circuits of 1 to 7 qubits using every gate, against the dense reference in reference.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tyxq
from tyxq.gates import GATES

from .reference import pauli_matrix, simulate

TOLERANCE = {"complex128": 1e-10, "complex64": 2e-5}
BATCH = 3


@st.composite
def circuits(draw: st.DrawFn, batched: bool) -> tuple[int, list]:
    n = draw(st.integers(1, 7))
    names = [name for name, spec in GATES.items() if spec.n_qubits <= n]
    gates = []
    for _ in range(draw(st.integers(1, 25))):
        name = draw(st.sampled_from(names))
        spec = GATES[name]
        qubits = tuple(draw(st.permutations(range(n)))[: spec.n_qubits])
        params = []
        for _ in range(spec.n_params):
            if batched and draw(st.booleans()):
                params.append(np.array(draw(st.lists(st.floats(-7, 7), min_size=BATCH, max_size=BATCH))))
            else:
                params.append(draw(st.floats(-7, 7)))
        gates.append((name, qubits, tuple(params)))
    return n, gates


def member(gates: list, b: int) -> list:
    return [(name, q, tuple(p[b] if isinstance(p, np.ndarray) else p for p in params)) for name, q, params in gates]


def build(n: int, gates: list) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n)
    for name, qubits, params in gates:
        circuit.apply(name, *qubits, params=params)
    return circuit


@pytest.mark.parametrize("dtype", ["complex128", "complex64"])
@settings(max_examples=60, deadline=None)
@given(case=circuits(batched=False))
def test_unbatched_state_matches_dense_reference(dtype: str, case: tuple[int, list]) -> None:
    n, gates = case
    with tyxq.use_backend("numpy", dtype=dtype):
        state = tyxq.state(build(n, gates))
    assert state.dtype == np.dtype(dtype)
    np.testing.assert_allclose(state, simulate(n, gates), atol=TOLERANCE[dtype])


@pytest.mark.parametrize("dtype", ["complex128", "complex64"])
@settings(max_examples=40, deadline=None)
@given(case=circuits(batched=True))
def test_batched_state_matches_dense_reference_per_member(dtype: str, case: tuple[int, list]) -> None:
    n, gates = case
    circuit = build(n, gates)
    with tyxq.use_backend("numpy", dtype=dtype):
        state = tyxq.state(circuit)
    if circuit.batch_size is None:
        np.testing.assert_allclose(state, simulate(n, gates), atol=TOLERANCE[dtype])
        return
    assert state.shape == (BATCH, 2**n)
    for b in range(BATCH):
        np.testing.assert_allclose(state[b], simulate(n, member(gates, b)), atol=TOLERANCE[dtype])


@settings(max_examples=40, deadline=None)
@given(case=circuits(batched=True), data=st.data())
def test_expectation_matches_dense_reference(case: tuple[int, list], data: st.DataObject) -> None:
    n, gates = case
    qubits = data.draw(st.permutations(range(n)))[: data.draw(st.integers(1, n))]
    paulis = {q: data.draw(st.sampled_from("XYZ")) for q in qubits}
    observable = tyxq.PauliString(tuple(paulis.items())) + 0.3 * tyxq.Z(0) - 0.7
    matrix = pauli_matrix(n, paulis) + 0.3 * pauli_matrix(n, {0: "Z"}) - 0.7 * np.eye(2**n)
    circuit = build(n, gates)
    values = np.atleast_1d(tyxq.expectation(circuit, observable))
    for b, value in enumerate(values):
        psi = simulate(n, member(gates, b))
        assert value == pytest.approx(np.vdot(psi, matrix @ psi).real, abs=1e-10)


@settings(max_examples=40, deadline=None)
@given(case=circuits(batched=False), data=st.data())
def test_marginal_probabilities_match_dense_reference(case: tuple[int, list], data: st.DataObject) -> None:
    n, gates = case
    qubits = data.draw(st.permutations(range(n)))[: data.draw(st.integers(1, n))]
    probs = np.abs(simulate(n, gates)) ** 2
    others = [q for q in range(n) if q not in qubits]
    expected = probs.reshape([2] * n).transpose(qubits + others).reshape(2 ** len(qubits), -1).sum(axis=1)
    np.testing.assert_allclose(tyxq.probabilities(build(n, gates), qubits=qubits), expected, atol=1e-12)
