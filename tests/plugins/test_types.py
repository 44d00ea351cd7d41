"""The registration records: names, factories, capabilities, supported tyxq versions."""

from __future__ import annotations

import re

import pytest
from packaging.specifiers import SpecifierSet

from tyxq.backends import BackendCapabilities
from tyxq.errors import PluginError
from tyxq.plugins import BackendPlugin, GradientPlugin, normalize_name
from tyxq.plugins.types import resolve_factory


def test_names_are_normalised():
    assert normalize_name(" Finite-Difference ") == "finite_difference"
    assert GradientPlugin(name="Parameter.Shift", factory=object).name == "parameter_shift"


@pytest.mark.parametrize("name", ["", "2fast", "torch!", "_private"])
def test_invalid_names_are_rejected(name):
    with pytest.raises(PluginError, match="is not valid"):
        normalize_name(name)


def test_capabilities_given_as_a_mapping_become_backend_capabilities():
    record = BackendPlugin(name="x", factory=object, capabilities={"autodiff": True, "devices": ["cpu", "cuda"]})
    assert record.capabilities == BackendCapabilities(autodiff=True, devices=("cpu", "cuda"))


def test_unknown_capability_names_the_known_ones():
    with pytest.raises(PluginError, match=r"unknown capabilities \['gpu'\]; BackendCapabilities has \[.*'autodiff'"):
        BackendPlugin(name="x", factory=object, capabilities={"gpu": True})


def test_malformed_version_specifier_is_rejected_when_the_record_is_made():
    with pytest.raises(PluginError, match=re.escape("tyxq_versions='0.1+' is not a PEP 440 version specifier")):
        BackendPlugin(name="x", factory=object, tyxq_versions="0.1+")


@pytest.mark.parametrize(
    ("specifier", "version", "expected"),
    [
        ("", "0.1.0", True),
        (">=0.1,<0.2", "0.1.5", True),
        (">=0.1,<0.2", "0.2.0", False),
        ("~=0.1.0", "0.1.9", True),
        ("~=0.1.0", "0.2.0", False),
        (">=0.2", "0.2.0rc1", False),  # a release candidate comes before its release
        (">=0.1", "0.2.0.dev3", True),  # development builds of a later tyxq still count
        ("<1.0", "1.0rc1", False),  # a plugin declaring <1.0 must not load into tyxq 1.0rc1
        ("<1.0", "1.0.dev1", False),
        ("<1.0", "0.9.post2", True),
        (">1.0", "1.0.post1", False),  # post releases of 1.0 are not "greater than 1.0" (PEP 440)
        (">1.0", "1.1", True),
        ("~=2.2.post3", "2.3", True),
        ("~=2.2.post3", "3.0", False),
        (">=1!0.1", "1!0.5", True),  # epochs
        (">=1!0.1", "2.0", False),
        ("==1.0.post1", "1.0-1", True),  # 1.0-1 is the implicit post release 1.0.post1
        ("==0.1.*", "0.1.7", True),
    ],
)
def test_supported_versions_follow_pep_440(specifier, version, expected):
    assert BackendPlugin(name="x", factory=object, tyxq_versions=specifier).supports(version) is expected


@pytest.mark.parametrize("version", ["1.0rc1", "1.0.dev1", "1.0.post1", "1!0.5", "1.0-1", "2.3"])
@pytest.mark.parametrize("specifier", ["<1.0", ">1.0", "~=2.2.post3", ">=1!0.1", "==1.0.post1"])
def test_supported_versions_agree_with_packaging(specifier, version):
    expected = SpecifierSet(specifier).contains(version, prereleases=True)
    assert BackendPlugin(name="x", factory=object, tyxq_versions=specifier).supports(version) is expected


def test_a_version_that_is_not_pep_440_is_an_error_naming_it():
    with pytest.raises(PluginError, match=re.escape("'one.two' is not a PEP 440 version")):
        BackendPlugin(name="x", factory=object, tyxq_versions=">=0.1").supports("one.two")


def test_factory_must_be_callable_or_an_import_path():
    with pytest.raises(PluginError, match="factory must be a callable"):
        BackendPlugin(name="x", factory=42)  # type: ignore[arg-type]


def test_import_path_without_attribute_is_rejected():
    with pytest.raises(PluginError, match=re.escape("is not of the form 'package.module:attribute'")):
        resolve_factory("tyxq.backends.numpy_backend", "plugin 'x'")


def test_import_path_to_a_missing_attribute_names_module_and_attribute():
    with pytest.raises(PluginError, match=re.escape("module 'tyxq.backends.numpy_backend' has no attribute 'Missing'")):
        resolve_factory("tyxq.backends.numpy_backend:Missing", "plugin 'x'")


def test_records_are_frozen():
    record = BackendPlugin(name="x", factory=object)
    with pytest.raises(AttributeError):
        record.name = "y"  # type: ignore[misc]
