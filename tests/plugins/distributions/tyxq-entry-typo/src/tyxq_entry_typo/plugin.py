"""The module the entry point meant (it says ``plugn``)."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(name="entry_typo", factory="tyxq.backends.numpy_backend:NumpyBackend")
