"""Finding plugins: built-ins first, then the ``tyxq`` entry points, each through the hooks.

The manager is a :class:`pluggy.PluginManager`. It registers tyxq's own
plugin module (:mod:`tyxq.plugins.builtin`), then loads every entry point in
the group ``tyxq`` with :mod:`importlib.metadata`, remembering which
distribution (and version) each one came from. A plugin that fails to load
or whose hook raises becomes a warning and a *broken* row, never a crash of
the others. Discovery is cached; :func:`get_plugin_manager` ``(refresh=True)``
reads the environment again.

Environment variables:
    ``TYXQ_NO_PLUGINS=1``: only the built-ins.
    ``TYXQ_DISABLE_PLUGINS=a,b``: skip the entry points (or distributions) named.

Example:
    >>> from tyxq.plugins import get_plugin_manager
    >>> "numpy" in get_plugin_manager().records("backend")
    True
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Literal

import pluggy

from .._version import __version__
from ..errors import IncompatiblePluginError, PluginConflictError, PluginError, UnknownPluginError
from . import builtin
from .hookspec import PROJECT_NAME, TyxqSpecs
from .types import BackendPlugin, ExecutionModePlugin, GradientPlugin, PluginRecord
from .versions import version_satisfies

__all__ = ["Kind", "KINDS", "Registration", "BrokenPlugin", "TyxqPluginManager", "get_plugin_manager"]

logger = logging.getLogger("tyxq")

Kind = Literal["backend", "gradient", "mode"]
KINDS: dict[str, tuple[str, type]] = {
    "backend": ("tyxq_backends", BackendPlugin),
    "gradient": ("tyxq_gradient_methods", GradientPlugin),
    "mode": ("tyxq_execution_modes", ExecutionModePlugin),
}
_KIND_TEXT = {"backend": "backend", "gradient": "gradient method", "mode": "execution mode"}
_INSTALL_HINTS = {
    ("backend", "torch"): 'pip install "tyxq[torch]"',
    ("backend", "cupynumeric"): 'pip install "tyxq[gpu]"',
    ("backend", "jax"): "pip install ./plugins/tyxq-jax (from the tyxq repository)",
    ("gradient", "autograd"): 'pip install "tyxq[torch]" and tyxq.set_backend("torch")',
    ("gradient", "spsa"): "pip install ./plugins/tyxq-spsa (from the tyxq repository)",
}
BUILTIN_DISTRIBUTION = "tyxq"


@dataclass(frozen=True)
class Registration:
    """A record together with the plugin and distribution that registered it."""

    kind: str
    record: PluginRecord
    plugin: str
    distribution: str
    version: str

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def origin(self) -> str:
        return f"{self.distribution} {self.version} (plugin {self.plugin!r})"


@dataclass(frozen=True)
class BrokenPlugin:
    """An entry point that could not be loaded, or whose hook raised."""

    plugin: str
    distribution: str
    version: str
    error: str


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


class TyxqPluginManager(pluggy.PluginManager):
    """pluggy's manager plus distribution bookkeeping, conflict detection and broken plugins."""

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(TyxqSpecs)
        self.broken: list[BrokenPlugin] = []
        self._origins: dict[str, tuple[str, str]] = {}
        self._records: dict[str, dict[str, list[Registration]]] | None = None
        self.register(builtin, name="builtin")
        self._origins["builtin"] = (BUILTIN_DISTRIBUTION, __version__)

    def load_entry_points(self, disabled: Iterable[str] = ()) -> None:
        """Load every ``tyxq`` entry point not in ``disabled`` (entry point or distribution names)."""
        skip = {name.strip().lower() for name in disabled if name.strip()}
        for entry_point in metadata.entry_points(group=PROJECT_NAME):
            distribution = entry_point.dist.name if entry_point.dist else "unknown"
            version = entry_point.dist.version if entry_point.dist else "unknown"
            if entry_point.name.lower() in skip or distribution.lower() in skip:
                logger.info(
                    "plugin %r from %s %s disabled by TYXQ_DISABLE_PLUGINS", entry_point.name, distribution, version
                )
                continue
            if self.has_plugin(entry_point.name):
                continue
            try:
                plugin = entry_point.load()
                self.register(plugin, name=entry_point.name)
            except Exception as error:  # noqa: BLE001 - any failure of third-party code marks the plugin broken
                self._mark_broken(entry_point.name, distribution, version, error)
                continue
            self._origins[entry_point.name] = (distribution, version)
            logger.info("loaded plugin %r from %s %s", entry_point.name, distribution, version)
        self._records = None

    def _mark_broken(self, plugin: str, distribution: str, version: str, error: BaseException) -> None:
        reason = f"{type(error).__name__}: {error}"
        self.broken.append(BrokenPlugin(plugin, distribution, version, reason))
        warnings.warn(
            f"tyxq plugin {plugin!r} from {distribution} {version} failed and was skipped: {reason}. "
            "The other plugins keep working; `tyxq plugins` lists it as broken. "
            f"Fix or reinstall {distribution}, or set TYXQ_DISABLE_PLUGINS={plugin}",
            RuntimeWarning,
            stacklevel=3,
        )

    def _collect(self) -> dict[str, dict[str, list[Registration]]]:
        collected: dict[str, dict[str, list[Registration]]] = {kind: {} for kind in KINDS}
        broken_now = {b.plugin for b in self.broken}
        for kind, (hook_name, record_type) in KINDS.items():
            for impl in getattr(self.hook, hook_name).get_hookimpls():
                distribution, version = self._origins.get(impl.plugin_name, ("unknown", "unknown"))
                try:
                    records = list(impl.function() or ())
                    for record in records:
                        if not isinstance(record, record_type):
                            raise PluginError(
                                f"{hook_name} returned a {type(record).__name__}; it must return "
                                f"{record_type.__name__} records"
                            )
                except Exception as error:  # noqa: BLE001 - a failing hook marks its plugin broken
                    if impl.plugin_name not in broken_now:
                        self._mark_broken(impl.plugin_name, distribution, version, error)
                        broken_now.add(impl.plugin_name)
                    continue
                for record in records:
                    registration = Registration(kind, record, impl.plugin_name, distribution, version)
                    collected[kind].setdefault(record.name, []).append(registration)
        return collected

    def registrations(self, kind: str) -> dict[str, list[Registration]]:
        """Name → every registration of that name (more than one is a conflict)."""
        if self._records is None:
            self._records = self._collect()
        return self._records[kind]

    def records(self, kind: str) -> dict[str, PluginRecord]:
        """Name → record, for names registered exactly once (conflicts are left out)."""
        return {name: regs[0].record for name, regs in self.registrations(kind).items() if len(regs) == 1}

    def get(self, kind: str, name: str) -> Registration:
        """The registration of ``name``, or a clear error: unknown, conflicting, or incompatible."""
        from .types import normalize_name

        key = normalize_name(name)
        found = self.registrations(kind).get(key)
        if not found:
            raise UnknownPluginError(self._unknown_message(kind, name))
        if len(found) > 1:
            claimants = "\n".join(f"  - {reg.origin}" for reg in found)
            raise PluginConflictError(
                f"{len(found)} plugins register the {_KIND_TEXT[kind]} {key!r}:\n{claimants}\n"
                "Uninstall all but one of these distributions, or disable one with "
                f"TYXQ_DISABLE_PLUGINS={found[-1].plugin}"
            )
        registration = found[0]
        wanted = registration.record.tyxq_versions
        if wanted and not version_satisfies(__version__, wanted):
            raise IncompatiblePluginError(
                f"the {_KIND_TEXT[kind]} {key!r} from {registration.origin} supports tyxq {wanted}, "
                f"but tyxq {__version__} is installed; install a release of {registration.distribution} "
                f"made for tyxq {__version__}, or a tyxq version it supports"
            )
        return registration

    def _unknown_message(self, kind: str, name: str) -> str:
        installed = ", ".join(sorted(self.registrations(kind))) or "none"
        hint = _INSTALL_HINTS.get((kind, name.lower()))
        broken = [b for b in self.broken if name.lower() in b.plugin.lower()]
        lines = [f"no {_KIND_TEXT[kind]} named {name!r} is installed; installed: {installed}."]
        if broken:
            lines.append(f"The plugin {broken[0].plugin!r} from {broken[0].distribution} is broken: {broken[0].error}")
        if hint:
            lines.append(f"To add it: {hint}")
        else:
            lines.append("Install a distribution that provides it (see `tyxq plugins` for what is installed).")
        return " ".join(lines)

    def create(self, kind: str, name: str, **options: Any) -> Any:
        """Resolve the factory of ``name`` and call it with ``options``."""
        registration = self.get(kind, name)
        factory: Callable[..., Any] = registration.record.load()
        logger.info("creating %s %r from %s with %s", _KIND_TEXT[kind], registration.name, registration.origin, options)
        return factory(**options)


_MANAGER: TyxqPluginManager | None = None
_LOCK = threading.Lock()


def get_plugin_manager(refresh: bool = False) -> TyxqPluginManager:
    """The process-wide plugin manager, discovered on first use (again with ``refresh=True``).

    Example:
        >>> from tyxq.plugins import get_plugin_manager
        >>> manager = get_plugin_manager()
        >>> manager.get("backend", "numpy").distribution
        'tyxq'
    """
    global _MANAGER
    with _LOCK:
        if _MANAGER is None or refresh:
            manager = TyxqPluginManager()
            if not _truthy(os.environ.get("TYXQ_NO_PLUGINS")):
                manager.load_entry_points(os.environ.get("TYXQ_DISABLE_PLUGINS", "").split(","))
            _MANAGER = manager
        return _MANAGER
