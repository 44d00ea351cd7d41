"""Circuits, operators and noise models to and from Qiskit, OpenFermion, PennyLane and Cirq.

Each framework is an optional extra, never a dependency of tyxq:
``pip install "tyxq[qiskit]"``, ``"tyxq[openfermion]"``, ``"tyxq[pennylane]"``,
``"tyxq[cirq]"``, or ``"tyxq[interop]"`` for all of them. A converter imports its
framework when called; a missing one is a :class:`~tyxq.errors.MissingExtraError`
naming the extra, and what a converter cannot convert a :class:`~tyxq.errors.InteropError`.
Bit order is converted here, once: Qiskit's qubit 0 is the rightmost bit of its labels and
statevector indices, tyxq's (like OpenFermion's, PennyLane's and Cirq's) the leftmost.

Example:
    >>> import tyxq
    >>> from tyxq.interop import from_qiskit, to_qiskit
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> [op.name for op in from_qiskit(to_qiskit(c))]
    ['h', 'cnot']
"""

from __future__ import annotations

from .ansatz import Ansatz
from .cirq_circuits import from_cirq, to_cirq
from .openfermion_operators import from_openfermion, to_openfermion
from .pennylane_tapes import from_pennylane, from_pennylane_operator
from .qiskit_circuits import from_qiskit, qiskit_ansatz, to_qiskit
from .qiskit_noise import from_qiskit_noise
from .qiskit_operators import from_qiskit_operator, to_qiskit_operator

__all__ = [
    "Ansatz",
    "from_cirq",
    "from_openfermion",
    "from_pennylane",
    "from_pennylane_operator",
    "from_qiskit",
    "from_qiskit_noise",
    "from_qiskit_operator",
    "qiskit_ansatz",
    "to_cirq",
    "to_openfermion",
    "to_qiskit",
    "to_qiskit_operator",
]
