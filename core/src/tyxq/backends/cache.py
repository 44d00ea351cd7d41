"""Keeping backend arrays between runs: constant gates, gather indices, sign tables.

Arrays are cached per backend instance (:func:`backend_key`). A backend may
forbid keeping what it makes at a given moment: torch's ``vmap`` and ``grad``
transforms create arrays that are valid only while they trace, so its
``can_cache()`` answers ``False`` then, and :func:`cached` makes the array
afresh without keeping it.

Example:
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> backend, store = NumpyBackend(), {}
    >>> first = cached(backend, store, "eye", lambda: backend.eye(2))
    >>> cached(backend, store, "eye", lambda: backend.eye(3)) is first
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .protocol import Array, Backend

__all__ = ["backend_key", "cached", "can_cache"]


def backend_key(backend: Backend) -> tuple[str, str, str, int]:
    """What cached arrays depend on: the backend's name, dtype, device and identity."""
    return (backend.name, backend.complex_dtype, str(backend.device), id(backend))


def can_cache(backend: Backend) -> bool:
    """Whether arrays made now may be kept for later runs (``Backend.can_cache``; optional, default yes)."""
    check = getattr(backend, "can_cache", None)
    return True if check is None else bool(check())


def cached(backend: Backend, cache: dict[Any, Any], key: Any, make: Callable[[], Array]) -> Array:
    """``cache[key]``, made by ``make()`` on first use; not kept while the backend forbids it."""
    found = cache.get(key)
    if found is None:
        found = make()
        if can_cache(backend):
            cache[key] = found
    return found
