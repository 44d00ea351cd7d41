"""The pytest plugin of the conformance kit, loaded explicitly: ``pytest -p tyxq.testing.pytest_plugin``.

It adds the options that choose what the command-line suites
(:mod:`tyxq.testing.suite`) and any suite class without a name of its own
check:

- ``--tyxq-backend NAME``, ``--tyxq-gradient NAME``, ``--tyxq-mode NAME``;
- ``--tyxq-backend-option KEY=VALUE`` (and ``-gradient-``, ``-mode-``),
  repeatable, passed to the plugin's factory (``dtype=complex64``,
  ``device=cuda``, ``shots=1000``);
- ``--tyxq-gradient-tolerance ATOL``: the gradient suite's tolerance, which a
  method that is not exact (or a mode that is not) must be given.

Given no test paths, the run collects the suite of each chosen kind
(:mod:`tyxq.testing.suite`) instead of pytest's default paths, so
``pytest -p tyxq.testing.pytest_plugin --tyxq-backend jax`` runs the backend
suite on jax. Given paths (``pytest -p tyxq.testing.pytest_plugin tests
--tyxq-backend jax``), it runs those, with the choices filling in suites that
name no plugin themselves.

tyxq registers no ``pytest11`` entry point: installing tyxq never changes
the behaviour of anyone's pytest run. The header of the run names each
chosen plugin and the distribution that provides it.
"""

from __future__ import annotations

import pytest

from .base import command_line_choice

__all__ = ["pytest_addoption", "pytest_configure", "pytest_report_header"]

_KINDS = {"backend": "backend", "gradient": "gradient method", "mode": "execution mode"}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tyxq", "tyxq conformance kit")
    for kind, text in _KINDS.items():
        group.addoption(
            f"--tyxq-{kind}",
            dest=f"tyxq_{kind}",
            metavar="NAME",
            default=None,
            help=f"the {text} the conformance suites check",
        )
        group.addoption(
            f"--tyxq-{kind}-option",
            dest=f"tyxq_{kind}_option",
            metavar="KEY=VALUE",
            action="append",
            default=[],
            help=f"an option for the {text}'s factory (repeatable)",
        )
    group.addoption(
        "--tyxq-gradient-tolerance",
        dest="tyxq_gradient_tolerance",
        metavar="ATOL",
        type=float,
        default=None,
        help="absolute tolerance of the gradient checks (required for a method or mode that is not exact)",
    )


def pytest_configure(config: pytest.Config) -> None:
    chosen = [kind for kind in _KINDS if command_line_choice(config, kind)[0]]  # fails early on a bad KEY=VALUE
    if chosen and config.args_source != pytest.Config.ArgsSource.ARGS:
        from .suite import suite_node_ids

        config.args[:] = suite_node_ids(chosen)


def pytest_report_header(config: pytest.Config) -> list[str]:
    from .._version import __version__
    from ..errors import PluginError
    from ..plugins.manager import get_plugin_manager

    lines = [f"tyxq {__version__} conformance kit"]
    for kind, text in _KINDS.items():
        name, options = command_line_choice(config, kind)
        if name is None:
            continue
        try:
            origin = get_plugin_manager().get(kind, name).origin
        except PluginError as error:
            origin = f"not available: {error}"
        given = f" with {options}" if options else ""
        lines.append(f"  {text} {name!r}{given} from {origin}")
    return lines
