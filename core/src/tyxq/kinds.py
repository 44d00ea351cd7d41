"""``OperationKind``: what an operation of a circuit is, asked by every module instead of its name.

The kind of an operation decides how each layer treats it: the kernels of a
pure-state simulation apply gates and matrices and refuse the rest, the
density-matrix kernels apply everything as Kraus operators, the deferral
turns measurements and resets into gates on extra qubits, the gradient
methods differentiate the parameters of gates and channels, and the writers
(OpenQASM, drawings) print each kind in its own way.

Example:
    >>> OperationKind.GATE.is_unitary, OperationKind.RESET.is_unitary
    (True, False)
    >>> sorted(kind.value for kind in OperationKind if kind.is_channel)
    ['channel', 'kraus', 'measure', 'reset']
"""

from __future__ import annotations

import enum

__all__ = ["OperationKind"]


class OperationKind(enum.Enum):
    """The kinds of operation a circuit holds.

    Attributes:
        GATE: a gate of the table (:mod:`tyxq.gates`), families included:
            a unitary with named real parameters.
        MATRIX: a unitary given as its matrix (``Circuit.unitary``).
        CHANNEL: a noise channel of the table (:mod:`tyxq.channels`).
        KRAUS: a channel given by its Kraus operators (``Circuit.kraus``).
        MEASURE: a Z-basis measurement (``Circuit.measure``); on a density
            matrix whose outcome nothing reads, the dephasing channel.
        RESET: sets a qubit to ``|0⟩`` (``Circuit.reset``).
    """

    GATE = "gate"
    MATRIX = "matrix"
    CHANNEL = "channel"
    KRAUS = "kraus"
    MEASURE = "measure"
    RESET = "reset"

    @property
    def is_unitary(self) -> bool:
        """Whether an operation of this kind is a unitary, a gate or a matrix (what a statevector applies)."""
        return self in (OperationKind.GATE, OperationKind.MATRIX)

    @property
    def is_channel(self) -> bool:
        """Whether it acts on a density matrix as Kraus operators and has no inverse (all but the unitaries)."""
        return not self.is_unitary

    @property
    def holds_matrix(self) -> bool:
        """Whether the operation carries its data as ``Operation.matrix`` (a unitary or Kraus operators)."""
        return self in (OperationKind.MATRIX, OperationKind.KRAUS)
