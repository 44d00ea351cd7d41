"""The backend the record meant to name."""

from tyxq.backends.numpy_backend import NumpyBackend


class FactoryTypoBackend(NumpyBackend):
    name = "factory_typo"
