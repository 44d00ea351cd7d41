"""The built-in numpy backend passes tyxq's own conformance kit (tyxq.testing)."""

from tyxq.testing import BackendConformance


class TestNumpyBackend(BackendConformance):
    backend_name = "numpy"
