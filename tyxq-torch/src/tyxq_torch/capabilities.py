"""What the torch backend can do, declared once for the plugin record and the backend (no torch import).

Example:
    >>> from tyxq_torch.capabilities import CAPABILITIES
    >>> CAPABILITIES.autodiff, CAPABILITIES.devices
    (True, ('cpu', 'cuda'))
"""

from __future__ import annotations

from tyxq.backends.protocol import BackendCapabilities

__all__ = ["CAPABILITIES", "DEVICE_KINDS"]

DEVICE_KINDS = ("cpu", "cuda")
"""Device types the torch backend places statevectors on."""

# inplace: on large states, writing into two ping-pong buffers instead of allocating a state per step is
# 2-4x faster on the CPU (22 qubits, complex128); ``TorchBackend.writable`` keeps it away from autograd's tensors
CAPABILITIES = BackendCapabilities(
    autodiff=True, vmap=True, jit=True, inplace=True, dlpack=True, devices=DEVICE_KINDS
)
