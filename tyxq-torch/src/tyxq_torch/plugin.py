"""tyxq-torch's plugin: registers the ``torch`` backend through the ``tyxq`` entry points.

This module must stay light: tyxq imports it while discovering plugins, and
torch (hundreds of megabytes) is imported only when the backend is first
created through its factory path.

Example:
    >>> from tyxq_torch.plugin import tyxq_backends
    >>> [record.name for record in tyxq_backends()]
    ['torch']
"""

from __future__ import annotations

from collections.abc import Iterator

from tyxq.plugins import BackendPlugin, hookimpl

from . import __version__

__all__ = ["tyxq_backends"]


@hookimpl
def tyxq_backends() -> Iterator[BackendPlugin]:
    yield BackendPlugin(
        name="torch",
        factory="tyxq_torch.backend:TorchBackend",
        description="PyTorch tensors on the CPU or a CUDA GPU, complex64 or complex128, with autograd, vmap and jit",
        capabilities={"autodiff": True, "vmap": True, "jit": True, "dlpack": True, "devices": ("cpu", "cuda")},
        tyxq_versions=f"=={__version__}",
        install_hint='pip install "tyxq[torch]"',
    )
