"""The plugin module named by this distribution's ``tyxq`` entry point.

It only describes the backend; the factory is an import path, so tyxq's
discovery (``tyxq.available_backends()``, ``tyxq plugins``) never imports JAX.

Example:
    >>> from tyxq_jax.plugin import tyxq_backends
    >>> [record.name for record in tyxq_backends()]
    ['jax']
"""

from __future__ import annotations

from collections.abc import Iterator

from tyxq.backends import BackendCapabilities
from tyxq.plugins import BackendPlugin, hookimpl

__all__ = ["tyxq_backends"]


@hookimpl
def tyxq_backends() -> Iterator[BackendPlugin]:
    """Register the ``jax`` backend (options: ``dtype``, ``device``)."""
    yield BackendPlugin(
        name="jax",
        factory="tyxq_jax.backend:JaxBackend",
        description="JAX arrays: jit, vmap and grad; complex64, or complex128 with x64 enabled",
        capabilities=BackendCapabilities(
            autodiff=True, vmap=True, jit=True, inplace=False, dlpack=True, devices=("cpu", "cuda")
        ),
        tyxq_versions=">=0.1,<0.2",
        install_hint="pip install ./plugins/tyxq-jax (from the tyxq repository)",
    )
