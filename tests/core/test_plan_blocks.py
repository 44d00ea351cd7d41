"""The plan applies single-qubit gates on neighbouring qubits as one Kronecker block."""

from __future__ import annotations

import numpy as np

import tyxq
from tyxq.kernels.plan import DENSE_BLOCK, compile_plan

from .reference import simulate


def test_a_layer_on_neighbouring_qubits_becomes_blocks_of_at_most_dense_block_qubits() -> None:
    circuit = tyxq.Circuit(8).rx(range(8), 0.3).cnot(0, 1)
    blocks = [step for step in compile_plan(circuit).steps if step.kind == "dense"]
    assert sorted(q for step in blocks for q in step.targets) == list(range(8))
    assert all(len(step.targets) <= DENSE_BLOCK for step in blocks)
    assert len(blocks) == -(-8 // DENSE_BLOCK)


def test_qubits_that_are_not_neighbours_stay_apart() -> None:
    circuit = tyxq.Circuit(5).h(0).h(2).h(4).cnot(0, 1)
    assert [step.targets for step in compile_plan(circuit).steps if step.kind == "dense"] == [(0,), (2,), (4,)]


def test_a_block_with_batched_and_plain_factors_matches_the_reference() -> None:
    angles = np.array([0.1, 0.7, -1.2])
    circuit = tyxq.Circuit(3).ry(0, angles).h(1).rz(1, 0.4).rx(2, 0.9).cnot(0, 2)
    state = tyxq.state(circuit)
    for b, angle in enumerate(angles):
        gates = [("ry", (0,), (angle,)), ("h", (1,), ()), ("rz", (1,), (0.4,)), ("rx", (2,), (0.9,))]
        gates.append(("cnot", (0, 2), ()))
        np.testing.assert_allclose(state[b], simulate(3, gates), atol=1e-12)


def test_a_merged_layer_of_diagonal_rotations_matches_the_reference() -> None:
    angles = np.array([0.3, -0.9])
    circuit = tyxq.Circuit(4).h(range(4)).rzz(0, 1, angles).crz(3, 1, 0.7).z(2).phase(2, angles).rz(3, 1.3)
    circuit.cphase(0, 3, -0.4).s(1).rzz(2, 1, 0.25)
    diagonal_steps = [step for step in compile_plan(circuit).steps if step.kind == "diagonal"]
    assert len(diagonal_steps) == 1 and len(diagonal_steps[0].sources) == 8
    state = tyxq.state(circuit)
    for b, angle in enumerate(angles):
        gates = [("h", (q,), ()) for q in range(4)] + [
            ("rzz", (0, 1), (angle,)),
            ("crz", (3, 1), (0.7,)),
            ("z", (2,), ()),
            ("phase", (2,), (angle,)),
            ("rz", (3,), (1.3,)),
            ("cphase", (0, 3), (-0.4,)),
            ("s", (1,), ()),
            ("rzz", (2, 1), (0.25,)),
        ]
        np.testing.assert_allclose(state[b], simulate(4, gates), atol=1e-12)
