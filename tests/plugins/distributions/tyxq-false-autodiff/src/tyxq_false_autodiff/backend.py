"""numpy's backend with autodiff declared: its value_and_grad still raises CapabilityError."""

from tyxq.backends import BackendCapabilities
from tyxq.backends.numpy_backend import NumpyBackend


class FalseAutodiffBackend(NumpyBackend):
    name = "false_autodiff"
    capabilities = BackendCapabilities(autodiff=True)
