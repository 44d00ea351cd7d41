"""Fermionic operators as qubit Hamiltonians, by the Jordan–Wigner or the Bravyi–Kitaev transformation.

Spin orbital ``j`` is qubit ``j``, occupied when the qubit is ``1``:
``a_j = Z_0 ⋯ Z_{j-1} (X_j + iY_j)/2`` and ``a†_j = Z_0 ⋯ Z_{j-1} (X_j − iY_j)/2``,
so ``a†_j a_j = (1 − Z_j)/2``. Terms are written as OpenFermion writes them:
``"2^ 0"`` is ``a†_2 a_0``, or as ``((2, 1), (0, 0))`` (index, 1 for a
creation and 0 for an annihilation); an OpenFermion ``FermionOperator`` is
read through its ``terms``.

:func:`bravyi_kitaev` stores parities of sets of orbitals instead
(Seeley, Richard and Love, J. Chem. Phys. 137, 224109 (2012)), as
OpenFermion's ``bravyi_kitaev`` does: its strings have ``O(log n)`` letters.

Example:
    >>> print(jordan_wigner({"0^ 0": 1.0}))
    0.5 * I + -0.5 * Z0
    >>> print(jordan_wigner([(0.5, "1^ 0"), (0.5, "0^ 1")]))
    0.25 * X0 X1 + 0.25 * Y0 Y1
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import ProblemError
from ..observables import Hamiltonian, PauliString

__all__ = ["jordan_wigner", "bravyi_kitaev", "ladder_terms"]

_TOLERANCE = 1e-12


def ladder_terms(operator: Any) -> list[tuple[float | complex, tuple[tuple[int, int], ...]]]:
    """``operator`` (a mapping, a list of pairs or a ``FermionOperator``) as ``(coefficient, ladder)`` pairs.

    Example:
        >>> ladder_terms({"3^ 1": 0.5})
        [(0.5, ((3, 1), (1, 0)))]
    """
    if hasattr(operator, "terms") and isinstance(operator.terms, Mapping):
        operator = operator.terms
    pairs = [(c, t) for t, c in operator.items()] if isinstance(operator, Mapping) else list(operator)
    return [(_number(c), _ladder(t)) for c, t in pairs]


def _number(value: Any) -> float | complex:
    if isinstance(value, bool) or not isinstance(value, numbers.Complex):
        raise ProblemError(f"a fermionic term's coefficient must be a number, got {value!r}")
    return float(value) if isinstance(value, numbers.Real) else complex(value)


def _ladder(term: str | Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    if isinstance(term, str):
        parsed = []
        for word in term.split():
            index, dagger = (word[:-1], 1) if word.endswith("^") else (word, 0)
            if not index.isdigit():
                raise ProblemError(
                    f"cannot read {word!r} of the fermionic term {term!r}; write e.g. '2^ 0' for a†_2 a_0"
                )
            parsed.append((int(index), dagger))
        return tuple(parsed)
    result = tuple((int(i), int(a)) for i, a in term)
    if any(i < 0 or a not in (0, 1) for i, a in result):
        raise ProblemError(f"a ladder operator is (index ≥ 0, 1 for a† or 0 for a), got {term!r}")
    return result


def _ladder_operator(index: int, dagger: int) -> Hamiltonian:
    string = tuple((q, "Z") for q in range(index))
    sign = -0.5j if dagger else 0.5j
    return Hamiltonian((PauliString((*string, (index, "X")), 0.5), PauliString((*string, (index, "Y")), sign)))


def _update_set(index: int, n_qubits: int) -> set[int]:
    """The qubits whose stored parity includes orbital ``index`` (itself and its Fenwick-tree ancestors)."""
    found, index = set(), index + 1
    while index <= n_qubits:
        found.add(index - 1)
        index += index & -index
    return found


def _parity_set(index: int) -> set[int]:
    """The qubits whose parities together give the parity of the orbitals below ``index + 1``."""
    found, index = set(), index + 1
    while index > 0:
        found.add(index - 1)
        index &= index - 1
    return found


def _occupation_set(index: int) -> set[int]:
    """The qubits whose parities together give the occupation of orbital ``index``."""
    found, index = {index}, index + 1
    parent = index & (index - 1)
    index -= 1
    while index != parent:
        found.add(index - 1)
        index &= index - 1
    return found


def _bravyi_kitaev_ladder(index: int, dagger: int, n_qubits: int) -> Hamiltonian:
    update, parity = _update_set(index, n_qubits), _parity_set(index - 1)
    remainder = (parity ^ _occupation_set(index)) - {index}
    even = PauliString(tuple((q, "X") for q in update) + tuple((q, "Z") for q in parity), 0.5)
    odd = PauliString(
        ((index, "Y"), *((q, "X") for q in update - {index}), *((q, "Z") for q in remainder)),
        -0.5j if dagger else 0.5j,
    )
    return Hamiltonian((even, odd))


def _transform(operator: Any, n_qubits: int | None, ladder: Any) -> Hamiltonian:
    total: list[PauliString] = []
    terms = ladder_terms(operator)
    highest = max((i for _, t in terms for i, _ in t), default=-1)
    width = highest + 1 if n_qubits is None else n_qubits
    if width < highest + 1:
        raise ProblemError(f"the operator acts on spin orbital {highest}, beyond n_qubits={n_qubits}")
    for coefficient, term in terms:
        product = Hamiltonian((PauliString((), coefficient),))
        for index, dagger in term:
            product = product @ ladder(index, dagger, width)
        total.extend(product.terms)
    kept = []
    for pauli in Hamiltonian(tuple(total)).terms:
        value = complex(pauli.coefficient)
        if abs(value) >= _TOLERANCE:
            kept.append(PauliString(pauli.paulis, value.real if abs(value.imag) < _TOLERANCE else value))
    return Hamiltonian(tuple(kept), max(width, 1))


def bravyi_kitaev(operator: Any, n_qubits: int | None = None) -> Hamiltonian:
    """The Bravyi–Kitaev image of a fermionic operator on ``n_qubits`` (default: enough) qubits.

    The same spectrum as :func:`jordan_wigner`'s image, with strings of
    ``O(log n)`` letters; qubit ``j`` holds the parity of a set of orbitals, so a basis
    state's number of ones is no longer its number of electrons (sector
    energies are :func:`jordan_wigner`'s). Matches OpenFermion's
    ``bravyi_kitaev(operator, n_qubits)``.

    Example:
        >>> print(bravyi_kitaev({"1^ 1": 1.0}, 4))  # n_1 = (1 − Z_0 Z_1) / 2
        0.5 * I + -0.5 * Z0 Z1
    """
    return _transform(operator, n_qubits, _bravyi_kitaev_ladder)


def jordan_wigner(operator: Any, n_qubits: int | None = None) -> Hamiltonian:
    """The Jordan–Wigner image of a fermionic operator, as a Hamiltonian on ``n_qubits`` (default: enough) qubits.

    Coefficients whose imaginary part cancels (a Hermitian operator) come out
    real; terms below 1e-12 are dropped.

    Example:
        >>> h = jordan_wigner([(1.0, "0^ 1^ 1 0")])  # n_0 n_1
        >>> print(h)
        0.25 * I + -0.25 * Z0 + -0.25 * Z1 + 0.25 * Z0 Z1
    """
    return _transform(operator, n_qubits, lambda index, dagger, _: _ladder_operator(index, dagger))
