"""The ``tyxq`` console script, run on an environment with the sample plugins (see conftest.py)."""

from __future__ import annotations

import json

import pytest

import tyxq
from tyxq.cli import main
from tyxq.settings import VARIABLES


def rows_named(rows, name):
    return [row for row in rows if row["name"] == name]


def plugin_rows(run_cli, **environment):
    result = run_cli("plugins", "--json", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plugins_json_has_every_column(run_cli):
    rows = plugin_rows(run_cli)
    assert rows_named(rows, "toy")[0] == {
        "kind": "backend",
        "name": "toy",
        "distribution": "tyxq-toy",
        "version": "1.2.0",
        "status": "ok",
        "description": "numpy under another name",
        "reason": "",
    }


def test_plugins_lists_a_plugin_that_fails_to_import_as_broken_with_the_reason(run_cli):
    [row] = rows_named(plugin_rows(run_cli), "broken")
    described = (row["kind"], row["distribution"], row["version"], row["status"])
    assert described == ("plugin", "tyxq-broken", "0.3.0", "broken")
    assert row["reason"] == "ModuleNotFoundError: No module named 'tyxq_missing_dependency'"


def test_plugins_lists_both_claimants_of_a_name_as_conflicting(run_cli):
    rows = rows_named(plugin_rows(run_cli), "clash")
    assert [(row["distribution"], row["version"], row["status"]) for row in rows] == [
        ("tyxq-clash-a", "1.0.0", "conflict"),
        ("tyxq-clash-b", "2.0.0", "conflict"),
    ]


def test_plugins_lists_a_plugin_for_another_tyxq_as_incompatible(run_cli):
    [row] = rows_named(plugin_rows(run_cli), "ancient")
    assert row["status"] == "incompatible"
    assert "supports tyxq <0.1" in row["reason"]


def test_plugins_lists_disabled_plugins(run_cli):
    [row] = rows_named(plugin_rows(run_cli, TYXQ_DISABLE_PLUGINS="tyxq-broken"), "broken")
    assert (row["kind"], row["status"]) == ("plugin", "disabled")


def test_plugins_table_prints_one_line_per_row_and_the_reasons_below(run_cli):
    result = run_cli("plugins")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["KIND", "NAME", "DISTRIBUTION", "VERSION", "STATUS", "DESCRIPTION"]
    assert any(line.split()[:5] == ["backend", "toy", "tyxq-toy", "1.2.0", "ok"] for line in lines)
    problems = lines[lines.index("Problems:") :]
    assert "  plugin 'broken' from tyxq-broken 0.3.0: broken" in problems
    assert "      - tyxq-clash-b 2.0.0 (entry point 'clash')" in problems


def test_plugins_warns_on_stderr_and_keeps_stdout_clean(run_cli):
    result = run_cli("plugins", "--json")
    assert "PluginWarning" in result.stderr
    json.loads(result.stdout)


def test_info_reports_versions_and_the_active_backend(run_cli):
    result = run_cli("info", "--json", TYXQ_BACKEND="toy")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["tyxq"] == tyxq.__version__
    assert info["plugin_distributions"]["tyxq-toy"] == "1.2.0"
    assert info["plugin_distributions"]["tyxq-broken"] == "0.3.0"
    assert info["active_backend"] == {
        "name": "toy",
        "dtype": "complex128",
        "device": "cpu",
        "autodiff": False,
        "vmap": False,
        "jit": False,
    }
    assert info["devices"]["toy"] == {"devices": ["cpu", "toy_accelerator"], "source": "active, on cpu"}
    assert info["environment"]["TYXQ_BACKEND"] == {"value": "toy", "status": "ok", "problem": None}
    assert set(info["environment"]) >= set(VARIABLES)  # every variable tyxq reads, set or not
    assert info["environment"]["TYXQ_MODE"] == {"value": None, "status": "unset", "problem": None}


def test_info_says_which_variables_are_invalid_or_unknown(run_cli):
    result = run_cli("info", "--json", TYXQ_MAX_WORKERS="two", TYXQ_BAKCEND="numpy", TYXQ_NO_PLUGINS="0")
    environment = json.loads(result.stdout)["environment"]
    assert environment["TYXQ_MAX_WORKERS"]["status"] == "invalid"
    assert "must be a positive whole number of threads, not 'two'" in environment["TYXQ_MAX_WORKERS"]["problem"]
    assert environment["TYXQ_BAKCEND"] == {
        "value": "numpy",
        "status": "unknown",
        "problem": "tyxq reads no TYXQ_BAKCEND (did you mean TYXQ_BACKEND?)",
    }
    assert environment["TYXQ_NO_PLUGINS"]["status"] == "ok"
    text = run_cli("info", TYXQ_MAX_WORKERS="two").stdout
    assert "  TYXQ_MAX_WORKERS='two': invalid: TYXQ_MAX_WORKERS must be a positive whole number" in text
    assert "  TYXQ_GRADIENT: unset" in text


def test_info_lists_declared_devices_of_backends_it_does_not_create(run_cli):
    info = json.loads(run_cli("info", "--json").stdout)
    assert info["devices"]["toy"] == {"devices": ["cpu", "toy_accelerator"], "source": "declared; not imported"}


def test_info_creates_only_the_active_backend(run_python):
    result = run_python(
        "import contextlib, io, sys; from tyxq.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['info'])\n"
        "print('tyxq_toy.backend' in sys.modules)"
    )
    assert result.stdout.strip() == "False"


def test_info_fails_with_the_reason_when_the_default_backend_is_missing(run_cli):
    result = run_cli("info", TYXQ_BACKEND="nonexistent")
    assert result.returncode == 1
    assert "active backend: error:" in result.stdout
    assert "TYXQ_BACKEND='nonexistent' in the environment: no backend named 'nonexistent'" in result.stdout


def test_python_m_tyxq_runs_the_same_command(run_python):
    result = run_python("import runpy, sys; sys.argv = ['tyxq', 'plugins', '--json']; runpy.run_module('tyxq')")
    assert result.returncode == 0
    assert any(row["name"] == "toy" for row in json.loads(result.stdout))


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "{plugins,info}" in capsys.readouterr().err


def test_version_prints_the_tyxq_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"tyxq {tyxq.__version__}"
