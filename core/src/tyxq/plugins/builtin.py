"""tyxq's own plugin: the built-ins register through the very hooks third parties use."""

from __future__ import annotations

from collections.abc import Iterator

from ..backends.numpy_backend import NumpyBackend
from .hookspec import hookimpl
from .types import BackendPlugin

__all__ = ["tyxq_backends"]


@hookimpl
def tyxq_backends() -> Iterator[BackendPlugin]:
    yield BackendPlugin(
        name="numpy",
        factory=NumpyBackend,
        description="NumPy on the CPU, complex64 or complex128; exact gradients via adjoint",
        capabilities=NumpyBackend.capabilities,
    )
