"""What a tyxq operation is, asked in one place for every exporter (``to_qiskit``, ``to_cirq``).

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).measure(0).reset(1).depolarizing(0, 0.1).unitary(qubits=[1], matrix=[[0, 1], [1, 0]])
    >>> [kind_of(op) for op in c]
    ['gate', 'measure', 'reset', 'channel', 'matrix']
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..backends.numpy_backend import NumpyBackend
from ..gates import GateSpec
from ..kinds import OperationKind
from ..operations import Operation

__all__ = ["gate_matrix", "kind_of"]

Kind = Literal["gate", "matrix", "measure", "reset", "channel"]


def kind_of(op: Operation) -> Kind:
    """``"gate"`` (of the gate table), ``"matrix"`` (``unitary``), ``"measure"``, ``"reset"`` or ``"channel"``."""
    if op.kind is OperationKind.MEASURE and op.bit is not None:
        return "measure"
    if op.kind in (OperationKind.GATE, OperationKind.MATRIX, OperationKind.RESET):
        return op.kind.value
    return "channel"  # a table channel, Kraus operators, or a measurement whose outcome is not kept


def gate_matrix(spec: GateSpec, params: list[float]) -> np.ndarray:
    """The matrix of a gate with numeric ``params``, its first qubit the most significant."""
    return np.asarray(spec.matrix(NumpyBackend(), [np.float64(p) for p in params]))
