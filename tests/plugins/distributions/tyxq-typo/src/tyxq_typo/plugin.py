"""Implements ``tyxq_backend`` (singular), which is not one of tyxq's hooks."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backend():
    yield BackendPlugin(name="typo", factory="tyxq.backends.numpy_backend:NumpyBackend")
