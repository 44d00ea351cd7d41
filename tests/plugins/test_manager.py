"""The plugin manager with plugin objects registered in process (entry points: test_discovery.py)."""

from __future__ import annotations

import re

import pytest

import tyxq
from tyxq.errors import PluginConflictError, PluginError, PluginWarning, UnknownPluginError
from tyxq.plugins import BackendPlugin, GradientPlugin, TyxqPluginManager, hookimpl
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


def test_factory_that_cannot_be_imported_is_an_error_with_the_install_hint():
    record = BackendPlugin(name="far", factory="tyxq_no_such_module:Backend", install_hint="pip install far-library")
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(record), "far", "tyxq-far", "3.0")
    with pytest.raises(PluginError, match=r"from tyxq-far 3.0 \(entry point 'far'\) could not be loaded") as error:
        manager.create("backend", "far")
    assert "ModuleNotFoundError" in str(error.value)
    assert str(error.value).endswith("pip install far-library")


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


def test_plugin_claiming_a_builtin_name_conflicts_with_the_builtin():
    manager = TyxqPluginManager()
    manager.add_plugin(Backends(BackendPlugin(name="numpy", factory=NUMPY_FACTORY)), "impostor", "tyxq-impostor", "1.0")
    with pytest.raises(PluginConflictError) as error:
        manager.get("backend", "numpy")
    assert str(error.value).splitlines()[1:] == [
        f"  - tyxq {tyxq.__version__} (built in)",
        "  - tyxq-impostor 1.0 (entry point 'impostor')",
        "Uninstall all but one of these distributions, or disable the others with TYXQ_DISABLE_PLUGINS=tyxq-impostor",
    ]
