"""Supports only tyxq releases before 0.1."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(
        name="ancient",
        factory="tyxq.backends.numpy_backend:NumpyBackend",
        description="made for tyxq 0.0",
        tyxq_versions="<0.1",
    )
