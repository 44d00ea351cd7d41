"""OpenFermion's ``QubitOperator`` to and from ``tyxq.Hamiltonian``.

OpenFermion indexes qubits as tyxq does (``get_sparse_operator`` puts qubit 0
on the most significant bit), so terms carry over qubit for qubit. A
``FermionOperator`` becomes a ``QubitOperator`` first, by a transform of
OpenFermion's choice: ``openfermion.jordan_wigner(op)`` or
``openfermion.bravyi_kitaev(op)``.

Example:
    >>> from openfermion import QubitOperator
    >>> print(from_openfermion(QubitOperator("X0 Z2", 0.5) + QubitOperator("", -1.0)))
    0.5 * X0 Z2 + -1 * I
    >>> import tyxq
    >>> to_openfermion(tyxq.Z(0) @ tyxq.Y(1)) == QubitOperator("Z0 Y1")
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InteropError
from ..observables import Hamiltonian, PauliString
from .extras import require
from .terms import host_coefficient

if TYPE_CHECKING:
    from openfermion import QubitOperator

__all__ = ["from_openfermion", "to_openfermion"]


def from_openfermion(operator: QubitOperator) -> Hamiltonian:
    """The ``tyxq.Hamiltonian`` of a ``QubitOperator`` (a ``FermionOperator`` is refused: transform it first)."""
    openfermion = require("openfermion", "openfermion")
    if isinstance(operator, openfermion.FermionOperator):
        raise InteropError(
            "from_openfermion reads a QubitOperator; map the FermionOperator to qubits first, e.g. "
            "openfermion.jordan_wigner(operator) or openfermion.bravyi_kitaev(operator)"
        )
    if not isinstance(operator, openfermion.QubitOperator):
        raise InteropError(f"from_openfermion reads an openfermion.QubitOperator, got {type(operator).__name__}")
    return Hamiltonian(tuple(PauliString(tuple(term), _number(c)) for term, c in operator.terms.items()))


def to_openfermion(hamiltonian: Hamiltonian | PauliString) -> QubitOperator:
    """The ``QubitOperator`` of a tyxq observable (coefficients read to the host)."""
    openfermion = require("openfermion", "openfermion")
    hamiltonian = hamiltonian if isinstance(hamiltonian, Hamiltonian) else Hamiltonian((hamiltonian,))
    total = openfermion.QubitOperator()
    for term in hamiltonian.terms:
        total += openfermion.QubitOperator(term.paulis, host_coefficient(term.coefficient))
    return total


def _number(value: Any) -> complex | float:
    number = complex(value)
    return number.real if number.imag == 0 else number
