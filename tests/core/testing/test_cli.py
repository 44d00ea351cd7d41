"""``tyxq-conformance`` and the pytest plugin, run as a user would: in a separate process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .runner import run_suite


def conformance(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tyxq.testing.cli", *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_a_passing_backend_prints_counts_and_skip_reasons() -> None:
    result = conformance("--backend", "numpy", "--", "-k", "(kron and not transposed) or vmap_matches")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tyxq-conformance: backend 'numpy' from" in result.stdout
    assert "passed 2, failed 0, errors 0, skipped 2, expected failures 0" in result.stdout
    assert "2 x vmap not declared (BackendCapabilities.vmap=False)" in result.stdout


def test_backend_options_reach_the_backend() -> None:
    result = conformance(
        "--backend", "numpy", "--backend-option", "dtype=complex64", "--", "-k", "kron and not transposed"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed 1, failed 0" in result.stdout  # kron in complex64 only, not in both dtypes


def test_an_inexact_gradient_method_needs_a_tolerance() -> None:
    result = conformance("--gradient", "finite_difference", "--", "-k", "shift_rule and complex128-0")
    assert result.returncode == 1
    assert "--tyxq-gradient-tolerance" in result.stdout
    result = conformance(
        "--gradient",
        "finite_difference",
        "--gradient-tolerance",
        "1e-8",
        "--backend-option",
        "dtype=complex128",
        "--",
        "-k",
        "shift_rule",
    )
    assert result.returncode == 0, result.stdout
    assert "passed 4, failed 0" in result.stdout


def test_a_broken_configuration_fails_and_lists_the_errors() -> None:
    result = conformance(
        "--backend", "numpy", "--backend-option", "device=quantum_toaster", "--", "-k", "kron and not transposed"
    )
    assert result.returncode == 1
    assert "errors 2" in result.stdout
    assert "quantum_toaster" in result.stdout


def test_an_unknown_name_is_refused_before_running() -> None:
    result = conformance("--backend", "nosuchbackend")
    assert result.returncode == 2
    assert "no backend named 'nosuchbackend'" in result.stderr and "numpy" in result.stderr


def test_nothing_chosen_is_a_usage_error() -> None:
    result = conformance()
    assert result.returncode == 2
    assert "choose what to check" in result.stderr


def test_the_plugin_adds_options_and_names_the_choice_in_the_header(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        """
    from tyxq.testing.suite import TestBackend
    """,
        "-p",
        "tyxq.testing.pytest_plugin",
        "--tyxq-backend",
        "numpy",
        "-k",
        "kron and not transposed",
        "--tyxq-backend-option",
        "dtype=complex64",
    )
    assert [(o.test, o.outcome) for o in summary.outcomes] == [
        ("TestBackend::test_operation_matches_numpy[complex64-kron]", "passed")
    ], output


def test_the_kit_registers_no_pytest11_entry_point() -> None:
    from importlib import metadata

    assert not [ep for ep in metadata.entry_points(group="pytest11") if ep.value.startswith("tyxq")]
