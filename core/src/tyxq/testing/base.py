"""What every conformance suite shares: known gaps as strict xfails, capability skips, dtypes.

A plugin's test module subclasses a suite and configures it with class
attributes. Two attributes are common to all suites:

- ``expected_failures = {"test_name": "reason"}`` marks known gaps. Each
  named test is an xfail with ``strict=True``: when the gap is closed and
  the test passes, the run fails until the entry is removed, so the mapping
  never goes stale. A key may name a test (``"test_jit_circuit"``) or one
  parametrised case (``"test_jit_circuit[complex64]"``); a key that names no
  test of the suite is an error, so a typo cannot hide anything.
- ``dtypes``: the complex dtypes to run in (both by default), unless the
  options pin one with ``dtype=...``.

Tests that need a capability the plugin does not declare are skipped, and the
skip says which declaration caused it; the suite then checks the other side
of the declaration (that the operation raises
:class:`~tyxq.errors.CapabilityError`), so a declared gap is never a silent one.

Example:
    >>> from tyxq.testing.base import ConformanceSuite
    >>> class Suite(ConformanceSuite):
    ...     def test_one(self): ...
    >>> Suite.suite_test_names() == {"test_one"}
    True
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

import pytest

from ..backends.protocol import COMPLEX_DTYPES

__all__ = ["TOLERANCE", "ConformanceSuite", "command_line_choice", "parse_options", "plugin_choice"]

TOLERANCE: dict[str, float] = {"complex64": 2e-5, "complex128": 1e-9}
"""Default absolute tolerances for results computed in each dtype, against a complex128 reference."""


def parse_options(pairs: Sequence[str]) -> dict[str, Any]:
    """``["dtype=complex64", "shots=1000"]`` → ``{"dtype": "complex64", "shots": 1000}``.

    Values are read as Python literals where they are one (numbers, ``True``,
    tuples), else kept as text.

    Example:
        >>> parse_options(["device=cuda", "shots=100", "step=1e-3"])
        {'device': 'cuda', 'shots': 100, 'step': 0.001}
    """
    options: dict[str, Any] = {}
    for pair in pairs:
        key, equals, text = pair.partition("=")
        if not equals or not key.strip():
            raise pytest.UsageError(f"option {pair!r} is not of the form KEY=VALUE")
        try:
            options[key.strip()] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            options[key.strip()] = text
    return options


def command_line_choice(config: pytest.Config, kind: str) -> tuple[str | None, dict[str, Any]]:
    """The name and options given as ``--tyxq-KIND`` / ``--tyxq-KIND-option`` (``None`` if not given).

    These options exist when the plugin :mod:`tyxq.testing.pytest_plugin` is
    loaded (``pytest -p tyxq.testing.pytest_plugin``); otherwise nothing is chosen.
    """
    name = config.getoption(f"tyxq_{kind}", default=None)
    pairs = config.getoption(f"tyxq_{kind}_option", default=None) or []
    return name, parse_options(pairs)


def plugin_choice(
    config: pytest.Config, kind: str, name: str | None, options: Mapping[str, Any], default: str | None
) -> tuple[str, dict[str, Any]]:
    """A suite's choice of one plugin kind: the class attribute, else ``--tyxq-KIND``, else ``default``.

    Options from the command line come first and the class's own options
    override them. Without any name the test fails, saying how to give one.
    """
    given, given_options = command_line_choice(config, kind)
    chosen = name or given or default
    if not chosen:
        pytest.fail(
            f"no {kind} chosen: set {kind}_name = 'NAME' on the test class, or run "
            f"pytest -p tyxq.testing.pytest_plugin --tyxq-{kind} NAME",
            pytrace=False,
        )
    return chosen, {**given_options, **options}


class ConformanceSuite:
    """Base of the conformance suites: configuration by class attributes, strict known gaps."""

    expected_failures: ClassVar[Mapping[str, str]] = {}
    dtypes: ClassVar[tuple[str, ...]] = COMPLEX_DTYPES
    tolerance: ClassVar[Mapping[str, float]] = TOLERANCE

    @classmethod
    def suite_test_names(cls) -> set[str]:
        """The names of this suite's test methods."""
        return {name for name in dir(cls) if name.startswith("test_") and callable(getattr(cls, name))}

    def selected_dtypes(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        """The dtypes to run in: the one the options pin, else ``dtypes``."""
        pinned = options.get("dtype")
        return (str(pinned),) if pinned is not None else tuple(self.dtypes)

    def atol(self, dtype: str) -> float:
        """The absolute tolerance for results in ``dtype``."""
        return float(self.tolerance[dtype])

    @pytest.fixture(autouse=True)
    def _known_gaps(self, request: pytest.FixtureRequest) -> Iterator[None]:
        unknown = set(self.expected_failures) - self._known_keys(request)
        if unknown:
            pytest.fail(
                f"{type(self).__name__}.expected_failures names tests that do not exist: {sorted(unknown)}; "
                f"the suite's tests are: {sorted(self.suite_test_names())}",
                pytrace=False,
            )
        node = request.node
        reason = self.expected_failures.get(node.name) or self.expected_failures.get(node.originalname)
        if reason is not None:
            request.applymarker(pytest.mark.xfail(reason=f"expected failure: {reason}", strict=True))
        yield

    def _known_keys(self, request: pytest.FixtureRequest) -> set[str]:
        names = self.suite_test_names()
        keys = set(names)
        for key in self.expected_failures:
            base, bracket, _ = key.partition("[")
            if bracket and base in names:
                keys.add(key)  # one parametrised case of an existing test
        return keys

    @staticmethod
    def skip_without(declared: bool, what: str, declaration: str) -> None:
        """Skip the running test unless ``declared``, naming the declaration that excludes it."""
        if not declared:
            pytest.skip(f"{what} not declared ({declaration})")
