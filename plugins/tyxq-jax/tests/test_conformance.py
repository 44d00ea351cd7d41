"""tyxq-jax passes tyxq's conformance kit: the whole backend suite, in complex64 and complex128."""

from tyxq.testing import BackendConformance


class TestJaxBackend(BackendConformance):
    backend_name = "jax"
