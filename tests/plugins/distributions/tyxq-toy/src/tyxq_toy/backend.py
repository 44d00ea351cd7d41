"""The toy backend: tyxq's numpy backend under another name (imported only when selected)."""

from tyxq.backends.numpy_backend import NumpyBackend


class ToyBackend(NumpyBackend):
    name = "toy"
