"""Registers a backend that never wrote ``kron``."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(name="no_kron", factory="tyxq_no_kron.backend:NoKronBackend")
