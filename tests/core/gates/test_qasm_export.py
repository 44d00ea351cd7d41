"""OpenQASM export of the new gates (gate definitions) and of multi_rz and controlled gates (decompositions)."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from .dense import circuit_matrix, every_control_value

TABLE = [
    ("single_excitation", (0.7,)),
    ("double_excitation", (-1.2,)),
    ("fsim", (0.4, -0.9)),
    ("iswap_pow", (0.3,)),
    ("sqrt_iswap", ()),
    ("sqrt_iswapdg", ()),
    ("u2", (0.2, 1.1)),
    ("ecr", ()),
]


def round_trip(circuit: tyxq.Circuit) -> tyxq.Circuit:
    return tyxq.qasm.loads(tyxq.qasm.dumps(circuit))


@pytest.mark.parametrize(("name", "params"), TABLE, ids=[name for name, _ in TABLE])
def test_new_gates_export_as_definitions_that_read_back_to_the_same_matrix(name: str, params: tuple) -> None:
    n = tyxq.GATES[name].n_qubits
    circuit = tyxq.Circuit(n).apply(name, *reversed(range(n)), params=params)
    program = tyxq.qasm.dumps(circuit)
    assert name == "u2" or f"gate {name}" in program
    np.testing.assert_allclose(circuit_matrix(round_trip(circuit)), circuit_matrix(circuit), atol=1e-12)


@pytest.mark.parametrize("values", every_control_value(3), ids=str)
@pytest.mark.parametrize("gate", ["x", "ry", "u", "swap", "fsim", "multi_rz"])
def test_controlled_gates_export_as_exact_decompositions(gate: str, values: tuple[int, ...]) -> None:
    c = len(values)
    ops = {
        "x": tyxq.Operation("x", (c,)),
        "ry": tyxq.Operation("ry", (c,), (0.8,)),
        "u": tyxq.Operation("u", (c,), (0.3, -0.4, 1.1)),
        "swap": tyxq.Operation("swap", (c, c + 1)),
        "fsim": tyxq.Operation("fsim", (c + 1, c), (0.4, -0.9)),
        "multi_rz": tyxq.Operation("multi_rz[3]", (c, c + 1, c + 2), (0.5,)),
    }
    op = ops[gate]
    n = max(op.qubits) + 1
    circuit = tyxq.Circuit(n).ctrl(op, list(range(c)), values)
    program = tyxq.qasm.dumps(circuit)
    assert f"// {circuit.ops[0].name}" in program or circuit.ops[0].name in ("cnot", "ccx", "cry", "cswap")
    np.testing.assert_allclose(circuit_matrix(round_trip(circuit)), circuit_matrix(circuit), atol=1e-10)


def test_multi_rz_exports_as_a_ladder_around_one_rz() -> None:
    lines = tyxq.qasm.dumps(tyxq.Circuit(4).multi_rz([0, 2, 3], 0.5)).splitlines()
    assert lines[3:] == [
        "// multi_rz[3](0.5) q[0], q[2], q[3]",
        "cx q[0], q[3];",
        "cx q[2], q[3];",
        "rz(0.5) q[3];",
        "cx q[2], q[3];",
        "cx q[0], q[3];",
    ]
