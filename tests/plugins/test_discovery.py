"""Discovery through entry points, with real distributions installed by pip (see conftest.py)."""

from __future__ import annotations

import math

WARNINGS = """
import json, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import tyxq
    names = tyxq.available_backends()
print(json.dumps({"names": names, "warnings": [[w.category.__name__, str(w.message)] for w in caught]}))
"""

SELECT = """
import json, tyxq
try:
    tyxq.set_backend({name!r})
    print(json.dumps({{"error": None, "backend": tyxq.get_backend().name}}))
except tyxq.TyxqError as error:
    print(json.dumps({{"error": type(error).__name__, "message": str(error)}}))
"""


def test_working_plugin_registers_a_backend_a_gradient_method_and_a_mode(run_json):
    found = run_json(
        "import json, tyxq; print(json.dumps([tyxq.available_backends(), "
        "tyxq.available_gradient_methods(), tyxq.available_execution_modes()]))"
    )
    backends, gradients, modes = found
    assert {"numpy", "toy"} <= set(backends)
    assert "toy_gradient" in gradients  # registered as "toy-gradient": names are normalised
    assert "toy_mode" in modes


def test_plugin_backend_runs_circuits(run_json):
    value = run_json(
        "import json, tyxq; tyxq.set_backend('toy', dtype='complex64'); b = tyxq.get_backend(); "
        "c = tyxq.Circuit(1).ry(0, 0.3); "
        "print(json.dumps([b.name, str(tyxq.state(c).dtype), float(tyxq.expectation(c, tyxq.Z(0)))]))"
    )
    assert value[:2] == ["toy", "complex64"]
    assert math.isclose(value[2], math.cos(0.3), rel_tol=1e-6)


def test_plugin_options_reach_its_factory(run_json):
    step = run_json("import json, tyxq; print(json.dumps(tyxq.set_gradient_method('toy_gradient', step=0.25).step))")
    assert step == 0.25


def test_factory_module_is_imported_only_when_the_plugin_is_selected(run_json):
    imported = run_json(
        "import json, sys, tyxq; tyxq.available_backends(); before = 'tyxq_toy.backend' in sys.modules; "
        "tyxq.set_backend('toy'); print(json.dumps([before, 'tyxq_toy.backend' in sys.modules]))"
    )
    assert imported == [False, True]


def test_broken_plugin_warns_naming_entry_point_distribution_version_and_error(run_json):
    caught = run_json(WARNINGS)["warnings"]
    broken = [message for category, message in caught if "'broken'" in message]
    assert len(broken) == 1
    assert [category for category, message in caught if message == broken[0]] == ["PluginWarning"]
    for part in ("tyxq-broken 0.3.0", "ModuleNotFoundError", "tyxq_missing_dependency", "TYXQ_DISABLE_PLUGINS"):
        assert part in broken[0]


def test_broken_plugin_leaves_the_other_plugins_working(run_json):
    found = run_json(WARNINGS)
    assert any("'broken'" in message for _, message in found["warnings"])
    assert "toy" in found["names"]


def test_misspelt_hook_marks_the_plugin_broken_and_suggests_the_hook(run_json):
    caught = run_json(WARNINGS)["warnings"]
    typo = [message for _, message in caught if "'typo'" in message]
    assert len(typo) == 1
    assert "'tyxq_backend', which is not a tyxq hook; did you mean 'tyxq_backends'?" in typo[0]


def test_two_plugins_claiming_one_name_is_an_error_naming_both_distributions(run_json):
    outcome = run_json(SELECT.format(name="clash"))
    assert outcome["error"] == "PluginConflictError"
    assert "tyxq-clash-a 1.0.0" in outcome["message"]
    assert "tyxq-clash-b 2.0.0" in outcome["message"]
    assert "TYXQ_DISABLE_PLUGINS=tyxq-clash-b" in outcome["message"]


def test_conflicting_name_is_not_listed_as_available(run_json):
    assert "clash" not in run_json("import json, tyxq; print(json.dumps(tyxq.available_backends()))")


def test_plugin_for_another_tyxq_version_is_an_error_when_selected(run_json):
    outcome = run_json(SELECT.format(name="ancient"))
    assert outcome["error"] == "IncompatiblePluginError"
    assert "tyxq-ancient 0.0.1" in outcome["message"]
    assert "supports tyxq <0.1" in outcome["message"]
    assert "tyxq 0.1.0 is installed" in outcome["message"]


def test_unknown_name_lists_installed_backends_and_the_broken_plugins(run_json):
    outcome = run_json(SELECT.format(name="nonexistent"))
    assert outcome["error"] == "UnknownPluginError"
    [installed] = [line for line in outcome["message"].splitlines() if line.startswith("Installed backends: ")]
    assert {"numpy", "toy"} <= set(installed.removeprefix("Installed backends: ").rstrip(".").split(", "))
    assert "'broken' from tyxq-broken 0.3.0 is broken" in outcome["message"]


def test_unknown_name_with_a_tyxq_extra_gives_the_pip_command(run_json):
    outcome = run_json(SELECT.format(name="torch"), TYXQ_NO_PLUGINS="1")
    assert outcome["error"] == "UnknownPluginError"
    assert 'To add it: pip install "tyxq[torch]"' in outcome["message"]
    assert "TYXQ_NO_PLUGINS is set" in outcome["message"]


def test_disabling_a_distribution_resolves_a_conflict(run_json):
    origin = run_json(
        "import json; from tyxq.plugins import get_plugin_manager; "
        "print(json.dumps(get_plugin_manager().get('backend', 'clash').distribution))",
        TYXQ_DISABLE_PLUGINS="tyxq_clash_b",
    )
    assert origin == "tyxq-clash-a"


def test_disabling_an_entry_point_skips_it_without_a_warning(run_json):
    caught = run_json(WARNINGS, TYXQ_DISABLE_PLUGINS="broken, typo, entry_typo")["warnings"]
    assert caught == []


def test_no_plugins_loads_only_the_builtins(run_json):
    found = run_json(WARNINGS, TYXQ_NO_PLUGINS="1")
    assert found == {"names": ["numpy"], "warnings": []}


def test_tyxq_backend_chooses_the_default_backend(run_json):
    name = run_json("import json, tyxq; print(json.dumps(tyxq.get_backend().name))", TYXQ_BACKEND="toy")
    assert name == "toy"


def test_tyxq_backend_naming_a_missing_backend_is_an_error_naming_the_variable(run_python):
    result = run_python("import tyxq; tyxq.get_backend()", TYXQ_BACKEND="nonexistent")
    assert result.returncode != 0
    assert "UnknownPluginError: TYXQ_BACKEND='nonexistent' in the environment" in result.stderr


def test_logging_is_silent_by_default(run_python):
    result = run_python("import tyxq; tyxq.set_backend('toy')", TYXQ_DISABLE_PLUGINS="broken,typo,entry_typo")
    assert result.returncode == 0
    assert result.stderr == ""


def test_logging_reports_loaded_plugins_and_the_selected_backend(run_python):
    result = run_python(
        "import logging, tyxq; logging.basicConfig(level=logging.INFO); tyxq.set_backend('toy')",
        TYXQ_DISABLE_PLUGINS="broken,typo,entry_typo",
    )
    assert "INFO:tyxq:loaded plugin 'toy' from tyxq-toy 1.2.0" in result.stderr
    assert "INFO:tyxq:active backend:" in result.stderr


def test_selecting_a_plugin_that_fails_to_import_says_it_is_broken_not_missing(run_json):
    outcome = run_json(SELECT.format(name="broken"))
    assert outcome["error"] == "BrokenPluginError"
    assert outcome["message"].splitlines() == [
        "no backend named 'broken' could be loaded: the plugin 'broken' from tyxq-broken 0.3.0, which would provide "
        "it, is installed but failed: ModuleNotFoundError: No module named 'tyxq_missing_dependency'",
        "This is a fault of tyxq-broken (a bug, or a dependency it does not declare), not a missing installation: "
        "report it to the authors of tyxq-broken with this message, or fix the plugin. TYXQ_DEBUG_PLUGINS=1 shows "
        "the traceback; TYXQ_DISABLE_PLUGINS=tyxq-broken skips the plugin.",
    ]
    assert "pip install" not in outcome["message"]


def test_selecting_a_backend_whose_module_fails_says_so_instead_of_its_install_hint(run_json):
    outcome = run_json(SELECT.format(name="failing_import"))
    assert outcome["error"] == "BrokenPluginError"
    assert "failed with RuntimeError: accelerator table is empty" in outcome["message"]
    assert "report it to the authors of tyxq-failing-import" in outcome["message"]
    assert "failing-accelerator-runtime" not in outcome["message"]  # the record's install_hint is not the fix


def test_selecting_a_backend_whose_factory_path_has_a_typo_names_the_record(run_json):
    outcome = run_json(SELECT.format(name="factory_typo"))
    assert outcome["error"] == "BrokenPluginError"
    assert "names the factory 'tyxq_factory_typo.backnd:FactoryTypoBackend', which does not exist" in outcome["message"]
    assert "pip install tyxq-factory-typo" not in outcome["message"]


def test_an_unknown_name_in_tyxq_disable_plugins_warns_naming_the_installed_plugins(run_json):
    caught = run_json(WARNINGS, TYXQ_DISABLE_PLUGINS="toy, tyxq-toi")["warnings"]
    [(_, message)] = [w for w in caught if w[0] == "ConfigurationWarning"]
    assert message.startswith("TYXQ_DISABLE_PLUGINS names 'tyxq-toi', which no installed plugin or distribution has")
    assert "installed: " in message and "tyxq-toy" in message
    assert "'toy'," not in message.split("installed")[0]  # the known name is disabled, not reported


def test_a_bad_tyxq_mode_fails_at_the_first_selection_of_any_kind(run_python):
    result = run_python("import tyxq; tyxq.set_backend('numpy'); tyxq.get_gradient_method()", TYXQ_MODE="statevektor")
    assert result.returncode != 0
    assert "UnknownPluginError: TYXQ_MODE='statevektor' in the environment: no execution mode named" in result.stderr
