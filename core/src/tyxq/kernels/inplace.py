"""In-place kernels: a gate applied to a writable state through views of it, with temporaries of one block.

On backends whose arrays are written through reshaped and sliced views
(``BackendCapabilities.views``, as numpy's are), a gate needs no second
statevector. Every kernel here takes a C-contiguous ``(rows, 2**m)`` array
(``rows`` states of ``m`` qubits that share one operator), overwrites it, and
allocates nothing larger than :data:`BLOCK` amplitudes:

- dense gates on neighbouring qubits ``f .. f+k-1``: the state is the view
  ``(L, d, R)``; with ``R >= RIGHT_MIN`` a block of columns is multiplied on
  the left by ``U``, with ``d·R <= WIDE_MAX`` a block of rows on the right by
  ``(U ⊗ I_R)ᵀ`` (one tall product); both are BLAS products into a
  block-sized temporary, copied back;
- anything else (targets spread out, a small ``R``, controlled gates): the
  ``d`` sub-views that the gate mixes (one per basis state of its targets,
  with controls fixed) are cut into blocks, stacked into one ``(d, block/d)``
  temporary, multiplied by ``U`` and written back;
- permutation gates: the sub-views are rotated along the cycles of the
  permutation, block by block (CNOT swaps two quarters of the state);
- diagonals: an elementwise product written into the state, or one per
  sub-view when the targets are spread too wide for one broadcast.

A dense gate whose matrix is real (H, RY, X and their Kronecker blocks)
acts alike on real and imaginary parts: it is applied to the state's real
view (``backend.real_view``, where the backend has one) as a gate on ``m + 1``
qubits, the last one telling real from imaginary parts. A real product has
half the arithmetic of a complex one and ran 3× faster here.

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> psi = np.array([[1, 0, 0, 0]], dtype=complex)
    >>> apply_permutation_gate(NumpyBackend(), psi, 2, (0, 1), (0, 1, 3, 2))  # CNOT: no change on |00⟩
    >>> apply_dense(NumpyBackend(), psi, 2, [0], np.array([[0, 1], [1, 0]], dtype=complex))
    >>> psi.real.tolist()
    [[0.0, 0.0, 1.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache

import numpy as np

from ..backends.protocol import Array, Backend
from .apply import _reorder_diagonal, _reorder_matrix, apply_diagonal

__all__ = [
    "BLOCK",
    "RIGHT_MIN",
    "RIGHT_MIN_REAL",
    "WIDE_MAX",
    "WIDE_MAX_REAL",
    "Dense",
    "Workspace",
    "apply_dense",
    "apply_diagonal_inplace",
    "apply_permutation_gate",
    "chunks",
    "cycles",
]

BLOCK = 2**15
"""Amplitudes in one temporary (512 KiB in complex128): small enough to stay in a core's L2 cache."""

RIGHT_MIN = 64
"""From this many right-hand amplitudes on, a dense gate multiplies column blocks ``(d, c)`` by ``U``.

Below it, BLAS products of ``(d, R)`` pieces are too small to run at speed:
the gate is widened to ``U ⊗ I_R`` (up to :data:`WIDE_MAX`) or its sub-views
are stacked into one product.
"""

WIDE_MAX = 16
"""The widest ``U ⊗ I_R`` a dense gate with few right-hand amplitudes is widened to (``d·R`` rows)."""

RIGHT_MIN_REAL, WIDE_MAX_REAL = 8, 32
"""The same for real gates on the state's real view, whose small products cost less (measured)."""


def chunks(shape: Sequence[int], limit: int) -> Iterator[tuple[int | slice, ...]]:
    """Indices that cut an array of ``shape`` into pieces of at most ``limit`` elements (the last axes whole).

    Example:
        >>> list(chunks((4, 8), 16))
        [(slice(0, 2, None),), (slice(2, 4, None),)]
        >>> list(chunks((2, 64), 16))[:2]
        [(0, slice(0, 16, None)), (0, slice(16, 32, None))]
    """
    size, axis = 1, len(shape)
    while axis > 0 and size * shape[axis - 1] <= limit:
        size *= shape[axis - 1]
        axis -= 1
    if axis == 0:
        yield ()
        return
    step = max(1, limit // size)
    for lead in np.ndindex(*shape[: axis - 1]):
        for start in range(0, shape[axis - 1], step):
            yield (*lead, slice(start, start + step))


class SubViews:
    """Views of a ``(rows, 2**m)`` state with some qubits fixed: one size-2 axis per qubit in ``qubits``.

    ``view(bits)`` fixes every qubit of ``qubits`` to its value in ``bits``
    and returns the remaining axes (rows first), a view of the state.
    """

    def __init__(self, backend: Backend, psi: Array, m: int, qubits: Sequence[int]) -> None:
        order = sorted(set(qubits))
        shape: list[int] = [backend.shape(psi)[0]]
        previous = -1
        self.axis: dict[int, int] = {}
        for qubit in order:
            shape.append(2 ** (qubit - previous - 1))
            self.axis[qubit] = len(shape)
            shape.append(2)
            previous = qubit
        shape.append(2 ** (m - 1 - previous))
        self.split = backend.reshape(psi, shape)
        self.ndim = len(shape)

    def view(self, bits: Mapping[int, int]) -> Array:
        key: list[int | slice] = [slice(None)] * self.ndim
        for qubit, bit in bits.items():
            key[self.axis[qubit]] = bit
        return self.split[tuple(key)]


def _bits(qubits: Sequence[int], state: int) -> dict[int, int]:
    """The value of each qubit in basis ``state`` of ``qubits`` (the first qubit the most significant bit)."""
    k = len(qubits)
    return {qubit: (state >> (k - 1 - p)) & 1 for p, qubit in enumerate(qubits)}


def _size(shape: Sequence[int]) -> int:
    size = 1
    for extent in shape:
        size *= extent
    return size


class Workspace:
    """Buffers that the kernels of one run reuse for every block (grown if a piece needs more), per dtype.

    Allocating a fresh temporary per block would cost its page faults every
    time (the allocator returns blocks this large to the system); these are
    allocated once per run.
    """

    def __init__(self, backend: Backend, dtype: str, size: int = 0) -> None:
        self.backend, self.size = backend, max(size, BLOCK)
        self.buffers: dict[tuple[str, int], Array] = {}
        self.dtype = dtype

    def view(self, which: int, shape: Sequence[int], dtype: str | None = None) -> Array:
        """Buffer ``which`` (0 or 1) of ``dtype`` (the run's by default) as an array of ``shape``."""
        key, size = (dtype or self.dtype, which), _size(shape)
        buffer = self.buffers.get(key)
        if buffer is None or size > self.backend.shape(buffer)[0]:
            buffer = self.buffers[key] = self.backend.zeros((max(size, self.size),), dtype=key[0])
        return self.backend.reshape(buffer[:size], tuple(shape))


def _real_part(backend: Backend, matrix: Array) -> Array | None:
    """``matrix``'s real part if its imaginary part is zero and the backend views complex arrays as real pairs."""
    if getattr(backend, "real_view", None) is None or not backend.dtype_name(matrix).startswith("complex"):
        return None
    if np.any(np.asarray(backend.to_numpy(backend.imag(matrix)))):
        return None
    return backend.real(matrix)


class Dense:
    """A dense gate prepared for in-place application to ``(rows, 2**m)`` states: pick the method once, apply often.

    ``targets[0]`` is the most significant bit of ``matrix``'s index;
    ``controls`` maps control qubits to the value they must hold.
    """

    def __init__(
        self,
        backend: Backend,
        m: int,
        targets: Sequence[int],
        matrix: Array,
        controls: Mapping[int, int] | None = None,
    ) -> None:
        self.backend, self.m = backend, m
        self.method: str = "stacked"
        """``tall``, ``columns`` or ``stacked`` (see the module's description), after ``real`` on the real view."""
        real = _real_part(backend, matrix)
        self.real: Dense | None = None
        if real is not None:  # a real gate acts on real and imaginary parts alike: one more, lowest, "qubit"
            self.real = Dense(backend, m + 1, targets, real, controls)
            self.method = f"real {self.real.method}"
            return
        order = sorted(targets)
        matrix = _reorder_matrix(backend, matrix, targets)
        self.order, self.dim, self.controls = order, 2 ** len(order), dict(controls or {})
        self.matrix = matrix
        if not controls and order == list(range(order[0], order[0] + len(order))):
            self.first, self.right = order[0], 2 ** (m - order[-1] - 1)
            real = not backend.dtype_name(matrix).startswith("complex")
            if self.right >= (RIGHT_MIN_REAL if real else RIGHT_MIN):
                self.method = "columns"
            elif self.dim * self.right <= (WIDE_MAX_REAL if real else WIDE_MAX):
                identity = backend.eye(self.right, dtype=backend.dtype_name(matrix))
                wide = matrix if self.right == 1 else backend.kron(matrix, identity)
                self.method, self.width, self.transposed = "tall", self.dim * self.right, backend.moveaxis(wide, -1, -2)

    def apply(self, psi: Array, work: Workspace | None = None) -> None:
        """Overwrite ``psi`` ``(rows, 2**m)`` with the gate applied to it."""
        backend = self.backend
        work = work or Workspace(backend, backend.dtype_name(psi))
        if self.real is not None:
            self.real.apply(backend.real_view(psi), work)  # type: ignore[attr-defined]
            return
        rows = backend.shape(psi)[0]
        if self.method == "tall":
            self._tall(backend.reshape(psi, (-1, self.width)), work)
        elif self.method == "columns":
            self._columns(backend.reshape(psi, (rows * 2**self.first, self.dim, self.right)), work)
        else:
            self._stacked(psi, work)

    def _tall(self, view: Array, work: Workspace) -> None:
        """``view`` ``(L, w)`` ← ``view @ Wᵀ``, a block of rows at a time."""
        count, width = self.backend.shape(view)
        step = max(1, BLOCK // width)
        for start in range(0, count, step):
            piece = view[start : start + step]
            out = work.view(0, self.backend.shape(piece), self.backend.dtype_name(piece))
            self.backend.matmul(piece, self.transposed, out=out)
            piece[...] = out

    def _columns(self, view: Array, work: Workspace) -> None:
        """``view`` ``(L, d, R)`` ← ``U @ view``, on blocks of columns (or of whole ``(d, R)`` slices)."""
        backend = self.backend
        left, dim, right = backend.shape(view)
        if dim * right >= BLOCK:
            width = max(1, BLOCK // dim)
            out = work.view(0, (dim, width), backend.dtype_name(view))
            for row in range(left):
                for start in range(0, right, width):
                    piece = view[row, :, start : start + width]
                    backend.matmul(self.matrix, piece, out=out)
                    piece[...] = out
            return
        step = max(1, BLOCK // (dim * right))
        for start in range(0, left, step):
            piece = view[start : start + step]
            out = work.view(0, backend.shape(piece), backend.dtype_name(view))
            backend.matmul(self.matrix, piece, out=out)
            piece[...] = out

    def _stacked(self, psi: Array, work: Workspace) -> None:
        """Stack the ``d`` sub-views the gate mixes, block by block, multiply by ``U`` and write them back."""
        backend, dim = self.backend, self.dim
        subviews = SubViews(backend, psi, self.m, [*self.order, *self.controls])
        views = [subviews.view({**self.controls, **_bits(self.order, s)}) for s in range(dim)]
        for index in chunks(backend.shape(views[0]), max(1, BLOCK // dim)):
            pieces = [view[index] for view in views]
            shape = backend.shape(pieces[0])
            size = _size(shape)
            stacked = work.view(0, (dim, size), backend.dtype_name(psi))
            for s, piece in enumerate(pieces):
                backend.reshape(stacked[s], shape)[...] = piece
            product = work.view(1, (dim, size), backend.dtype_name(psi))
            backend.matmul(self.matrix, stacked, out=product)
            for s, piece in enumerate(pieces):
                piece[...] = backend.reshape(product[s], shape)


def apply_dense(
    backend: Backend,
    psi: Array,
    m: int,
    targets: Sequence[int],
    matrix: Array,
    controls: Mapping[int, int] | None = None,
) -> None:
    """Overwrite ``psi`` ``(rows, 2**m)`` with ``matrix`` ``(d, d)`` applied to ``targets`` (where ``controls`` hold).

    ``targets[0]`` is the most significant bit of the matrix's index;
    ``controls`` maps control qubits to the value they must hold.
    """
    Dense(backend, m, targets, matrix, controls).apply(psi)


def apply_diagonal_inplace(
    backend: Backend,
    psi: Array,
    m: int,
    targets: Sequence[int],
    diagonal: Array,
    controls: Mapping[int, int] | None = None,
) -> None:
    """Multiply ``psi`` ``(rows, 2**m)`` in place by ``diagonal`` ``(d,)`` on ``targets`` (where ``controls`` hold)."""
    order = sorted(targets)
    if not controls and (order[-1] - order[0] + 1 <= 16 or len(order) <= 2):
        apply_diagonal(backend, psi, m, targets, diagonal, out=psi)
        return
    diagonal = _reorder_diagonal(backend, diagonal, targets)
    subviews = SubViews(backend, psi, m, [*order, *(controls or {})])
    fixed = dict(controls or {})
    for s in range(2 ** len(order)):
        view = subviews.view({**fixed, **_bits(order, s)})
        backend.multiply(view, diagonal[s], out=view)


@cache
def cycles(permutation: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """The cycles (longer than one) of a permutation given as ``permutation[state] = destination``.

    Example:
        >>> cycles((0, 1, 3, 2)), cycles((1, 2, 0, 3))
        (((2, 3),), ((0, 1, 2),))
    """
    seen, found = set(), []
    for start in range(len(permutation)):
        if start in seen or permutation[start] == start:
            continue
        cycle, state = [], start
        while state not in seen:
            seen.add(state)
            cycle.append(state)
            state = permutation[state]
        found.append(tuple(cycle))
    return tuple(found)


def apply_permutation_gate(
    backend: Backend,
    psi: Array,
    m: int,
    qubits: Sequence[int],
    permutation: tuple[int, ...],
    work: Workspace | None = None,
) -> None:
    """Move the amplitudes of ``psi`` ``(rows, 2**m)`` in place as the permutation gate on ``qubits`` does.

    ``permutation[s]`` is where basis state ``s`` of ``qubits`` goes; each
    cycle of it rotates its sub-views, one block at a time.
    """
    work = work or Workspace(backend, backend.dtype_name(psi))
    subviews = SubViews(backend, psi, m, qubits)
    for cycle in cycles(permutation):
        views = [subviews.view(_bits(qubits, s)) for s in cycle]
        for index in chunks(backend.shape(views[0]), BLOCK):
            last = views[-1][index]
            saved = work.view(0, backend.shape(last), backend.dtype_name(psi))
            saved[...] = last
            for i in range(len(views) - 1, 0, -1):
                views[i][index] = views[i - 1][index]
            views[0][index] = saved
