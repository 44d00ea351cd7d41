"""The one operation table and the kind every operation carries."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.channels import CHANNELS
from tyxq.gates import GATES
from tyxq.kinds import OperationKind
from tyxq.operations import OPERATIONS, Operation, operation_spec


def test_every_gate_and_channel_is_one_entry_with_its_kind() -> None:
    assert {name for name, e in OPERATIONS.items() if e.kind is OperationKind.GATE} == set(GATES)
    channels = {
        name
        for name, e in OPERATIONS.items()
        if e.kind in (OperationKind.CHANNEL, OperationKind.RESET, OperationKind.MEASURE)
    }
    assert channels == set(CHANNELS)
    assert OPERATIONS["reset"].kind is OperationKind.RESET and OPERATIONS["measure"].kind is OperationKind.MEASURE
    assert OPERATIONS["unitary"].kind is OperationKind.MATRIX and OPERATIONS["kraus"].kind is OperationKind.KRAUS


def test_entries_carry_parameter_names_qubit_counts_and_builders() -> None:
    backend = NumpyBackend()
    assert OPERATIONS["u"].params == ("theta", "phi", "lam") and OPERATIONS["u"].n_qubits == 1
    assert OPERATIONS["depolarizing2"].params == ("p",) and OPERATIONS["depolarizing2"].n_qubits == 2
    assert OPERATIONS["amplitude_damping"].params == ("gamma",)
    np.testing.assert_allclose(OPERATIONS["x"].matrix(backend), [[0, 1], [1, 0]])
    kraus = OPERATIONS["bit_flip"].kraus(backend, [np.float64(0.25)])
    np.testing.assert_allclose(kraus, [np.sqrt(0.75) * np.eye(2), np.sqrt(0.25) * np.array([[0, 1], [1, 0]])])
    np.testing.assert_allclose(OPERATIONS["rx"].gate.generators[0], [[0, 0.5], [0.5, 0]])  # type: ignore[union-attr]


def test_a_matrix_builder_is_refused_for_a_channel() -> None:
    with pytest.raises(tyxq.CapabilityError, match="bit_flip is a channel operation, not a gate"):
        OPERATIONS["bit_flip"].matrix(NumpyBackend())


def test_family_members_and_aliases_are_found() -> None:
    assert operation_spec("ctrl[01]:rx").kind is OperationKind.GATE
    assert operation_spec("ctrl[01]:rx").params == ("theta",)
    assert operation_spec("Toffoli").name == "ccx"


def test_an_unknown_name_is_a_named_error() -> None:
    with pytest.raises(tyxq.UnknownGateError, match=r"unknown operation 'banana'; tyxq knows: .*reset"):
        Operation("banana", (0,))


@pytest.mark.parametrize(
    ("circuit", "kinds"),
    [
        (tyxq.Circuit(2).h(0).cnot(0, 1), [OperationKind.GATE, OperationKind.GATE]),
        (tyxq.Circuit(1).unitary(0, np.eye(2)), [OperationKind.MATRIX]),
        (tyxq.Circuit(1).depolarizing(0, 0.1).kraus(0, [np.eye(2)]), [OperationKind.CHANNEL, OperationKind.KRAUS]),
        (tyxq.Circuit(1).measure(0).reset(0), [OperationKind.MEASURE, OperationKind.RESET]),
        (tyxq.Circuit(1).apply("measure", 0), [OperationKind.MEASURE]),
    ],
)
def test_every_builder_records_the_kind(circuit: tyxq.Circuit, kinds: list[OperationKind]) -> None:
    assert [op.kind for op in circuit] == kinds


def test_the_kind_survives_replace_and_pickle() -> None:
    import dataclasses

    op = tyxq.Circuit(1).reset(0).ops[0]
    assert dataclasses.replace(op, qubits=(3,)).kind is OperationKind.RESET
    assert pickle.loads(pickle.dumps(op)) == op


def test_kind_predicates() -> None:
    assert [k.value for k in OperationKind if k.is_unitary] == ["gate", "matrix"]
    assert [k.value for k in OperationKind if k.holds_matrix] == ["matrix", "kraus"]


def test_no_module_compares_operation_names_to_decide_a_kind() -> None:
    import ast
    from pathlib import Path

    root = Path(tyxq.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.parts[-2] == "qasm" and path.name in ("program.py", "flat.py"):
            continue  # the OpenQASM reader compares the statement names of the text it parses
        if path.parts[-2] == "interop":
            continue  # reading another framework's instructions, known there by their names (Qiskit's "measure")
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "name":
                for right in node.comparators:
                    if isinstance(right, ast.Constant) and right.value in ("measure", "reset", "unitary", "kraus"):
                        offenders.append(f"{path.relative_to(root)}:{node.lineno}")
                    if isinstance(right, ast.Name) and right.id in ("UNITARY", "KRAUS", "CHANNELS", "GATES"):
                        offenders.append(f"{path.relative_to(root)}:{node.lineno}")  # == UNITARY, in CHANNELS
    assert offenders == []
