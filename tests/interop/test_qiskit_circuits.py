"""Qiskit circuits to and from tyxq: every shared gate, free parameters, global phase, dynamic circuits.

References: ``qiskit.quantum_info.Statevector`` for unitary circuits (its
qubit 0 is the rightmost bit, hence ``reverse_qargs``) and Qiskit Aer for
circuits that measure, reset and branch.
"""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.gates import GATES
from tyxq.interop import from_qiskit, qiskit_ansatz, to_qiskit
from tyxq.interop.qiskit_gates import TYXQ_TO_QISKIT

from .frameworks import framework, random_unitary

qiskit = framework("qiskit")
from qiskit.circuit import Parameter, ParameterVector  # noqa: E402 - after the framework check
from qiskit.circuit.library import efficient_su2, real_amplitudes  # noqa: E402
from qiskit.circuit.random import random_circuit  # noqa: E402
from qiskit.quantum_info import Statevector  # noqa: E402

N_CIRCUITS = 200
TYXQ_ONLY = ["iswapdg", "sqrt_iswap", "sqrt_iswapdg", "iswap_pow", "fsim", "single_excitation", "double_excitation",
             "multi_rz[3]", "ctrl[10]:ry", "ctrl[0]:h", "ctrl[11]:rz"]
POOL = [*TYXQ_TO_QISKIT, *TYXQ_ONLY]


def qiskit_state(qc) -> np.ndarray:
    """Qiskit's statevector in tyxq's order (qubit 0 the most significant bit)."""
    return Statevector(qc).reverse_qargs().data


def random_tyxq_circuit(rng: np.random.Generator, names: list[str]) -> tyxq.Circuit:
    """A circuit on 4 qubits applying each of ``names`` once, on random qubits with random angles, and a unitary."""
    circuit = tyxq.Circuit(4)
    for name in names:
        spec = GATES[name]
        qubits = [int(q) for q in rng.permutation(4)[: spec.n_qubits]]
        circuit.apply(name, *qubits, params=list(rng.uniform(-np.pi, np.pi, spec.n_params)))
    circuit.unitary(matrix=random_unitary(rng, 4), qubits=[int(q) for q in rng.permutation(4)[:2]])
    return circuit


def test_tyxq_to_qiskit_and_back_keeps_the_state_on_random_circuits_of_every_shared_gate():
    rng = np.random.default_rng(23)
    used: set[str] = set()
    for _ in range(N_CIRCUITS):
        names = [POOL[i] for i in rng.choice(len(POOL), size=8, replace=False)]
        used |= set(names)
        circuit = random_tyxq_circuit(rng, names)
        expected = tyxq.state(circuit)
        exported = to_qiskit(circuit)
        np.testing.assert_allclose(qiskit_state(exported), expected, atol=1e-10)
        np.testing.assert_allclose(tyxq.state(from_qiskit(exported)), expected, atol=1e-10)
    assert used == set(POOL)


def test_a_round_trip_through_qiskit_gives_every_shared_gate_back_by_name():
    circuit = random_tyxq_circuit(np.random.default_rng(1), [n for n in POOL if not n.startswith("multi_rz")])
    back = from_qiskit(to_qiskit(circuit))
    assert [op.name for op in back.ops] == [op.name for op in circuit.ops]  # the unitary included


def test_multi_rz_goes_to_qiskit_as_a_cnot_ladder_around_one_rz():
    exported = to_qiskit(tyxq.Circuit(3).multi_rz([0, 1, 2], 0.3))
    assert [i.operation.name for i in exported.decompose().data] == ["cx", "cx", "rz", "cx", "cx"]


def test_qiskit_to_tyxq_and_back_keeps_the_state_and_global_phase_on_random_qiskit_circuits():
    rng = np.random.default_rng(7)
    names: set[str] = set()
    for seed in range(N_CIRCUITS):
        qc = random_circuit(4, 5, max_operands=3, seed=seed)
        qc.global_phase = rng.uniform(-np.pi, np.pi)
        names |= {i.operation.name for i in qc.data}
        expected = qiskit_state(qc)
        imported = from_qiskit(qc)
        np.testing.assert_allclose(tyxq.state(imported), expected, atol=1e-9)
        np.testing.assert_allclose(qiskit_state(to_qiskit(imported)), expected, atol=1e-9)
    assert len(names) > 25  # the random circuits exercised most of Qiskit's standard library


def test_gates_tyxq_lacks_are_read_through_their_definitions():
    qc = qiskit.QuantumCircuit(4)
    qc.r(0.3, 0.7, 0)
    qc.cu(0.1, 0.2, 0.3, 0.4, 0, 1)
    qc.rzx(0.5, 1, 2)
    qc.dcx(2, 3)
    qc.mcx([0, 1, 2], 3, ctrl_state="101")
    qc.append(qiskit.circuit.library.UnitaryGate(random_unitary(np.random.default_rng(3), 8)), [3, 1, 0])
    np.testing.assert_allclose(tyxq.state(from_qiskit(qc)), qiskit_state(qc), atol=1e-10)


def test_a_controlled_gate_with_a_control_state_becomes_tyxq_ctrl():
    qc = qiskit.QuantumCircuit(3)
    qc.h([0, 1, 2])
    qc.append(qiskit.circuit.library.RYGate(0.4).control(2, ctrl_state="01", annotated=False), [0, 1, 2])
    imported = from_qiskit(qc)
    assert imported.ops[-1].name == "ctrl[10]:ry"  # ctrl_state "01": the first control (bit 0) holds 1
    np.testing.assert_allclose(tyxq.state(imported), qiskit_state(qc), atol=1e-12)


def test_an_annotated_gate_with_control_modifiers_becomes_tyxq_ctrl():
    from qiskit.circuit import AnnotatedOperation, ControlModifier

    qc = qiskit.QuantumCircuit(4)
    qc.h([0, 1, 2])
    qc.append(AnnotatedOperation(qiskit.circuit.library.RYGate(0.7), [ControlModifier(1, 0), ControlModifier(2, 1)]),
              [0, 1, 2, 3])
    imported = from_qiskit(qc)
    assert imported.ops[-1].name == "ctrl[100]:ry"  # the last modifier's controls come first
    np.testing.assert_allclose(tyxq.state(imported), qiskit_state(qc), atol=1e-12)


def test_dropping_the_global_phase_leaves_the_state_equal_up_to_that_phase():
    qc = qiskit.QuantumCircuit(1, global_phase=0.8)
    qc.h(0)
    dropped = tyxq.state(from_qiskit(qc, global_phase=False))
    np.testing.assert_allclose(np.exp(0.8j) * dropped, qiskit_state(qc), atol=1e-12)
    assert len(from_qiskit(qc, global_phase=False).ops) == 1


# --- free parameters ------------------------------------------------------------------------


def parametrised_circuit():
    """An ansatz with a ParameterVector, a Parameter, affine and nonlinear expressions, and a parametrised phase."""
    theta, phi = ParameterVector("θ", 4), Parameter("φ")
    qc = qiskit.QuantumCircuit(3, global_phase=phi / 2)
    qc.compose(efficient_su2(3, reps=1, parameter_prefix="w"), inplace=True)
    qc.ry(theta[0], 0)
    qc.rx(2 * theta[1] - 0.5, 1)
    qc.crz(theta[2] + phi, 0, 2)
    qc.rzz(theta[3] * phi, 1, 2)
    qc.u(theta[0].sin(), phi, theta[3], 2)
    return qc


def test_an_imported_ansatz_matches_qiskit_for_any_parameter_values():
    qc = parametrised_circuit()
    ansatz = qiskit_ansatz(qc)
    assert ansatz.parameters == tuple(p.name for p in qc.parameters)
    rng = np.random.default_rng(5)
    for _ in range(5):
        values = rng.uniform(-np.pi, np.pi, ansatz.n_params)
        np.testing.assert_allclose(
            tyxq.state(ansatz(values)), qiskit_state(qc.assign_parameters(values)), atol=1e-10
        )


def test_an_imported_ansatz_runs_a_batch_of_parameter_sets_as_one_batched_circuit():
    qc = real_amplitudes(3, reps=2)
    ansatz = qiskit_ansatz(qc)
    batch = np.random.default_rng(2).uniform(-np.pi, np.pi, (5, ansatz.n_params))
    states = tyxq.state(ansatz(batch))
    assert states.shape == (5, 8)
    for values, state in zip(batch, states, strict=True):
        np.testing.assert_allclose(state, qiskit_state(qc.assign_parameters(values)), atol=1e-10)


def test_parameters_bind_by_name_by_vector_and_by_parameter_object():
    qc = parametrised_circuit()
    values = np.linspace(0.1, 1.0, qc.num_parameters)
    by_position = tyxq.state(from_qiskit(qc, values))
    by_parameter = {p: v for p, v in zip(qc.parameters, values, strict=True)}
    np.testing.assert_allclose(tyxq.state(from_qiskit(qc, by_parameter)), by_position, atol=1e-12)
    vectors = {"θ": [by_parameter[p] for p in qc.parameters if p.name.startswith("θ")]}
    rest = {p.name: v for p, v in by_parameter.items() if not p.name.startswith("θ")}
    np.testing.assert_allclose(tyxq.state(qiskit_ansatz(qc)(vectors, **rest)), by_position, atol=1e-12)


def test_the_gradient_of_an_imported_ansatz_on_torch_matches_finite_differences():
    torch = framework("torch")
    qc = parametrised_circuit()
    ansatz = qiskit_ansatz(qc)
    hamiltonian = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(2)
    start = np.random.default_rng(9).uniform(-1, 1, ansatz.n_params)
    weights = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    with tyxq.use_backend("torch"):
        energy = tyxq.expectation(ansatz(weights), hamiltonian)
    energy.backward()

    def numpy_energy(values: np.ndarray) -> float:
        return float(tyxq.expectation(ansatz(values), hamiltonian))

    step = 1e-6
    differences = [
        (numpy_energy(start + step * e) - numpy_energy(start - step * e)) / (2 * step) for e in np.eye(len(start))
    ]
    assert float(energy.detach()) == pytest.approx(numpy_energy(start), abs=1e-10)
    np.testing.assert_allclose(weights.grad.numpy(), differences, atol=1e-6)


def test_an_imported_circuit_with_an_input_parameter_is_a_torch_layer():
    torch = framework("torch")
    tyxq_ml = framework("tyxq_ml")
    x, w = Parameter("x"), ParameterVector("w", 3)
    qc = qiskit.QuantumCircuit(2)
    qc.ry(x, [0, 1])
    qc.cx(0, 1)
    qc.ry(w[0], 0)
    qc.ry(w[1], 1)
    qc.cx(1, 0)
    qc.rx(w[2], 0)
    ansatz = qiskit_ansatz(qc)

    def circuit(inputs, w):
        return tyxq.expectation(ansatz({"x": inputs[:, 0], "w": w}), tyxq.Z(0) @ tyxq.Z(1))

    layer = tyxq_ml.TorchLayer(circuit, {"w": 3}, dtype=torch.float64)
    inputs = torch.linspace(-1, 1, 4, dtype=torch.float64).reshape(4, 1)
    outputs = layer(inputs).detach().numpy()
    weights = layer.w.detach().numpy()
    zz = qiskit.quantum_info.SparsePauliOp("ZZ")
    for value, output in zip(inputs[:, 0].numpy(), outputs, strict=True):
        bound = qc.assign_parameters({x: value, w: weights})
        assert output == pytest.approx(Statevector(bound).expectation_value(zz).real, abs=1e-10)


def test_a_circuit_with_free_parameters_and_no_values_is_refused_naming_them():
    with pytest.raises(tyxq.ParameterError, match="free parameters"):
        from_qiskit(real_amplitudes(2, reps=1))


def test_values_of_the_wrong_length_are_refused_with_the_expected_shape():
    with pytest.raises(tyxq.ParameterError, match=r"pass shape \(4,\)"):
        from_qiskit(real_amplitudes(2, reps=1), [0.1, 0.2])


# --- measurements, resets, conditions, barriers: against Aer ----------------------------------


def dynamic_circuit():
    qc = qiskit.QuantumCircuit(3, 3)
    qc.h(0)
    qc.measure(0, 0)
    with qc.if_test((qc.clbits[0], 1)):
        qc.x(1)
    qc.barrier()
    qc.reset(0)
    qc.ry(1.1, 0)
    qc.measure(0, 1)
    condition = qiskit.circuit.classical.expr.logic_and(
        qc.clbits[0], qiskit.circuit.classical.expr.logic_not(qc.clbits[1])
    )
    with qc.if_test(condition):
        qc.h(2)
    with qc.if_test((qc.clbits[1], 0)) as otherwise:
        qc.rx(0.4, 2)
    with otherwise:
        qc.ry(0.9, 2)
    qc.measure(2, 2)
    return qc


def aer_distribution(qc, shots: int = 20000) -> np.ndarray:
    """Aer's frequencies of the classical register, indexed with clbit 0 as the most significant bit."""
    aer = framework("qiskit_aer")
    # Aer 0.18's qubit truncation fails to load some dynamic circuits ("unordered_map::at"): keep every qubit
    simulator = aer.AerSimulator(seed_simulator=11, enable_truncation=False)
    counts = simulator.run(qiskit.transpile(qc, simulator), shots=shots).result().get_counts()
    frequencies = np.zeros(2**qc.num_clbits)
    for key, count in counts.items():
        frequencies[int(key.replace(" ", "")[::-1], 2)] += count / shots
    return frequencies


def test_measurements_resets_and_conditions_give_aers_outcome_distribution():
    qc = dynamic_circuit()
    imported = from_qiskit(qc)
    assert {op.name for op in imported} >= {"measure", "reset"}
    assert sum(op.condition is not None for op in imported) == 4
    exact = tyxq.probabilities(imported, bits=[0, 1, 2])
    np.testing.assert_allclose(aer_distribution(qc), exact, atol=0.015)
    np.testing.assert_allclose(aer_distribution(to_qiskit(imported)), exact, atol=0.015)


def test_measurements_at_the_end_are_final_measurements_and_leave_the_state():
    qc = qiskit.circuit.random.random_circuit(3, 4, seed=5)
    qc.measure_all()
    imported = from_qiskit(qc)
    assert imported.final_measurements == {0: 0, 1: 1, 2: 2} and imported.n_bits == 3
    assert "measure" not in {op.name for op in imported}
    np.testing.assert_allclose(
        tyxq.state(imported), qiskit_state(qc.remove_final_measurements(inplace=False)), atol=1e-10
    )
    exact = tyxq.probabilities(imported, bits=[0, 1, 2])
    np.testing.assert_allclose(aer_distribution(qc), exact, atol=0.015)
    exported = to_qiskit(imported)
    assert [i.operation.name for i in exported.data[-3:]] == ["measure"] * 3
    np.testing.assert_allclose(aer_distribution(exported), exact, atol=0.015)


def test_a_condition_on_a_register_reads_its_bits_little_endian():
    register = qiskit.circuit.ClassicalRegister(2, "m")
    qc = qiskit.QuantumCircuit(qiskit.circuit.QuantumRegister(3), register)
    qc.x(0)
    qc.measure([0, 1], register)
    with qc.if_test((register, 1)):  # the value 1 of the register: bit 0 holds 1, bit 1 holds 0
        qc.x(2)
    imported = from_qiskit(qc)
    assert str(imported.ops[-1]) == "x q[2] if c[0]=1, c[1]=0"
    assert tyxq.probabilities(imported, qubits=[2]).tolist() == [0.0, 1.0]
    np.testing.assert_allclose(aer_distribution(qc), tyxq.probabilities(imported, bits=[0, 1]), atol=1e-12)


def test_loops_are_refused_by_name():
    qc = qiskit.QuantumCircuit(1, 1)
    with qc.for_loop(range(2)):
        qc.x(0)
    with pytest.raises(tyxq.TyxqError, match="for_loop"):
        from_qiskit(qc)


def test_an_instruction_without_definition_is_refused_with_the_transpile_advice():
    qc = qiskit.QuantumCircuit(1)
    qc.append(qiskit.circuit.Gate("opaque", 1, []), [0])
    with pytest.raises(tyxq.InteropError, match=r"'opaque'.*transpile"):
        from_qiskit(qc)


def test_a_batched_circuit_and_a_noise_channel_are_refused_by_to_qiskit():
    with pytest.raises(tyxq.InteropError, match="batch of 3"):
        to_qiskit(tyxq.Circuit(1).rx(0, np.array([0.1, 0.2, 0.3])))
    with pytest.raises(tyxq.InteropError, match="NoiseModel"):
        to_qiskit(tyxq.Circuit(1).depolarizing(0, 0.1))
