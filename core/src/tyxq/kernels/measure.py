"""Probabilities, marginals and Pauli expectation values of statevectors.

Expectations follow three rules:

- every Z-only term (and the constant) is read off the probabilities in one
  product with a ±1 sign table, folded with the terms' coefficients into one
  ``(2**n, K)`` matrix for ``K`` observables, cached per backend;
- terms with X or Y are grouped so that terms which commute qubit by qubit
  share one basis rotation of a *copy* of the state (H for X, S†·H for Y),
  after which they too are Z-only terms of the rotated probabilities;
- where the sign table would be large (many qubits and terms), each term
  reduces the probabilities to its own qubits first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..backends.cache import backend_key, can_cache
from ..backends.protocol import Array, Backend
from ..circuit import Circuit
from ..observables import Hamiltonian, Observable, PauliString, as_hamiltonian
from .simulate import evolve

__all__ = [
    "grouped_expectations",
    "marginal_probabilities",
    "pauli_expectation",
    "pauli_expectations",
    "qubitwise_groups",
    "rotated_state",
    "rotation_circuit",
    "state_marginals",
    "state_probabilities",
]

_SIGN_TABLE_LIMIT = 2**24
_ROTATION_GATES = {"X": ("h",), "Y": ("sdg", "h")}
"""Gates (in order) that turn a Pauli's eigenbasis into the Z basis: H for X, S† then H for Y."""


def state_probabilities(backend: Backend, psi: Array) -> Array:
    """``|ψ|²`` in the backend's real dtype, same shape as ``psi``."""
    return backend.square(backend.real(psi)) + backend.square(backend.imag(psi))


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


def qubitwise_groups(terms: Hamiltonian | Sequence[PauliString]) -> list[tuple[dict[int, str], list[int]]]:
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
    for index, term in enumerate(terms.terms if isinstance(terms, Hamiltonian) else terms):
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


@dataclass(frozen=True)
class _Reading:
    """Terms read off one state: rotate it by ``rotation``, then take the Z-parities of ``supports``.

    ``rotation`` is a circuit of constant gates (``None`` for Z-only terms),
    so it runs through the cached plan like any circuit: single-qubit
    rotations on neighbouring qubits become one block.
    ``weights[t, k]`` is the coefficient of support ``t`` in observable ``k``.
    """

    rotation: Circuit | None
    supports: tuple[tuple[int, ...], ...]
    weights: np.ndarray


def rotation_circuit(n: int, basis: dict[int, str]) -> Circuit | None:
    """The constant gates that turn measuring ``basis`` (qubit → Pauli) into measuring Z; ``None`` if none."""
    rotated = sorted((q, p) for q, p in basis.items() if p != "Z")
    if not rotated:
        return None
    circuit = Circuit(n)
    for qubit, pauli in rotated:
        for gate in _ROTATION_GATES[pauli]:
            circuit.apply(gate, qubit)
    return circuit


@lru_cache(maxsize=128)
def _readings(n: int, observables: tuple[Hamiltonian, ...]) -> tuple[tuple[_Reading, ...], np.ndarray]:
    """How to measure several observables at once: the readings, and each observable's constant."""
    constants = np.zeros(len(observables))
    terms: list[PauliString] = []
    owners: list[int] = []
    for k, hamiltonian in enumerate(observables):
        for term in hamiltonian.terms:
            if term.paulis:
                terms.append(term)
                owners.append(k)
            else:
                constants[k] += term.coefficient.real  # as_hamiltonian has checked it is real
    z_only = [i for i, term in enumerate(terms) if all(p == "Z" for _, p in term.paulis)]
    unrotated: list[tuple[dict[int, str], list[int]]] = [({}, z_only)] if z_only else []
    groups = unrotated + qubitwise_groups(terms)
    readings = []
    for basis, members in groups:
        columns: dict[tuple[int, ...], int] = {}
        for i in members:
            columns.setdefault(terms[i].qubits, len(columns))
        weights = np.zeros((len(columns), len(observables)))
        for i in members:
            weights[columns[terms[i].qubits], owners[i]] += terms[i].coefficient.real
        readings.append(_Reading(rotation_circuit(n, basis), tuple(columns), weights))
    return tuple(readings), constants


_DEVICE_READINGS: OrderedDict[tuple[Any, ...], tuple[tuple[_Reading, ...], list[Array], Array, bool]] = OrderedDict()
_DEVICE_CACHE_SIZE = 64


def _device_readings(
    backend: Backend, n: int, observables: tuple[Hamiltonian, ...]
) -> tuple[tuple[_Reading, ...], list[Array], Array, bool]:
    """The readings with their arrays on ``backend`` (made once per backend and observables),
    the constants ``(K,)`` and whether any is non-zero."""
    key = (backend_key(backend), n, observables)
    found = _DEVICE_READINGS.get(key)
    if found is not None:
        _DEVICE_READINGS.move_to_end(key)
        return found
    readings, constants = _readings(n, observables)
    arrays = []
    for reading in readings:
        if 2**n * len(reading.supports) <= _SIGN_TABLE_LIMIT:
            # sign table and weights folded into one (2**n, K) matrix: one product per reading
            product = _sign_table(n, reading.supports) @ reading.weights
            arrays.append(backend.asarray(product, dtype=backend.real_dtype))
        else:
            arrays.append(backend.asarray(reading.weights, dtype=backend.real_dtype))
    entry = (readings, arrays, backend.asarray(constants, dtype=backend.real_dtype), bool(constants.any()))
    if not can_cache(backend):
        return entry
    _DEVICE_READINGS[key] = entry
    if len(_DEVICE_READINGS) > _DEVICE_CACHE_SIZE:
        _DEVICE_READINGS.popitem(last=False)
    return entry


def _parities(backend: Backend, probs: Array, n: int, supports: tuple[tuple[int, ...], ...]) -> Array:
    """``(B, T)``: ⟨Z…Z⟩ on each support, each from the marginal on its own qubits (for large tables)."""
    columns = []
    for support in supports:
        marginal = marginal_probabilities(backend, probs, n, sorted(support))
        signs = backend.asarray(_sign_table(len(support), (tuple(range(len(support))),)), dtype=backend.real_dtype)
        columns.append(backend.matmul(marginal, signs))
    return backend.concatenate(columns, axis=1)


def grouped_expectations(
    backend: Backend,
    n: int,
    observables: Sequence[Observable],
    probabilities_after: Callable[[Circuit | None], Array],
    batch: int,
) -> Array:
    """Expectations ``(batch, K)`` of several observables from the probabilities of each measured basis.

    The terms of all observables are grouped once (every Z-only term
    together, then groups of terms that commute qubit by qubit,
    :func:`qubitwise_groups`); ``probabilities_after(rotation)`` gives the
    ``(B, 2**n)`` probabilities of the ``n`` qubits measured after the
    group's basis change ``rotation`` (a circuit of constant gates, ``None``
    for the computational basis), ``(batch, 2**n)``. Exact probabilities
    give exact values; sampled frequencies give the shot estimates of every
    mode that samples. Observables of constants only measure nothing.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> measured = lambda rotation: np.array([[0.5, 0.5]]) if rotation is None else np.array([[1.0, 0.0]])
        >>> grouped_expectations(NumpyBackend(), 1, [tyxq.X(0), tyxq.Z(0) + 2], measured, batch=1).tolist()
        [[1.0, 2.0]]
    """
    hamiltonians = tuple(as_hamiltonian(o, n) for o in observables)
    readings, arrays, constants, has_constants = _device_readings(backend, n, hamiltonians)
    total: Array = None
    for reading, matrix in zip(readings, arrays, strict=True):
        probs = probabilities_after(reading.rotation)
        if 2**n * len(reading.supports) <= _SIGN_TABLE_LIMIT:
            values = backend.matmul(probs, matrix)
        else:
            values = backend.matmul(_parities(backend, probs, n, reading.supports), matrix)
        total = values if total is None else total + values
    if total is None:
        return backend.zeros((batch, len(hamiltonians)), dtype=backend.real_dtype) + constants
    if has_constants:
        total = total + constants
    return total


def pauli_expectations(
    backend: Backend,
    psi: Array,
    n: int,
    observables: Sequence[Observable],
    measure: Callable[[Backend, Array], Array] = state_probabilities,
) -> Array:
    """Expectations of several observables in each state of ``psi`` ``(B, 2**n)``: shape ``(B, K)``, real.

    All Z-only terms of all observables come from one product of the
    probabilities with a precomputed ``(2**n, K)`` matrix; terms with X or Y
    share basis rotations across observables (:func:`grouped_expectations`).
    ``measure`` is as for :func:`pauli_expectation`.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> zero_plus = np.full((1, 4), 0.0, dtype=complex); zero_plus[0, :2] = 2 ** -0.5
        >>> pauli_expectations(NumpyBackend(), zero_plus, 2, [tyxq.Z(0), tyxq.X(1), "IZ"]).round(6).tolist()
        [[1.0, 1.0, 0.0]]
    """

    def measured(rotation: Circuit | None) -> Array:
        if rotation is None:
            return measure(backend, psi)
        return measure(backend, rotated_state(backend, rotation, psi))

    return grouped_expectations(backend, n, observables, measured, backend.shape(psi)[0])


def rotated_state(backend: Backend, rotation: Circuit, psi: Array) -> Array:
    """``psi`` ``(B, 2**n)`` after the constant gates of ``rotation``, leaving ``psi`` itself unchanged.

    A copy is made where the kernels would overwrite the state in place.
    """
    start = backend.copy(psi) if backend.capabilities.inplace else psi
    return evolve(backend, rotation, start)


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
    values = pauli_expectations(backend, psi, n, [observable], measure=measure)
    return backend.reshape(values, (backend.shape(values)[0],))


def state_marginals(backend: Backend, psi: Array, n: int, qubits: Sequence[int] | None) -> Array:
    """``(B, 2**k)`` probabilities of ``qubits`` (all if ``None``) in the states ``psi`` ``(B, 2**n)``."""
    probs = state_probabilities(backend, psi)
    return probs if qubits is None else marginal_probabilities(backend, probs, n, qubits)
