"""The TYXQ_* environment variables are checked together at the first selection, each with a named error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import tyxq
from tyxq.settings import VARIABLES, check_settings, read_settings


def run(code: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter (the first selection happens once per process) with ``environment`` added."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TYXQ_")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env={**clean, **environment}
    )


@pytest.mark.parametrize(
    ("variable", "value", "error"),
    [
        ("TYXQ_GRADIENT", "adjiont", "UnknownPluginError: TYXQ_GRADIENT='adjiont' in the environment: no gradient"),
        ("TYXQ_MODE", "shot", "UnknownPluginError: TYXQ_MODE='shot' in the environment: no execution mode named"),
        ("TYXQ_MAX_WORKERS", "0", "ConfigurationError: TYXQ_MAX_WORKERS must be a positive whole number"),
        ("TYXQ_NO_PLUGINS", "maybe", "ConfigurationError: TYXQ_NO_PLUGINS='maybe' is not a yes/no value"),
    ],
)
def test_a_bad_variable_fails_the_first_verb_even_when_that_verb_does_not_use_it(variable, value, error) -> None:
    # the first verb reads the backend and mode only, yet every variable is checked there
    result = run("import tyxq; tyxq.state(tyxq.Circuit(1))", **{variable: value})
    assert result.returncode == 1
    assert error in result.stderr


def test_import_alone_does_not_fail_so_tyxq_info_can_report() -> None:
    assert run("import tyxq", TYXQ_MODE="nonexistent").returncode == 0


def test_valid_settings_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TYXQ_MODE", " shots ")
    monkeypatch.setenv("TYXQ_MAX_WORKERS", "4")
    monkeypatch.setenv("TYXQ_DEBUG_PLUGINS", "Off")
    check_settings()
    assert all(setting.valid for setting in read_settings())


def test_every_problem_is_listed_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TYXQ_MAX_WORKERS", "1.5")
    monkeypatch.setenv("TYXQ_DEBUG_PLUGINS", "verbose")
    with pytest.raises(tyxq.ConfigurationError, match=r"TYXQ_MAX_WORKERS must .*; and TYXQ_DEBUG_PLUGINS='verbose'"):
        check_settings()
