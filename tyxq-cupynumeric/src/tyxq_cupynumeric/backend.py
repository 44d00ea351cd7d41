"""The ``cupynumeric`` backend: NumPy semantics on Legate, from one CPU to many GPUs and nodes.

Every array is a cuPyNumeric array that Legate partitions over the
processors it was started with (``LEGATE_CONFIG`` or the ``legate``
launcher), so the same tyxq program runs on one CPU, one GPU, or eight GPUs
on each of two nodes; tyxq writes no distribution code. It computes in
complex128 by default or complex64 when asked, writes in place through
``out=`` (the kernels' ping-pong buffers), and has no automatic
differentiation: gradients come from the ``adjoint``, ``parameter_shift``
and ``finite_difference`` methods.

Legate arrays have at most six axes and a seventh aborts the process, so
the operations that could build one (``reshape``, ``broadcast_to``,
``stack``, ``einsum``, ``kron``, creation) refuse it first with
:class:`~tyxq.errors.CapabilityError`.

Example:
    >>> import tyxq
    >>> with tyxq.use_backend("cupynumeric", dtype="complex64") as backend:
    ...     state = tyxq.state(tyxq.Circuit(2).h(0).cnot(0, 1))
    >>> type(state).__module__.split(".")[0], state.dtype.name
    ('cupynumeric', 'complex64')
    >>> backend.capabilities.max_dims
    6
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tyxq.arguments import check_dtype_option
from tyxq.backends import WithoutTransforms
from tyxq.backends.protocol import REAL_DTYPE_OF, Array
from tyxq.errors import BackendError, CapabilityError

from .capabilities import CAPABILITIES, MAX_DIMS
from .composed import choice, kron
from .runtime import legate_machine, load_cupynumeric
from .views import merged_base, split_view

__all__ = ["DEVICES", "CupynumericBackend"]

DEVICES = ("auto", "cpu", "omp", "cuda")
"""Accepted ``device=`` values; ``auto`` takes whatever Legate was started with."""

_LAUNCH_HINT = {
    "cuda": 'LEGATE_CONFIG="--gpus 1" (or `legate --gpus 8 --nodes 2 script.py`)',
    "omp": 'LEGATE_CONFIG="--omps 1 --ompthreads 8 --gpus 0"',
    "cpu": 'LEGATE_CONFIG="--cpus 1 --gpus 0 --sysmem 4000"',
}


def _check_dims(ndim: int, what: str) -> None:
    if ndim > MAX_DIMS:
        raise CapabilityError(
            f"{what} would make a {ndim}-axis array, but Legate arrays have at most {MAX_DIMS} axes "
            "(a seventh aborts the process); merge adjacent axes with reshape first"
        )


def _einsum_output_dims(subscripts: str, operands: Sequence[Any]) -> int | None:
    """Axes of an einsum's result, where the subscripts say it without ellipses."""
    if "..." in subscripts:
        return None
    spec = subscripts.replace(" ", "")
    if "->" in spec:
        return len(spec.split("->")[1])
    letters = spec.replace(",", "")
    return sum(1 for letter in set(letters) if letters.count(letter) == 1)


def _without_shared_unit_axes(
    a_shape: tuple[int, ...], b_shape: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]] | None:
    """For a broadcast product: the operands' shapes without the axes where both have extent 1.

    Legate's broadcasting loops slow down several times with each extra axis,
    while dropping (or adding) an axis of extent 1 is a free projection
    (merging axes is not: cuPyNumeric copies). Returns ``(a, b, kept result,
    full result)`` shapes, or ``None`` when no axis can go.
    """
    ndim = max(len(a_shape), len(b_shape))
    a_full = (1,) * (ndim - len(a_shape)) + a_shape
    b_full = (1,) * (ndim - len(b_shape)) + b_shape
    keep = [axis for axis in range(ndim) if a_full[axis] != 1 or b_full[axis] != 1]
    if len(keep) == ndim:
        return None
    full = tuple(max(x, y) for x, y in zip(a_full, b_full, strict=True))
    return (
        tuple(a_full[axis] for axis in keep),
        tuple(b_full[axis] for axis in keep),
        tuple(full[axis] for axis in keep),
        full,
    )


def _axes(axis: int | Sequence[int] | None) -> int | tuple[int, ...] | None:
    return axis if axis is None or isinstance(axis, int) else tuple(axis)


class CupynumericBackend(WithoutTransforms):
    """cuPyNumeric arrays on the Legate machine: CPUs, OpenMP groups or GPUs, one node or many."""

    name = "cupynumeric"
    capabilities = CAPABILITIES

    def __init__(self, dtype: str = "complex128", device: str = "auto") -> None:
        self.complex_dtype = check_dtype_option(self.name, dtype)
        self.real_dtype = REAL_DTYPE_OF[self.complex_dtype]
        if device not in DEVICES:
            raise BackendError(
                f"the cupynumeric backend was asked for device={device!r}; use one of {', '.join(DEVICES)} "
                "(Legate, not tyxq, places the arrays: choose processors with LEGATE_CONFIG or the legate launcher)"
            )
        self._cn = load_cupynumeric()
        self.machine = legate_machine()
        if device != "auto" and device != self.machine.target:
            raise BackendError(
                f"the cupynumeric backend was asked for device={device!r}, but Legate was started on "
                f"{self.machine.processors} {self.machine.target} processor(s); start it on {device} with "
                f'{_LAUNCH_HINT[device]}, or pass device="auto"'
            )
        self.device = self.machine.target

    def __repr__(self) -> str:
        return f"CupynumericBackend(dtype={self.complex_dtype!r}, device={self.device!r})"

    # creation and conversion
    def array(self, data: Any, dtype: str | None = None) -> Array:
        return self._cn.array(data, dtype=None if dtype is None else np.dtype(dtype))

    def asarray(self, data: Any, dtype: str | None = None) -> Array:
        return self._cn.asarray(data, dtype=None if dtype is None else np.dtype(dtype))

    def to_numpy(self, a: Array) -> np.ndarray:
        return np.asarray(a)

    def zeros(self, shape: Sequence[int], dtype: str | None = None) -> Array:
        _check_dims(len(tuple(shape)), "zeros")
        return self._cn.zeros(tuple(shape), dtype=dtype or self.complex_dtype)

    def ones(self, shape: Sequence[int], dtype: str | None = None) -> Array:
        _check_dims(len(tuple(shape)), "ones")
        return self._cn.ones(tuple(shape), dtype=dtype or self.complex_dtype)

    def zeros_like(self, a: Array) -> Array:
        return self._cn.zeros_like(a)

    def ones_like(self, a: Array) -> Array:
        return self._cn.ones_like(a)

    def eye(self, n: int, dtype: str | None = None) -> Array:
        return self._cn.eye(n, dtype=dtype or self.complex_dtype)

    def arange(self, n: int, dtype: str | None = None) -> Array:
        return self._cn.arange(n, dtype=dtype or "int64")

    def is_array(self, x: Any) -> bool:
        return isinstance(x, self._cn.ndarray)

    def shape(self, a: Array) -> tuple[int, ...]:
        return tuple(a.shape) if hasattr(a, "shape") else tuple(np.shape(a))

    def dtype_name(self, a: Array) -> str:
        return a.dtype.name if hasattr(a, "dtype") else np.asarray(a).dtype.name

    def cast(self, a: Array, dtype: str) -> Array:
        return self._cn.asarray(a).astype(dtype, copy=False)

    def copy(self, a: Array) -> Array:
        return self._cn.array(a, copy=True)

    # shape
    def reshape(self, a: Array, shape: Sequence[int]) -> Array:
        _check_dims(len(tuple(shape)), f"reshape to {tuple(shape)}")
        # splitting axes is a view of the same store, and merging a split view back is the array it
        # came from: cuPyNumeric would copy in both cases (see views.py)
        view = split_view(a, shape)
        if view is None:
            view = merged_base(a, shape)
        return self._cn.reshape(a, tuple(shape)) if view is None else view

    def moveaxis(self, a: Array, source: int | Sequence[int], destination: int | Sequence[int]) -> Array:
        return self._cn.moveaxis(a, source, destination)

    def transpose(self, a: Array, axes: Sequence[int] | None = None) -> Array:
        return self._cn.transpose(a, axes)

    def stack(self, arrays: Sequence[Array], axis: int = 0) -> Array:
        _check_dims(len(self.shape(arrays[0])) + 1, "stack")
        return self._cn.stack(arrays, axis=axis)

    def concatenate(self, arrays: Sequence[Array], axis: int = 0) -> Array:
        return self._cn.concatenate(arrays, axis=axis)

    def kron(self, a: Array, b: Array) -> Array:
        return kron(self._cn, a, b)

    def broadcast_to(self, a: Array, shape: Sequence[int]) -> Array:
        _check_dims(len(tuple(shape)), f"broadcast_to {tuple(shape)}")
        return self._cn.broadcast_to(a, tuple(shape))

    def take(self, a: Array, indices: Array, axis: int, out: Array | None = None) -> Array:
        # mode="clip": the kernels' indices are in range by construction, and cupynumeric's default
        # bounds check reads a reduction back to the host, stalling Legate's pipeline on every gate
        return self._cn.take(a, indices, axis=axis, out=out, mode="clip")

    # arithmetic and reduction
    def matmul(self, a: Array, b: Array, out: Array | None = None) -> Array:
        return self._cn.matmul(a, b, out=out)

    def multiply(self, a: Array, b: Array, out: Array | None = None) -> Array:
        dropped = (
            _without_shared_unit_axes(self.shape(a), self.shape(b)) if self.is_array(a) and self.is_array(b) else None
        )
        if dropped is None:
            return self._cn.multiply(a, b, out=out)
        a_shape, b_shape, kept_shape, full_shape = dropped
        target = None if out is None else self._cn.reshape(out, kept_shape)
        product = self._cn.multiply(self._cn.reshape(a, a_shape), self._cn.reshape(b, b_shape), out=target)
        return out if out is not None else self._cn.reshape(product, full_shape)

    def einsum(self, subscripts: str, *operands: Array) -> Array:
        ndim = _einsum_output_dims(subscripts, operands)
        if ndim is not None:
            _check_dims(ndim, f"einsum {subscripts!r}")
        return self._cn.einsum(subscripts, *operands)

    def tensordot(self, a: Array, b: Array, axes: Any) -> Array:
        return self._cn.tensordot(a, b, axes=axes)

    def sum(self, a: Array, axis: int | Sequence[int] | None = None) -> Array:
        return self._cn.sum(a, axis=_axes(axis))

    def mean(self, a: Array, axis: int | Sequence[int] | None = None) -> Array:
        return self._cn.mean(a, axis=_axes(axis))

    def cumsum(self, a: Array, axis: int = -1) -> Array:
        return self._cn.cumsum(a, axis=axis)

    def abs(self, a: Array) -> Array:
        return self._cn.abs(a)

    def real(self, a: Array) -> Array:
        return self._cn.real(a)

    def imag(self, a: Array) -> Array:
        return self._cn.imag(a)

    def conj(self, a: Array) -> Array:
        return self._cn.conj(a)

    def diag(self, a: Array) -> Array:
        return self._cn.diag(a)

    def exp(self, a: Array) -> Array:
        return self._cn.exp(a)

    def sin(self, a: Array) -> Array:
        return self._cn.sin(a)

    def cos(self, a: Array) -> Array:
        return self._cn.cos(a)

    def sqrt(self, a: Array) -> Array:
        return self._cn.sqrt(a)

    def square(self, a: Array) -> Array:
        return self._cn.square(a)

    def log(self, a: Array) -> Array:
        return self._cn.log(a)

    def log2(self, a: Array) -> Array:
        return self._cn.log2(a)

    def all_finite(self, a: Array) -> bool | None:
        return bool(self._cn.all(self._cn.isfinite(a)))

    # linear algebra
    def svd(self, a: Array, full_matrices: bool = True) -> tuple[Array, Array, Array]:
        u, s, vh = self._cn.linalg.svd(a, full_matrices=full_matrices)
        return u, s, vh

    def eigh(self, a: Array) -> tuple[Array, Array]:
        values, vectors = self._cn.linalg.eigh(a)
        return values, vectors

    def norm(self, a: Array, axis: int | None = None) -> Array:
        return self._cn.linalg.norm(a, axis=axis)

    # random and sampling
    def rng(self, seed: Any = None) -> Any:
        """A cuPyNumeric generator from ``None``, an int, a cuPyNumeric generator or a numpy generator.

        A numpy generator is advanced by one draw that seeds the new one, so
        code written for the numpy backend stays reproducible here.
        """
        random = self._cn.random
        if isinstance(seed, random.Generator):
            return seed
        if isinstance(seed, np.random.Generator):
            return random.default_rng(int(seed.integers(2**63)))
        if seed is None or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)):
            return random.default_rng(None if seed is None else int(seed))
        raise BackendError(
            f"the cupynumeric backend cannot seed a generator from {type(seed).__name__}; pass None, an int, "
            "a numpy.random.Generator or a cupynumeric.random.Generator"
        )

    def normal(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array:
        return self.rng(rng).normal(0.0, 1.0, size=tuple(shape), dtype=dtype or self.real_dtype)

    def uniform(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array:
        return self.rng(rng).random(tuple(shape), dtype=dtype or self.real_dtype)

    def choice(self, rng: Any, n: int, size: int, p: Array) -> Array:
        return choice(self._cn, self.rng(rng), n, size, p)

    def bincount(self, x: Array, minlength: int = 0) -> Array:
        return self._cn.bincount(x, minlength=minlength)

    def nonzero(self, x: Array) -> Array:
        return self._cn.nonzero(x)[0]

    # differentiation and transformation
    def writable(self, a: Array) -> bool:
        return isinstance(a, self._cn.ndarray) and bool(a.flags.writeable)

    # exchange
    def from_dlpack(self, x: Any) -> Array:
        return self._cn.from_dlpack(x)

    # resources
    def available_memory(self) -> int | None:
        return self.machine.memory
