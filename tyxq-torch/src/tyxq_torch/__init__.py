"""tyxq-torch: the PyTorch backend of tyxq (CPU and CUDA, complex64 and complex128, autograd, vmap, jit).

Importing this package does not import torch: tyxq discovers the plugin
(:mod:`tyxq_torch.plugin`) without it, and torch is loaded when the backend
is first used, e.g. by ``tyxq.set_backend("torch", device="cuda")``.

Example:
    >>> import tyxq
    >>> "torch" in tyxq.available_backends()
    True
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["TorchBackend", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "TorchBackend":
        from .backend import TorchBackend

        return TorchBackend
    raise AttributeError(f"module 'tyxq_torch' has no attribute {name!r}")
