"""The ``jax`` backend: tyxq's Backend protocol on ``jax.numpy``.

JAX differs from NumPy in three ways the backend has to respect:

- arrays are immutable, so :meth:`JaxBackend.writable` is ``False`` and the
  kernels never pass ``out=`` (the backend refuses one with a clear error);
- 64-bit dtypes exist only with the process-wide ``jax_enable_x64`` switch,
  which a ``complex128`` backend turns on (see :mod:`tyxq_jax.x64`);
- random numbers come from explicit keys; :meth:`JaxBackend.rng` returns a
  :class:`~tyxq_jax.random.KeyStream` that splits its key on every draw.

Differentiation and transformation are JAX's own: ``value_and_grad`` is
``jax.value_and_grad``, ``vjp`` is ``jax.vjp``, ``vmap`` is ``jax.vmap``,
``jit`` is ``jax.jit`` and ``custom_vjp`` is ``jax.custom_vjp``. Inside a
``jit`` or ``vmap`` trace an array has no values to read, so
:meth:`JaxBackend.all_finite` answers ``None`` there and tyxq skips its
NaN check on gate angles rather than failing the trace.

Example:
    >>> import tyxq
    >>> with tyxq.use_backend("jax", dtype="complex64") as backend:
    ...     state = tyxq.state(tyxq.Circuit(2).h(0).cnot(0, 1))
    >>> type(state).__name__, str(state.dtype)
    ('ArrayImpl', 'complex64')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from tyxq import BackendError, CapabilityError, NotDifferentiableError
from tyxq.backends import COMPLEX_DTYPES, REAL_DTYPE_OF, Array, BackendCapabilities
from tyxq.backends.host_memory import system_available_memory

from .random import KeyStream
from .x64 import enable_x64, x64_enabled

__all__ = ["JaxBackend"]

_DEVICE_PLATFORMS = {"cpu": "cpu", "cuda": "gpu", "gpu": "gpu"}
_LEFT_THE_GRAPH = (jax.errors.TracerArrayConversionError, jax.errors.ConcretizationTypeError)
_WIDE = {"float64", "complex128", "int64", "uint64"}


def _find_device(device: str) -> Any:
    kind, _, index = str(device).partition(":")
    platform = _DEVICE_PLATFORMS.get(kind)
    if platform is None:
        raise BackendError(f"the jax backend knows the devices 'cpu' and 'cuda[:N]', not {device!r}")
    try:
        found = jax.devices(platform)
    except RuntimeError:
        found = []
    position = int(index) if index else 0
    if position >= len(found):
        seen = ", ".join(str(d) for d in jax.devices())
        raise BackendError(
            f"the jax backend was asked for device={device!r}, but JAX sees only: {seen}; "
            'use device="cpu", or install a CUDA-enabled jaxlib (pip install "jax[cuda12]")'
        )
    return found[position]


class JaxBackend:
    """JAX arrays, complex64 or complex128, on one CPU or GPU device.

    Args:
        dtype: ``"complex128"`` (the default, as on every tyxq backend; turns
            on ``jax_enable_x64`` for the whole process) or ``"complex64"``
            (leaves JAX's configuration alone).
        device: ``"cpu"`` or ``"cuda"`` / ``"cuda:N"``.
    """

    name = "jax"
    capabilities = BackendCapabilities(
        autodiff=True, vmap=True, jit=True, inplace=False, dlpack=True, devices=("cpu", "cuda")
    )

    def __init__(self, dtype: str = "complex128", device: str = "cpu") -> None:
        if dtype not in COMPLEX_DTYPES:
            raise BackendError(
                f"backend 'jax' was asked for dtype={dtype!r}; tyxq computes statevectors in one of "
                f'{", ".join(COMPLEX_DTYPES)}: pass dtype="complex64" or dtype="complex128"'
            )
        if dtype == "complex128":
            enable_x64("a complex128 jax backend was created")
        self.complex_dtype = dtype
        self.real_dtype = REAL_DTYPE_OF[dtype]
        self._device = _find_device(device)
        self.device = "cpu" if self._device.platform == "cpu" else f"cuda:{self._device.id}"

    def __repr__(self) -> str:
        return f"JaxBackend(dtype={self.complex_dtype!r}, device={self.device!r})"

    # --- dtypes -----------------------------------------------------------------------------

    def _explicit(self, dtype: str) -> np.dtype:
        resolved = np.dtype(dtype)
        if resolved.name in _WIDE and not x64_enabled():
            raise BackendError(
                f"the jax backend was asked for {resolved.name}, which JAX only provides with "
                "jax_enable_x64; create a complex128 jax backend (it enables x64) or call "
                'jax.config.update("jax_enable_x64", True) first'
            )
        return resolved

    def _own_dtype(self, a: Array) -> Array:
        """Complex data in ``complex_dtype``, floating data in ``real_dtype``; others unchanged."""
        if jnp.issubdtype(a.dtype, jnp.complexfloating):
            return a if a.dtype == self.complex_dtype else a.astype(self.complex_dtype)
        if jnp.issubdtype(a.dtype, jnp.floating):
            return a if a.dtype == self.real_dtype else a.astype(self.real_dtype)
        return a

    def _place(self, data: Any, dtype: str | None, copy: bool) -> Array:
        if dtype is not None:
            wanted = self._explicit(dtype)
            if isinstance(data, jax.Array):
                return data.astype(wanted) if data.dtype != wanted or copy else data
            return jnp.array(data, dtype=wanted, device=self._device)
        if isinstance(data, jax.Array):
            return jnp.array(data) if copy else self._own_dtype(data)
        return self._own_dtype(jnp.array(data, device=self._device))

    # --- creation and conversion ------------------------------------------------------------

    def array(self, data: Any, dtype: str | None = None) -> Array:
        return self._place(data, dtype, copy=True)

    def asarray(self, data: Any, dtype: str | None = None) -> Array:
        return self._place(data, dtype, copy=False)

    def to_numpy(self, a: Array) -> np.ndarray:
        return np.asarray(jax.device_get(a))

    def zeros(self, shape: Sequence[int], dtype: str | None = None) -> Array:
        return jnp.zeros(tuple(shape), dtype=self._explicit(dtype or self.complex_dtype), device=self._device)

    def ones(self, shape: Sequence[int], dtype: str | None = None) -> Array:
        return jnp.ones(tuple(shape), dtype=self._explicit(dtype or self.complex_dtype), device=self._device)

    def zeros_like(self, a: Array) -> Array:
        return jnp.zeros_like(a)

    def ones_like(self, a: Array) -> Array:
        return jnp.ones_like(a)

    def eye(self, n: int, dtype: str | None = None) -> Array:
        return jnp.eye(n, dtype=self._explicit(dtype or self.complex_dtype), device=self._device)

    def arange(self, n: int, dtype: str | None = None) -> Array:
        default = "int64" if x64_enabled() else "int32"
        return jnp.arange(n, dtype=self._explicit(dtype or default), device=self._device)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, jax.Array)  # tracers inside jit/vmap/grad are jax.Arrays too

    def shape(self, a: Array) -> tuple[int, ...]:
        return tuple(jnp.shape(a))

    def dtype_name(self, a: Array) -> str:
        return jnp.result_type(a).name

    def cast(self, a: Array, dtype: str) -> Array:
        return jnp.asarray(a).astype(self._explicit(dtype))

    def copy(self, a: Array) -> Array:
        return jnp.array(a, copy=True)

    # --- shape ------------------------------------------------------------------------------

    def reshape(self, a: Array, shape: Sequence[int]) -> Array:
        return jnp.reshape(a, tuple(shape))

    def moveaxis(self, a: Array, source: int | Sequence[int], destination: int | Sequence[int]) -> Array:
        return jnp.moveaxis(a, source, destination)

    def transpose(self, a: Array, axes: Sequence[int] | None = None) -> Array:
        return jnp.transpose(a, None if axes is None else tuple(axes))

    def stack(self, arrays: Sequence[Array], axis: int = 0) -> Array:
        return jnp.stack(list(arrays), axis=axis)

    def concatenate(self, arrays: Sequence[Array], axis: int = 0) -> Array:
        return jnp.concatenate(list(arrays), axis=axis)

    def kron(self, a: Array, b: Array) -> Array:
        return jnp.kron(a, b)

    def broadcast_to(self, a: Array, shape: Sequence[int]) -> Array:
        return jnp.broadcast_to(a, tuple(shape))

    def take(self, a: Array, indices: Array, axis: int, out: Array | None = None) -> Array:
        self._no_out(out, "take")
        return jnp.take(a, indices, axis=axis)

    # --- arithmetic and reduction -----------------------------------------------------------

    def matmul(self, a: Array, b: Array, out: Array | None = None) -> Array:
        self._no_out(out, "matmul")
        return jnp.matmul(a, b)

    def multiply(self, a: Array, b: Array, out: Array | None = None) -> Array:
        self._no_out(out, "multiply")
        return jnp.multiply(a, b)

    def einsum(self, subscripts: str, *operands: Array) -> Array:
        return jnp.einsum(subscripts, *operands)

    def tensordot(self, a: Array, b: Array, axes: Any) -> Array:
        return jnp.tensordot(a, b, axes=axes)

    def sum(self, a: Array, axis: int | Sequence[int] | None = None) -> Array:
        return jnp.sum(a, axis=axis if axis is None or isinstance(axis, int) else tuple(axis))

    def mean(self, a: Array, axis: int | Sequence[int] | None = None) -> Array:
        return jnp.mean(a, axis=axis if axis is None or isinstance(axis, int) else tuple(axis))

    def cumsum(self, a: Array, axis: int = -1) -> Array:
        return jnp.cumsum(a, axis=axis)

    def abs(self, a: Array) -> Array:
        return jnp.abs(a)

    def real(self, a: Array) -> Array:
        return jnp.real(a)

    def imag(self, a: Array) -> Array:
        return jnp.imag(a)

    def conj(self, a: Array) -> Array:
        return jnp.conj(a)

    def diag(self, a: Array) -> Array:
        return jnp.diag(a)

    def exp(self, a: Array) -> Array:
        return jnp.exp(a)

    def sin(self, a: Array) -> Array:
        return jnp.sin(a)

    def cos(self, a: Array) -> Array:
        return jnp.cos(a)

    def sqrt(self, a: Array) -> Array:
        return jnp.sqrt(a)

    def square(self, a: Array) -> Array:
        return jnp.square(a)

    def log(self, a: Array) -> Array:
        return jnp.log(a)

    def log2(self, a: Array) -> Array:
        return jnp.log2(a)

    def can_cache(self) -> bool:
        """Whether arrays made now may be kept for later runs: not inside a jit, vmap or grad trace.

        Under JAX's tracing every new array is a tracer of that trace, which
        must not outlive it; tyxq's plan caches ask before keeping anything.
        """
        return not isinstance(jnp.zeros(()), jax.core.Tracer)

    def is_tracked(self, x: Array) -> bool:
        """Whether ``x`` is a tracer of a JAX transformation (grad, jit, vmap): its values are not at hand."""
        return isinstance(x, jax.core.Tracer)

    def all_finite(self, a: Array) -> bool | None:
        """``True``/``False`` where values can be read; ``None`` inside a jit or vmap trace."""
        try:
            return bool(jnp.all(jnp.isfinite(a)))
        except jax.errors.ConcretizationTypeError:  # includes TracerBoolConversionError
            return None

    # --- linear algebra ---------------------------------------------------------------------

    def svd(self, a: Array, full_matrices: bool = True) -> tuple[Array, Array, Array]:
        u, s, vh = jnp.linalg.svd(a, full_matrices=full_matrices)
        return u, s, vh

    def eigh(self, a: Array) -> tuple[Array, Array]:
        values, vectors = jnp.linalg.eigh(a)
        return values, vectors

    def norm(self, a: Array, axis: int | None = None) -> Array:
        return jnp.linalg.norm(a, axis=axis)

    # --- random and sampling ----------------------------------------------------------------

    def rng(self, seed: Any = None) -> KeyStream:
        """A :class:`KeyStream` from an integer seed, a JAX key, a stream, or ``None``."""
        return KeyStream.from_seed(seed)

    def normal(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array:
        key = self.rng(rng).next_key()
        return jax.random.normal(key, tuple(shape), dtype=self._explicit(dtype or self.real_dtype))

    def uniform(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array:
        key = self.rng(rng).next_key()
        return jax.random.uniform(key, tuple(shape), dtype=self._explicit(dtype or self.real_dtype))

    def choice(self, rng: Any, n: int, size: int, p: Array) -> Array:
        key = self.rng(rng).next_key()
        weights = jnp.asarray(p, dtype=self.real_dtype)
        return jax.random.choice(key, n, shape=(int(size),), replace=True, p=weights / jnp.sum(weights))

    def bincount(self, x: Array, minlength: int = 0) -> Array:
        return jnp.bincount(jnp.asarray(x), minlength=minlength)

    def nonzero(self, x: Array) -> Array:
        return jnp.nonzero(x)[0]

    # --- differentiation and transformation -------------------------------------------------

    def writable(self, a: Array) -> bool:
        return False  # JAX arrays are immutable

    def requires_grad(self, x: Array, flag: bool = True) -> Array:
        """JAX differentiates functions, not arrays: there is nothing to mark, ``x`` is returned."""
        return x

    def detach(self, x: Array) -> Array:
        return jax.lax.stop_gradient(x)

    def value_and_grad(self, fn: Callable[..., Array], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
        """``jax.value_and_grad``: ``fn`` must return a real scalar computed with JAX operations.

        A function that leaves JAX's autodiff (converts a traced value to NumPy
        or a Python number, or returns a value that no longer depends on the
        differentiated arguments) raises :class:`tyxq.NotDifferentiableError`
        instead of silently getting a zero gradient.
        """
        positions = argnums if isinstance(argnums, int) else tuple(argnums)
        return jax.value_and_grad(_staying_in_the_graph(fn), argnums=positions)

    def vjp(self, fn: Callable[..., Array], *primals: Array) -> tuple[Array, Callable[[Array], tuple[Array, ...]]]:
        """``jax.vjp``, raising :class:`tyxq.NotDifferentiableError` like :meth:`value_and_grad`."""
        output, pullback = jax.vjp(_staying_in_the_graph(fn), *primals)
        return output, pullback

    def vmap(self, fn: Callable[..., Any], in_axes: Any = 0) -> Callable[..., Any]:
        return jax.vmap(fn, in_axes=in_axes)

    def jit(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        return jax.jit(fn)

    def custom_vjp(
        self,
        fn: Callable[..., Array],
        vjp: Callable[[tuple[Array, ...], Array, Array], tuple[Array | None, ...]],
    ) -> Callable[..., Array]:
        """``fn`` with ``vjp(primals, output, cotangent)`` as its reverse rule, via ``jax.custom_vjp``."""
        wrapped = jax.custom_vjp(fn)

        def forward(*primals: Array) -> tuple[Array, tuple[tuple[Array, ...], Array]]:
            output = fn(*primals)
            return output, (primals, output)

        def backward(saved: tuple[tuple[Array, ...], Array], cotangent: Array) -> tuple[Array, ...]:
            primals, output = saved
            grads = vjp(primals, output, cotangent)
            return tuple(jnp.zeros_like(p) if g is None else g for p, g in zip(primals, grads, strict=True))

        wrapped.defvjp(forward, backward)
        return wrapped

    # --- exchange and resources -------------------------------------------------------------

    def from_dlpack(self, x: Any) -> Array:
        return jax.dlpack.from_dlpack(x)

    def available_memory(self) -> int | None:
        if self._device.platform == "cpu":
            return system_available_memory()
        stats = self._device.memory_stats() or {}
        if "bytes_limit" in stats:
            return int(stats["bytes_limit"]) - int(stats.get("bytes_in_use", 0))
        return None

    @staticmethod
    def _no_out(out: Array | None, what: str) -> None:
        if out is not None:
            raise CapabilityError(
                f"the jax backend cannot write {what} into out=: JAX arrays are immutable; "
                "check backend.writable(array) before passing out="
            )


def _staying_in_the_graph(fn: Callable[..., Array]) -> Callable[..., Array]:
    """``fn``, raising :class:`NotDifferentiableError` where it leaves JAX's autodiff."""
    advice = (
        "compute the value from the arguments with JAX operations (no conversion to NumPy or to Python "
        'numbers), or differentiate without autodiff: method="finite_difference"'
    )

    def traced(*args: Any) -> Array:
        try:
            output = fn(*args)
        except _LEFT_THE_GRAPH as error:
            raise NotDifferentiableError(
                f"the function left JAX's automatic differentiation ({type(error).__name__}); {advice}"
            ) from error
        if not isinstance(output, jax.core.Tracer):
            raise NotDifferentiableError(
                "the function's value does not depend on its differentiated arguments through JAX "
                f"operations, so JAX would report a zero gradient; {advice}"
            )
        return output

    return traced
