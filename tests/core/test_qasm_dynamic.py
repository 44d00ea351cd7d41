"""OpenQASM 2 programs with mid-circuit measurement, ``reset`` and ``if``: read, run, written back.

The reference is the per-register density-matrix simulation of
``tests/core/noise/dense.py``, given the program's statements by hand with
OpenQASM's meaning of ``if(c==n)``: the whole register compared with ``n``,
``c[0]`` its least significant bit, bits never measured holding 0.
"""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from .noise.dense import branches_after

PROGRAM = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[3];
ry(0.8) q[0];
cx q[0], q[1];
measure q[0] -> c[0];
reset q[0];
if(c==1) rx(1.1) q[2];
ry(0.5) q[0];
measure q[1] -> c[1];
if(c==3) x q[0];
if(c==5) x q[1];
h q[2];
measure q[0] -> c[0];
measure q[2] -> c[2];
"""

STEPS = [
    ("ry", (0,), (0.8,), None),
    ("cnot", (0, 1), (), None),
    ("measure", (0,), (), 0),
    ("reset", (0,), (), None),
    ("rx", (2,), (1.1,), ((0, 1, 2), (1, 0, 0))),  # c == 1: c[0] = 1, c[1] = c[2] = 0
    ("ry", (0,), (0.5,), None),
    ("measure", (1,), (), 1),
    ("x", (0,), (), ((0, 1, 2), (1, 1, 0))),  # c == 3
    ("x", (1,), (), ((0, 1, 2), (1, 0, 1))),  # c == 5: c[2] is never measured yet, so this never acts
    ("h", (2,), (), None),
    ("measure", (0,), (), 0),
    ("measure", (2,), (), 2),
]


def reference_register_distribution() -> np.ndarray:
    """P(c) indexed by OpenQASM's register value ``c[0] + 2 c[1] + 4 c[2]``."""
    probabilities = np.zeros(8)
    for register, rho in branches_after(3, 3, STEPS).items():
        probabilities[sum(bit << j for j, bit in enumerate(register))] += np.real(np.trace(rho))
    return probabilities


@pytest.mark.parametrize("mode", ["statevector", "density_matrix"])
def test_the_register_distribution_matches_the_reference(mode: str) -> None:
    circuit = tyxq.qasm.loads(PROGRAM)
    expected = reference_register_distribution()
    assert 0.05 < expected[3] + expected[7]  # the c == 3 branch is exercised
    # bits=[2, 1, 0]: the index reads c[2] c[1] c[0], OpenQASM's register value
    np.testing.assert_allclose(tyxq.probabilities(circuit, bits=[2, 1, 0], mode=mode), expected, atol=1e-12)


@pytest.mark.parametrize("mode", ["shots", "trajectories"])
def test_sampled_register_counts_match_the_reference(mode: str) -> None:
    circuit = tyxq.qasm.loads(PROGRAM)
    expected = reference_register_distribution()
    shots = 20_000
    found = tyxq.counts(circuit, shots, bits=[2, 1, 0], mode=mode, seed=11)
    observed = np.array([found.get(f"{value:03b}", 0) for value in range(8)]) / shots
    sigma = np.sqrt(expected * (1 - expected) / shots)
    assert np.all(np.abs(observed - expected) <= 4 * sigma + 2e-3), (observed, expected)


def test_the_program_reads_the_same_through_dumps_and_loads() -> None:
    circuit = tyxq.qasm.loads(PROGRAM)
    again = tyxq.qasm.loads(tyxq.qasm.dumps(circuit))
    assert [str(op) for op in again] == [str(op) for op in circuit]
    assert "if(c==3) x q[0];" in tyxq.qasm.dumps(circuit)


def test_single_bit_conditions_are_written_on_one_bit_registers() -> None:
    teleport = tyxq.Circuit(3).ry(0, 0.4).h(1).cnot(1, 2).cnot(0, 1).h(0).measure(0).measure(1)
    teleport.cond(tyxq.Operation("x", (2,)), bits=1).cond(tyxq.Operation("z", (2,)), bits=0).ry(2, -0.4)
    text = tyxq.qasm.dumps(teleport)
    assert "creg c0[1];" in text and "if(c1==1) x q[2];" in text
    again = tyxq.qasm.loads(text)
    assert float(tyxq.probabilities(again, qubits=[2])[0]) == pytest.approx(1.0, abs=1e-12)


def test_a_condition_openqasm_2_cannot_write_is_refused() -> None:
    circuit = tyxq.Circuit(2).measure([0, 1]).measure(0, bit=2)
    circuit.cond(tyxq.Operation("x", (1,)), bits=[0, 1])  # two of three bits
    with pytest.raises(tyxq.QasmError, match="one whole classical register"):
        tyxq.qasm.dumps(circuit)


def test_both_readers_agree_on_a_flat_dynamic_program() -> None:
    flat = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[1];\nh q[0];\nmeasure q[0] -> c[0];\nh q[0];\n'
    nested = flat.replace("h q[0];\n", "g q[0];\n").replace("creg c[1];\n", "creg c[1];\ngate g a { h a; }\n")
    one, other = tyxq.qasm.loads(flat), tyxq.qasm.loads(nested)  # the second needs the full parser
    assert [str(op) for op in one] == [str(op) for op in other] == ["h q[0]", "measure q[0] -> c[0]", "h q[0]"]
