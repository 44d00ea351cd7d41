"""Gather indices for runs of permutation gates, against dense permutation matrices and bit arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tyxq
from tyxq.gates import GATES
from tyxq.kernels.permutation import is_affine, permutation_index

from .reference import full_operator, gate_matrix

PERMUTATION_GATES = sorted(name for name, spec in GATES.items() if spec.apply_as == "permutation")


@st.composite
def permutation_runs(draw: st.DrawFn, names: list[str]) -> tuple[int, list[tuple[str, tuple[int, ...]]]]:
    n = draw(st.integers(3, 7))
    run = []
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(names))
        run.append((name, tuple(draw(st.permutations(range(n)))[: GATES[name].n_qubits])))
    return n, run


def gather_from_dense(n: int, run: list[tuple[str, tuple[int, ...]]]) -> np.ndarray:
    """``P[j]`` = the column holding the 1 in row ``j`` of the run's permutation matrix."""
    matrix = np.eye(2**n)
    for name, qubits in run:
        matrix = full_operator(n, qubits, gate_matrix(name, ())).real @ matrix
    return np.argmax(matrix, axis=1)


def circuit_of(n: int, run: list[tuple[str, tuple[int, ...]]]) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n)
    for name, qubits in run:
        circuit.apply(name, *qubits)
    return circuit


@pytest.mark.parametrize(
    ("name", "affine"), [("x", True), ("cnot", True), ("swap", True), ("ccx", False), ("cswap", False)]
)
def test_affine_gates_are_recognised(name: str, affine: bool) -> None:
    assert is_affine(GATES[name].permutation) is affine


@settings(max_examples=60, deadline=None)
@given(case=permutation_runs(["x", "cnot", "swap"]))
def test_runs_of_affine_gates_match_the_dense_permutation(case: tuple[int, list]) -> None:
    n, run = case
    ops = circuit_of(n, run).ops
    np.testing.assert_array_equal(permutation_index(n, ops, range(len(ops))), gather_from_dense(n, run))


@settings(max_examples=60, deadline=None)
@given(case=permutation_runs(PERMUTATION_GATES))
def test_runs_with_toffoli_and_cswap_match_the_dense_permutation(case: tuple[int, list]) -> None:
    n, run = case
    ops = circuit_of(n, run).ops
    np.testing.assert_array_equal(permutation_index(n, ops, range(len(ops))), gather_from_dense(n, run))


def test_only_the_listed_operations_enter_the_index() -> None:
    ops = tyxq.Circuit(3).x(0).cnot(1, 2).swap(0, 2).ops
    np.testing.assert_array_equal(permutation_index(3, ops, [1]), gather_from_dense(3, [("cnot", (1, 2))]))


def test_a_16_qubit_cnot_chain_matches_bit_arithmetic() -> None:
    n = 16
    ops = tyxq.Circuit(n).cnot(range(n - 1), range(1, n)).ops
    expected = np.arange(2**n)
    for q in range(n - 1):  # state_after[j] = state_before[j with bit t flipped when bit c is set]
        control, target = 1 << (n - 1 - q), 1 << (n - 2 - q)
        expected = expected[np.arange(2**n) ^ np.where(np.arange(2**n) & control, target, 0)]
    np.testing.assert_array_equal(permutation_index(n, ops, range(len(ops))), expected)
