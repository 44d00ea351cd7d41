"""The ``torch`` backend: tyxq's Backend protocol on PyTorch tensors, on the CPU or a CUDA GPU.

Every array this backend creates lives on its one device and computes in its
one complex dtype (``complex64`` or ``complex128``) with the matching real
dtype for angles (``float32`` or ``float64``). Tensors from another device
are refused with :class:`~tyxq.errors.BackendError` instead of being moved
behind the user's back; host data (numbers, lists, numpy arrays) is copied
onto the device.

Automatic differentiation, ``vmap`` and ``jit`` come from torch itself
(:mod:`tyxq_torch.transforms`, :mod:`tyxq_torch.compile`): gradients flow
through tyxq's kernels into the user's own autograd graph.

Example:
    >>> import tyxq, torch
    >>> backend = tyxq.set_backend("torch", dtype="complex64")
    >>> theta = torch.tensor(0.3, requires_grad=True)
    >>> value = tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Z(0))
    >>> value.backward()
    >>> round(theta.grad.item(), 5) == round(-torch.sin(torch.tensor(0.3)).item(), 5)
    True
    >>> _ = tyxq.set_backend("numpy")
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from tyxq.arguments import check_dtype_option
from tyxq.backends.host_memory import system_available_memory
from tyxq.backends.protocol import REAL_DTYPE_OF, Array

from . import compile as _compile
from . import transforms
from .capabilities import CAPABILITIES
from .devices import TORCH_DTYPES, check_same_device, dtype_name, resolve_device, torch_dtype
from .views import stack_views, tracked_alike

__all__ = ["TorchBackend"]

_functorch_wrapped: Callable[[torch.Tensor], bool] | None = getattr(
    getattr(torch._C, "_functorch", None), "is_functorch_wrapped_tensor", None
)
_functorch_active: Callable[[], bool] | None = getattr(torch._C, "_are_functorch_transforms_active", None)


_PYTHON_KINDS = {bool: torch.bool, int: torch.int64, float: torch.float64, complex: torch.complex128}
_NUMPY_DEFAULTS = {"c": torch.complex128, "f": torch.float64}


def _number_kind(value: numbers.Number) -> torch.dtype:
    if isinstance(value, numbers.Integral):
        return torch.int64
    return torch.float64 if isinstance(value, numbers.Real) else torch.complex128


def _tracing() -> bool:
    """Whether ``torch.func`` (vmap, grad, jacfwd) or ``torch.compile`` is tracing right now."""
    if torch.compiler.is_compiling():
        return True
    if _functorch_active is None:  # an unknown torch: assume the worst
        return True
    return bool(_functorch_active())


def _inside_transform(a: torch.Tensor) -> bool:
    """Whether ``a`` is being traced by a transform (or one is tracing, where that cannot be told)."""
    if _tracing():
        return True
    return _functorch_wrapped is None or bool(_functorch_wrapped(a))


class TorchBackend:
    """PyTorch tensors on one device (``cpu``, ``cuda``, ``cuda:N``), complex64 or complex128.

    Args:
        dtype: the complex dtype of statevectors; angles use the matching
            real dtype.
        device: where every tensor is created; ``"cuda"`` is the current
            CUDA device.

    Example:
        >>> from tyxq_torch.backend import TorchBackend
        >>> backend = TorchBackend(dtype="complex64")
        >>> backend.zeros((2,)).dtype, backend.real_dtype, backend.device
        (torch.complex64, 'float32', 'cpu')
    """

    name = "torch"
    capabilities = CAPABILITIES

    def __init__(self, dtype: str = "complex128", device: str | torch.device = "cpu") -> None:
        self.complex_dtype = check_dtype_option(self.name, dtype)
        self.real_dtype = REAL_DTYPE_OF[self.complex_dtype]
        self.torch_device = resolve_device(device)
        self.device = str(self.torch_device)
        self._complex = TORCH_DTYPES[self.complex_dtype]
        self._real = TORCH_DTYPES[self.real_dtype]

    def __repr__(self) -> str:
        return f"TorchBackend(dtype={self.complex_dtype!r}, device={self.device!r})"

    # --- dtypes --------------------------------------------------------------------------------

    def _default_dtype(self, dtype: str | None, like: torch.dtype) -> torch.dtype:
        """``dtype`` as a torch dtype; by default complex → complex_dtype, floating → real_dtype."""
        if dtype is not None:
            return torch_dtype(dtype)
        if like.is_complex:
            return self._complex
        if like.is_floating_point:
            return self._real
        return like

    # --- creation and conversion ---------------------------------------------------------------

    def asarray(self, data: Any, dtype: str | None = None) -> Array:
        if isinstance(data, torch.Tensor):
            check_same_device(data, self.torch_device, self.name)
            target = self._default_dtype(dtype, data.dtype)
            return data if data.dtype == target else data.to(target)
        if isinstance(data, (bool, numbers.Number)):
            kind = _PYTHON_KINDS[type(data)] if type(data) in _PYTHON_KINDS else _number_kind(data)
            return torch.as_tensor(data, dtype=self._default_dtype(dtype, kind), device=self.torch_device)
        host = np.asarray(data)
        if host.dtype == object:
            raise TypeError(f"cannot make a tensor of {type(data).__name__} data")
        if not host.dtype.isnative or any(stride < 0 for stride in host.strides):
            host = np.ascontiguousarray(host, dtype=host.dtype.newbyteorder("="))
        target = torch_dtype(dtype) if dtype else _NUMPY_DEFAULTS.get(host.dtype.kind)
        if target is None:
            return torch.as_tensor(host, device=self.torch_device)
        if dtype is None:
            target = self._default_dtype(None, target)
        return torch.as_tensor(host, dtype=target, device=self.torch_device)

    def array(self, data: Any, dtype: str | None = None) -> Array:
        result = self.asarray(data, dtype)
        if isinstance(data, (torch.Tensor, np.ndarray)) and result.device.type == "cpu":
            result = result.clone()
        return result

    def to_numpy(self, a: Array) -> np.ndarray:
        if not isinstance(a, torch.Tensor):
            return np.asarray(a)
        return a.detach().cpu().resolve_conj().resolve_neg().numpy()

    def zeros(self, shape: Sequence[int], dtype: str | None = None) -> Array:
        return torch.zeros(tuple(shape), dtype=torch_dtype(dtype) if dtype else self._complex, device=self.torch_device)

    def ones(self, shape: Sequence[int], dtype: str | None = None) -> Array:
        return torch.ones(tuple(shape), dtype=torch_dtype(dtype) if dtype else self._complex, device=self.torch_device)

    def zeros_like(self, a: Array) -> Array:
        return torch.zeros_like(a)

    def ones_like(self, a: Array) -> Array:
        return torch.ones_like(a)

    def eye(self, n: int, dtype: str | None = None) -> Array:
        return torch.eye(n, dtype=torch_dtype(dtype) if dtype else self._complex, device=self.torch_device)

    def arange(self, n: int, dtype: str | None = None) -> Array:
        return torch.arange(n, dtype=torch_dtype(dtype) if dtype else torch.int64, device=self.torch_device)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, torch.Tensor)

    def shape(self, a: Array) -> tuple[int, ...]:
        return tuple(a.shape)

    def dtype_name(self, a: Array) -> str:
        return dtype_name(a.dtype)

    def cast(self, a: Array, dtype: str) -> Array:
        target = torch_dtype(dtype)
        if a.dtype == target:
            return a
        if a.dtype.is_complex and not target.is_complex:
            return torch.real(a).to(target)
        return a.to(target)

    def copy(self, a: Array) -> Array:
        return a.clone()

    # --- shape ---------------------------------------------------------------------------------

    def reshape(self, a: Array, shape: Sequence[int]) -> Array:
        return torch.reshape(a, tuple(shape))

    def moveaxis(self, a: Array, source: int | Sequence[int], destination: int | Sequence[int]) -> Array:
        return torch.movedim(a, source, destination)  # type: ignore[arg-type]

    def transpose(self, a: Array, axes: Sequence[int] | None = None) -> Array:
        return a.permute(tuple(range(a.dim() - 1, -1, -1)) if axes is None else tuple(axes))

    def stack(self, arrays: Sequence[Array], axis: int = 0) -> Array:
        arrays = list(arrays)
        if arrays and isinstance(arrays[0], torch.Tensor) and not _inside_transform(arrays[0]):
            gathered = stack_views(arrays, axis)  # pieces of one weight tensor: one autograd node, not one each
            if gathered is not None:
                return gathered
        return torch.stack(arrays, dim=axis)

    def concatenate(self, arrays: Sequence[Array], axis: int = 0) -> Array:
        return torch.cat(list(arrays), dim=axis)

    def kron(self, a: Array, b: Array) -> Array:
        return torch.kron(a.contiguous(), b.contiguous())  # torch.kron views its inputs: strided ones fail

    def broadcast_to(self, a: Array, shape: Sequence[int]) -> Array:
        return torch.broadcast_to(a, tuple(shape))

    def take(self, a: Array, indices: Array, axis: int, out: Array | None = None) -> Array:
        if not isinstance(indices, torch.Tensor):
            indices = self.asarray(indices)
        if out is not None:
            return torch.index_select(a, axis, indices, out=out)
        if a.dim() == 2 and axis in (1, -1) and indices.dim() == 1:
            # one gather with a broadcast index is the fastest reordering torch has on the CPU
            return torch.gather(a, 1, indices.expand(a.shape[0], indices.shape[0]))
        return torch.index_select(a, axis, indices)

    # --- arithmetic and reduction --------------------------------------------------------------

    def matmul(self, a: Array, b: Array, out: Array | None = None) -> Array:
        return torch.matmul(a, b) if out is None else torch.matmul(a, b, out=out)

    def multiply(self, a: Array, b: Array, out: Array | None = None) -> Array:
        return torch.mul(a, b) if out is None else torch.mul(a, b, out=out)

    def einsum(self, subscripts: str, *operands: Array) -> Array:
        return torch.einsum(subscripts, *operands)

    def tensordot(self, a: Array, b: Array, axes: Any) -> Array:
        return torch.tensordot(a, b, dims=axes)

    def sum(self, a: Array, axis: int | Sequence[int] | None = None) -> Array:
        return torch.sum(a) if axis is None else torch.sum(a, dim=axis if isinstance(axis, int) else tuple(axis))

    def mean(self, a: Array, axis: int | Sequence[int] | None = None) -> Array:
        return torch.mean(a) if axis is None else torch.mean(a, dim=axis if isinstance(axis, int) else tuple(axis))

    def cumsum(self, a: Array, axis: int = -1) -> Array:
        return torch.cumsum(a, dim=axis)

    def abs(self, a: Array) -> Array:
        return torch.abs(a)

    def real(self, a: Array) -> Array:
        return torch.real(a)

    def imag(self, a: Array) -> Array:
        return torch.imag(a) if a.is_complex() else torch.zeros_like(a)

    def conj(self, a: Array) -> Array:
        return torch.conj(a)

    def diag(self, a: Array) -> Array:
        return torch.diag(a)

    def exp(self, a: Array) -> Array:
        return torch.exp(a)

    def sin(self, a: Array) -> Array:
        return torch.sin(a)

    def cos(self, a: Array) -> Array:
        return torch.cos(a)

    def sqrt(self, a: Array) -> Array:
        return torch.sqrt(a)

    def square(self, a: Array) -> Array:
        return torch.square(a)

    def log(self, a: Array) -> Array:
        return torch.log(a)

    def log2(self, a: Array) -> Array:
        return torch.log2(a)

    def all_finite(self, a: Array) -> bool | None:
        """Whether every entry is finite; ``None`` where reading values would cost a GPU sync or break a trace."""
        if not isinstance(a, torch.Tensor):
            return bool(np.all(np.isfinite(a)))
        if a.device.type != "cpu" or _inside_transform(a):
            return None
        return bool(torch.isfinite(a).all())

    # --- linear algebra ------------------------------------------------------------------------

    def svd(self, a: Array, full_matrices: bool = True) -> tuple[Array, Array, Array]:
        u, s, vh = torch.linalg.svd(a, full_matrices=full_matrices)
        return u, s, vh

    def eigh(self, a: Array) -> tuple[Array, Array]:
        values, vectors = torch.linalg.eigh(a)
        return values, vectors

    def norm(self, a: Array, axis: int | None = None) -> Array:
        return torch.linalg.vector_norm(a, dim=axis)

    # --- random and sampling -------------------------------------------------------------------

    def rng(self, seed: Any = None) -> torch.Generator:
        """A :class:`torch.Generator` on this device from an int, a generator, or ``None`` (fresh entropy)."""
        if isinstance(seed, torch.Generator):
            if seed.device != self.torch_device:
                raise TypeError(f"the generator lives on {seed.device}, but the backend computes on {self.device}")
            return seed
        generator = torch.Generator(device=self.torch_device)
        if seed is None:
            generator.seed()
        elif isinstance(seed, np.random.Generator):
            generator.manual_seed(int(seed.integers(2**63)))
        else:
            generator.manual_seed(int(seed))
        return generator

    def normal(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array:
        kind = torch_dtype(dtype) if dtype else self._real
        return torch.randn(tuple(shape), generator=self.rng(rng), dtype=kind, device=self.torch_device)

    def uniform(self, rng: Any, shape: Sequence[int], dtype: str | None = None) -> Array:
        kind = torch_dtype(dtype) if dtype else self._real
        return torch.rand(tuple(shape), generator=self.rng(rng), dtype=kind, device=self.torch_device)

    def choice(self, rng: Any, n: int, size: int, p: Array) -> Array:
        cumulative = torch.cumsum(self.asarray(p).detach().to(torch.float64), dim=0)
        draws = torch.rand(size, generator=self.rng(rng), dtype=torch.float64, device=self.torch_device)
        return torch.searchsorted(cumulative, draws * cumulative[-1], right=True).clamp_(max=n - 1)

    def bincount(self, x: Array, minlength: int = 0) -> Array:
        return torch.bincount(x, minlength=minlength)

    def nonzero(self, x: Array) -> Array:
        return torch.nonzero(x, as_tuple=True)[0]

    # --- differentiation and transformation ----------------------------------------------------

    def can_cache(self) -> bool:
        """Whether tyxq may keep tensors made now: not while ``torch.func`` transforms or ``torch.compile`` trace."""
        return not _tracing()

    def writable(self, a: Array) -> bool:
        """Whether kernels may overwrite ``a``: never while autograd records it or a transform traces it."""
        if not isinstance(a, torch.Tensor) or _inside_transform(a) or a.is_inference():
            return False
        return not (a.requires_grad and torch.is_grad_enabled())

    def is_tracked(self, x: Array) -> bool:
        """Whether autograd records ``x`` or a transform traces it: its values then carry derivatives."""
        if not isinstance(x, torch.Tensor):
            return False
        return _inside_transform(x) or (x.requires_grad and torch.is_grad_enabled())

    def version(self, x: Array) -> int | None:
        """The in-place write counter of ``x`` (shared with its views), or ``None`` for tensors that keep none.

        Every in-place write bumps it (an optimiser's step, ``w[0] = 1.0`` under
        ``no_grad``); a write through ``.data`` does not, as autograd does not see it
        either. Inference tensors and tensors inside a transform keep no counter.
        """
        if not isinstance(x, torch.Tensor) or x.is_inference() or _inside_transform(x):
            return None
        return int(x._version)

    def version_owner(self, x: Array) -> Array:
        """A tensor that stands for ``x`` in the memo's checks: its base for a view, else ``x`` itself.

        A view shares its base's write counter; the base stands for it only where
        autograd tracks both alike (``tyxq_torch.views.tracked_alike``).
        """
        base = getattr(x, "_base", None)
        return base if base is not None and tracked_alike(x, base) else x

    def watch_backward(self, x: Array, callback: Callable[[], None]) -> bool:
        """Call ``callback()`` when a backward pass reaches ``x`` (which may free the graph behind it).

        Returns whether it is watched: ``False`` for a tensor autograd does not record.
        """
        if not isinstance(x, torch.Tensor) or not x.requires_grad:
            return False

        def reached(grad: torch.Tensor) -> None:
            callback()

        x.register_hook(reached)
        return True

    def requires_grad(self, x: Array, flag: bool = True) -> Array:
        x = self.asarray(x)
        if x.requires_grad == flag:
            return x
        return x.detach().requires_grad_(flag)

    def detach(self, x: Array) -> Array:
        return x.detach() if isinstance(x, torch.Tensor) else x

    def value_and_grad(self, fn: Callable[..., Array], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
        return transforms.value_and_grad(fn, argnums)

    def vjp(self, fn: Callable[..., Array], *primals: Array) -> tuple[Array, Callable[[Array], tuple[Array, ...]]]:
        return transforms.vjp(fn, *primals)

    def vmap(self, fn: Callable[..., Any], in_axes: Any = 0) -> Callable[..., Any]:
        return transforms.vmap(fn, in_axes)

    def vectorized_value_and_grad(
        self, fn: Callable[..., Array], argnums: int | Sequence[int] = 0, in_axes: Any = 0
    ) -> Callable[..., Any]:
        """Values and gradients of ``fn`` for a batch of arguments in one call (see :mod:`tyxq_torch.transforms`)."""
        return transforms.vectorized_value_and_grad(fn, argnums, in_axes)

    def jit(self, fn: Callable[..., Any], fallback: str = "error", **options: Any) -> Callable[..., Any]:
        """``fn`` compiled by ``torch.compile`` (see :func:`tyxq_torch.compile.jit`)."""
        return _compile.jit(fn, fallback=fallback, **options)

    def custom_vjp(
        self,
        fn: Callable[..., Array],
        vjp: Callable[[tuple[Array, ...], Array, Array], tuple[Array | None, ...]],
    ) -> Callable[..., Array]:
        return transforms.custom_vjp(fn, vjp)

    def custom_vjp_with_residuals(
        self,
        fn: Callable[..., tuple[Array, tuple[Array, ...]]],
        vjp: Callable[[tuple[Array, ...], tuple[Array, ...], Array, tuple[bool, ...]], tuple[Array | None, ...]],
    ) -> Callable[..., Array]:
        """``custom_vjp`` whose backward starts from a residual ``fn`` kept (see :mod:`tyxq_torch.transforms`)."""
        return transforms.custom_vjp_with_residuals(fn, vjp)

    # --- exchange and resources ----------------------------------------------------------------

    def from_dlpack(self, x: Any) -> Array:
        """A tensor sharing ``x``'s memory where ``x`` lives on this device; host data is copied to a GPU."""
        tensor = torch.from_dlpack(x)
        if tensor.device == self.torch_device:
            return tensor
        if tensor.device.type == "cpu":
            return tensor.to(self.torch_device)
        check_same_device(tensor, self.torch_device, self.name)
        return tensor

    def available_memory(self) -> int | None:
        if self.torch_device.type == "cuda":
            free, _ = torch.cuda.mem_get_info(self.torch_device)
            return int(free)
        return system_available_memory()
