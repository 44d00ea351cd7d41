"""Which arguments are differentiated (``argnums``), and how results are packed.

Example:
    >>> normalize_argnums((0, 2), 3)
    (0, 2)
    >>> pack(["g0", "g2"], (0, 2)), pack(["g0"], 0)
    (('g0', 'g2'), 'g0')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import GradientError

__all__ = [
    "as_differentiable",
    "as_gradient",
    "host_argument",
    "normalize_argnums",
    "pack",
    "rebuild_argument",
    "with_replaced",
]


def normalize_argnums(argnums: int | Sequence[int], n_args: int) -> tuple[int, ...]:
    """``argnums`` as a tuple of non-negative positions, checked against the number of arguments."""
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not positions or any(isinstance(p, bool) or not isinstance(p, int) for p in positions):
        raise GradientError(f"argnums must be an int or a non-empty tuple of ints, got {argnums!r}")
    checked = []
    for position in positions:
        if not -n_args <= position < n_args:
            raise GradientError(
                f"argnums={argnums!r} asks for argument {position}, but the function was called with "
                f"{n_args} argument{'s' if n_args != 1 else ''}"
            )
        checked.append(position % n_args)
    if len(set(checked)) != len(checked):
        raise GradientError(f"argnums={argnums!r} names an argument twice")
    return tuple(checked)


def pack(grads: Sequence[Any], argnums: int | Sequence[int]) -> Any:
    """One gradient for an int ``argnums``, else a tuple."""
    return grads[0] if isinstance(argnums, int) else tuple(grads)


def with_replaced(args: Sequence[Any], positions: Sequence[int], values: Sequence[Any]) -> tuple[Any, ...]:
    """``args`` with ``args[positions[k]]`` replaced by ``values[k]``."""
    new = list(args)
    for position, value in zip(positions, values, strict=True):
        new[position] = value
    return tuple(new)


def as_differentiable(backend: Backend, value: Any, position: int) -> Array:
    """A differentiated argument as a floating-point array of ``backend``."""
    array = value if backend.is_array(value) else backend.asarray(value, dtype=backend.real_dtype)
    dtype = backend.dtype_name(array)
    if not dtype.startswith(("float", "bfloat")):
        raise GradientError(
            f"argument {position} has dtype {dtype}; gradients are taken with respect to real floating-point "
            f"arguments: pass it as {backend.real_dtype}, or leave it out of argnums"
        )
    return array


def host_argument(backend: Backend, value: Any, position: int) -> np.ndarray:
    """A differentiated argument's values as a float64 host array (for probing and finite differences)."""
    array = as_differentiable(backend, value, position)
    return np.asarray(backend.to_numpy(backend.detach(array)), dtype=np.float64)


def rebuild_argument(backend: Backend, original: Any, values: np.ndarray) -> Any:
    """``values`` in the form of ``original``: a Python float stays a float, an array keeps its dtype."""
    if isinstance(original, float):
        return float(values)
    dtype = backend.dtype_name(original) if backend.is_array(original) else backend.real_dtype
    return backend.asarray(np.asarray(values).reshape(np.shape(values)), dtype=dtype)


def as_gradient(backend: Backend, original: Any, values: np.ndarray) -> Array:
    """A gradient computed on the host, as an array of ``backend`` with the argument's dtype (floats: real dtype)."""
    dtype = backend.dtype_name(original) if backend.is_array(original) else backend.real_dtype
    return backend.asarray(np.asarray(values, dtype=np.float64), dtype=dtype)
