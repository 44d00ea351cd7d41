"""``tyxq-conformance``: run the conformance kit on installed plugins and print a summary.

    tyxq-conformance --backend jax
    tyxq-conformance --gradient spsa --gradient-option samples=1000 --gradient-tolerance 0.45
    tyxq-conformance --backend torch --backend-option device=cuda --mode shots --mode-option shots=20000
    tyxq-conformance --backend jax -- -x -k circuit      # anything after -- goes to pytest

Each chosen plugin gets its suite (:mod:`tyxq.testing.suite`); the gradient
and mode suites run on the chosen backend (numpy otherwise), the gradient
suite in the chosen mode (statevector otherwise). The suites run in a
separate ``python -m pytest`` process, so that this command's own imports do
not shape the run; its output streams through, then a summary follows:
passed, failed, skipped with their reasons, expected failures with theirs.
The exit status is pytest's (0 when everything passed).

Example:
    >>> parser = build_parser()
    >>> options = parser.parse_args(["--backend", "numpy", "--backend-option", "dtype=complex64"])
    >>> pytest_arguments(options, "/tmp/report.xml")[:4]
    ['-p', 'tyxq.testing.pytest_plugin', '-p', 'no:cacheprovider']
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["build_parser", "main", "pytest_arguments"]


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``tyxq-conformance``."""
    parser = argparse.ArgumentParser(
        prog="tyxq-conformance",
        description="Run tyxq's conformance kit on installed plugins and print a summary.",
        epilog="Arguments after -- go to pytest unchanged (for example -- -x -k circuit).",
    )
    for kind, text in (("backend", "backend"), ("gradient", "gradient method"), ("mode", "execution mode")):
        parser.add_argument(f"--{kind}", metavar="NAME", help=f"check the {text} NAME")
        parser.add_argument(
            f"--{kind}-option",
            metavar="KEY=VALUE",
            action="append",
            default=[],
            help=f"an option for the {text} (repeatable), e.g. dtype=complex64",
        )
    parser.add_argument(
        "--gradient-tolerance",
        metavar="ATOL",
        type=float,
        help="absolute tolerance of the gradient checks (required for a method or mode that is not exact)",
    )
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def pytest_arguments(options: argparse.Namespace, report: str) -> list[str]:
    """The pytest command line for ``options``, writing a JUnit XML report to ``report``."""
    from .suite import SUITE_OF_KIND, suite_node_ids

    arguments = ["-p", "tyxq.testing.pytest_plugin", "-p", "no:cacheprovider", "-q", f"--junitxml={report}"]
    for kind in SUITE_OF_KIND:
        name = getattr(options, kind)
        if name:
            arguments += [*suite_node_ids([kind]), f"--tyxq-{kind}", name]
        for value in getattr(options, f"{kind}_option"):
            arguments += [f"--tyxq-{kind}-option", value]
    if options.gradient_tolerance is not None:
        arguments += ["--tyxq-gradient-tolerance", str(options.gradient_tolerance)]
    extra = list(options.pytest_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    return arguments + extra


def _check_names(options: argparse.Namespace) -> str | None:
    """The error for a name that is not installed, before any test runs."""
    from ..errors import PluginError
    from ..plugins.manager import get_plugin_manager
    from .suite import SUITE_OF_KIND

    for kind in SUITE_OF_KIND:
        name = getattr(options, kind)
        if name:
            try:
                get_plugin_manager().get(kind, name)
            except PluginError as error:
                return str(error)
    return None


def _header(options: argparse.Namespace) -> str:
    from ..plugins.manager import get_plugin_manager
    from .suite import SUITE_OF_KIND

    chosen = []
    for kind in SUITE_OF_KIND:
        name = getattr(options, kind)
        if name:
            chosen.append(f"{kind} {name!r} from {get_plugin_manager().get(kind, name).origin}")
    return "tyxq-conformance: " + "; ".join(chosen)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen suites in a pytest subprocess; print a summary; return pytest's exit status."""
    from .summary import Summary

    parser = build_parser()
    options = parser.parse_args(argv)
    if not (options.backend or options.gradient or options.mode):
        parser.error("choose what to check: --backend NAME, --gradient NAME and/or --mode NAME")
    try:
        import pytest  # noqa: F401 - only to fail early with the install command
    except ImportError:
        print('tyxq-conformance needs pytest: pip install "tyxq[testing]"', file=sys.stderr)
        return 2
    problem = _check_names(options)
    if problem:
        print(f"tyxq-conformance: {problem}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="tyxq-conformance-") as scratch:
        report = str(Path(scratch) / "report.xml")
        (Path(scratch) / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        command = [sys.executable, "-m", "pytest", "-c", str(Path(scratch) / "pytest.ini"), "--rootdir", scratch]
        status = subprocess.call(command + pytest_arguments(options, report), cwd=scratch)
        print()
        print(_header(options))
        if Path(report).exists():
            print(Summary.from_junit_xml(Path(report).read_text(encoding="utf-8")).format())
        else:
            print(f"pytest wrote no report (exit status {status}); see its output above")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
