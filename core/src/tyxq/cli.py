"""The ``tyxq`` command: ``tyxq plugins`` and ``tyxq info``.

``tyxq plugins`` lists every plugin registration (kind, name, distribution,
version, status, description) and every plugin that failed to load, with the
reasons below the table; ``--json`` prints the rows as a JSON list for
scripts. It imports no plugin's factory, so it stays fast. ``tyxq plugins
--check`` is the thorough one: it imports every factory, checks each object
against its protocol and exercises every declared capability
(:mod:`tyxq.testing.plugin_check`), prints one line per plugin checked and
one per problem, and how long it took; its exit status is 0 only when there
is no problem (``--traceback``, or ``TYXQ_DEBUG_PLUGINS=1``, adds the
tracebacks of failures). ``tyxq info`` prints the versions of tyxq, Python and the plugin
distributions, the active backend with its dtype and device, the devices
each backend declares, and every ``TYXQ_*`` variable with its value and
whether tyxq can use it (:mod:`tyxq.settings`); it creates the active
backend only, so it imports no other backend's library. Both read the same environment variables as
``import tyxq`` (``TYXQ_BACKEND``, ``TYXQ_DISABLE_PLUGINS``,
``TYXQ_NO_PLUGINS``, ...).

Example:
    >>> from tyxq.cli import main
    >>> main(["info"])  # doctest: +ELLIPSIS
    tyxq ...
    active backend: numpy (complex128 on cpu; autodiff no, vmap no, jit no)
    devices:
    ...
    0
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import Any

from ._version import __version__
from .context import get_backend
from .errors import TyxqError
from .plugins.failures import debug_enabled
from .plugins.manager import BUILTIN_DISTRIBUTION, get_plugin_manager
from .plugins.status import PluginStatus, plugin_statuses
from .plugins.types import BackendPlugin
from .settings import read_settings, unknown_variables

__all__ = ["environment_data", "info_data", "main", "plugins_table"]

_COLUMNS = ("kind", "name", "distribution", "version", "status", "description")
_DEPENDENCIES = ("numpy", "pluggy", "packaging")


def plugins_table(rows: Sequence[PluginStatus]) -> str:
    """The rows as an aligned text table, then the full reason of every row that is not ``ok``.

    Example:
        >>> from tyxq.plugins import PluginStatus
        >>> print(plugins_table([PluginStatus("backend", "numpy", "tyxq", "0.1.0", "ok", "NumPy")]))
        KIND     NAME   DISTRIBUTION  VERSION  STATUS  DESCRIPTION
        backend  numpy  tyxq          0.1.0    ok      NumPy
    """
    cells = [[column.upper() for column in _COLUMNS]]
    for row in rows:
        summary = row.description if row.status == "ok" else row.reason.splitlines()[0]
        cells.append([row.kind, row.name, row.distribution, row.version, row.status, summary])
    widths = [max(len(line[i]) for line in cells) for i in range(len(_COLUMNS))]
    widths[-1] = 0  # the last column is not padded
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in cells]
    problems = [row for row in rows if row.status != "ok"]
    if problems:
        lines.append("")
        lines.append("Problems:")
        for row in problems:
            lines.append(f"  {row.kind} {row.name!r} from {row.distribution} {row.version}: {row.status}")
            lines.extend(f"    {line}" for line in row.reason.splitlines())
    return "\n".join(lines)


def _distribution_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def environment_data() -> dict[str, dict[str, Any]]:
    """Every ``TYXQ_*`` variable tyxq reads, and any other one set: value (``None`` if unset), status, problem.

    ``status`` is ``ok``, ``unset``, ``invalid`` (``problem`` says why and
    the fix) or ``unknown`` (set, but tyxq reads no variable of that name).

    Example:
        >>> environment_data()["TYXQ_MODE"]["status"] in {"ok", "unset", "invalid"}
        True
    """
    data: dict[str, dict[str, Any]] = {}
    for setting in read_settings():
        status = "unset" if setting.value is None else "ok" if setting.valid else "invalid"
        data[setting.name] = {"value": setting.value, "status": status, "problem": setting.problem}
    for name, close in unknown_variables().items():
        hint = f" (did you mean {close}?)" if close else ""
        data[name] = {"value": os.environ[name], "status": "unknown", "problem": f"tyxq reads no {name}{hint}"}
    return data


def info_data() -> dict[str, Any]:
    """What ``tyxq info`` prints, as plain data; creates the active backend and no other.

    Example:
        >>> data = info_data()
        >>> data["tyxq"] == __import__("tyxq").__version__, data["active_backend"]["name"]
        (True, 'numpy')
    """
    manager = get_plugin_manager()
    rows = plugin_statuses(manager)
    distributions = sorted(
        {(row.distribution, row.version) for row in rows if row.distribution != BUILTIN_DISTRIBUTION}
    )
    data: dict[str, Any] = {
        "tyxq": __version__,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "executable": sys.executable,
        "platform": platform.platform(),
        "dependencies": {name: _distribution_version(name) for name in _DEPENDENCIES},
        "plugin_distributions": {name: version for name, version in distributions},
        "environment": environment_data(),
    }
    try:
        backend = get_backend()
    except TyxqError as error:
        data["active_backend"] = {"error": str(error)}
        active_name = None
    else:
        capabilities = backend.capabilities
        data["active_backend"] = {
            "name": backend.name,
            "dtype": backend.complex_dtype,
            "device": backend.device,
            "autodiff": capabilities.autodiff,
            "vmap": capabilities.vmap,
            "jit": capabilities.jit,
        }
        active_name = backend.name
    devices: dict[str, dict[str, Any]] = {}
    for name in manager.names("backend"):
        if name == active_name:
            devices[name] = {"devices": list(backend.capabilities.devices), "source": f"active, on {backend.device}"}
        else:
            record = manager.get("backend", name).record
            declared = record.capabilities.devices if isinstance(record, BackendPlugin) else ()
            devices[name] = {"devices": list(declared), "source": "declared; not imported"}
    data["devices"] = devices
    return data


def _print_info(data: dict[str, Any]) -> None:
    print(f"tyxq {data['tyxq']}")
    print(f"python {data['python']} ({data['executable']})")
    print(f"platform {data['platform']}")
    print(
        "dependencies: "
        + ", ".join(f"{name} {version or 'not installed'}" for name, version in data["dependencies"].items())
    )
    plugins = data["plugin_distributions"]
    print("plugin distributions: " + (", ".join(f"{name} {version}" for name, version in plugins.items()) or "none"))
    active = data["active_backend"]
    if "error" in active:
        print("active backend: error:")
        print("\n".join(f"  {line}" for line in active["error"].splitlines()))
    else:
        flags = ", ".join(f"{flag} {'yes' if active[flag] else 'no'}" for flag in ("autodiff", "vmap", "jit"))
        print(f"active backend: {active['name']} ({active['dtype']} on {active['device']}; {flags})")
    print("devices:")
    for name, entry in data["devices"].items():
        print(f"  {name}: {', '.join(entry['devices'])} ({entry['source']})")
    print("environment:")
    for name, entry in data["environment"].items():
        value = "" if entry["value"] is None else f"={entry['value']!r}"
        line = f"  {name}{value}: {entry['status']}"
        print(line if entry["problem"] is None else f"{line}: {entry['problem'].splitlines()[0]}")


def _check(show_tracebacks: bool) -> int:
    """``tyxq plugins --check``: one line per plugin checked, per skip and per problem; 1 if any problem."""
    from .testing.plugin_check import check_plugins

    report = check_plugins()
    for line in report.passed:
        print(f"ok       {line}")
    for line in report.skipped:
        print(f"skipped  {line}")
    for problem in report.problems:
        print(f"PROBLEM  {problem.line()}")
        if show_tracebacks and problem.traceback:
            print("\n".join(f"         {line}" for line in problem.traceback.splitlines()))
    verdict = f"{len(report.problems)} problem{'s' * (len(report.problems) != 1)}" if report.problems else "no problems"
    print(f"tyxq plugins --check: {verdict}; took {report.seconds:.1f} s")
    return 0 if report.ok else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tyxq", description="tyxq: installed plugins and the environment.")
    parser.add_argument("--version", action="version", version=f"tyxq {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{plugins,info}")
    plugins = commands.add_parser("plugins", help="list every backend, gradient method and execution mode plugin")
    output = plugins.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the rows as a JSON list")
    output.add_argument(
        "--check",
        action="store_true",
        help="import every plugin, check its protocol and exercise its declared capabilities; "
        "exit status 1 on any problem",
    )
    plugins.add_argument("--traceback", action="store_true", help="with --check: show the traceback of each failure")
    info = commands.add_parser("info", help="versions, the active backend and the devices seen")
    info.add_argument("--json", action="store_true", help="print the information as a JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``tyxq`` command with ``argv`` (default: the process arguments); returns the exit status."""
    arguments = _parser().parse_args(argv)
    if arguments.command == "plugins" and arguments.check:
        return _check(show_tracebacks=arguments.traceback or debug_enabled())
    if arguments.command == "plugins":
        rows = plugin_statuses()
        if arguments.json:
            print(json.dumps([row.to_dict() for row in rows], indent=2))
        else:
            print(plugins_table(rows))
        return 0
    data = info_data()
    if arguments.json:
        print(json.dumps(data, indent=2))
    else:
        _print_info(data)
    return 1 if "error" in data["active_backend"] else 0
