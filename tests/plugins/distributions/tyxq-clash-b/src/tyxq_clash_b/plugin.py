"""Registers the backend 'clash', as the other clash distribution does."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(name="clash", factory="tyxq.backends.numpy_backend:NumpyBackend", description="clash b")
