"""Registers a backend whose factory path names ``backnd`` instead of ``backend``."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(
        name="factory_typo",
        factory="tyxq_factory_typo.backnd:FactoryTypoBackend",
        install_hint="pip install tyxq-factory-typo",
    )
