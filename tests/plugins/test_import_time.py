"""Discovering plugins imports no heavy array library, whatever plugins this environment has.

``python -X importtime`` lists every module an interpreter imports. With
tyxq-torch installed (the tox env ``torch``), the torch backend is
registered by an import-path factory, so listing the backends must not
import torch; the same holds for cupynumeric (Legate) and jax.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import tyxq

HEAVY = {"torch", "cupynumeric", "legate", "jax", "jaxlib", "cupy", "tensorflow"}


def imported_modules(code: str) -> tuple[set[str], str]:
    """The modules ``code`` imports in a fresh interpreter, and what it printed."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TYXQ_")}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    return modules, result.stdout


def test_listing_backends_imports_no_heavy_array_library():
    modules, printed = imported_modules("import json, tyxq; print(json.dumps(tyxq.available_backends()))")
    assert "tyxq.plugins.manager" in modules, "the import-time listing did not cover tyxq's discovery"
    assert json.loads(printed) == tyxq.available_backends()
    heavy = sorted(name for name in modules if name.split(".")[0] in HEAVY)
    assert heavy == [], f"discovering plugins imported {heavy[:5]}"


def test_listing_plugins_on_the_command_line_imports_no_factory_and_not_the_check():
    modules, printed = imported_modules("from tyxq.cli import main; main(['plugins', '--json'])")
    assert json.loads(printed), "tyxq plugins printed no rows"
    imported = sorted(name for name in modules if name.split(".")[0] in HEAVY or name.startswith("tyxq.testing"))
    assert imported == [], f"tyxq plugins imported {imported[:5]}"
