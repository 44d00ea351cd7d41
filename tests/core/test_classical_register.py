"""A classical register reads whole: declared bits, final measurements, and bits never written holding 0.

The reference is the per-register density-matrix simulation of
``tests/core/noise/dense.py`` (OpenQASM's meaning: the register starts at 0,
a measurement writes one bit, ``if`` compares bits), given the statements
by hand; a program's final measurements are its last steps there.
"""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from .noise.dense import branches_after
from .reference import simulate

EXACT = ["statevector", "density_matrix"]
SAMPLED = ["shots", "trajectories"]

FINAL_ONLY = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[5];
ry(0.7) q[0];
cx q[0], q[1];
ry(1.3) q[2];
measure q[0] -> c[0];
measure q[1] -> c[1];
measure q[2] -> c[2];
"""

FINAL_STEPS = [
    ("ry", (0,), (0.7,), None),
    ("cnot", (0, 1), (), None),
    ("ry", (2,), (1.3,), None),
    ("measure", (0,), (), 0),
    ("measure", (1,), (), 1),
    ("measure", (2,), (), 2),
]


def register_distribution(n: int, n_bits: int, steps: list) -> np.ndarray:
    """P(register) indexed by the bitstring c[n_bits-1] … c[0] (OpenQASM's register value)."""
    probabilities = np.zeros(2**n_bits)
    for register, rho in branches_after(n, n_bits, steps).items():
        probabilities[sum(bit << j for j, bit in enumerate(register))] += np.real(np.trace(rho))
    return probabilities


def assert_counts_match(found: dict[str, int], expected: np.ndarray, shots: int) -> None:
    k = int(np.log2(len(expected)))
    observed = np.array([found.get(f"{value:0{k}b}", 0) for value in range(len(expected))]) / shots
    sigma = np.sqrt(expected * (1 - expected) / shots)
    assert np.all(np.abs(observed - expected) <= 4 * sigma + 2e-3), (observed, expected)


# --- a program that measures only at its end ---------------------------------------------------------


def test_final_measurements_are_kept_as_the_map_from_bits_to_qubits() -> None:
    circuit = tyxq.qasm.loads(FINAL_ONLY)
    assert circuit.final_measurements == {0: 0, 1: 1, 2: 2}
    assert circuit.n_bits == 5 and circuit.declared_bits == 5
    assert [op.name for op in circuit] == ["ry", "cnot", "ry"]  # no operation: the circuit stays unitary


def test_a_program_measured_at_its_end_still_has_a_statevector() -> None:
    expected = simulate(3, [("ry", (0,), (0.7,)), ("cnot", (0, 1), ()), ("ry", (2,), (1.3,))])
    np.testing.assert_allclose(tyxq.state(tyxq.qasm.loads(FINAL_ONLY)), expected, atol=1e-12)


@pytest.mark.parametrize("mode", EXACT)
def test_the_whole_register_reads_with_unwritten_bits_at_zero(mode: str) -> None:
    circuit = tyxq.qasm.loads(FINAL_ONLY)
    expected = register_distribution(3, 5, FINAL_STEPS)
    assert expected[8:].sum() == 0 and expected[3] > 0.05  # c[3], c[4] never written; c = 011 is likely
    found = tyxq.probabilities(circuit, bits=[4, 3, 2, 1, 0], mode=mode)
    np.testing.assert_allclose(found, expected, atol=1e-12)


@pytest.mark.parametrize("mode", EXACT + SAMPLED)
def test_counts_of_the_whole_register_match_the_reference(mode: str) -> None:
    circuit = tyxq.qasm.loads(FINAL_ONLY)
    shots = 20_000
    found = tyxq.counts(circuit, shots, bits=[4, 3, 2, 1, 0], mode=mode, seed=3)
    assert all(key[:2] == "00" for key in found)  # bits 4 and 3 hold 0 in every shot
    assert_counts_match(found, register_distribution(3, 5, FINAL_STEPS), shots)


def test_sampled_rows_put_zeros_in_the_unwritten_columns() -> None:
    rows = tyxq.sample(tyxq.qasm.loads(FINAL_ONLY), 500, bits=[0, 3, 1, 4, 2], seed=2)
    assert rows.shape == (500, 5)
    assert not rows[:, [1, 3]].any()
    np.testing.assert_array_equal(rows[:, 0], rows[:, 2])  # c[0] and c[1] measure the Bell pair
    assert 0 < rows[:, 4].mean() < 1


def test_the_last_line_measurement_is_read_not_reported_as_never_measured() -> None:
    program = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nx q[1];\nmeasure q[1] -> c[1];\n'
    circuit = tyxq.qasm.loads(program)
    assert tyxq.counts(circuit, 50, bits=[1, 0], seed=0) == {"10": 50}


def test_dumps_writes_the_final_measurements_back() -> None:
    circuit = tyxq.qasm.loads(FINAL_ONLY)
    text = tyxq.qasm.dumps(circuit)
    assert "creg c[5];" in text and text.rstrip().endswith("measure q[2] -> c[2];")
    again = tyxq.qasm.loads(text)
    assert again.final_measurements == circuit.final_measurements and again.n_bits == 5
    np.testing.assert_allclose(
        tyxq.probabilities(again, bits=[4, 3, 2, 1, 0]), tyxq.probabilities(circuit, bits=[4, 3, 2, 1, 0]), atol=1e-12
    )


def test_a_bit_measured_twice_at_the_end_keeps_the_last_qubit() -> None:
    program = FINAL_ONLY.replace("measure q[2] -> c[2];", "measure q[2] -> c[0];")
    circuit = tyxq.qasm.loads(program)
    assert circuit.final_measurements == {0: 2, 1: 1}
    steps = [*FINAL_STEPS[:4], ("measure", (1,), (), 1), ("measure", (2,), (), 0)]
    found = tyxq.probabilities(circuit, bits=[4, 3, 2, 1, 0])
    np.testing.assert_allclose(found, register_distribution(3, 5, steps), atol=1e-12)


# --- a dynamic program on a larger register ------------------------------------------------------------

DYNAMIC = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[4];
h q[0];
measure q[0] -> c[0];
if(c==1) x q[1];
if(c==0) ry(0.9) q[1];
measure q[1] -> c[2];
"""

DYNAMIC_STEPS = [
    ("h", (0,), (), None),
    ("measure", (0,), (), 0),
    ("x", (1,), (), ((0, 1, 2, 3), (1, 0, 0, 0))),
    ("ry", (1,), (0.9,), ((0, 1, 2, 3), (0, 0, 0, 0))),
    ("measure", (1,), (), 2),
]


@pytest.mark.parametrize("mode", EXACT)
def test_a_dynamic_program_reads_its_whole_register(mode: str) -> None:
    circuit = tyxq.qasm.loads(DYNAMIC)
    expected = register_distribution(2, 4, DYNAMIC_STEPS)
    np.testing.assert_allclose(tyxq.probabilities(circuit, bits=[3, 2, 1, 0], mode=mode), expected, atol=1e-12)


# --- circuits built in Python ---------------------------------------------------------------------------


def test_an_undeclared_register_is_as_large_as_the_highest_bit_written() -> None:
    circuit = tyxq.Circuit(1).x(0).measure(0, bit=2)
    assert circuit.n_bits == 3 and circuit.declared_bits is None
    assert tyxq.counts(circuit, 20, bits=[2, 1, 0], seed=1) == {"100": 20}
    with pytest.raises(tyxq.ParameterError, match=r"\[3\] is never measured: past the circuit's register of 3 bits"):
        tyxq.counts(circuit, 20, bits=[3, 2, 1, 0])


def test_a_declared_register_bounds_the_bits_measured_and_read() -> None:
    circuit = tyxq.Circuit(2, bits=3).x(1).measure(1, bit=1)
    assert circuit.n_bits == 3
    assert tyxq.counts(circuit, 10, bits=[2, 1, 0], seed=0) == {"010": 10}
    with pytest.raises(tyxq.ParameterError, match=r"classical bit 3 is past the circuit's register of 3 bits.*bits=4"):
        circuit.measure(0, bit=3)
    with pytest.raises(tyxq.ParameterError, match="past the circuit's register of 3 bits"):
        tyxq.probabilities(circuit, bits=[5])
    with pytest.raises(tyxq.ParameterError, match="past the circuit's register"):
        tyxq.Circuit(1, bits=1).measure(0).measure(0)  # the next unused bit is 1, outside the register
    with pytest.raises(tyxq.ParameterError, match="non-negative integer"):
        tyxq.Circuit(1, bits=-1)
    with pytest.raises(tyxq.ParameterError, match="non-negative integer"):
        tyxq.Circuit(1, bits=True)


def test_a_condition_on_a_declared_bit_not_yet_written_reads_zero() -> None:
    circuit = tyxq.Circuit(2, bits=2).h(0).measure(0, bit=0)
    circuit.cond(tyxq.Operation("x", (1,)), bits=[0, 1], values=[1, 0])  # c[1] is still 0: acts when c[0] = 1
    circuit.cond(tyxq.Operation("ry", (0,), (0.4,)), bits=1, values=1)  # never acts
    steps = [
        ("h", (0,), (), None),
        ("measure", (0,), (), 0),
        ("x", (1,), (), ((0, 1), (1, 0))),
        ("ry", (0,), (0.4,), ((1,), (1,))),
    ]
    rho = sum(branches_after(2, 2, steps).values())
    for mode in EXACT:
        np.testing.assert_allclose(tyxq.probabilities(circuit, mode=mode), np.real(np.diag(rho)), atol=1e-12)
    with pytest.raises(tyxq.ParameterError, match="no measurement has written"):
        tyxq.Circuit(2).cond(tyxq.Operation("x", (1,)), bits=0)  # undeclared: still refused


def test_measure_at_end_keeps_the_circuit_unitary_and_is_read_by_bits() -> None:
    circuit = tyxq.Circuit(2).h(0).cnot(0, 1).measure_at_end([1, 0])
    assert circuit.final_measurements == {0: 1, 1: 0} and len(circuit) == 2
    assert tyxq.state(circuit).shape == (4,)
    np.testing.assert_allclose(tyxq.probabilities(circuit, bits=[0, 1]), [0.5, 0, 0, 0.5], atol=1e-12)
    with pytest.raises(tyxq.QubitIndexError, match="one bit per qubit"):
        circuit.measure_at_end([0, 1], [2])


def test_final_measurements_combine_with_mid_circuit_ones() -> None:
    circuit = tyxq.Circuit(2, bits=3).x(0).measure(0, bit=0).x(0).measure_at_end([0, 1], [1, 2])
    for mode in EXACT + SAMPLED:
        assert tyxq.counts(circuit, 30, bits=[2, 1, 0], mode=mode, seed=4) == {"001": 30}


def test_final_measurements_survive_a_noise_model_and_readout_error() -> None:
    noise = tyxq.NoiseModel().add_readout_error([[0.9, 0.1], [0.1, 0.9]], qubits=[0])
    circuit = tyxq.Circuit(1, bits=2).x(0).measure_at_end(0, 1)
    found = tyxq.probabilities(circuit, bits=[1, 0], mode=tyxq.DensityMatrixMode(noise=noise))
    np.testing.assert_allclose(found, [0.1, 0, 0.9, 0], atol=1e-12)  # read on the qubit: misread like it


def test_batched_circuits_read_a_batch_of_register_distributions() -> None:
    angles = np.array([0.0, np.pi])
    circuit = tyxq.Circuit(1, bits=2).rx(0, angles).measure_at_end(0, 0)
    found = tyxq.probabilities(circuit, bits=[1, 0])
    np.testing.assert_allclose(found, [[1, 0, 0, 0], [0, 1, 0, 0]], atol=1e-12)


def test_a_register_with_nothing_written_reads_all_zeros() -> None:
    circuit = tyxq.Circuit(1, bits=3).h(0)
    np.testing.assert_allclose(tyxq.probabilities(circuit, bits=[2, 0]), [1, 0, 0, 0], atol=1e-12)
    assert tyxq.counts(circuit, 7, bits=[0, 1, 2], seed=0) == {"000": 7}
    for mode in SAMPLED:
        assert tyxq.counts(circuit, 7, bits=[1], mode=mode, seed=0) == {"0": 7}


def test_copies_keep_the_register_and_final_measurements() -> None:
    circuit = tyxq.Circuit(1, bits=4).rx(0, 0.3).measure_at_end(0, 3)
    for twin in (circuit.copy(), circuit.with_params([(0.5,)]), circuit.repeat(2), circuit.empty_copy()):
        assert twin.n_bits == 4 and twin.final_measurements == {3: 0}


def test_printing_a_circuit_shows_its_final_measurements() -> None:
    text = str(tyxq.qasm.loads(FINAL_ONLY))
    assert text.splitlines()[-3:] == [
        "  end: measure q[0] -> c[0]",
        "  end: measure q[1] -> c[1]",
        "  end: measure q[2] -> c[2]",
    ]


def test_appending_or_composing_a_circuit_carries_its_final_measurements() -> None:
    measured = tyxq.Circuit(2).x(1).measure_at_end([0, 1], [0, 1])
    appended = tyxq.Circuit(3).append(measured)
    assert appended.final_measurements == {0: 0, 1: 1}
    composed = tyxq.Circuit(3).compose(measured, qubits=[2, 0])
    assert composed.final_measurements == {0: 2, 1: 0}
    assert tyxq.counts(composed, 10, bits=[1, 0], seed=0) == {"10": 10}
