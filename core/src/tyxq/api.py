"""Choosing the backend by name: ``set_backend``, ``use_backend``, ``get_backend``.

The active choice lives in a :class:`contextvars.ContextVar`, so
``use_backend`` is safe in threads and async code. The default is the
``TYXQ_BACKEND`` environment variable, else ``numpy``. An unknown name is an
error that lists what is installed and how to add more; nothing falls back
silently.

Example:
    >>> import tyxq
    >>> with tyxq.use_backend("numpy", dtype="complex64"):
    ...     tyxq.Circuit(1).h(0).state().dtype
    dtype('complex64')
    >>> tyxq.get_backend().complex_dtype
    'complex128'
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import threading
from collections.abc import Iterator
from typing import Any

from .backends.protocol import Backend
from .plugins.manager import get_plugin_manager

__all__ = ["set_backend", "use_backend", "get_backend", "available_backends", "backend_instance"]

logger = logging.getLogger("tyxq")

_ACTIVE_BACKEND: contextvars.ContextVar[Backend | None] = contextvars.ContextVar("tyxq_backend", default=None)
_DEFAULT_BACKEND: list[Backend] = []
_INSTANCES: dict[tuple[str, tuple[tuple[str, Any], ...]], Backend] = {}
_LOCK = threading.Lock()


def backend_instance(name: str, **options: Any) -> Backend:
    """The backend ``name`` created with ``options`` (one shared instance per combination).

    Example:
        >>> backend_instance("numpy") is backend_instance("numpy")
        True
    """
    key = (name.lower(), tuple(sorted(options.items())))
    with _LOCK:
        backend = _INSTANCES.get(key)
    if backend is None:
        backend = get_plugin_manager().create("backend", name, **options)
        with _LOCK:
            backend = _INSTANCES.setdefault(key, backend)
    return backend


def set_backend(name: str | Backend, **options: Any) -> Backend:
    """Make ``name`` (with ``options`` such as ``dtype="complex64"``) the active backend; returns it.

    A ``Backend`` object is accepted too (options must then be empty).

    Example:
        >>> import tyxq
        >>> tyxq.set_backend("numpy", dtype="complex128").name
        'numpy'
    """
    backend = _resolve(name, options)
    _ACTIVE_BACKEND.set(backend)
    _DEFAULT_BACKEND[:] = [backend]
    logger.info("active backend: %r", backend)
    return backend


@contextlib.contextmanager
def use_backend(name: str | Backend, **options: Any) -> Iterator[Backend]:
    """Use ``name`` as the active backend inside a ``with`` block.

    Example:
        >>> import tyxq
        >>> with tyxq.use_backend("numpy") as backend:
        ...     backend.name
        'numpy'
    """
    token = _ACTIVE_BACKEND.set(_resolve(name, options))
    try:
        yield _ACTIVE_BACKEND.get()  # type: ignore[misc]
    finally:
        _ACTIVE_BACKEND.reset(token)


def _resolve(name: str | Backend, options: dict[str, Any]) -> Backend:
    if isinstance(name, str):
        return backend_instance(name, **options)
    if options:
        raise TypeError("options are only accepted together with a backend name")
    return name


def get_backend() -> Backend:
    """The active backend (``TYXQ_BACKEND`` or ``numpy`` until one is set).

    Example:
        >>> import tyxq
        >>> tyxq.get_backend().name in tyxq.available_backends()
        True
    """
    backend = _ACTIVE_BACKEND.get()
    if backend is not None:
        return backend
    if not _DEFAULT_BACKEND:
        _DEFAULT_BACKEND.append(backend_instance(os.environ.get("TYXQ_BACKEND", "numpy")))
    return _DEFAULT_BACKEND[0]


def available_backends() -> list[str]:
    """Names of the installed backends, sorted (no backend library is imported).

    Example:
        >>> import tyxq
        >>> "numpy" in tyxq.available_backends()
        True
    """
    return sorted(get_plugin_manager().registrations("backend"))
