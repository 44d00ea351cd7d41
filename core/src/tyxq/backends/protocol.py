"""The Backend protocol: every array operation tyxq's kernels may use.

A backend wraps one array library (numpy, torch, cupynumeric, jax, ...) behind
the methods below. The statevector kernels, gradient methods and execution
modes call nothing else, so a new array library becomes a tyxq backend by
implementing this protocol and registering it through the ``tyxq_backends``
hook.

Besides these methods, kernels use the operators every array type shares
(``+ - * / @``, unary ``-``, basic slicing with integers and ``:``), as the
Python array API standard defines them.

Capabilities are data (:class:`BackendCapabilities`): a backend without
automatic differentiation says so and raises
:class:`~tyxq.errors.CapabilityError` from ``value_and_grad``; it never fakes
it.

Example:
    >>> import tyxq
    >>> backend = tyxq.get_backend()
    >>> backend.name, backend.capabilities.autodiff
    ('numpy', False)
    >>> backend.to_numpy(backend.eye(2)).tolist()
    [[(1+0j), 0j], [0j, (1+0j)]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ..arguments import COMPLEX_DTYPES  # the dtype names a backend computes in (checked there, for dtype=)

__all__ = ["Array", "Backend", "BackendCapabilities", "COMPLEX_DTYPES", "REAL_DTYPE_OF"]

Array = Any
"""An array of some backend; tyxq does not constrain its type statically."""

REAL_DTYPE_OF = {"complex64": "float32", "complex128": "float64"}
"""The real dtype of the same precision as each complex dtype."""


@dataclass(frozen=True)
class BackendCapabilities:
    """What a backend can do, declared once and checked by the conformance kit.

    Attributes:
        autodiff: ``value_and_grad``, ``vjp`` and ``requires_grad`` work.
        vmap: ``vmap`` vectorises a function over a batch axis.
        jit: ``jit`` compiles a function.
        inplace: kernels may overwrite arrays through ``out=`` arguments
            (when ``writable`` says so for the array at hand).
        views: reshaping a C-ordered array and slicing it with integers and
            ``:`` give views that share its memory, and assigning to such a
            view (``view[...] = values``) writes into the array. With
            ``inplace``, the statevector kernels then update a large state
            in place, block by block (``tyxq.kernels.blocked``), with
            no second copy of it.
        dlpack: arrays can be exchanged through ``__dlpack__``.
        devices: device kinds the backend can place arrays on.
        dtypes: complex dtypes the backend computes in.
        max_dims: the largest number of array dimensions the library allows,
            or ``None`` for no limit worth mentioning.
    """

    autodiff: bool = False
    vmap: bool = False
    jit: bool = False
    inplace: bool = False
    views: bool = False
    dlpack: bool = True
    devices: tuple[str, ...] = ("cpu",)
    dtypes: tuple[str, ...] = COMPLEX_DTYPES
    max_dims: int | None = None


@runtime_checkable
class Backend(Protocol):
    """The operations a numeric backend provides to tyxq.

    ``dtype`` arguments accept the strings ``"complex64"``, ``"complex128"``,
    ``"float32"``, ``"float64"``, ``"int64"``, ``"int32"``, ``"bool"`` or
    ``None`` (the backend's own complex dtype for complex data, its matching
    real dtype otherwise, as each method documents).
    """

    name: str
    capabilities: BackendCapabilities
    complex_dtype: str
    real_dtype: str
    device: str

    # creation and conversion
    def array(self, data: Any, dtype: str | None = None) -> Array: ...
    def asarray(self, data: Any, dtype: str | None = None) -> Array: ...
    def to_numpy(self, a: Array) -> Any: ...
    def zeros(self, shape: Sequence[int], dtype: str | None = None) -> Array: ...
    def ones(self, shape: Sequence[int], dtype: str | None = None) -> Array: ...
    def zeros_like(self, a: Array) -> Array: ...
    def ones_like(self, a: Array) -> Array: ...
    def eye(self, n: int, dtype: str | None = None) -> Array: ...
    def arange(self, n: int, dtype: str | None = None) -> Array: ...
    def is_array(self, x: Any) -> bool: ...
    def shape(self, a: Array) -> tuple[int, ...]: ...
    def dtype_name(self, a: Array) -> str: ...
    def cast(self, a: Array, dtype: str) -> Array: ...
    def copy(self, a: Array) -> Array: ...

    # shape
    def reshape(self, a: Array, shape: Sequence[int]) -> Array: ...
    def moveaxis(self, a: Array, source: int | Sequence[int], destination: int | Sequence[int]) -> Array: ...
    def transpose(self, a: Array, axes: Sequence[int] | None = None) -> Array: ...
    def stack(self, arrays: Sequence[Array], axis: int = 0) -> Array: ...
    def concatenate(self, arrays: Sequence[Array], axis: int = 0) -> Array: ...
    def kron(self, a: Array, b: Array) -> Array: ...
    def broadcast_to(self, a: Array, shape: Sequence[int]) -> Array: ...
    def take(self, a: Array, indices: Array, axis: int, out: Array | None = None) -> Array: ...

    # arithmetic and reduction
    def matmul(self, a: Array, b: Array, out: Array | None = None) -> Array: ...
    def multiply(self, a: Array, b: Array, out: Array | None = None) -> Array: ...
    def einsum(self, subscripts: str, *operands: Array) -> Array: ...
    def tensordot(self, a: Array, b: Array, axes: Any) -> Array: ...
    def sum(self, a: Array, axis: int | Sequence[int] | None = None) -> Array: ...
    def mean(self, a: Array, axis: int | Sequence[int] | None = None) -> Array: ...
    def cumsum(self, a: Array, axis: int = -1) -> Array: ...
    def abs(self, a: Array) -> Array: ...
    def real(self, a: Array) -> Array: ...
    def imag(self, a: Array) -> Array: ...
    def conj(self, a: Array) -> Array: ...
    def diag(self, a: Array) -> Array: ...
    def exp(self, a: Array) -> Array: ...
    def sin(self, a: Array) -> Array: ...
    def cos(self, a: Array) -> Array: ...
    def sqrt(self, a: Array) -> Array: ...
    def square(self, a: Array) -> Array: ...
    def log(self, a: Array) -> Array: ...
    def log2(self, a: Array) -> Array: ...
    def all_finite(self, a: Array) -> bool | None: ...

    # linear algebra
    def svd(self, a: Array, full_matrices: bool = True) -> tuple[Array, Array, Array]: ...
    def eigh(self, a: Array) -> tuple[Array, Array]: ...
    def norm(self, a: Array, axis: int | None = None) -> Array: ...

    # random and sampling: always an explicit seed or generator
    def rng(self, seed: Any = None) -> Any: ...
    def normal(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array: ...
    def uniform(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array: ...
    def choice(self, rng: Any, n: int, size: int, p: Array) -> Array: ...
    def bincount(self, x: Array, minlength: int = 0) -> Array: ...
    def nonzero(self, x: Array) -> Array: ...

    # differentiation and transformation (see capabilities)
    def writable(self, a: Array) -> bool: ...
    def requires_grad(self, x: Array, flag: bool = True) -> Array: ...
    def detach(self, x: Array) -> Array: ...
    def value_and_grad(self, fn: Callable[..., Array], argnums: int | Sequence[int] = 0) -> Callable[..., Any]: ...
    def vjp(self, fn: Callable[..., Array], *primals: Array) -> tuple[Array, Callable[[Array], tuple[Array, ...]]]: ...
    def vmap(self, fn: Callable[..., Any], in_axes: Any = 0) -> Callable[..., Any]: ...
    def jit(self, fn: Callable[..., Any]) -> Callable[..., Any]: ...
    def custom_vjp(
        self,
        fn: Callable[..., Array],
        vjp: Callable[[tuple[Array, ...], Array, Array], tuple[Array | None, ...]],
    ) -> Callable[..., Array]: ...

    # exchange
    def from_dlpack(self, x: Any) -> Array: ...

    # resources
    def available_memory(self) -> int | None: ...


# ``can_cache()`` (optional; absent means always): whether arrays made now may be
# kept in tyxq's caches (constant gates, gather indices, sign tables) and reused
# by later runs. A backend whose transforms create arrays valid only inside
# them (torch.func's vmap and grad) answers False while one is tracing.
#
# ``real_view(a)`` (optional; absent means no such view): a complex C-ordered array as
# real numbers sharing its memory, the last axis doubled into (re, im) pairs. The
# in-place kernels apply a gate whose matrix is real (H, RY, their Kronecker blocks)
# to that view, a real product with half the arithmetic of a complex one.
#
# ``version(x)`` (optional; absent means "cannot tell"): a value that changes whenever
# ``x`` is written in place (torch's version counter), or ``None`` where ``x`` keeps
# none. ``watch_backward(x, callback)`` (optional; absent means "cannot watch"): call
# ``callback()`` when a backward pass reaches ``x``, returning whether ``x`` is watched.
# ``version_owner(x)`` (optional; absent means every array is watched itself): an array
# whose ``version`` and tracking stand for ``x``'s (a torch view's base, where autograd
# tracks both alike), so the memo checks the 36 views ``w[l, q, k]`` of one weight once.
# The memo of recent states (``tyxq.execution.recent``) keeps a state only where it can
# see the changes that would make it stale: without them, states are never kept
# outside ``tyxq.evaluation()``.
#
# ``custom_vjp(fn, vjp)`` returns a function that computes ``fn(*primals)`` and
# whose vector-Jacobian product, for the backend's own autodiff, is
# ``vjp(primals, output, cotangent)`` (one cotangent per primal, ``None`` for
# primals that need none). The ``adjoint`` and ``parameter_shift`` gradient
# methods use it to sit inside torch.autograd or jax.grad. Backends without
# autodiff return ``fn`` unchanged.
#
# ``custom_vjp_with_residuals(fn, vjp)`` (optional; absent means custom_vjp is used):
# ``fn(*primals)`` returns ``(output, residuals)`` (a tuple of arrays) and the function
# returns ``output``, with ``vjp(primals, residuals, cotangent, needed)`` as its reverse
# rule (``needed``: per primal, whether a cotangent is asked for); the residuals are
# kept from the forward pass rather than recomputed. The adjoint gradient keeps its
# statevectors there, so its backward sweep simulates nothing again.
#
# ``value_and_grad`` and ``vjp`` raise :class:`~tyxq.errors.NotDifferentiableError`
# when the differentiated function leaves the autodiff graph (a conversion to a
# host number, an operation without a derivative); ``method="auto"`` then falls
# back to finite differences with a warning. Any other error propagates as is.
