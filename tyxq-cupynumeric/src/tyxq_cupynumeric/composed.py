"""Operations cuPyNumeric 26.x lacks, composed from those it has (no round trip through numpy).

- ``kron``: an outer product by broadcasting, reshaped; operands of up to
  three axes, so the interleaved intermediate stays within Legate's six.
- ``choice`` (weighted draws of indices): a cumulative sum and a sorted
  search of uniform draws, on the device.

Example:
    >>> import cupynumeric as cn
    >>> kron(cn, cn.eye(2), cn.asarray([[1, 2], [3, 4]])).tolist()
    [[1.0, 2.0, 0.0, 0.0], [3.0, 4.0, 0.0, 0.0], [0.0, 0.0, 1.0, 2.0], [0.0, 0.0, 3.0, 4.0]]
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from tyxq.errors import CapabilityError

from .capabilities import MAX_DIMS

__all__ = ["choice", "kron"]


def kron(cn: ModuleType, a: Any, b: Any) -> Any:
    """The Kronecker product of ``a`` and ``b``, with numpy's semantics, for operands of at most three axes."""
    a, b = cn.asarray(a), cn.asarray(b)
    ndim = max(a.ndim, b.ndim)
    if 2 * ndim > MAX_DIMS:
        raise CapabilityError(
            f"kron of {a.ndim}- and {b.ndim}-axis arrays needs a {2 * ndim}-axis intermediate, but Legate arrays "
            f"have at most {MAX_DIMS} axes; reshape the operands to at most {MAX_DIMS // 2} axes first"
        )
    a_shape = (1,) * (ndim - a.ndim) + tuple(a.shape)
    b_shape = (1,) * (ndim - b.ndim) + tuple(b.shape)
    a_spread = cn.reshape(a, tuple(x for extent in a_shape for x in (extent, 1)))
    b_spread = cn.reshape(b, tuple(x for extent in b_shape for x in (1, extent)))
    return cn.reshape(a_spread * b_spread, tuple(m * n for m, n in zip(a_shape, b_shape, strict=True)))


def choice(cn: ModuleType, generator: Any, n: int, size: int, p: Any) -> Any:
    """``size`` indices in ``range(n)`` drawn with probabilities ``p`` (normalised here), as int64."""
    cumulative = cn.cumsum(cn.asarray(p, dtype="float64"))
    cumulative = cumulative / cumulative[-1]
    draws = generator.random(size)
    return cn.minimum(cn.searchsorted(cumulative, draws, side="right"), n - 1).astype("int64")
