"""Registers ``launched`` (starts under its launcher only) and ``unlaunchable`` (its launcher fails)."""

from tyxq.plugins import BackendPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(
        name="launched",
        factory="tyxq_launched.backend:LaunchedBackend",
        capabilities={"inplace": True, "views": True},
        launcher="python -m tyxq_launched.launch --",
    )
    yield BackendPlugin(
        name="unlaunchable",
        factory="tyxq_launched.backend:LaunchedBackend",
        capabilities={"inplace": True, "views": True},
        launcher="python -m tyxq_launched.broken_launch --",
    )
