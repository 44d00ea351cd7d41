"""Registers a backend that declares autodiff, on the record and on the object alike."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(
        name="false_autodiff",
        factory="tyxq_false_autodiff.backend:FalseAutodiffBackend",
        capabilities={"autodiff": True},
    )
