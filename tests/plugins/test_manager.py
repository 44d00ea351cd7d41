"""The plugin manager with plugin objects registered in process (entry points: test_discovery.py)."""

from __future__ import annotations

import re

import pytest

from tyxq.errors import (
    BrokenPluginError,
    IncompatiblePluginError,
    PluginConflictError,
    PluginDependencyError,
    PluginWarning,
    UnknownPluginError,
)
from tyxq.plugins import BackendPlugin, ExecutionModePlugin, GradientPlugin, TyxqPluginManager, hookimpl
from tyxq.plugins.reserved import RESERVED_NAMES
from tyxq.plugins.status import plugin_statuses

NUMPY_FACTORY = "tyxq.backends.numpy_backend:NumpyBackend"


class Backends:
    """A plugin registering the given backend records."""

    def __init__(self, *records):
        self.records = records

    @hookimpl
    def tyxq_backends(self):
        return self.records


def broken_rows(manager):
    return [row for row in plugin_statuses(manager) if row.status == "broken"]


def test_builtins_are_registered_through_the_hooks_first():
    manager = TyxqPluginManager()
    registration = manager.get("backend", "numpy")
    assert (registration.plugin, registration.distribution) == ("builtin", "tyxq")
    assert manager.get_plugins() == {manager.get_plugin("tyxq:builtin")}


def test_plugin_registered_in_process_is_selectable_by_name():
    manager = TyxqPluginManager()
    assert manager.add_plugin(Backends(BackendPlugin(name="Mine", factory=NUMPY_FACTORY)), "mine")
    backend = manager.create("backend", "MINE", dtype="complex64")
    assert backend.complex_dtype == "complex64"
    assert manager.names("backend") == ["mine", "numpy"]


def test_hook_returning_a_single_record_marks_the_plugin_broken():
    class Single:
        @hookimpl
        def tyxq_backends(self):
            return BackendPlugin(name="single", factory=NUMPY_FACTORY)

    manager = TyxqPluginManager()
    manager.add_plugin(Single(), "single")
    with pytest.warns(PluginWarning, match="tyxq_backends must return an iterable of BackendPlugin records"):
        assert "single" not in manager.names("backend")
    assert [(row.kind, row.name) for row in broken_rows(manager)] == [("backend", "single")]


def test_hook_yielding_the_wrong_record_type_marks_the_plugin_broken():
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(GradientPlugin(name="grad", factory=object)), "wrong")
    with pytest.warns(PluginWarning, match="tyxq_backends yielded a GradientPlugin; it must yield BackendPlugin"):
        manager.names("backend")


def test_hook_that_raises_marks_the_plugin_broken_and_keeps_its_other_hooks():
    class HalfBroken:
        @hookimpl
        def tyxq_backends(self):
            raise RuntimeError("no backends today")

        @hookimpl
        def tyxq_gradient_methods(self):
            yield GradientPlugin(name="still_here", factory=object)

    manager = TyxqPluginManager()
    manager.add_plugin(HalfBroken(), "half")
    with pytest.warns(PluginWarning, match=r"tyxq_backends\(\) failed: RuntimeError: no backends today"):
        manager.names("backend")
    assert "still_here" in manager.names("gradient")
    assert len(broken_rows(manager)) == 1


def test_plugin_without_hooks_is_broken_with_the_fix():
    class Unmarked:
        def tyxq_backends(self):  # the @hookimpl marker is missing
            return []

    manager = TyxqPluginManager()
    with pytest.warns(
        PluginWarning, match=re.escape("no tyxq hook; mark its hook functions with @tyxq.plugins.hookimpl")
    ):
        assert manager.add_plugin(Unmarked(), "unmarked") is False


def test_hook_with_arguments_the_spec_lacks_is_broken():
    class WrongSignature:
        @hookimpl
        def tyxq_backends(self, config):
            return []

    manager = TyxqPluginManager()
    with pytest.warns(PluginWarning, match="PluginValidationError"):
        assert manager.add_plugin(WrongSignature(), "wrong") is False


def test_factory_needing_a_library_that_is_not_installed_gives_the_install_hint():
    record = BackendPlugin(name="far", factory="tyxq_no_such_module:Backend", install_hint="pip install far-library")
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(record), "far", "tyxq-far", "3.0")
    with pytest.raises(PluginDependencyError) as error:
        manager.create("backend", "far")
    assert str(error.value) == (
        "the backend 'far' from tyxq-far 3.0 (entry point 'far') needs the module 'tyxq_no_such_module', "
        "which is not installed (ModuleNotFoundError: No module named 'tyxq_no_such_module').\n"
        "pip install far-library"
    )


def test_factory_naming_a_module_its_package_lacks_is_broken_and_gives_no_install_hint():
    record = BackendPlugin(name="typo", factory="tyxq.backends.numpy_bakend:NumpyBackend", install_hint="pip install x")
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(record), "typo", "tyxq-typo", "1.0")
    with pytest.raises(BrokenPluginError) as error:
        manager.create("backend", "typo")
    message = str(error.value)
    assert message.startswith(
        "the backend 'typo' from tyxq-typo 1.0 (entry point 'typo') names the factory "
        "'tyxq.backends.numpy_bakend:NumpyBackend', which does not exist: ModuleNotFoundError"
    )
    assert "report it to the authors of tyxq-typo" in message
    assert "pip install x" not in message


def test_factory_naming_a_missing_attribute_is_broken():
    record = BackendPlugin(name="typo", factory="tyxq.backends.numpy_backend:NumpyBakend")
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(record), "typo", "tyxq-typo", "1.0")
    with pytest.raises(
        BrokenPluginError, match=re.escape("'tyxq.backends.numpy_backend' has no attribute 'NumpyBakend'")
    ):
        manager.load("backend", "typo")


def test_unknown_name_error_lists_the_installed_names():
    manager = TyxqPluginManager()
    with pytest.raises(
        UnknownPluginError, match=re.escape("no backend named 'nope' is installed.\nInstalled backends: numpy.")
    ):
        manager.get("backend", "nope")


def test_records_are_collected_again_after_a_plugin_is_added():
    manager = TyxqPluginManager()
    assert manager.names("backend") == ["numpy"]
    manager.add_plugin(Backends(BackendPlugin(name="later", factory=NUMPY_FACTORY)), "later")
    assert manager.names("backend") == ["later", "numpy"]


def test_plugin_taking_a_builtin_name_is_ignored_and_the_builtin_keeps_working():
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(BackendPlugin(name="numpy", factory=NUMPY_FACTORY)), "impostor", "tyxq-impostor", "1.0")
    assert manager.get("backend", "numpy").builtin
    assert manager.names("backend") == ["numpy"]
    [row] = [row for row in plugin_statuses(manager) if row.distribution == "tyxq-impostor"]
    assert (row.kind, row.name, row.status) == ("backend", "numpy", "conflict")
    assert row.reason == (
        "tyxq-impostor 1.0 (entry point 'impostor') registers the backend 'numpy', a name reserved for tyxq's "
        "built-in backend; the registration is ignored and tyxq's own 'numpy' keeps working.\n"
        "Ask the authors of tyxq-impostor to rename it, or disable it with TYXQ_DISABLE_PLUGINS=tyxq-impostor"
    )


@pytest.mark.parametrize(
    ("hook", "record_type", "kind", "name"),
    [
        ("tyxq_gradient_methods", GradientPlugin, "gradient", "adjoint"),
        ("tyxq_execution_modes", ExecutionModePlugin, "mode", "shots"),
        ("tyxq_execution_modes", ExecutionModePlugin, "mode", "density_matrix"),  # the core ships it soon
        ("tyxq_execution_modes", ExecutionModePlugin, "mode", "trajectories"),
    ],
)
def test_every_builtin_name_and_the_coming_ones_are_reserved(hook, record_type, kind, name):
    plugin = type("Claim", (), {hook: hookimpl(lambda self: [record_type(name=name, factory=object)])})()
    manager = TyxqPluginManager()
    manager.add_plugin(plugin, "claim", "tyxq-claim", "1.0")
    assert [(claim.kind, claim.name) for claim, _ in manager.reserved_claims()] == [(kind, name)]
    assert all(registration.builtin for registration in manager.registrations(kind).get(name, []))


def test_every_builtin_registration_is_reserved():
    manager = TyxqPluginManager()
    for kind in RESERVED_NAMES:
        assert set(manager.registrations(kind)) <= RESERVED_NAMES[kind]


def test_two_third_party_plugins_claiming_a_name_are_an_error_only_when_it_is_selected():
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(BackendPlugin(name="same", factory=NUMPY_FACTORY)), "a", "tyxq-a", "1.0")
    manager.add_plugin(Backends(BackendPlugin(name="same", factory=NUMPY_FACTORY)), "b", "tyxq-b", "2.0")
    assert manager.names("backend") == ["numpy"]
    with pytest.raises(PluginConflictError) as error:
        manager.get("backend", "same")
    assert str(error.value).splitlines()[1:] == [
        "  - tyxq-a 1.0 (entry point 'a')",
        "  - tyxq-b 2.0 (entry point 'b')",
        "To keep tyxq-a's, set TYXQ_DISABLE_PLUGINS=tyxq-b (or pip uninstall tyxq-b).",
        "To keep tyxq-b's, set TYXQ_DISABLE_PLUGINS=tyxq-a (or pip uninstall tyxq-a).",
        "Disabling a distribution disables every plugin it provides.",
    ]


@pytest.mark.parametrize(
    ("tyxq_version", "specifier"), [("1.0rc1", "<1.0"), ("1.0.dev1", "<1.0"), ("1.0.post1", ">1.0")]
)
def test_plugin_is_not_loaded_into_a_tyxq_its_requirement_excludes(tyxq_version, specifier):
    manager = TyxqPluginManager(tyxq_version=tyxq_version)
    record = BackendPlugin(name="old", factory=NUMPY_FACTORY, tyxq_versions=specifier)
    manager.add_plugin(Backends(record), "old", "tyxq-old", "0.9")
    with pytest.raises(IncompatiblePluginError) as error:
        manager.create("backend", "old")
    assert str(error.value) == (
        f"the backend 'old' from tyxq-old 0.9 (entry point 'old') supports tyxq {specifier}, but tyxq "
        f"{tyxq_version} is installed.\nInstall a release of tyxq-old made for tyxq {tyxq_version} "
        f'(pip install --upgrade tyxq-old), or a tyxq it supports (pip install "tyxq{specifier}")'
    )
