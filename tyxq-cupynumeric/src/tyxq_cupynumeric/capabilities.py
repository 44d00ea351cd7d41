"""What the cupynumeric backend can do, declared once for the plugin record and the backend.

Importing this module imports no cupynumeric, so the plugin can hand the
capabilities to tyxq before the backend (and Legate) is ever started.

Example:
    >>> CAPABILITIES.max_dims, CAPABILITIES.autodiff
    (6, False)
"""

from __future__ import annotations

from tyxq.backends.protocol import BackendCapabilities

__all__ = ["CAPABILITIES", "MAX_DIMS"]

MAX_DIMS = 6
"""The most axes a Legate array has in the wheels tyxq supports; a seventh aborts the process."""

CAPABILITIES = BackendCapabilities(
    autodiff=False,
    vmap=False,
    jit=False,
    inplace=True,
    dlpack=True,
    devices=("cpu", "cuda"),
    max_dims=MAX_DIMS,
)
