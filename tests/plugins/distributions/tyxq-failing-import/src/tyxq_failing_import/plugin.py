"""Registers a backend whose module fails on import; its install hint is not the fix for that."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(
        name="failing_import",
        factory="tyxq_failing_import.backend:FailingBackend",
        install_hint="pip install failing-accelerator-runtime",
    )
