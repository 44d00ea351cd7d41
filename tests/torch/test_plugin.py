"""The plugin: registered through the ``tyxq`` entry points, discovered without importing torch."""

from __future__ import annotations

import subprocess
import sys

from tyxq.plugins import get_plugin_manager
from tyxq_torch.backend import TorchBackend


def test_discovery_does_not_import_torch() -> None:
    code = (
        "import sys, tyxq; names = tyxq.available_backends(); "
        "assert 'torch' in names, names; assert 'torch' not in sys.modules, 'torch was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_torch_backend_comes_from_the_tyxq_torch_distribution() -> None:
    registration = get_plugin_manager().get("backend", "torch")
    assert registration.distribution == "tyxq-torch"
    assert registration.record.load() is TorchBackend


def test_declared_capabilities_are_the_backend_s_own() -> None:
    declared = get_plugin_manager().get("backend", "torch").record.capabilities
    assert declared == TorchBackend.capabilities
