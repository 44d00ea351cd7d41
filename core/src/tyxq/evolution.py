"""Time evolution under a Hamiltonian, as a circuit of Pauli rotations: exact or Trotterised.

``evolve(H, t)`` returns a new :class:`~tyxq.Circuit` for ``exp(-iHt)`` with
``H = Σ_k c_k P_k``. Each factor ``exp(-i c_k t P_k)`` is
:meth:`Circuit.pauli_rot` by the angle ``2 c_k t``: one diagonal between basis
changes, never a dense matrix. When every pair of terms commutes the product
is exact, in one step whatever ``steps`` says. Otherwise it is a product
formula over ``steps`` steps of ``dt = t/steps``:

- ``order=1`` (Lie–Trotter): ``Π_k exp(-i c_k dt P_k)``, error ``O(t²/steps)``;
- ``order=2`` (Strang): half steps of every term but the last, the last in
  full, the half steps in reverse (the half steps where two steps meet are
  one rotation); error ``O(t³/steps²)``.

The time and the coefficients may be arrays of the active backend (a
trainable ``torch.tensor``, say); the rotation angles are then arrays and
gradients flow through them with every gradient method. The identity term
contributes the global phase ``e^{-ict}`` (no measurement sees it). Append
the result to a circuit with ``circuit.append(evolve(H, t))`` or
``circuit.compose(evolve(H, t), qubits=...)``.

Example:
    >>> import numpy as np, tyxq
    >>> h = 0.5 * tyxq.Z(0) @ tyxq.Z(1) + 0.3 * tyxq.X(0)
    >>> c = tyxq.Circuit(2).h(1).append(tyxq.evolve(h, 1.0, steps=20, order=2))
    >>> round(float(tyxq.expectation(c, tyxq.X(1))), 4)
    0.5542
"""

from __future__ import annotations

import itertools
import numbers
from typing import Any

from .arguments import check_count, check_real
from .circuit import Circuit
from .errors import ObservableError, ParameterError
from .observables import Hamiltonian, PauliString

__all__ = ["MAX_STEPS", "commute", "evolve"]

MAX_STEPS = 1_000_000
"""The most product-formula steps ``evolve`` builds: each step is a rotation per term, held in memory."""


def commute(a: PauliString, b: PauliString) -> bool:
    """Whether two Pauli strings commute: they differ on an even number of shared qubits.

    Example:
        >>> import tyxq
        >>> commute(tyxq.X(0) @ tyxq.X(1), tyxq.Z(0) @ tyxq.Z(1)), commute(tyxq.X(0), tyxq.Z(0))
        (True, False)
    """
    mine = a.as_dict
    return sum(1 for qubit, pauli in b.paulis if qubit in mine and mine[qubit] != pauli) % 2 == 0


def _rotate(circuit: Circuit, term: PauliString, angle: Any) -> None:
    qubits = list(term.qubits) or [0]
    letters = "".join(pauli for _, pauli in term.paulis) or "I"
    circuit.pauli_rot(qubits, angle, letters)


def evolve(
    hamiltonian: Hamiltonian | PauliString, time: Any, *, steps: int = 1, order: int = 1, n_qubits: int | None = None
) -> Circuit:
    """A circuit for ``exp(-i·hamiltonian·time)``: exact for commuting terms, else ``steps`` Trotter steps.

    Args:
        hamiltonian: a :class:`~tyxq.Hamiltonian` (or one Pauli string) with
            real coefficients, numbers or scalar arrays.
        time: the evolution time, a number or a scalar array.
        steps: the number of product-formula steps (ignored when every
            pair of terms commutes).
        order: 1 (Lie–Trotter) or 2 (Strang, symmetric).
        n_qubits: the circuit's size; by default one past the highest qubit.

    Example:
        >>> import tyxq
        >>> [op.name for op in evolve(tyxq.Z(0) @ tyxq.Z(1) + tyxq.Z(1), 0.5)]
        ['rzz', 'rz']
    """
    if isinstance(hamiltonian, PauliString):
        hamiltonian = Hamiltonian((hamiltonian,))
    if not isinstance(hamiltonian, Hamiltonian):
        raise ObservableError(f"evolve takes a Hamiltonian or a PauliString, got {type(hamiltonian).__name__}")
    if not hamiltonian.is_hermitian():
        raise ObservableError(f"{hamiltonian} has complex coefficients; exp(-iHt) is unitary only for a Hermitian H")
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or order not in (1, 2):
        raise ParameterError(f"evolve: order is the integer 1 (Lie–Trotter) or 2 (Strang), got {order!r}")
    steps = check_count(
        "steps",
        steps,
        limit=MAX_STEPS,
        too_many="the error of a product formula falls as 1/steps (order 1) or 1/steps**2 (order 2): order=2 "
        "reaches the same accuracy in far fewer steps",
    )
    time = check_real("time of evolve", time, quantity="time")
    size = n_qubits if n_qubits is not None else (hamiltonian.qubits[-1] + 1 if hamiltonian.qubits else 1)
    circuit = Circuit(size)
    terms = list(hamiltonian.terms)
    if all(commute(a, b) for a, b in itertools.combinations(terms, 2)):
        steps, order = 1, 1
    dt = time / steps
    sequence: list[tuple[PauliString, Any]] = []  # (term, angle), adjacent repeats of a term merged
    for _ in range(steps):
        if order == 1:
            factors = [(term, 2 * term.coefficient * dt) for term in terms]
        else:
            halves = [(term, term.coefficient * dt) for term in terms[:-1]]
            factors = [*halves, (terms[-1], 2 * terms[-1].coefficient * dt), *reversed(halves)]
        for term, angle in factors:
            if sequence and sequence[-1][0] is term:  # the half steps that meet between two Strang steps
                sequence[-1] = (term, sequence[-1][1] + angle)
            else:
                sequence.append((term, angle))
    for term, angle in sequence:
        _rotate(circuit, term, angle)
    return circuit
