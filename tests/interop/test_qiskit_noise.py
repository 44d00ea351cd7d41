"""Aer noise models to ``tyxq.NoiseModel``: the noisy circuit's density matrix agrees with Aer's.

The density matrix is compared through all 16 two-qubit Pauli expectations
(a complete description of it); tyxq runs the ``density_matrix`` mode, Aer its
``density_matrix`` method with ``save_density_matrix``.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import tyxq
from tyxq.interop import from_qiskit, from_qiskit_noise, from_qiskit_operator

from .frameworks import framework

qiskit = framework("qiskit")
aer = framework("qiskit_aer")
from qiskit.quantum_info import Pauli, SparsePauliOp  # noqa: E402 - after the framework check
from qiskit_aer import noise  # noqa: E402

LABELS = ["".join(p) for p in itertools.product("IXYZ", repeat=2)]


def circuit():
    qc = qiskit.QuantumCircuit(2)
    qc.sx(0)
    qc.rz(0.7, 0)
    qc.sx(1)
    qc.cx(0, 1)
    qc.x(1)
    qc.sx(0)
    qc.rz(-0.4, 1)
    qc.cx(1, 0)
    return qc


def aer_paulis(qc, model) -> np.ndarray:
    measured = qc.copy()
    measured.save_density_matrix()
    simulator = aer.AerSimulator(method="density_matrix", noise_model=model)
    rho = simulator.run(measured).result().data()["density_matrix"]
    return np.array([rho.expectation_value(Pauli(label)).real for label in LABELS])


def tyxq_paulis(qc, model) -> np.ndarray:
    observables = [from_qiskit_operator(SparsePauliOp(label)) for label in LABELS]
    with tyxq.use_execution_mode("density_matrix", noise=model):
        return np.asarray(tyxq.expectation(from_qiskit(qc), observables))


def assert_same_noise(aer_model) -> tyxq.NoiseModel:
    model = from_qiskit_noise(aer_model)
    np.testing.assert_allclose(tyxq_paulis(circuit(), model), aer_paulis(circuit(), aer_model), atol=1e-10)
    return model


STANDARD_ERRORS = {
    "depolarizing": lambda: noise.depolarizing_error(0.05, 1),
    "bit_flip": lambda: noise.pauli_error([("X", 0.1), ("I", 0.9)]),
    "phase_flip": lambda: noise.pauli_error([("Z", 0.2), ("I", 0.8)]),
    "kraus": lambda: noise.pauli_error([("X", 0.1), ("Y", 0.05), ("Z", 0.02), ("I", 0.83)]),  # a Pauli mixture
    "amplitude_damping": lambda: noise.amplitude_damping_error(0.15),
    "phase_damping": lambda: noise.phase_damping_error(0.2),
    "thermal_relaxation": lambda: noise.thermal_relaxation_error(50.0, 70.0, 10.0),
}


@pytest.mark.parametrize("channel", sorted(STANDARD_ERRORS))
def test_each_standard_single_qubit_error_becomes_its_channel_and_acts_as_in_aer(channel):
    aer_model = noise.NoiseModel()
    aer_model.add_all_qubit_quantum_error(STANDARD_ERRORS[channel](), ["sx", "x"])
    model = assert_same_noise(aer_model)
    names = [op.name for op in model.apply(from_qiskit(circuit()))]
    assert channel in names or (channel == "phase_damping" and "phase_flip" in names)  # the same channel


def test_errors_on_given_qubits_and_the_two_qubit_depolarizing_error():
    aer_model = noise.NoiseModel()
    aer_model.add_quantum_error(noise.amplitude_damping_error(0.3), ["sx"], [1])
    aer_model.add_quantum_error(noise.thermal_relaxation_error(40.0, 30.0, 5.0), ["rz"], [0])
    aer_model.add_all_qubit_quantum_error(noise.depolarizing_error(0.08, 2), ["cx"])
    names = [op.name for op in assert_same_noise(aer_model).apply(from_qiskit(circuit()))]
    assert names.count("depolarizing2") == 2 and names.count("amplitude_damping") == 1


def test_an_error_on_given_qubits_replaces_the_all_qubit_error_there_as_in_aer():
    aer_model = noise.NoiseModel()
    aer_model.add_all_qubit_quantum_error(noise.depolarizing_error(0.1, 1), ["sx"])
    aer_model.add_quantum_error(noise.amplitude_damping_error(0.3), ["sx"], [1])
    with pytest.raises(tyxq.InteropError, match="pass n_qubits"):
        from_qiskit_noise(aer_model)
    model = from_qiskit_noise(aer_model, n_qubits=2)
    np.testing.assert_allclose(tyxq_paulis(circuit(), model), aer_paulis(circuit(), aer_model), atol=1e-10)
    noisy = [str(op) for op in model.apply(tyxq.Circuit(2).sx(1))]
    assert noisy == ["sx q[1]", "amplitude_damping(0.3) q[1]"]


def test_an_error_without_a_tyxq_channel_is_refused_by_name_or_converted_to_kraus_operators():
    composed = noise.depolarizing_error(0.05, 1).compose(noise.amplitude_damping_error(0.1))
    aer_model = noise.NoiseModel()
    aer_model.add_all_qubit_quantum_error(composed, ["sx"])
    with pytest.raises(tyxq.InteropError, match=r"on sx is not a depolarizing.*unmatched='kraus'"):
        from_qiskit_noise(aer_model)
    model = from_qiskit_noise(aer_model, unmatched="kraus")
    np.testing.assert_allclose(tyxq_paulis(circuit(), model), aer_paulis(circuit(), aer_model), atol=1e-10)


def test_an_error_on_measure_is_refused_pointing_to_readout_errors():
    aer_model = noise.NoiseModel()
    aer_model.add_all_qubit_quantum_error(noise.depolarizing_error(0.1, 1), ["measure"])
    with pytest.raises(tyxq.InteropError, match="readout"):
        from_qiskit_noise(aer_model)


def test_readout_errors_become_confusion_matrices_and_misread_as_aer_does():
    aer_model = noise.NoiseModel()
    aer_model.add_all_qubit_readout_error(noise.ReadoutError([[0.9, 0.1], [0.25, 0.75]]))
    aer_model.add_readout_error(noise.ReadoutError([[0.8, 0.2], [0.05, 0.95]]), [1])
    model = from_qiskit_noise(aer_model)
    np.testing.assert_allclose(model.readout(2)[0], [[0.9, 0.25], [0.1, 0.75]])
    np.testing.assert_allclose(model.readout(2)[1], [[0.8, 0.05], [0.2, 0.95]])
    qc = qiskit.QuantumCircuit(2)
    qc.ry(1.0, 0)
    qc.x(1)
    with tyxq.use_execution_mode("density_matrix", noise=model):
        exact = np.asarray(tyxq.probabilities(from_qiskit(qc)))
    measured = qc.measure_all(inplace=False)
    counts = aer.AerSimulator(noise_model=aer_model, seed_simulator=3).run(measured, shots=40000).result().get_counts()
    frequencies = np.zeros(4)
    for key, count in counts.items():
        frequencies[int(key[::-1], 2)] += count / 40000
    np.testing.assert_allclose(frequencies, exact, atol=0.01)
