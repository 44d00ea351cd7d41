"""tyxq-cupynumeric's plugin: registers the ``cupynumeric`` backend through the ``tyxq`` hooks.

Nothing here imports cupynumeric (importing it starts Legate): the factory
is an import path, resolved when the backend is first used. The record's
``launcher`` is how a process using it starts on a machine without a GPU
driver (:mod:`tyxq_cupynumeric.standin`); ``tyxq plugins --check`` checks
the backend in a process started that way.

Example:
    >>> [record.name for record in tyxq_backends()]
    ['cupynumeric']
"""

from __future__ import annotations

from collections.abc import Iterator

from tyxq.plugins import BackendPlugin, hookimpl

from . import __version__
from .capabilities import CAPABILITIES

__all__ = ["tyxq_backends"]


@hookimpl
def tyxq_backends() -> Iterator[BackendPlugin]:
    yield BackendPlugin(
        name="cupynumeric",
        factory="tyxq_cupynumeric.backend:CupynumericBackend",
        description="cuPyNumeric on Legate: one CPU to many GPUs and nodes; complex64 or complex128",
        capabilities=CAPABILITIES,
        tyxq_versions=f"=={__version__}",
        install_hint='pip install "tyxq[gpu]"',
        launcher="python -m tyxq_cupynumeric.standin --",  # builds nothing where a real CUDA driver loads
    )
