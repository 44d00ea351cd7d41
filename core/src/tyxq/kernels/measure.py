"""Probabilities, marginals and Pauli expectation values of statevectors.

Expectations follow three rules:

- every Z-only term (and the constant) is read off the probabilities in one
  product with a ±1 sign table;
- terms with X or Y are grouped so that terms which commute qubit by qubit
  share one basis rotation of a *copy* of the state (H for X, S†·H for Y),
  after which they too are Z-only terms of the rotated probabilities;
- where the sign table would be large (many qubits and terms), each term
  reduces the probabilities to its own qubits first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import QubitIndexError
from ..observables import Hamiltonian, Observable, as_hamiltonian
from .apply import apply_matrix

if TYPE_CHECKING:
    from ..circuit import Circuit

__all__ = [
    "state_probabilities",
    "marginal_probabilities",
    "pauli_expectation",
    "probabilities",
    "expectation",
    "qubitwise_groups",
]

_SIGN_TABLE_LIMIT = 2**24
_H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
_ROTATIONS = {"X": _H, "Y": _H @ np.diag([1, -1j])}


def state_probabilities(backend: Backend, psi: Array) -> Array:
    """``|ψ|²`` in the backend's real dtype, same shape as ``psi``."""
    return backend.square(backend.real(psi)) + backend.square(backend.imag(psi))


def check_qubits(qubits: Sequence[int], n: int) -> list[int]:
    """Validate a list of measured qubits: integers in range, no repeats."""
    checked = []
    for qubit in qubits:
        if isinstance(qubit, bool) or not isinstance(qubit, (int, np.integer)) or not 0 <= qubit < n:
            raise QubitIndexError(f"qubit {qubit!r} is not a valid index for {n} qubits (0..{n - 1})")
        checked.append(int(qubit))
    if len(set(checked)) != len(checked):
        raise QubitIndexError(f"qubits {checked} repeat; list each measured qubit once")
    return checked


def _reorder_bits(order: Sequence[int]) -> np.ndarray:
    """Index taking probabilities over ascending qubits to the order ``order`` (first = MSB)."""
    k = len(order)
    ascending = sorted(order)
    states = np.arange(2**k)
    index = np.zeros(2**k, dtype=np.int64)
    for j, qubit in enumerate(order):
        bit = (states >> (k - 1 - j)) & 1
        index |= bit << (k - 1 - ascending.index(qubit))
    return index


def marginal_probabilities(backend: Backend, probs: Array, n: int, qubits: Sequence[int]) -> Array:
    """Sum ``probs`` ``(B, 2**n)`` over every qubit not in ``qubits``; ``(B, 2**k)`` in ``qubits`` order.

    Example:
        >>> import numpy as np
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> p = np.array([[0.1, 0.2, 0.3, 0.4]])
        >>> marginal_probabilities(NumpyBackend(), p, 2, [1]).round(3).tolist()
        [[0.4, 0.6]]
    """
    keep = set(qubits)
    batch = backend.shape(probs)[0]
    width = n
    position = n - 1
    while position >= 0:  # sum out runs of dropped qubits, right to left
        if position in keep:
            position -= 1
            continue
        end = position
        while position >= 0 and position not in keep:
            position -= 1
        start = position + 1
        view = backend.reshape(probs, (batch, 2**start, 2 ** (end - start + 1), 2 ** (width - end - 1)))
        probs = backend.reshape(backend.sum(view, axis=2), (batch, -1))
        width -= end - start + 1
    if list(qubits) != sorted(qubits):
        probs = backend.take(probs, backend.asarray(_reorder_bits(qubits)), axis=1)
    return probs


@lru_cache(maxsize=64)
def _sign_table(n: int, supports: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """``table[i, t] = (-1)^(parity of basis state i on supports[t])``."""
    states = np.arange(2**n, dtype=np.int64)
    table = np.empty((2**n, len(supports)), dtype=np.float64)
    for t, support in enumerate(supports):
        mask = 0
        for qubit in support:
            mask |= 1 << (n - 1 - qubit)
        parity = np.zeros_like(states)
        masked = states & mask
        while mask:
            parity ^= masked & 1
            masked >>= 1
            mask >>= 1
        table[:, t] = 1 - 2 * parity
    return table


def _z_expectations(backend: Backend, probs: Array, n: int, supports: tuple[tuple[int, ...], ...]) -> Array:
    """``(B, T)``: ⟨Z…Z⟩ on each support, from probabilities ``(B, 2**n)``."""
    if 2**n * len(supports) <= _SIGN_TABLE_LIMIT:
        table = backend.asarray(_sign_table(n, supports), dtype=backend.real_dtype)
        return backend.matmul(probs, table)
    columns = []
    for support in supports:
        marginal = marginal_probabilities(backend, probs, n, sorted(support))
        signs = backend.asarray(_sign_table(len(support), (tuple(range(len(support))),)), dtype=backend.real_dtype)
        columns.append(backend.matmul(marginal, signs))
    return backend.concatenate(columns, axis=1)


def qubitwise_groups(hamiltonian: Hamiltonian) -> list[tuple[dict[int, str], list[int]]]:
    """Greedy groups of X/Y-carrying terms that commute qubit by qubit.

    Returns ``(basis, term indices)`` pairs; ``basis`` maps each qubit to
    the Pauli measured there (qubits absent from ``basis`` are measured in Z).
    Z-only terms belong to the unrotated group and are not listed.

    Example:
        >>> import tyxq
        >>> h = tyxq.X(0) @ tyxq.X(1) + tyxq.X(0) + tyxq.Y(1)
        >>> [sorted(basis.items()) for basis, _ in qubitwise_groups(h)]
        [[(0, 'X'), (1, 'X')], [(1, 'Y')]]
    """
    groups: list[tuple[dict[int, str], list[int]]] = []
    for index, term in enumerate(hamiltonian.terms):
        paulis = term.as_dict
        if all(p == "Z" for p in paulis.values()):
            continue
        for basis, members in groups:
            if all(basis.get(q, p) == p for q, p in paulis.items()):
                basis.update(paulis)
                members.append(index)
                break
        else:
            groups.append((dict(paulis), [index]))
    return groups


def pauli_expectation(
    backend: Backend,
    psi: Array,
    n: int,
    observable: Observable,
    measure: Callable[[Backend, Array], Array] = state_probabilities,
) -> Array:
    """Expectation of ``observable`` in each state of ``psi`` ``(B, 2**n)``: shape ``(B,)``, real.

    ``measure(backend, state)`` gives the basis-state probabilities of each
    measured (rotated) state, ``(B, 2**n)``; the ``shots`` mode passes one
    that returns sampled frequencies instead of ``|ψ|²``, so estimates and
    exact values share this code.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> plus = np.full((1, 2), 2 ** -0.5, dtype=complex)
        >>> pauli_expectation(NumpyBackend(), plus, 1, tyxq.X(0) + 2 * tyxq.Z(0)).round(6).tolist()
        [1.0]
    """
    hamiltonian = as_hamiltonian(observable, n)
    terms = hamiltonian.terms
    batch = backend.shape(psi)[0]
    total: Array = backend.zeros((batch,), dtype=backend.real_dtype)
    measured: list[tuple[Array, list[int], dict[int, str]]] = []
    z_terms = [i for i, t in enumerate(terms) if all(p == "Z" for _, p in t.paulis)]
    if z_terms:
        measured.append((psi, z_terms, {}))
    for basis, members in qubitwise_groups(hamiltonian):
        rotated = psi
        for qubit, pauli in sorted(basis.items()):
            if pauli != "Z":
                rotation = backend.asarray(_ROTATIONS[pauli], dtype=backend.complex_dtype)
                rotated = apply_matrix(backend, rotated, n, [qubit], rotation)
        measured.append((rotated, members, basis))
    for state, members, _ in measured:
        probs = measure(backend, state)
        supports = tuple(terms[i].qubits for i in members)
        # as_hamiltonian has checked that every coefficient is real
        constant = sum((terms[i].coefficient.real for i, s in zip(members, supports, strict=True) if not s), 0.0)
        non_constant = [(i, s) for i, s in zip(members, supports, strict=True) if s]
        if non_constant:
            values = _z_expectations(backend, probs, n, tuple(s for _, s in non_constant))
            weights = backend.asarray(
                np.array([terms[i].coefficient.real for i, _ in non_constant]), dtype=backend.real_dtype
            )
            total = total + backend.matmul(values, weights)
        if constant:
            total = total + constant
    return total


def _final(circuit: Circuit) -> tuple[Backend, Array]:
    from ..api import get_backend
    from .simulate import final_state

    backend = get_backend()
    return backend, final_state(circuit, backend, squeeze=False)


def _squeeze(backend: Backend, circuit: Circuit, value: Array) -> Array:
    if circuit.batch_size is None:
        return backend.reshape(value, backend.shape(value)[1:])
    return value


def probabilities(circuit: Circuit, qubits: Sequence[int] | None = None) -> Any:
    """Basis-state probabilities of ``circuit`` on ``qubits`` (all qubits by default)."""
    measured = None if qubits is None else check_qubits(list(qubits), circuit.n_qubits)
    backend, psi = _final(circuit)
    probs = state_probabilities(backend, psi)
    if measured is not None:
        probs = marginal_probabilities(backend, probs, circuit.n_qubits, measured)
    return _squeeze(backend, circuit, probs)


def expectation(circuit: Circuit, observable: Observable) -> Any:
    """The exact expectation of ``observable`` after ``circuit``: a scalar, or ``(B,)`` when batched."""
    hamiltonian = as_hamiltonian(observable, circuit.n_qubits)
    backend, psi = _final(circuit)
    return _squeeze(backend, circuit, pauli_expectation(backend, psi, circuit.n_qubits, hamiltonian))
