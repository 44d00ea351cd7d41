"""Applying a gate to the amplitudes whose control qubits hold given values, and to no others.

The state is sliced control by control: fixing qubit ``q`` to value ``v`` is
the view ``psi.reshape(B, 2**q, 2, rest)[:, :, v]``, a state of one qubit
fewer. After the last control the base gate acts on what is left (its
targets renumbered), and the untouched halves are stacked back around the
result in reverse order. Nothing of the size of the full controlled matrix is
ever built: with ``c`` controls the gate touches ``2**(n-c)`` amplitudes,
and the slices and the reassembly cost about two statevectors of memory.

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> psi = np.full((1, 8), 1 / np.sqrt(8), dtype=complex)
    >>> x = np.array([[0, 1], [1, 0]], dtype=complex)
    >>> flipped = apply_controlled(NumpyBackend(), psi, 3, (0, 1), (1, 0), (2,), x, diagonal=False)
    >>> (flipped * np.sqrt(8)).real.round(3).tolist()  # 100 and 101 swapped: no change on a uniform state
    [[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..backends.protocol import Array, Backend
from .apply import apply_diagonal, apply_matrix

__all__ = ["apply_controlled"]


def _split(backend: Backend, psi: Array, width: int, qubit: int) -> Array:
    """``psi`` ``(B, 2**width)`` viewed as ``(B, left, 2, right)`` around ``qubit``."""
    return backend.reshape(psi, (backend.shape(psi)[0], 2**qubit, 2, 2 ** (width - qubit - 1)))


def apply_controlled(
    backend: Backend,
    psi: Array,
    n: int,
    controls: Sequence[int],
    values: Sequence[int],
    targets: Sequence[int],
    operator: Array,
    diagonal: bool,
) -> Array:
    """Apply ``operator`` (a matrix, or a diagonal if ``diagonal``) to ``targets`` where ``controls`` hold ``values``.

    ``psi`` is ``(B, 2**n)``; the operator may be batched (``(B, d, d)`` or
    ``(B, d)``). Returns the new state; ``psi`` is not written.
    """
    levels = []
    current, width = psi, n
    for qubit, value in sorted(zip(controls, values, strict=True), reverse=True):  # high qubits first: no renumbering
        levels.append((current, qubit, value, width))
        current = backend.reshape(
            _split(backend, current, width, qubit)[:, :, value, :], (backend.shape(current)[0], -1)
        )
        width -= 1
    inner = [t - sum(1 for c in controls if c < t) for t in targets]
    if diagonal:
        result = apply_diagonal(backend, current, width, inner, operator)
    else:
        result = apply_matrix(backend, current, width, inner, operator)
    for state, qubit, value, width in reversed(levels):
        kept = _split(backend, state, width, qubit)[:, :, 1 - value, :]
        batch = max(backend.shape(result)[0], backend.shape(kept)[0])
        changed = backend.reshape(result, (backend.shape(result)[0], 2**qubit, 2 ** (width - qubit - 1)))
        shape = (batch, 2**qubit, 2 ** (width - qubit - 1))
        changed, kept = backend.broadcast_to(changed, shape), backend.broadcast_to(kept, shape)
        halves = [changed, kept] if value == 0 else [kept, changed]
        result = backend.reshape(backend.stack(halves, axis=2), (batch, 2**width))
    return result
