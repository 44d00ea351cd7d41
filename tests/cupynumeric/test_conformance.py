"""The cupynumeric backend passes tyxq's conformance kit (tyxq.testing), in both dtypes."""

from tyxq.testing import BackendConformance


class TestCupynumericBackend(BackendConformance):
    backend_name = "cupynumeric"
