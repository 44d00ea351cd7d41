"""What a tyxq operation is, asked in one place for every exporter (``to_qiskit``, ``to_cirq``).

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).measure(0).reset(1).depolarizing(0, 0.1).unitary(matrix=[[0, 1], [1, 0]], qubits=[1])
    >>> [kind_of(op) for op in c]
    ['gate', 'measure', 'reset', 'channel', 'matrix']
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..backends.numpy_backend import NumpyBackend
from ..channels import is_channel
from ..circuit import Operation
from ..gates import GateSpec

__all__ = ["gate_matrix", "kind_of"]

Kind = Literal["gate", "matrix", "measure", "reset", "channel"]


def kind_of(op: Operation) -> Kind:
    """``"gate"`` (of the gate table), ``"matrix"`` (``unitary``), ``"measure"``, ``"reset"`` or ``"channel"``."""
    if op.bit is not None:
        return "measure"
    if op.name == "reset":
        return "reset"
    if is_channel(op.name):
        return "channel"
    return "matrix" if op.spec is None else "gate"


def gate_matrix(spec: GateSpec, params: list[float]) -> np.ndarray:
    """The matrix of a gate with numeric ``params``, its first qubit the most significant."""
    return np.asarray(spec.matrix(NumpyBackend(), [np.float64(p) for p in params]))
