"""Gather indices for runs of permutation gates (X, CNOT, SWAP, Toffoli, CSWAP).

A plan applies a run of consecutive permutation gates as one gather,
``state_after[j] = state_before[P[j]]``. Building ``P`` for ``2**n``
amplitudes is the expensive part of compiling a plan, so it is done in one of
two cheap ways rather than with per-gate bit arithmetic over the whole index:

- when every gate of the run is affine over GF(2) (X, CNOT and SWAP are: they
  XOR and exchange bits), so is ``P``: it is fixed by where it sends ``0``
  and the ``n`` single-bit indices, which are computed on those ``n + 1``
  integers alone, and ``P`` is then filled by doubling
  (``P[2**b + i] = P[i] ^ column_b``), one pass of XORs;
- otherwise (Toffoli, CSWAP), each gate is applied in place to an index array
  ``arange(2**n)`` the way it would move amplitudes: the blocks of the
  index whose target bits the gate changes are copied to where the gate
  sends them (for CNOT, one half of the index swaps its two quarters).

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).cnot(0, 1)
    >>> permutation_index(2, c.ops, [0]).tolist()
    [0, 1, 3, 2]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from ..circuit import Operation
from ..gates import GATES

__all__ = ["permutation_index", "is_affine"]


@cache
def is_affine(permutation: tuple[int, ...]) -> bool:
    """Whether ``permutation`` of ``k``-bit basis states is ``x ↦ Ax ⊕ b`` over GF(2).

    Example:
        >>> is_affine((0, 1, 3, 2)), is_affine((0, 1, 2, 3, 4, 5, 7, 6))  # CNOT, Toffoli
        (True, False)
    """
    states = range(len(permutation))
    return all(permutation[a ^ b] ^ permutation[a] ^ permutation[b] == permutation[0] for a in states for b in states)


@cache
def _inverse(permutation: tuple[int, ...]) -> tuple[int, ...]:
    inverse = [0] * len(permutation)
    for source, destination in enumerate(permutation):
        inverse[destination] = source
    return tuple(inverse)


def _permutation_of(op: Operation) -> tuple[int, ...]:
    permutation = GATES[op.name].permutation
    if permutation is None:
        raise AssertionError(f"{op.name} is not a permutation gate")  # the plan only runs permutation gates here
    return permutation


def _source(n: int, op: Operation, index: int) -> int:
    """The basis state that ``op`` sends to basis state ``index`` of ``n`` qubits."""
    permutation = _permutation_of(op)
    k = len(op.qubits)
    local = 0
    for position, qubit in enumerate(op.qubits):
        local |= ((index >> (n - 1 - qubit)) & 1) << (k - 1 - position)
    source_local = _inverse(permutation)[local]
    for position, qubit in enumerate(op.qubits):
        shift = n - 1 - qubit
        index = (index & ~(1 << shift)) | (((source_local >> (k - 1 - position)) & 1) << shift)
    return index


def _affine_index(n: int, ops: Sequence[Operation], sources: Sequence[int]) -> np.ndarray:
    """``P = P₁ ∘ P₂ ∘ … ∘ Pₘ`` from its values on ``0`` and the single-bit indices, filled by doubling."""
    points = [0] + [1 << bit for bit in range(n)]
    for i in reversed(sources):
        points = [_source(n, ops[i], point) for point in points]
    offset = points[0]
    index = np.empty(2**n, dtype=np.int64)
    index[0] = offset
    for bit in range(n):
        index[1 << bit : 2 << bit] = index[: 1 << bit] ^ (points[bit + 1] ^ offset)
    return index


def _blocks(index: np.ndarray, n: int, qubits: Sequence[int]) -> tuple[np.ndarray, list[int]]:
    """A view of ``index`` with one length-2 axis per qubit in ``qubits``, and each qubit's axis."""
    order = sorted(qubits)
    shape: list[int] = []
    previous = -1
    for qubit in order:
        shape += [2 ** (qubit - previous - 1), 2]
        previous = qubit
    shape.append(2 ** (n - 1 - previous))
    return index.reshape(shape), [2 * order.index(qubit) + 1 for qubit in qubits]


def _apply_in_place(index: np.ndarray, n: int, op: Operation) -> None:
    """Move the entries of ``index`` as ``op`` moves amplitudes, touching only the blocks it changes."""
    permutation = _permutation_of(op)
    view, axes = _blocks(index, n, op.qubits)
    k = len(op.qubits)

    def block(state: int) -> tuple[int | slice, ...]:
        key: list[int | slice] = [slice(None)] * view.ndim
        for position, axis in enumerate(axes):
            key[axis] = (state >> (k - 1 - position)) & 1
        return tuple(key)

    moved = {state: view[block(state)].copy() for state in range(2**k) if permutation[state] != state}
    for state, values in moved.items():
        view[block(permutation[state])] = values


def permutation_index(n: int, ops: Sequence[Operation], sources: Sequence[int]) -> np.ndarray:
    """Gather index ``P`` with ``state_after[j] = state_before[P[j]]`` for the permutation gates ``sources``.

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(3).x(0).ccx(0, 1, 2)
        >>> permutation_index(3, c.ops, [0, 1]).tolist()
        [4, 5, 6, 7, 0, 1, 3, 2]
    """
    if all(is_affine(_permutation_of(ops[i])) for i in sources):
        return _affine_index(n, ops, sources)
    index = np.arange(2**n, dtype=np.int64)
    for i in sources:
        _apply_in_place(index, n, ops[i])
    return index
