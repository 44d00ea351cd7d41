"""The leading single-qubit layer on |0…0⟩ prepared as a product state (tyxq.kernels.product), against applying it."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.kernels.plan import compile_plan
from tyxq.kernels.product import product_prefix
from tyxq.kernels.simulate import evolve, initial_state

SINGLE = [name for name, spec in tyxq.OPERATIONS.items() if spec.kind is tyxq.OperationKind.GATE and spec.n_qubits == 1]


def _random_circuit(seed: int, batch: int | None) -> tyxq.Circuit:
    """Single-qubit gates of every kind on some qubits (some left alone), then entangling gates and more."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    circuit = tyxq.Circuit(n)
    for q in rng.permutation(n)[: int(rng.integers(1, n + 1))]:  # in any order; some qubits untouched
        for name in rng.choice(SINGLE, size=int(rng.integers(1, 4))):
            count = tyxq.OPERATIONS[name].n_params
            shape = () if batch is None else (batch,)
            params = [rng.uniform(-np.pi, np.pi, size=shape) for _ in range(count)]
            getattr(circuit, name)(int(q), *params)
    circuit.cnot(0, n - 1).ry(0, 0.3).rzz(0, 1, 0.4).h(n - 1)
    return circuit


@pytest.mark.parametrize("batch", [None, 3])
@pytest.mark.parametrize("seed", range(12))
def test_the_product_state_equals_the_layer_applied_pass_by_pass(seed: int, batch: int | None) -> None:
    circuit = _random_circuit(seed, batch)
    backend = NumpyBackend()
    assert product_prefix(compile_plan(circuit), circuit.ops) >= 1
    prepared = evolve(backend, circuit, initial_state(backend, circuit), from_zero=True)
    applied = evolve(backend, circuit, initial_state(backend, circuit), from_zero=False)
    np.testing.assert_allclose(prepared, applied, atol=1e-12)
    again = evolve(backend, circuit, initial_state(backend, circuit), from_zero=True)  # cached operators intact
    np.testing.assert_allclose(again, applied, atol=1e-12)


def test_the_prefix_stops_at_the_first_multi_qubit_gate() -> None:
    circuit = tyxq.Circuit(3).h(range(3)).cnot(0, 1).rx(2, 0.1)
    plan = compile_plan(circuit)
    assert product_prefix(plan, circuit.ops) == 1
    assert product_prefix(compile_plan(tyxq.Circuit(2).cnot(0, 1).h(0)), tyxq.Circuit(2).cnot(0, 1).h(0).ops) == 0


def test_a_dense_reference_agrees_through_the_public_verb() -> None:
    h = np.array([[1, 1], [1, -1]]) / np.sqrt(2)

    def ry(t: float) -> np.ndarray:
        return np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]])

    circuit = tyxq.Circuit(3).h(2).ry(0, 0.8).rz(1, 0.5).cnot(2, 0)
    zero = np.zeros(8, dtype=complex)
    zero[0] = 1
    rz = np.diag([np.exp(-0.25j), np.exp(0.25j)])
    layer = np.kron(np.kron(ry(0.8), rz), h)
    cnot_20 = np.zeros((8, 8))
    for index in range(8):
        bits = [(index >> (2 - k)) & 1 for k in range(3)]
        bits[0] ^= bits[2]
        cnot_20[bits[0] * 4 + bits[1] * 2 + bits[2], index] = 1
    np.testing.assert_allclose(tyxq.state(circuit), cnot_20 @ layer @ zero, atol=1e-12)
