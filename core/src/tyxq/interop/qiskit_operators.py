"""Qiskit's ``SparsePauliOp`` to and from ``tyxq.Hamiltonian``, the bit order converted.

A Qiskit Pauli label is read right to left (``"XZ"`` is Z on qubit 0 and X
on qubit 1); a tyxq string left to right (``"XZ"`` is X on qubit 0). The
converters go through each term's qubit indices, so qubit ``q`` of one is
qubit ``q`` of the other and ``from_qiskit_operator(op).to_matrix(n)`` is
Qiskit's matrix with its qubits reversed.

Example:
    >>> from qiskit.quantum_info import SparsePauliOp
    >>> print(from_qiskit_operator(SparsePauliOp(["XZ", "IY"], [0.5, -1.0])))
    0.5 * Z0 X1 + -1 * Y0
    >>> to_qiskit_operator(from_qiskit_operator(SparsePauliOp("XZ"))).to_list()
    [('XZ', (1+0j))]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InteropError
from ..observables import Hamiltonian, PauliString
from .extras import require
from .terms import host_coefficient, operator_width

if TYPE_CHECKING:
    from qiskit.quantum_info import SparsePauliOp

__all__ = ["from_qiskit_operator", "to_qiskit_operator"]


def from_qiskit_operator(operator: SparsePauliOp | Any) -> Hamiltonian:
    """The ``tyxq.Hamiltonian`` of a ``SparsePauliOp`` (or anything ``SparsePauliOp(...)`` accepts, a ``Pauli``).

    Its ``n_qubits`` is the operator's ``num_qubits``, so the width survives a round trip.

    Coefficients must be numbers: assign a parametrised operator's
    parameters first (``operator.assign_parameters``).
    """
    quantum_info = require("qiskit.quantum_info", "qiskit")
    operator = operator if isinstance(operator, quantum_info.SparsePauliOp) else quantum_info.SparsePauliOp(operator)
    terms = []
    for paulis, qubits, coefficient in operator.to_sparse_list():
        try:
            value = complex(coefficient)
        except TypeError as error:
            raise InteropError(
                f"the term {paulis} has the coefficient {coefficient}, not a number; bind the operator's "
                "parameters first with operator.assign_parameters(values)"
            ) from error
        terms.append(PauliString(tuple(zip(qubits, paulis, strict=True)), value.real if value.imag == 0 else value))
    return Hamiltonian(tuple(terms), n_qubits=operator.num_qubits)


def to_qiskit_operator(hamiltonian: Hamiltonian | PauliString, n_qubits: int | None = None) -> SparsePauliOp:
    """The ``SparsePauliOp`` on ``n_qubits`` (default: the Hamiltonian's ``n_qubits``) of a tyxq observable.

    Example:
        >>> import tyxq
        >>> to_qiskit_operator(tyxq.X(0) @ tyxq.Z(2), n_qubits=3).to_list()
        [('ZIX', (1+0j))]
    """
    quantum_info = require("qiskit.quantum_info", "qiskit")
    hamiltonian = hamiltonian if isinstance(hamiltonian, Hamiltonian) else Hamiltonian((hamiltonian,))
    width = operator_width(hamiltonian, n_qubits)
    terms = [
        ("".join(p for _, p in term.paulis), [q for q, _ in term.paulis], host_coefficient(term.coefficient))
        for term in hamiltonian.terms
    ]
    if not terms:
        return quantum_info.SparsePauliOp("I" * width, coeffs=[0.0])
    return quantum_info.SparsePauliOp.from_sparse_list(terms, num_qubits=width)
