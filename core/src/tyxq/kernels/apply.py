"""Applying one gate to a batch of statevectors, through the Backend protocol only.

States are ``(B, 2**n)`` arrays (``B`` may be 1); qubit ``q`` is bit
``n - 1 - q`` of the amplitude index. A gate never needs more than a
fixed-size view of the state, whatever ``n`` is: the untouched qubits are
reshaped together, so no view has more than six axes and no einsum alphabet
limits the qubit count.

- dense gates: a matrix product over a ``(B·L, d, R)`` view; when the
  untouched right part ``R`` is tiny, the matrix is widened to ``U ⊗ I_R`` so
  the product stays one large matrix multiplication;
- diagonal gates: an elementwise product with a broadcast diagonal;
- permutations: one gather with a precomputed index.

Targets that are not adjacent are first brought together by moving qubits
(each move a five-axis view), and moved back afterwards.

Where the backend allows writing in place, callers pass ``out`` and
``spare`` buffers and no statevector-sized array is allocated per gate.
These are the out-of-place kernels: large states of backends that write
through views (numpy) are simulated in place, block by block, by
:mod:`tyxq.kernels.blocked` instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..backends.protocol import Array, Backend

__all__ = ["apply_matrix", "apply_diagonal", "apply_permutation", "reorder_index", "SMALL_RIGHT"]

SMALL_RIGHT = 8
"""Below this many right-hand amplitudes, dense gates use the widened ``U ⊗ I_R`` product."""

_MAX_EXPANDED_SPAN = 16


def _views(n: int, first: int, k: int) -> tuple[int, int, int]:
    return 2**first, 2**k, 2 ** (n - first - k)


def reorder_index(targets: Sequence[int]) -> np.ndarray | None:
    """Index that reorders a gate's basis from ``targets`` order to ascending qubit order.

    Returns ``None`` if ``targets`` is already ascending.
    """
    order = sorted(targets)
    if list(targets) == order:
        return None
    k = len(targets)
    position = [list(targets).index(q) for q in order]  # ascending slot j holds gate argument position[j]
    ascending = np.arange(2**k, dtype=np.int64)
    index = np.zeros(2**k, dtype=np.int64)
    for j in range(k):
        index |= ((ascending >> (k - 1 - j)) & 1) << (k - 1 - position[j])
    return index


def _reorder_matrix(backend: Backend, matrix: Array, targets: Sequence[int]) -> Array:
    index = reorder_index(targets)
    if index is None:
        return matrix
    idx = backend.asarray(index)
    return backend.take(backend.take(matrix, idx, axis=-2), idx, axis=-1)


def _reorder_diagonal(backend: Backend, diagonal: Array, targets: Sequence[int]) -> Array:
    index = reorder_index(targets)
    if index is None:
        return diagonal
    return backend.take(diagonal, backend.asarray(index), axis=-1)


def _move_qubit(backend: Backend, psi: Array, n: int, source: int, destination: int) -> Array:
    """Move the qubit at position ``source`` to ``destination``, shifting those between."""
    batch = backend.shape(psi)[0]
    if source < destination:
        view = backend.reshape(psi, (batch, 2**source, 2, 2 ** (destination - source), 2 ** (n - destination - 1)))
        moved = backend.moveaxis(view, 2, 3)
    else:
        view = backend.reshape(psi, (batch, 2**destination, 2 ** (source - destination), 2, 2 ** (n - source - 1)))
        moved = backend.moveaxis(view, 3, 2)
    return backend.reshape(moved, (batch, 2**n))


def _gather_moves(targets: Sequence[int]) -> tuple[list[tuple[int, int]], int]:
    """Moves that make the sorted targets adjacent, ending at the largest; and the block start."""
    order = sorted(targets)
    last = order[-1]
    k = len(order)
    moves = []
    for j in range(k - 2, -1, -1):
        destination = last - (k - 1 - j)
        if order[j] != destination:
            moves.append((order[j], destination))
    return moves, last - k + 1


def _apply_block(
    backend: Backend, psi: Array, n: int, first: int, k: int, matrix: Array, out: Array | None
) -> Array:
    """Apply ``matrix`` (ascending order) to the contiguous qubits ``first .. first+k-1``."""
    batch = backend.shape(psi)[0]
    left, dim, right = _views(n, first, k)
    batched = len(backend.shape(matrix)) == 3
    if not batched and out is None and backend.capabilities.autodiff:
        return backend.reshape(_apply_shared(backend, psi, batch * left, dim, right, matrix), (-1, 2**n))
    if right < SMALL_RIGHT:
        if right == 1:
            widened = matrix
        elif batched:
            widened = backend.reshape(
                backend.einsum("bij,rs->birjs", matrix, backend.eye(right, dtype=backend.dtype_name(matrix))),
                (backend.shape(matrix)[0], dim * right, dim * right),
            )
        else:
            widened = backend.kron(matrix, backend.eye(right, dtype=backend.dtype_name(matrix)))
        widened_t = backend.moveaxis(widened, -1, -2)
        if batched:
            out_batch = max(batch, backend.shape(matrix)[0])
            result = backend.matmul(
                backend.reshape(psi, (batch, left, dim * right)),
                widened_t,
                out=_view(backend, out, (out_batch, left, dim * right)),
            )
        else:
            result = backend.matmul(
                backend.reshape(psi, (batch * left, dim * right)),
                widened_t,
                out=_view(backend, out, (batch * left, dim * right)),
            )
    elif batched:
        m_batch = backend.shape(matrix)[0]
        result = backend.matmul(
            backend.reshape(matrix, (m_batch, 1, dim, dim)),
            backend.reshape(psi, (batch, left, dim, right)),
            out=_view(backend, out, (max(batch, m_batch), left, dim, right)),
        )
    else:
        shape = (batch * left, dim, right)
        result = backend.matmul(matrix, backend.reshape(psi, shape), out=_view(backend, out, shape))
    return backend.reshape(result, (-1, 2**n))


def _apply_shared(backend: Backend, psi: Array, rows: int, dim: int, right: int, matrix: Array) -> Array:
    """One ``(dim, dim)`` matrix on the middle axis of ``psi`` viewed as ``(rows, dim, right)``, out of place.

    The state is brought to ``(dim, rows * right)`` and multiplied from the
    left, so the long axis is the product's columns: complex BLAS products
    are several times faster that way round (complex128, MKL, one thread:
    ``(8, 8) @ (8, 4096)`` 66 µs against ``(4096, 8) @ (8, 8)`` 182 µs), and
    autograd's backward products inherit the orientation. The transposition
    costs one copy of the state, less than the products it saves. Returns
    the ``(rows, dim, right)`` result, possibly as a strided view.

    Used on backends with autodiff (torch: 0.76–0.86× the time of a forward
    and backward from 9 to 18 qubits). On numpy the broadcast product was
    as fast for small states and the copies made the density-matrix mode's
    16 MiB vectorised states 2.6× slower, so numpy keeps it.
    """
    columns = backend.moveaxis(backend.reshape(psi, (rows, dim, right)), 1, 0)
    product = backend.matmul(matrix, backend.reshape(columns, (dim, rows * right)))
    return backend.moveaxis(backend.reshape(product, (dim, rows, right)), 0, 1)


def _view(backend: Backend, out: Array | None, shape: tuple[int, ...]) -> Array | None:
    if out is None:
        return None
    size = 1
    for extent in shape:
        size *= extent
    if size != int(np.prod(backend.shape(out))):
        return None
    return backend.reshape(out, shape)


def apply_matrix(
    backend: Backend, psi: Array, n: int, targets: Sequence[int], matrix: Array, out: Array | None = None
) -> Array:
    """Apply a ``(d, d)`` or batched ``(B, d, d)`` matrix to qubits ``targets`` of ``psi`` ``(B, 2**n)``.

    ``targets[0]`` is the most significant bit of the matrix's index. If
    ``out`` is given (a writable array shaped like the result), the result is
    written there. Returns the new ``(B, 2**n)`` state.

    Example:
        >>> import numpy as np
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> xp = NumpyBackend()
        >>> psi = np.array([[1, 0, 0, 0]], dtype=complex)
        >>> x = np.array([[0, 1], [1, 0]], dtype=complex)
        >>> apply_matrix(xp, psi, 2, [1], x).real.tolist()
        [[0.0, 1.0, 0.0, 0.0]]
    """
    k = len(targets)
    matrix = _reorder_matrix(backend, matrix, targets)
    moves, first = _gather_moves(targets)
    if not moves:
        return _apply_block(backend, psi, n, first, k, matrix, out)
    for source, destination in moves:
        psi = _move_qubit(backend, psi, n, source, destination)
    psi = _apply_block(backend, psi, n, first, k, matrix, None)
    for source, destination in reversed(moves):
        psi = _move_qubit(backend, psi, n, destination, source)
    return psi


def _expansion_index(targets: Sequence[int], first: int, span: int) -> np.ndarray:
    """For each basis state of qubits ``first .. first+span-1``, the index into an ascending-target diagonal."""
    order = sorted(targets)
    states = np.arange(2**span)
    index = np.zeros(2**span, dtype=np.int64)
    for j, qubit in enumerate(order):
        bit = (states >> (span - 1 - (qubit - first))) & 1
        index |= bit << (len(order) - 1 - j)
    return index


def apply_diagonal(
    backend: Backend, psi: Array, n: int, targets: Sequence[int], diagonal: Array, out: Array | None = None
) -> Array:
    """Multiply ``psi`` ``(B, 2**n)`` by a ``(d,)`` or batched ``(B, d)`` diagonal on ``targets``.

    With ``out`` (which may be ``psi`` itself on backends that write in
    place) the product is written there.

    Example:
        >>> import numpy as np
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> psi = np.full((1, 4), 0.5, dtype=complex)
        >>> apply_diagonal(NumpyBackend(), psi, 2, [0, 1], np.array([1, 1, 1, -1], dtype=complex)).real.tolist()
        [[0.5, 0.5, 0.5, -0.5]]
    """
    batch = backend.shape(psi)[0]
    diagonal = _reorder_diagonal(backend, diagonal, targets)
    d_shape = backend.shape(diagonal)
    d_batch = d_shape[0] if len(d_shape) == 2 else 1
    order = sorted(targets)
    first, span = order[0], order[-1] - order[0] + 1
    if span != len(order) and span <= _MAX_EXPANDED_SPAN:
        diagonal = backend.take(diagonal, backend.asarray(_expansion_index(order, first, span)), axis=-1)
        order = list(range(first, first + span))
    out_batch = max(batch, d_batch)
    if span == len(order):
        left, dim, right = _views(n, first, span)
        shape = (out_batch, left, dim, right)
        result = backend.multiply(
            backend.reshape(psi, (batch, left, dim, right)),
            backend.reshape(diagonal, (d_batch, 1, dim, 1)),
            out=_view(backend, out, shape) if out_batch == batch else None,
        )
    elif len(order) == 2:
        a, b = order
        split = (2**a, 2, 2 ** (b - a - 1), 2, 2 ** (n - b - 1))
        result = backend.multiply(
            backend.reshape(psi, (batch, *split)),
            backend.reshape(diagonal, (d_batch, 1, 2, 1, 2, 1)),
            out=_view(backend, out, (out_batch, *split)) if out_batch == batch else None,
        )
    else:  # many targets spread wide: bring them together, multiply, and move them back
        moves, first = _gather_moves(order)
        for source, destination in moves:
            psi = _move_qubit(backend, psi, n, source, destination)
        psi = apply_diagonal(backend, psi, n, range(first, first + len(order)), diagonal)
        for source, destination in reversed(moves):
            psi = _move_qubit(backend, psi, n, destination, source)
        return psi
    return backend.reshape(result, (out_batch, 2**n))


def apply_permutation(backend: Backend, psi: Array, index: Array, out: Array | None = None) -> Array:
    """Reorder amplitudes: ``result[:, j] = psi[:, index[j]]``.

    Example:
        >>> import numpy as np
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> apply_permutation(NumpyBackend(), np.array([[1, 2, 3, 4]]), np.array([3, 2, 1, 0])).tolist()
        [[4, 3, 2, 1]]
    """
    return backend.take(psi, index, axis=1, out=out)
