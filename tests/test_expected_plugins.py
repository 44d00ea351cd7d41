"""The plugins this environment should have are exactly the plugins discovery finds.

Each tox env sets ``TYXQ_EXPECT_PLUGINS`` to what it installs, so an env that
installs tyxq-torch fails here when the torch backend is missing or broken,
instead of quietly skipping the torch tests.

Format: comma-separated ``[kind:]name`` entries, ``kind`` being ``backend``
(the default), ``gradient`` or ``mode``:

- the backends listed are exactly the selectable backends, the built-in
  ``numpy`` included (``TYXQ_EXPECT_PLUGINS=numpy,torch``);
- the ``gradient:`` and ``mode:`` entries are exactly the gradient methods and
  execution modes that plugin distributions add to tyxq's built-in ones
  (``TYXQ_EXPECT_PLUGINS=numpy,gradient:spsa``); the built-ins are the
  core's own tests' business;
- no installed plugin is broken, conflicting or incompatible.

Unset, the tests fail and say how to set it: an environment that forgot to
declare its plugins is a misconfigured environment, not one to skip. Outside
tox, set it to what you installed, or leave this file out deliberately with
``pytest --deselect tests/test_expected_plugins.py``.
"""

from __future__ import annotations

import os

import pytest

from tyxq.plugins import get_plugin_manager, plugin_statuses
from tyxq.plugins.manager import BUILTIN_DISTRIBUTION, KINDS

VARIABLE = "TYXQ_EXPECT_PLUGINS"


def parse_expectation(text: str) -> dict[str, set[str]]:
    """``"numpy, torch, gradient:spsa"`` → ``{"backend": {"numpy", "torch"}, "gradient": {"spsa"}, "mode": set()}``."""
    expected: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        kind, _, name = entry.rpartition(":")
        kind = kind or "backend"
        if kind not in expected:
            raise ValueError(f"{VARIABLE} entry {entry!r}: the kind must be one of {sorted(expected)}")
        expected[kind].add(name.strip().lower().replace("-", "_"))
    return expected


@pytest.fixture(scope="module")
def expected() -> dict[str, set[str]]:
    text = os.environ.get(VARIABLE, "").strip()
    if not text:
        pytest.fail(
            f"{VARIABLE} is not set. Set it to the plugins this environment installs, e.g. "
            f"{VARIABLE}=numpy (the core alone) or {VARIABLE}=numpy,torch (with tyxq-torch); tox.ini sets it "
            "for each env and documents the format. To run the other tests without this check: "
            "pytest --deselect tests/test_expected_plugins.py",
            pytrace=False,
        )
    return parse_expectation(text)


def test_parse_expectation_reads_kinds_and_defaults_to_backends():
    assert parse_expectation(" numpy, Torch ,gradient:spsa,mode:noisy-sim,") == {
        "backend": {"numpy", "torch"},
        "gradient": {"spsa"},
        "mode": {"noisy_sim"},
    }


def test_parse_expectation_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="the kind must be one of"):
        parse_expectation("device:cuda")


def test_discovery_finds_exactly_the_expected_backends(expected):
    assert set(get_plugin_manager().names("backend")) == expected["backend"]


@pytest.mark.parametrize("kind", ["gradient", "mode"])
def test_plugins_add_exactly_the_expected_gradient_methods_and_modes(expected, kind):
    registrations = get_plugin_manager().registrations(kind)
    added = {
        name
        for name, found in registrations.items()
        if any(registration.distribution != BUILTIN_DISTRIBUTION for registration in found)
    }
    assert added == expected[kind]


def test_no_installed_plugin_is_broken_conflicting_or_incompatible():
    problems = [row for row in plugin_statuses() if row.status in {"broken", "conflict", "incompatible"}]
    assert problems == [], "\n".join(f"{row.name} ({row.distribution}): {row.reason}" for row in problems)
