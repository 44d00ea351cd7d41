"""PennyLane tapes and observables to tyxq, against PennyLane's ``default.qubit``."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.interop import from_pennylane, from_pennylane_operator

from .frameworks import framework, random_unitary
from .random_operators import random_hamiltonian

qml = framework("pennylane")

ONE_QUBIT = [qml.Hadamard, qml.PauliX, qml.PauliY, qml.PauliZ, qml.S, qml.T, qml.SX, qml.Identity]
ROTATIONS = [qml.RX, qml.RY, qml.RZ, qml.PhaseShift, qml.U1]
TWO_QUBIT = [qml.CNOT, qml.CZ, qml.CY, qml.CH, qml.SWAP, qml.ISWAP, qml.ECR]
TWO_QUBIT_ROTATIONS = [qml.IsingXX, qml.IsingYY, qml.IsingZZ, qml.CRX, qml.CRY, qml.CRZ, qml.ControlledPhaseShift,
                       qml.SingleExcitation]


def random_operation(rng: np.random.Generator, n: int):
    """One random operation on ``n`` wires, from every family from_pennylane reads."""
    wires = [int(w) for w in rng.permutation(n)]
    angle = lambda: float(rng.uniform(-np.pi, np.pi))  # noqa: E731
    kind = int(rng.integers(16))
    if kind == 0:
        return ONE_QUBIT[int(rng.integers(len(ONE_QUBIT)))](wires[0])
    if kind == 1:
        return ROTATIONS[int(rng.integers(len(ROTATIONS)))](angle(), wires[0])
    if kind == 2:
        return TWO_QUBIT[int(rng.integers(len(TWO_QUBIT)))](wires[:2])
    if kind == 3:
        return TWO_QUBIT_ROTATIONS[int(rng.integers(len(TWO_QUBIT_ROTATIONS)))](angle(), wires[:2])
    if kind == 4:
        return qml.Toffoli(wires[:3]) if rng.random() < 0.5 else qml.CSWAP(wires[:3])
    if kind == 5:
        return qml.U2(angle(), angle(), wires[0]) if rng.random() < 0.5 else qml.U3(angle(), angle(), angle(), wires[0])
    if kind == 6:
        return qml.Rot(angle(), angle(), angle(), wires[0])
    if kind == 7:
        return qml.MultiRZ(angle(), wires[:3])
    if kind == 8:
        return qml.PauliRot(angle(), "".join(rng.choice(list("IXYZ"), size=3)), wires[:3])
    if kind == 9:
        return qml.adjoint(qml.S(wires[0])) if rng.random() < 0.5 else qml.adjoint(qml.RX(angle(), wires[0]))
    if kind == 10:
        return qml.ctrl(qml.RY(angle(), wires[0]), control=wires[1:3], control_values=[1, 0])
    if kind == 11:
        return qml.QubitUnitary(random_unitary(rng, 4), wires=wires[:2])
    if kind == 12:
        return qml.GlobalPhase(angle())
    if kind == 13:
        return qml.DoubleExcitation(angle(), wires=wires[:4])
    if kind == 14:
        return qml.QFT(wires=wires[:3])  # no tyxq gate: read through its decomposition
    return qml.Barrier(wires[:2])


def default_qubit_state(tape, n: int) -> np.ndarray:
    device = qml.device("default.qubit", wires=n)
    script = qml.tape.QuantumScript(tape.operations, [qml.state()])
    return np.asarray(qml.execute([script], device)[0])


def test_random_tapes_give_default_qubits_state():
    rng = np.random.default_rng(31)
    for _ in range(200):
        operations = [random_operation(rng, 4) for _ in range(8)]
        tape = qml.tape.QuantumScript(operations)
        circuit = from_pennylane(tape, wires=range(4))
        np.testing.assert_allclose(tyxq.state(circuit), default_qubit_state(tape, 4), atol=1e-10)


def test_a_state_preparation_on_every_wire_becomes_the_input_state():
    state = random_unitary(np.random.default_rng(0), 4)[:, 0]
    tape = qml.tape.QuantumScript([qml.StatePrep(state, wires=[0, 1]), qml.CNOT([0, 1])])
    circuit = from_pennylane(tape)
    assert len(circuit.ops) == 1
    np.testing.assert_allclose(tyxq.state(circuit), default_qubit_state(tape, 2), atol=1e-12)


def test_wire_labels_that_are_not_integers_follow_the_tapes_wire_order():
    tape = qml.tape.QuantumScript([qml.PauliX("a"), qml.CNOT(["a", "b"])])
    assert tyxq.state(from_pennylane(tape)).real.round(12).tolist() == [0, 0, 0, 1]
    assert [op.qubits for op in from_pennylane(tape, wires=["b", "a"])] == [(1,), (1, 0)]


def test_torch_parameters_stay_differentiable_and_broadcast_parameters_are_a_batch():
    torch = framework("torch")
    angles = torch.tensor([0.3, 1.2], dtype=torch.float64, requires_grad=True)
    tape = qml.tape.QuantumScript([qml.RY(angles[0], 0), qml.CNOT([0, 1]), qml.RX(angles[1], 1)])
    with tyxq.use_backend("torch"):
        value = tyxq.expectation(from_pennylane(tape), tyxq.Z(1))
    value.backward()
    a, b = angles.detach().numpy()
    assert float(value.detach()) == pytest.approx(np.cos(a) * np.cos(b))
    np.testing.assert_allclose(angles.grad.numpy(), [-np.sin(a) * np.cos(b), -np.cos(a) * np.sin(b)], atol=1e-12)
    batch = qml.tape.QuantumScript([qml.RX(np.array([0.0, np.pi]), 0)])
    np.testing.assert_allclose(tyxq.expectation(from_pennylane(batch), tyxq.Z(0)), [1.0, -1.0], atol=1e-12)


def test_mid_circuit_measurements_are_refused_naming_defer_measurements():
    tape = qml.tape.QuantumScript([qml.measurements.MidMeasureMP(0)])
    with pytest.raises(tyxq.InteropError, match="defer_measurements"):
        from_pennylane(tape)


def pennylane_hamiltonian(hamiltonian: tyxq.Hamiltonian):
    """The PennyLane form of a tyxq Hamiltonian, written independently with qml's Paulis."""
    letters = {"X": qml.X, "Y": qml.Y, "Z": qml.Z}
    coefficients, observables = [], []
    for term in hamiltonian.terms:
        product = qml.Identity(0)
        for qubit, pauli in term.paulis:
            product = product @ letters[pauli](qubit)
        coefficients.append(term.coefficient)
        observables.append(product)
    return qml.Hamiltonian(coefficients, observables)


def test_random_hamiltonians_and_sums_keep_their_matrix():
    rng = np.random.default_rng(12)
    for _ in range(200):
        hamiltonian = random_hamiltonian(rng, 3, int(rng.integers(1, 6)))
        for operator in (pennylane_hamiltonian(hamiltonian), qml.simplify(pennylane_hamiltonian(hamiltonian))):
            converted = from_pennylane_operator(operator, wires=range(3))
            np.testing.assert_allclose(converted.to_matrix(3), qml.matrix(operator, wire_order=range(3)), atol=1e-12)


def test_an_observable_without_a_pauli_form_is_refused_naming_pauli_decompose():
    with pytest.raises(tyxq.InteropError, match="pauli_decompose"):
        from_pennylane_operator(qml.Hermitian(np.diag([1.0, 2.0]), wires=0))
