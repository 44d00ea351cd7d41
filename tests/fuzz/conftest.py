"""The fuzz suite's hypothesis profiles, and the statistics it prints at the end of the session.

``HYPOTHESIS_PROFILE=ci`` (tox's env ``core``) runs the suite in about two
minutes on two busy cores; ``HYPOTHESIS_PROFILE=dev`` runs it about twenty
times longer, for a local hunt:

    HYPOTHESIS_PROFILE=dev pytest tests/fuzz

The profiles are registered as ``fuzz-ci`` and ``fuzz-dev`` and applied to
these tests only (:data:`FUZZ`), so loading them never changes the settings
of ``tests/core`` in the same session. Each example also runs under a time
limit (:func:`tests.fuzz.harness.time_limit`): a hang fails it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from . import harness


@dataclass(frozen=True)
class Profile:
    name: str
    max_examples: int
    example_seconds: float


_PROFILES = {
    "ci": Profile("fuzz-ci", max_examples=400, example_seconds=20.0),
    "dev": Profile("fuzz-dev", max_examples=8000, example_seconds=60.0),
}
for _profile in _PROFILES.values():
    settings.register_profile(
        _profile.name,
        max_examples=_profile.max_examples,
        deadline=None,  # the time limit is the alarm of harness.time_limit, which also stops a hang
        derandomize=_profile.name == "fuzz-ci",  # CI runs the same examples every time
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        print_blob=True,
    )

PROFILE = _PROFILES["dev" if os.environ.get("HYPOTHESIS_PROFILE") == "dev" else "ci"]
FUZZ = settings(settings.get_profile(PROFILE.name))
"""The settings every fuzz test is decorated with."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = harness.summary()
    if lines:
        terminalreporter.section(f"tyxq fuzz statistics (profile {PROFILE.name})")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def restore_the_selection():
    """Fuzzed ``set_*`` calls change the process-wide defaults: put them back after each test."""
    import tyxq

    yield
    tyxq.set_backend("numpy")
    tyxq.set_execution_mode("statevector")
    tyxq.set_gradient_method("auto")
