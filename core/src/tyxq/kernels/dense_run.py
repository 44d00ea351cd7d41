"""A run of consecutive dense steps, each one matrix for the whole batch, with one copy of the state per step.

Out of place, on a backend with autodiff, a dense step brings its qubits to
the front of the state, multiplies from the left (the product's long axis as
its columns, the fast way round for complex BLAS) and puts the qubits back
(:func:`tyxq.kernels.apply.apply_matrix`): two copies of the state per step.
Between two such steps the second copy is wasted, since the next step moves
other qubits to the front anyway. Here the state is an ``n + 1``-axis tensor
(the batch, then one axis per qubit) whose axes stay in whatever order the
last product left them, tracked by the run; each step costs the one copy
that gathers its qubits in front of the product, and the run ends with one
copy back to the ``(B, 2**n)`` layout. A run of three 3-qubit blocks (the
single-qubit layer of 9 qubits) copies the state four times instead of six,
in the forward pass and again in the backward pass autograd records.

A step's targets need not be neighbours nor in ascending order: the matrix's
first target is its most significant bit, as everywhere.

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> x = np.array([[0, 1], [1, 0]], dtype=complex)
    >>> psi = np.array([[1, 0, 0, 0]], dtype=complex)
    >>> apply_dense_run(NumpyBackend(), psi, 2, [((1,), x), ((0,), x)]).real.tolist()
    [[0.0, 0.0, 0.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..backends.protocol import Array, Backend

__all__ = ["apply_dense_run"]


def apply_dense_run(backend: Backend, psi: Array, n: int, steps: Sequence[tuple[Sequence[int], Array]]) -> Array:
    """Apply each ``(targets, matrix)`` of ``steps`` in order to ``psi`` ``(B, 2**n)``; returns the new state.

    Each ``matrix`` is ``(2**k, 2**k)`` for its ``k`` targets, shared by the whole batch.
    """
    batch = backend.shape(psi)[0]
    tensor = backend.reshape(psi, (batch, *([2] * n)))
    order = list(range(n + 1))  # order[p]: the axis (0 the batch, 1 + q qubit q) at position p of ``tensor``
    for targets, matrix in steps:
        axes = [1 + q for q in targets]
        front = [order.index(axis) for axis in axes]
        rest = [p for p in range(n + 1) if p not in front]
        columns = backend.reshape(backend.transpose(tensor, front + rest), (2 ** len(axes), -1))
        product = backend.matmul(matrix, columns)
        rest_shape = [batch if order[p] == 0 else 2 for p in rest]
        tensor = backend.reshape(product, (*([2] * len(axes)), *rest_shape))
        order = axes + [order[p] for p in rest]
    back = [order.index(axis) for axis in range(n + 1)]
    return backend.reshape(backend.transpose(tensor, back), (batch, 2**n))
