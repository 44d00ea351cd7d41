"""The toy backend: tyxq's numpy backend under another name (imported only when selected)."""

import dataclasses

from tyxq.backends.numpy_backend import NumpyBackend


class ToyBackend(NumpyBackend):
    name = "toy"
    capabilities = dataclasses.replace(NumpyBackend.capabilities, devices=("cpu", "toy_accelerator"))
