"""``tyxq plugins --check`` on one sample distribution at a time (the others disabled; see conftest.py).

Each sample makes one accidental mistake; the check must exit 1 with exactly the problem line that names
it and its fix, and exit 0 on a plugin that works.
"""

from __future__ import annotations

import re

import pytest

ADVICE = (
    "This is a fault of {0} (a bug, or a dependency it does not declare), not a missing installation: report it "
    "to the authors of {0} with this message, or fix the plugin. TYXQ_DEBUG_PLUGINS=1 shows the traceback; "
    "TYXQ_DISABLE_PLUGINS={0} skips the plugin."
)


def problems(result):
    return [line.removeprefix("PROBLEM  ") for line in result.stdout.splitlines() if line.startswith("PROBLEM  ")]


def test_a_working_plugin_passes_every_check_and_exits_0(run_check):
    result = run_check("tyxq-toy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert problems(result) == []
    lines = result.stdout.splitlines()
    assert (
        "ok       backend 'toy' from tyxq-toy 1.2.0 (entry point 'toy'): Backend protocol, capabilities as registered, "
        "complex64, complex128"
    ) in lines
    assert any(line.startswith("ok       gradient method 'toy_gradient' from tyxq-toy 1.2.0") for line in lines)
    assert any(line.startswith("ok       execution mode 'toy_mode' from tyxq-toy 1.2.0") for line in lines)
    assert re.fullmatch(r"tyxq plugins --check: no problems; took \d+\.\d s", lines[-1])


def test_a_typo_in_the_entry_point_is_broken(run_check):
    result = run_check("tyxq-entry-typo")
    assert result.returncode == 1
    assert problems(result) == [
        "plugin 'entry_typo' from tyxq-entry-typo 0.2.0: broken: ModuleNotFoundError: No module named "
        "'tyxq_entry_typo.plugn'"
    ]


def test_a_typo_in_the_factory_path_is_broken_and_names_the_record(run_check):
    result = run_check("tyxq-factory-typo")
    assert result.returncode == 1
    assert problems(result) == [
        "backend 'factory_typo' from tyxq-factory-typo 0.4.0: the backend 'factory_typo' from tyxq-factory-typo "
        "0.4.0 (entry point 'factory_typo') names the factory 'tyxq_factory_typo.backnd:FactoryTypoBackend', which "
        "does not exist: ModuleNotFoundError: No module named 'tyxq_factory_typo.backnd' The record in "
        "tyxq-factory-typo's tyxq hook is wrong (a typo in factory=). " + ADVICE.format("tyxq-factory-typo")
    ]


def test_a_backend_module_failing_on_import_is_broken_without_the_install_hint(run_check):
    result = run_check("tyxq-failing-import")
    assert result.returncode == 1
    assert problems(result) == [
        "backend 'failing_import' from tyxq-failing-import 1.1.0: the backend 'failing_import' from "
        "tyxq-failing-import 1.1.0 (entry point 'failing_import') could not be loaded: importing its factory "
        "'tyxq_failing_import.backend:FailingBackend' failed with RuntimeError: accelerator table is empty "
        + ADVICE.format("tyxq-failing-import")
    ]
    assert "pip install failing-accelerator-runtime" not in result.stdout


def test_a_backend_missing_a_protocol_method_is_named(run_check):
    result = run_check("tyxq-no-kron")
    assert result.returncode == 1
    assert problems(result) == [
        "backend 'no_kron' from tyxq-no-kron 0.5.0: does not implement the Backend protocol: missing kron"
    ]


def test_taking_builtin_names_is_a_conflict_naming_the_distribution(run_check):
    result = run_check("tyxq-impostor")
    assert result.returncode == 1
    assert problems(result) == [
        "backend 'numpy' from tyxq-impostor 3.0.0: conflict: tyxq-impostor 3.0.0 (entry point 'impostor') registers "
        "the backend 'numpy', a name reserved for tyxq's built-in backend; the registration is ignored and tyxq's "
        "own 'numpy' keeps working. Ask the authors of tyxq-impostor to rename it, or disable it with "
        "TYXQ_DISABLE_PLUGINS=tyxq-impostor",
        "execution mode 'density_matrix' from tyxq-impostor 3.0.0: conflict: tyxq-impostor 3.0.0 (entry point "
        "'impostor') registers the execution mode 'density_matrix', a name reserved for tyxq's built-in execution "
        "mode; the registration is ignored and tyxq's own 'density_matrix' keeps working. Ask the authors of "
        "tyxq-impostor to rename it, or disable it with TYXQ_DISABLE_PLUGINS=tyxq-impostor",
    ]
    assert "ok       backend 'numpy' from tyxq 0.1.0 (built in)" in result.stdout


def test_the_builtin_keeps_working_beside_a_plugin_taking_its_name(run_json):
    outcome = run_json(
        "import json, tyxq; from tyxq.plugins import get_plugin_manager; b = tyxq.set_backend('numpy'); "
        "print(json.dumps([type(b).__module__, get_plugin_manager().get('backend', 'numpy').distribution]))"
    )
    assert outcome == ["tyxq.backends.numpy_backend", "tyxq"]


def test_a_declared_capability_that_does_not_work_is_a_problem(run_check):
    result = run_check("tyxq-false-autodiff")
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith(
        "backend 'false_autodiff' from tyxq-false-autodiff 0.7.0: autodiff failed: CapabilityError: the "
        "false_autodiff backend has no automatic differentiation"
    )


def test_a_wrong_tyxq_version_requirement_is_incompatible(run_check):
    result = run_check("tyxq-ancient")
    assert result.returncode == 1
    assert problems(result) == [
        "backend 'ancient' from tyxq-ancient 0.0.1: incompatible: the backend 'ancient' from tyxq-ancient 0.0.1 "
        "(entry point 'ancient') supports tyxq <0.1, but tyxq 0.1.0 is installed. Install a release of tyxq-ancient "
        'made for tyxq 0.1.0 (pip install --upgrade tyxq-ancient), or a tyxq it supports (pip install "tyxq<0.1")'
    ]


def test_a_misspelt_hook_is_broken(run_check):
    result = run_check("tyxq-typo")
    assert result.returncode == 1
    assert problems(result) == [
        "plugin 'typo' from tyxq-typo 0.1.0: broken: it implements 'tyxq_backend', which is not a tyxq hook; "
        "did you mean 'tyxq_backends'?"
    ]


def test_two_plugins_claiming_a_name_are_a_problem_for_check(run_check):
    result = run_check(["tyxq-clash-a", "tyxq-clash-b"])
    assert result.returncode == 1
    clash = [line for line in problems(result) if line.startswith("backend 'clash'")]
    assert [line.split(":")[0] for line in clash] == [
        "backend 'clash' from tyxq-clash-a 1.0.0",
        "backend 'clash' from tyxq-clash-b 2.0.0",
    ]


def test_a_backend_is_checked_in_a_process_its_launcher_started(run_check):
    result = run_check("tyxq-launched")
    assert result.returncode == 1
    assert (
        "ok       backend 'launched' from tyxq-launched 0.9.0 (entry point 'launched'): Backend protocol, "
        "capabilities as registered, complex64, complex128"
    ) in result.stdout.splitlines()
    [problem] = problems(result)
    assert re.fullmatch(
        r"backend 'unlaunchable' from tyxq-launched 0\.9\.0: could not be started: "
        r"`\S+ -m tyxq_launched\.broken_launch -- \S+ -m tyxq\.testing\.plugin_check --backend unlaunchable --json` "
        r"exited with status 3 without a result "
        r"\(broken_launch: no accelerator driver on this machine\)\. Start scripts that use it the way tyxq-launched "
        r"documents: python -m tyxq_launched\.broken_launch -- python your_script\.py",
        problem,
    )


@pytest.mark.parametrize("how", [("--traceback",), ()])
def test_traceback_shows_where_a_broken_plugin_failed(run_check, how):
    environment = {} if how else {"TYXQ_DEBUG_PLUGINS": "1"}
    result = run_check("tyxq-failing-import", *how, **environment)
    assert "Traceback (most recent call last):" in result.stdout
    assert 'raise RuntimeError("accelerator table is empty")' in result.stdout


def test_without_traceback_none_is_shown(run_check):
    assert "Traceback" not in run_check("tyxq-failing-import").stdout


def test_debug_plugins_puts_the_traceback_in_the_warning(run_python):
    result = run_python("import tyxq; tyxq.available_backends()", TYXQ_DEBUG_PLUGINS="1")
    assert "import tyxq_missing_dependency" in result.stderr
    assert "Traceback (most recent call last):" in result.stderr


def test_listing_plugins_does_not_import_factories_and_exits_0(run_cli):
    result = run_cli("plugins")
    assert result.returncode == 0
    row = next(line.split() for line in result.stdout.splitlines() if line.split()[:2] == ["backend", "factory_typo"])
    assert row[4] == "ok"  # only --check imports the factory and finds the typo
