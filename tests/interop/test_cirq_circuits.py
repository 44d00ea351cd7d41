"""Cirq circuits to and from tyxq, against Cirq's own simulators."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.gates import GATES
from tyxq.interop import from_cirq, to_cirq

from .frameworks import framework, random_unitary

cirq = framework("cirq")

SHARED = ["id", "h", "x", "y", "z", "s", "sdg", "t", "tdg", "sx", "sxdg", "rx", "ry", "rz", "phase", "cnot", "cz",
          "cphase", "swap", "iswap", "iswapdg", "iswap_pow", "fsim", "rxx", "ryy", "rzz", "ccx", "cswap"]
MATRIX_ONLY = ["u", "u2", "cy", "ch", "crx", "cry", "crz", "ecr", "single_excitation", "multi_rz[3]", "ctrl[01]:rx"]


def cirq_state(circuit, n: int) -> np.ndarray:
    qubits = cirq.LineQubit.range(n)
    return cirq.Simulator(dtype=np.complex128).simulate(circuit, qubit_order=qubits).final_state_vector


def test_random_tyxq_circuits_give_cirqs_state_and_come_back_by_name():
    rng = np.random.default_rng(17)
    pool = SHARED + MATRIX_ONLY
    used: set[str] = set()
    for _ in range(200):
        circuit = tyxq.Circuit(4)
        for name in (pool[i] for i in rng.choice(len(pool), size=8, replace=False)):
            spec = GATES[name]
            qubits = [int(q) for q in rng.permutation(4)[: spec.n_qubits]]
            circuit.apply(name, *qubits, params=list(rng.uniform(-np.pi, np.pi, spec.n_params)))
            used.add(name)
        exported = to_cirq(circuit)
        np.testing.assert_allclose(cirq_state(exported, 4), tyxq.state(circuit), atol=1e-6)
        back = from_cirq(exported, qubits=cirq.LineQubit.range(4))
        np.testing.assert_allclose(tyxq.state(back), tyxq.state(circuit), atol=1e-6)
    assert used == set(pool)


def random_cirq_operation(rng: np.random.Generator, qubits):
    a, b, c = (qubits[int(i)] for i in rng.permutation(len(qubits))[:3])
    t = float(rng.uniform(-2, 2))
    shift = float(rng.choice([0.0, -0.5, 0.25]))
    choices = [
        lambda: cirq.XPowGate(exponent=t, global_shift=shift).on(a),
        lambda: cirq.YPowGate(exponent=t, global_shift=shift).on(a),
        lambda: cirq.ZPowGate(exponent=t, global_shift=shift).on(a),
        lambda: cirq.rx(t).on(a), lambda: cirq.ry(t).on(a), lambda: cirq.rz(t).on(a),
        lambda: cirq.H(a), lambda: cirq.S(a), lambda: (cirq.T**-1).on(a),
        lambda: cirq.CNOT(a, b), lambda: cirq.CZPowGate(exponent=t, global_shift=shift).on(a, b),
        lambda: cirq.XXPowGate(exponent=t, global_shift=shift).on(a, b),
        lambda: cirq.YYPowGate(exponent=t, global_shift=shift).on(a, b),
        lambda: cirq.ZZPowGate(exponent=t, global_shift=shift).on(a, b),
        lambda: cirq.ISwapPowGate(exponent=t).on(a, b), lambda: cirq.FSimGate(t, 2 * t).on(a, b),
        lambda: cirq.SWAP(a, b), lambda: cirq.CCX(a, b, c), lambda: cirq.CSWAP(a, b, c),
        lambda: cirq.PhasedXPowGate(phase_exponent=t, exponent=0.3).on(a),  # no tyxq gate: its matrix
        lambda: cirq.MatrixGate(random_unitary(rng, 4)).on(a, b),
        lambda: cirq.global_phase_operation(np.exp(1j * t)),
    ]
    return choices[int(rng.integers(len(choices)))]()


def test_random_cirq_circuits_give_cirqs_state_with_the_global_phase_kept():
    rng = np.random.default_rng(19)
    qubits = cirq.LineQubit.range(4)
    for _ in range(200):
        circuit = cirq.Circuit([cirq.H.on_each(qubits)] + [random_cirq_operation(rng, qubits) for _ in range(10)])
        imported = from_cirq(circuit, qubits=qubits)
        np.testing.assert_allclose(tyxq.state(imported), cirq_state(circuit, 4), atol=1e-6)
        np.testing.assert_allclose(cirq_state(to_cirq(imported), 4), cirq_state(circuit, 4), atol=1e-6)


def test_noise_channels_both_have_act_as_in_cirqs_density_matrix_simulator():
    a, b = cirq.LineQubit.range(2)
    circuit = cirq.Circuit([
        cirq.H(a), cirq.depolarize(0.1).on(a), cirq.CNOT(a, b), cirq.bit_flip(0.2).on(b), cirq.ry(0.4).on(a),
        cirq.phase_flip(0.15).on(a), cirq.amplitude_damp(0.3).on(b), cirq.phase_damp(0.25).on(a),
        cirq.ResetChannel().on(b), cirq.rx(0.9).on(b),
    ])
    rho = cirq.DensityMatrixSimulator(dtype=np.complex128).simulate(circuit, qubit_order=[a, b]).final_density_matrix
    imported = from_cirq(circuit)
    assert [op.name for op in imported][1::2][:3] == ["depolarizing", "bit_flip", "phase_flip"]
    probabilities = tyxq.probabilities(imported, mode="density_matrix")
    np.testing.assert_allclose(probabilities, np.real(np.diag(rho)), atol=1e-6)
    back = cirq.DensityMatrixSimulator(dtype=np.complex128).simulate(to_cirq(imported), qubit_order=[a, b])
    np.testing.assert_allclose(back.final_density_matrix, rho, atol=1e-6)


def test_measurements_and_classical_controls_give_cirqs_outcomes():
    a, b = cirq.LineQubit.range(2)
    circuit = cirq.Circuit([cirq.H(a), cirq.measure(a, key="m"), cirq.X(b).with_classical_controls("m")])
    imported = from_cirq(circuit)
    assert str(imported.ops[-1]) == "x q[1] if c[0]=1"
    samples = cirq.Simulator(seed=3).run(circuit, repetitions=2000).measurements["m"][:, 0]
    assert tyxq.probabilities(imported, qubits=[1]).tolist() == pytest.approx([0.5, 0.5])
    assert 0.45 < samples.mean() < 0.55
    exported = to_cirq(imported)
    result = cirq.Simulator(seed=4).run(exported + cirq.measure(b, key="b"), repetitions=500)
    np.testing.assert_array_equal(result.measurements["c0"][:, 0], result.measurements["b"][:, 0])


def test_terminal_measurements_are_final_measurements_and_sample_as_in_cirq():
    a, b, c = cirq.LineQubit.range(3)
    circuit = cirq.Circuit([cirq.H(a), cirq.CNOT(a, b), cirq.ry(0.7).on(c), cirq.measure(a, b, c, key="m")])
    imported = from_cirq(circuit)
    assert imported.final_measurements == {0: 0, 1: 1, 2: 2} and len(imported) == 3
    np.testing.assert_allclose(tyxq.state(imported), cirq_state(circuit[:-1], 3), atol=1e-6)
    samples = cirq.Simulator(seed=5).run(circuit, repetitions=20000).measurements["m"]
    frequencies = np.bincount(samples @ [4, 2, 1], minlength=8) / 20000
    np.testing.assert_allclose(frequencies, tyxq.probabilities(imported, bits=[0, 1, 2]), atol=0.015)
    exported = to_cirq(imported)
    assert [str(key) for key in cirq.measurement_key_names(exported)] == ["c0", "c1", "c2"] or set(
        map(str, cirq.measurement_key_names(exported))
    ) == {"c0", "c1", "c2"}


def test_symbolic_parameters_are_refused_naming_resolve_parameters():
    sympy = framework("sympy")
    circuit = cirq.Circuit(cirq.rx(sympy.Symbol("theta")).on(cirq.LineQubit(0)))
    with pytest.raises(tyxq.InteropError, match="resolve_parameters"):
        from_cirq(circuit)
