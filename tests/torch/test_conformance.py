"""The torch backend passes tyxq's conformance kit (tyxq.testing), in both dtypes."""

from tyxq.testing import BackendConformance


class TestTorchBackend(BackendConformance):
    backend_name = "torch"
