"""``tyxq plugins --check``: does every installed plugin load, implement its protocol and do what it declares?

For everything installed together, in one pass:

1. every plugin the manager could not use is a problem: *broken* (failed to
   import, or a hook failed), *conflict* (two plugins claim a name, or one
   took a built-in's) and *incompatible* (its ``tyxq_versions`` exclude this
   tyxq), each with the message that says its fix;
2. every selectable name's factory is imported (a typo in the import path,
   a module that raises, a missing library: each its own message);
3. its object implements its protocol, naming each missing member, and
   every capability its record declares works on a one-qubit circuit
   (:mod:`tyxq.testing.exercises`).

A backend whose record has a ``launcher`` (tyxq-cupynumeric: ``python -m
tyxq_cupynumeric.standin --``) is checked in a process started that way, as
its distribution documents; if that process cannot start, the problem says
how it was started and how to start scripts that use the backend.

Disabled plugins are listed, not checked. The result is a
:class:`CheckReport`: one :class:`Problem` per fault, what passed, what was
skipped, and how long it took.

Example:
    >>> from tyxq.plugins import TyxqPluginManager
    >>> report = check_plugins(TyxqPluginManager())  # the built-ins only
    >>> report.problems
    []
    >>> report.passed[0]
    "backend 'numpy' from tyxq 0.1.0 (built in): Backend protocol, capabilities as registered, complex64, complex128"
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import PluginError
from ..plugins.failures import error_text, formatted_traceback
from ..plugins.manager import KIND_TEXT, Registration, TyxqPluginManager, get_plugin_manager
from ..plugins.status import plugin_statuses
from ..plugins.types import BackendPlugin
from .exercises import Exercise, backend_exercise, gradient_exercise, mode_exercise

__all__ = ["CheckReport", "Problem", "check_plugins", "launch_command", "main"]

_PROBLEM_STATUSES = ("broken", "conflict", "incompatible")
_RESULT_MARKER = "tyxq-plugin-check-result: "
_LAUNCH_TIMEOUT_S = 600


@dataclass(frozen=True)
class Problem:
    """One fault of one plugin; ``line()`` is how ``tyxq plugins --check`` prints it."""

    kind: str
    name: str
    distribution: str
    version: str
    message: str
    traceback: str = ""

    def line(self) -> str:
        """The problem on one line: which plugin, from which distribution, and the message.

        Example:
            >>> Problem("backend", "x", "tyxq-x", "1.0", "lacks protocol members:\\nkron").line()
            "backend 'x' from tyxq-x 1.0: lacks protocol members: kron"
        """
        return (
            f"{KIND_TEXT.get(self.kind, self.kind)} {self.name!r} from {self.distribution} {self.version}: "
            + " ".join(self.message.split())
        )


@dataclass
class CheckReport:
    """What :func:`check_plugins` found; ``ok`` when there is no problem."""

    problems: list[Problem] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def launch_command(launcher: str, backend: str) -> list[str]:
    """The command that checks ``backend`` in a process started by ``launcher`` (its ``python`` is this one).

    Example:
        >>> command = launch_command("python -m tyxq_cupynumeric.standin --", "cupynumeric")
        >>> command[1:4], command[-4:]
        (['-m', 'tyxq_cupynumeric.standin', '--'], ['tyxq.testing.plugin_check', '--backend', 'cupynumeric', '--json'])
    """
    prefix = shlex.split(launcher)
    if prefix[:1] in (["python"], ["python3"]):
        prefix[0] = sys.executable
    return [*prefix, sys.executable, "-m", "tyxq.testing.plugin_check", "--backend", backend, "--json"]


class _Checker:
    """One pass over a manager's plugins, collecting a :class:`CheckReport`."""

    def __init__(self, manager: TyxqPluginManager) -> None:
        self.manager = manager
        self.report = CheckReport()

    def problem(self, registration: Registration, message: str, traceback: str = "") -> None:
        item = registration
        self.report.problems.append(Problem(item.kind, item.name, item.distribution, item.version, message, traceback))

    def record(self, registration: Registration, exercise: Exercise) -> None:
        """File an exercise's findings under ``registration``."""
        for message in exercise.problems:
            self.problem(registration, message, exercise.tracebacks.get(message, ""))
        if not exercise.problems:
            self.report.passed.append(f"{self.title(registration)}: {', '.join(exercise.checked)}")
        for skipped in exercise.skipped:
            self.report.skipped.append(f"{self.title(registration)}: {skipped}")

    @staticmethod
    def title(registration: Registration) -> str:
        return f"{KIND_TEXT[registration.kind]} {registration.name!r} from {registration.origin}"

    def load(self, registration: Registration) -> Callable[..., Any] | None:
        """The factory, or ``None`` with the problem filed."""
        try:
            return self.manager.load(registration.kind, registration.name)
        except PluginError as error:
            self.problem(registration, str(error), formatted_traceback(error))
            return None

    def create(self, registration: Registration) -> Any:
        """The object made with no options, or ``None`` with the problem filed."""
        factory = self.load(registration)
        if factory is None:
            return None
        try:
            return factory()
        except Exception as error:  # noqa: BLE001 - whatever the plugin raises is its problem, reported
            self.problem(
                registration, f"creating it with no options failed: {error_text(error)}", formatted_traceback(error)
            )
            return None

    def statuses(self) -> None:
        tracebacks = {(item.plugin, item.distribution): item.traceback for item in self.manager.broken}
        for row in plugin_statuses(self.manager):
            if row.status in _PROBLEM_STATUSES:
                traceback = tracebacks.get((row.name, row.distribution), "")
                self.report.problems.append(
                    Problem(row.kind, row.name, row.distribution, row.version, f"{row.status}: {row.reason}", traceback)
                )
            elif row.status == "disabled":
                self.report.skipped.append(f"plugin {row.name!r} from {row.distribution} {row.version}: {row.reason}")

    def backends(self) -> list[Any]:
        """Check every backend; returns the default instances of those with working autodiff."""
        with_autodiff = []
        for name in self.manager.names("backend"):
            registration = self.manager.get("backend", name)
            record = registration.record
            assert isinstance(record, BackendPlugin)
            if record.launcher:
                self.record(registration, self.launched(registration, record.launcher))
                continue
            factory = self.load(registration)
            if factory is None:
                continue
            exercise = backend_exercise(factory, record)
            self.record(registration, exercise)
            if record.capabilities.autodiff and not exercise.problems:
                with_autodiff.append(factory())
        return with_autodiff

    def launched(self, registration: Registration, launcher: str) -> Exercise:
        """The backend's exercise, run in a process started by its launcher."""
        command = launch_command(launcher, registration.name)
        how = (
            f"Start scripts that use it the way {registration.distribution} documents: {launcher} python your_script.py"
        )
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=_LAUNCH_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return Exercise(problems=[f"could not be started as `{shlex.join(command)}`: {error_text(error)}. {how}"])
        for line in reversed(done.stdout.splitlines()):
            if line.startswith(_RESULT_MARKER):
                return Exercise(**json.loads(line.removeprefix(_RESULT_MARKER)))
        said = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        return Exercise(
            problems=[
                f"could not be started: `{shlex.join(command)}` exited with status {done.returncode} "
                f"without a result ({said or 'no output'}). {how}"
            ]
        )

    def modes(self, numpy: Any) -> dict[str, Any]:
        """Check every execution mode; returns the instances that passed, by name."""
        working = {}
        for name in self.manager.names("mode"):
            registration = self.manager.get("mode", name)
            mode = self.create(registration)
            if mode is None:
                continue
            exercise = mode_exercise(mode, registration.record, numpy)  # type: ignore[arg-type]
            self.record(registration, exercise)
            if not exercise.problems:
                working[name] = mode
        return working

    def gradients(self, numpy: Any, with_autodiff: list[Any], modes: dict[str, Any]) -> None:
        for name in self.manager.names("gradient"):
            registration = self.manager.get("gradient", name)
            method = self.create(registration)
            if method is None:
                continue
            record = registration.record
            backend = (with_autodiff[0] if with_autodiff else None) if record.requires_autodiff else numpy  # type: ignore[union-attr]
            self.record(registration, gradient_exercise(method, record, backend, modes))  # type: ignore[arg-type]


def check_plugins(manager: TyxqPluginManager | None = None) -> CheckReport:
    """Check every plugin ``manager`` (by default the process's) knows; see the module's docstring."""
    started = time.perf_counter()
    checker = _Checker(manager or get_plugin_manager())
    checker.statuses()
    numpy = checker.manager.create("backend", "numpy")
    with_autodiff = checker.backends()
    modes = checker.modes(numpy)
    checker.gradients(numpy, with_autodiff, modes)
    checker.report.seconds = time.perf_counter() - started
    return checker.report


def _exercise_one_backend(name: str) -> Exercise:
    manager = get_plugin_manager()
    registration = manager.get("backend", name)
    try:
        factory = manager.load("backend", name)
    except PluginError as error:
        return Exercise(problems=[str(error)], tracebacks={str(error): formatted_traceback(error)})
    return backend_exercise(factory, registration.record)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tyxq.testing.plugin_check --backend NAME --json``: one backend's exercise, in this process.

    ``tyxq plugins --check`` runs this under a backend's launcher and reads
    the result from the line that starts with ``tyxq-plugin-check-result:``.
    """
    parser = argparse.ArgumentParser(prog="python -m tyxq.testing.plugin_check")
    parser.add_argument("--backend", required=True, metavar="NAME", help="the backend to exercise")
    parser.add_argument("--json", action="store_true", help="print the result for tyxq plugins --check")
    arguments = parser.parse_args(argv)
    exercise = _exercise_one_backend(arguments.backend)
    if arguments.json:
        print(_RESULT_MARKER + json.dumps(asdict(exercise)), flush=True)
    else:
        print("\n".join(exercise.problems or [f"ok: {', '.join(exercise.checked)}"]))
    return 0 if not exercise.problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
