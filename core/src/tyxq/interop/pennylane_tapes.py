"""PennyLane tapes (``QuantumScript``) to ``tyxq.Circuit``, and PennyLane observables to ``tyxq.Hamiltonian``.

Wires become qubits: where every wire label is a non-negative integer, wire
``w`` is qubit ``w``; otherwise the wires are numbered in the order of
``tape.wires`` (or of ``wires=`` when given). PennyLane orders a statevector
as tyxq does (the first wire is the most significant bit), so
``tyxq.state(from_pennylane(tape))`` equals ``default.qubit``'s state.
Parameters pass through unchanged: torch tensors stay in the autograd graph,
and a broadcast parameter (shape ``(B,)``) is a batch.

Operations of the shared gate set become tyxq gates; ``Adjoint`` of one its
inverse, ``Controlled`` of one tyxq's ``ctrl[values]:base``, ``MultiRZ`` and
``PauliRot`` tyxq's own; ``GlobalPhase(φ)`` (``e^{-iφ}``) is kept as
``rz(2φ)·phase(-2φ)``; ``StatePrep`` on every wire at the start becomes the
circuit's input state; anything else is read through its decomposition, or
as a ``unitary`` of its matrix. The tape's terminal measurements are not part
of the circuit: convert their observables with :func:`~tyxq.interop.from_pennylane_operator`.
Mid-circuit measurements are refused: run ``qml.defer_measurements`` first.

Example:
    >>> import numpy as np, pennylane as qml, tyxq
    >>> tape = qml.tape.QuantumScript([qml.Hadamard(0), qml.CNOT([0, 1]), qml.RY(0.3, 1)], [qml.expval(qml.Z(1))])
    >>> print(from_pennylane(tape))
    Circuit on 2 qubits, 3 operations
        0: h q[0]
        1: cnot q[0], q[1]
        2: ry(0.3) q[1]
    >>> print(from_pennylane_operator(0.5 * qml.X(0) @ qml.Z(2) - qml.Y(1)))
    0.5 * X0 Z2 + -1 * Y1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..circuit import Circuit
from ..errors import InteropError
from ..observables import Hamiltonian, PauliString
from .extras import require

if TYPE_CHECKING:
    from pennylane.operation import Operator
    from pennylane.tape import QuantumScript

__all__ = ["from_pennylane", "from_pennylane_operator"]

_NAMES: dict[str, str] = {
    "Identity": "id", "Hadamard": "h", "PauliX": "x", "PauliY": "y", "PauliZ": "z", "S": "s", "T": "t",
    "SX": "sx", "RX": "rx", "RY": "ry", "RZ": "rz", "PhaseShift": "phase", "U1": "phase", "U2": "u2", "U3": "u",
    "CNOT": "cnot", "CZ": "cz", "CY": "cy", "CH": "ch", "SWAP": "swap", "ISWAP": "iswap", "ECR": "ecr",
    "IsingXX": "rxx", "IsingYY": "ryy", "IsingZZ": "rzz", "CRX": "crx", "CRY": "cry", "CRZ": "crz",
    "ControlledPhaseShift": "cphase", "Toffoli": "ccx", "CSWAP": "cswap",
    "SingleExcitation": "single_excitation", "DoubleExcitation": "double_excitation",
}
"""PennyLane operation name → tyxq gate name, for the gates whose matrices agree parameter for parameter."""

_SKIPPED = frozenset({"Barrier", "Snapshot"})
_MID_CIRCUIT = frozenset({"MidMeasureMP", "Conditional", "MidMeasure", "PauliMeasure"})


def from_pennylane(tape: QuantumScript, wires: Sequence[Any] | None = None) -> Circuit:
    """The tyxq circuit of a PennyLane tape's operations (see the module docstring for the conventions).

    Example:
        >>> import pennylane as qml, tyxq
        >>> tape = qml.tape.QuantumScript([qml.adjoint(qml.S(0)), qml.ctrl(qml.RX(0.2, 1), control=0)])
        >>> [op.name for op in from_pennylane(tape)]
        ['sdg', 'crx']
    """
    qml = require("pennylane", "pennylane")
    if not isinstance(tape, qml.tape.QuantumScript):
        raise InteropError(
            f"from_pennylane reads a tape (qml.tape.QuantumScript), got {type(tape).__name__}; for a QNode, "
            "build its tape with qml.workflow.construct_tape(qnode)(*args)"
        )
    order = _wire_order(tape.wires, wires)
    operations = list(tape.operations)
    inputs = None
    if operations and operations[0].name == "StatePrep" and [order[w] for w in operations[0].wires] == list(
        range(len(order))
    ):
        inputs, operations = operations[0].parameters[0], operations[1:]
    circuit = Circuit(max(order.values(), default=0) + 1 if order else 1, inputs)
    for op in operations:
        _append(circuit, op, order, qml)
    return circuit


def _wire_order(tape_wires: Any, wires: Sequence[Any] | None) -> dict[Any, int]:
    labels = list(tape_wires) if wires is None else list(wires)
    if wires is None and all(isinstance(w, (int, np.integer)) and w >= 0 for w in labels):
        return {w: int(w) for w in labels}
    missing = [w for w in tape_wires if w not in labels]
    if missing:
        raise InteropError(f"the tape acts on wires {missing}, which wires={labels} does not list")
    return {w: i for i, w in enumerate(labels)}


def _append(circuit: Circuit, op: Operator, order: dict[Any, int], qml: Any) -> None:
    """Append one PennyLane operation (recursing into adjoints, controls and decompositions)."""
    name = op.name
    qubits = [order[w] for w in op.wires]
    if name in _SKIPPED:
        return
    if name in _MID_CIRCUIT:
        raise InteropError(
            f"the tape holds a mid-circuit measurement or a conditioned operation ({name}); apply "
            "qml.defer_measurements to the tape (or the QNode) first"
        )
    if name in _NAMES:
        circuit.apply(_NAMES[name], *qubits, params=list(op.parameters))
    elif name == "MultiRZ":
        circuit.multi_rz(qubits, op.parameters[0])
    elif name == "PauliRot":
        circuit.pauli_rot(qubits, op.parameters[0], op.hyperparameters["pauli_word"])
    elif name == "GlobalPhase":
        phi = op.parameters[0]
        circuit.apply("rz", 0, params=[2 * phi]).apply("phase", 0, params=[-2 * phi])
    elif name == "QubitUnitary":
        circuit.unitary(matrix=op.parameters[0], qubits=qubits)
    elif isinstance(op, qml.ops.op_math.Adjoint):
        block = Circuit(circuit.n_qubits)
        _append(block, op.base, order, qml)
        circuit.append(block.inverse())
    elif isinstance(op, qml.ops.op_math.Controlled) and _single_gate(op.base, order, qml) is not None:
        base_name, base_qubits, params = _single_gate(op.base, order, qml)  # type: ignore[misc]
        values = "".join("1" if v else "0" for v in op.control_values)
        controls = [order[w] for w in op.control_wires]
        circuit.apply(f"ctrl[{values}]:{base_name}", *controls, *base_qubits, params=params)
    elif op.has_decomposition:
        for inner in op.decomposition():
            _append(circuit, inner, order, qml)
    elif op.has_matrix:
        circuit.unitary(matrix=qml.matrix(op, wire_order=op.wires), qubits=qubits)
    else:
        raise InteropError(f"the PennyLane operation {name} has neither a tyxq gate, a decomposition nor a matrix")


def _single_gate(op: Operator, order: dict[Any, int], qml: Any) -> tuple[str, list[int], list[Any]] | None:
    """``(tyxq name, qubits, parameters)`` where ``op`` is one tyxq gate, else ``None``."""
    if op.name in _NAMES:
        return _NAMES[op.name], [order[w] for w in op.wires], list(op.parameters)
    return None


def from_pennylane_operator(operator: Operator, wires: Sequence[Any] | None = None) -> Hamiltonian:
    """The ``tyxq.Hamiltonian`` of a PennyLane observable built from Paulis (``qml.Hamiltonian``, ``qml.ops.Sum``, …).

    Wires map to qubits as in :func:`from_pennylane` (``n_qubits`` counts them). An observable with no
    Pauli form (``qml.Hermitian``, a projector) is refused by name.
    """
    qml = require("pennylane", "pennylane")
    if not isinstance(operator, qml.operation.Operator):
        raise InteropError(f"from_pennylane_operator reads a PennyLane operator, got {type(operator).__name__}")
    sentence = operator.pauli_rep
    if sentence is None:
        raise InteropError(
            f"the observable {operator} has no Pauli form; tyxq observables are sums of Pauli strings: expand it "
            "first, e.g. qml.pauli_decompose(qml.matrix(operator))"
        )
    order = _wire_order(operator.wires, wires)
    terms = []
    for word, coefficient in sentence.items():
        number = complex(np.asarray(coefficient.detach() if hasattr(coefficient, "detach") else coefficient))
        paulis = tuple((order[w], p) for w, p in word.items() if p != "I")
        terms.append(PauliString(paulis, number.real if number.imag == 0 else number))
    return Hamiltonian(tuple(terms), n_qubits=1 + max(order.values(), default=0))
