"""Finding plugins: built-ins first, then the ``tyxq`` entry points, each through the hooks.

The manager is a :class:`pluggy.PluginManager`. It registers tyxq's own
plugin module (:mod:`tyxq.builtin_plugins`), then loads every entry point in
the group ``tyxq`` with :mod:`importlib.metadata`, remembering which
distribution (and version) each one came from. A plugin that fails to import,
or whose hook raises or returns something other than records, becomes a
:class:`~tyxq.errors.PluginWarning` and a *broken* row in ``tyxq plugins``,
never a crash of the others (:mod:`tyxq.plugins.failures` words its
message). Two plugins registering one name, or a plugin whose
``tyxq_versions`` exclude the installed tyxq, are errors when that name is
selected, and rows marked *conflict* or *incompatible* until then. The
built-ins' names are reserved (:data:`~tyxq.plugins.reserved.RESERVED_NAMES`):
a plugin registering one is a *conflict* row at once, and ignored, so the
built-in keeps working.

Discovery is cached; :func:`get_plugin_manager` ``(refresh=True)`` reads the
environment again. Environment variables:

``TYXQ_NO_PLUGINS=1``
    only the built-ins; no entry point is loaded.
``TYXQ_DISABLE_PLUGINS=a,b``
    skip the entry points or distributions named (``-``/``_`` and case do
    not matter); ``tyxq plugins`` lists them as *disabled*.
``TYXQ_DEBUG_PLUGINS=1``
    the warning about a broken plugin carries its traceback.

Example:
    >>> from tyxq.plugins import get_plugin_manager
    >>> manager = get_plugin_manager()
    >>> registration = manager.get("backend", "numpy")
    >>> registration.distribution, registration.plugin
    ('tyxq', 'builtin')
"""

from __future__ import annotations

import difflib
import inspect
import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Literal

import pluggy
from packaging.utils import canonicalize_name

from .._version import __version__
from ..errors import (
    BrokenPluginError,
    ConfigurationError,
    ConfigurationWarning,
    IncompatiblePluginError,
    PluginConflictError,
    PluginError,
    PluginWarning,
    UnknownPluginError,
)
from .contracts import check_created
from .failures import debug_enabled, error_text, factory_error, formatted_traceback, report_advice
from .hints import install_command
from .hookspec import PROJECT_NAME, TyxqSpecs
from .provenance import Provider, provider_of
from .reserved import RESERVED_NAMES
from .types import BackendPlugin, ExecutionModePlugin, GradientPlugin, PluginRecord, normalize_name

__all__ = [
    "BUILTIN_DISTRIBUTION",
    "IN_PROCESS",
    "KINDS",
    "KIND_TEXT",
    "BrokenPlugin",
    "DisabledPlugin",
    "Kind",
    "Registration",
    "TyxqPluginManager",
    "get_plugin_manager",
    "provide_builtins",
]

logger = logging.getLogger("tyxq")

Kind = Literal["backend", "gradient", "mode"]
KINDS: dict[str, tuple[str, type]] = {
    "backend": ("tyxq_backends", BackendPlugin),
    "gradient": ("tyxq_gradient_methods", GradientPlugin),
    "mode": ("tyxq_execution_modes", ExecutionModePlugin),
}
"""Each kind of plugin: the hook that registers it and the record type that hook returns."""
KIND_TEXT = {"backend": "backend", "gradient": "gradient method", "mode": "execution mode"}
"""How messages name each kind of plugin."""
BUILTIN_DISTRIBUTION = "tyxq"
IN_PROCESS = "(in process)"
"""The distribution shown for plugins an application registers with :meth:`TyxqPluginManager.add_plugin`."""
_BUILTIN_PLUGIN = "builtin"


@dataclass(frozen=True)
class Registration:
    """A record together with the plugin (entry point) and distribution that registered it."""

    kind: str
    record: PluginRecord
    plugin: str
    distribution: str
    version: str

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def builtin(self) -> bool:
        """Whether tyxq itself registered the record."""
        return (self.distribution, self.plugin) == (BUILTIN_DISTRIBUTION, _BUILTIN_PLUGIN)

    @property
    def origin(self) -> str:
        """``"tyxq-torch 0.1.0 (entry point 'torch')"``: where the record came from."""
        if self.builtin:
            return f"{self.distribution} {self.version} (built in)"
        if self.distribution == IN_PROCESS:
            return f"the plugin {self.plugin!r} registered in process"
        return f"{self.distribution} {self.version} (entry point {self.plugin!r})"


@dataclass(frozen=True)
class BrokenPlugin:
    """An entry point that could not be loaded (``kind="plugin"``), or one of whose hooks failed."""

    plugin: str
    distribution: str
    version: str
    reason: str
    kind: str = "plugin"
    traceback: str = field(default="", compare=False)
    """The failure's traceback (shown with ``TYXQ_DEBUG_PLUGINS=1`` and ``tyxq plugins --check --traceback``)."""

    def provides(self, kind: str, name: str) -> bool:
        """Whether this plugin is, by its names, the one a user selecting ``name`` was after.

        Its entry point is ``name`` or its distribution ``tyxq-<name>``, and
        what failed was the whole entry point or the hook of ``kind``.
        """
        if self.kind not in ("plugin", kind):
            return False
        return canonicalize_name(self.plugin) == canonicalize_name(name) or canonicalize_name(
            self.distribution
        ) == canonicalize_name(f"tyxq-{name}")


@dataclass(frozen=True)
class _Collected:
    """The records all hooks returned: usable names, and claims on reserved names (ignored)."""

    by_kind: dict[str, dict[str, list[Registration]]]
    reserved_claims: list[Registration]


@dataclass(frozen=True)
class DisabledPlugin:
    """An entry point skipped because ``TYXQ_DISABLE_PLUGINS`` names it or its distribution."""

    plugin: str
    distribution: str
    version: str


@dataclass(frozen=True)
class _Origin:
    plugin: str
    distribution: str
    version: str


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


class TyxqPluginManager(pluggy.PluginManager):
    """pluggy's manager plus distribution bookkeeping, conflict detection and broken plugins."""

    def __init__(self, tyxq_version: str = __version__) -> None:
        """A manager with the built-ins registered, judging plugins' ``tyxq_versions`` against ``tyxq_version``."""
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(TyxqSpecs)
        self.tyxq_version = tyxq_version
        self.broken: list[BrokenPlugin] = []
        self.disabled: list[DisabledPlugin] = []
        self.unknown_disabled: list[str] = []  # names in TYXQ_DISABLE_PLUGINS that no entry point has
        self.entry_points_loaded = False
        self._origins: dict[str, _Origin] = {}
        self._registrations: _Collected | None = None
        self._lock = threading.RLock()
        self._providers: dict[tuple[str, type], Provider | None] = {}
        self.add_plugin(_builtin_plugin(), _BUILTIN_PLUGIN, BUILTIN_DISTRIBUTION, __version__)

    def load_entry_points(self, disabled: Iterable[str] = ()) -> None:
        """Load every ``tyxq`` entry point whose name or distribution is not in ``disabled``."""
        skip = {canonicalize_name(name.strip()) for name in disabled if name.strip()}
        known: dict[str, str] = {}  # canonical name -> how the warning shows it
        for entry_point in metadata.entry_points(group=PROJECT_NAME):
            distribution = entry_point.dist.name if entry_point.dist else "unknown"
            version = entry_point.dist.version if entry_point.dist else "unknown"
            known[canonicalize_name(entry_point.name)] = entry_point.name
            known[canonicalize_name(distribution)] = distribution
            if canonicalize_name(entry_point.name) in skip or canonicalize_name(distribution) in skip:
                self.disabled.append(DisabledPlugin(entry_point.name, distribution, version))
                logger.info(
                    "plugin %r from %s %s disabled by TYXQ_DISABLE_PLUGINS", entry_point.name, distribution, version
                )
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:  # noqa: BLE001 - any failure of third-party code marks the plugin broken
                origin = _Origin(entry_point.name, distribution, version)
                self._mark_broken(origin, error_text(error), failure_traceback=formatted_traceback(error))
                continue
            if self.add_plugin(plugin, entry_point.name, distribution, version):
                logger.info("loaded plugin %r from %s %s", entry_point.name, distribution, version)
        self.entry_points_loaded = True
        with self._lock:
            self._registrations = None
            self._providers.clear()
        unknown = sorted(skip - set(known))
        self.unknown_disabled = [str(name) for name in unknown]
        if unknown:
            warnings.warn(
                f"TYXQ_DISABLE_PLUGINS names {', '.join(map(repr, unknown))}, which no installed plugin or "
                f"distribution has, so nothing was disabled for {'it' if len(unknown) == 1 else 'them'}; "
                f"installed: {', '.join(sorted(set(known.values()))) or 'none'}. Check the spelling",
                ConfigurationWarning,
                stacklevel=2,
            )

    def add_plugin(self, plugin: object, name: str, distribution: str = IN_PROCESS, version: str = "-") -> bool:
        """Register a plugin object (a module, class or instance with hook functions); ``False`` if broken.

        Entry points go through here, and so can a plugin defined inside an
        application, with the same checks: a plugin that implements no tyxq
        hook, or a hook tyxq does not have, is marked broken with a warning.

        Example:
            >>> from tyxq.plugins import BackendPlugin, TyxqPluginManager, hookimpl
            >>> class Mine:
            ...     @hookimpl
            ...     def tyxq_backends(self):
            ...         yield BackendPlugin(name="mine", factory="tyxq.backends.numpy_backend:NumpyBackend")
            >>> manager = TyxqPluginManager()
            >>> manager.add_plugin(Mine(), "mine")
            True
            >>> manager.get("backend", "mine").origin
            "the plugin 'mine' registered in process"
        """
        origin = _Origin(name, distribution, version)
        key = f"{distribution}:{name}"
        try:
            self.register(plugin, name=key)
        except (ValueError, pluggy.PluginValidationError) as error:
            self._mark_broken(origin, error_text(error))
            return False
        problem = self._hook_problem(plugin)
        if problem:
            self.unregister(plugin)
            self._mark_broken(origin, problem)
            return False
        self._origins[key] = origin
        with self._lock:
            self._registrations = None
            self._providers.clear()
        return True

    def _hook_problem(self, plugin: object) -> str:
        """Why a registered plugin cannot contribute anything, or ``""``."""
        callers = self.get_hookcallers(plugin) or []
        unknown = [caller.name for caller in callers if not caller.has_spec()]
        if unknown:
            name = unknown[0]
            close = difflib.get_close_matches(name, [hook for hook, _ in KINDS.values()], n=1)
            suggestion = (
                f"; did you mean {close[0]!r}?" if close else f"; tyxq's hooks are {[h for h, _ in KINDS.values()]}"
            )
            return f"it implements {name!r}, which is not a tyxq hook{suggestion}"
        if not callers:
            return (
                "it implements no tyxq hook; mark its hook functions with @tyxq.plugins.hookimpl "
                "(see the examples in tyxq.plugins.hookspec)"
            )
        return ""

    def _mark_broken(self, origin: _Origin, reason: str, kind: str = "plugin", failure_traceback: str = "") -> None:
        broken = BrokenPlugin(origin.plugin, origin.distribution, origin.version, reason, kind, failure_traceback)
        if broken in self.broken:  # the same hook failing again when the records are collected anew
            return
        self.broken.append(broken)
        shown = f"\n{failure_traceback}" if failure_traceback and debug_enabled() else ""
        warnings.warn_explicit(  # attributed to the plugin system, not to whichever call triggered discovery
            f"tyxq plugin {origin.plugin!r} from {origin.distribution} {origin.version} is installed but failed, "
            f"and was skipped: {reason}\n{report_advice(origin.distribution)} "
            f"The other plugins keep working; `tyxq plugins` lists it as broken.{shown}",
            PluginWarning,
            filename="<tyxq plugins>",
            lineno=0,
            module="tyxq.plugins",
        )

    def _collect(self) -> _Collected:
        collected: dict[str, dict[str, list[Registration]]] = {kind: {} for kind in KINDS}
        reserved_claims: list[Registration] = []
        for kind, (hook_name, record_type) in KINDS.items():
            for impl in getattr(self.hook, hook_name).get_hookimpls():
                origin = self._origins[impl.plugin_name]
                try:
                    records = _records_from(impl.function(), hook_name, record_type)
                except Exception as error:  # noqa: BLE001 - a failing hook marks its plugin broken, not tyxq
                    reason = f"{hook_name}() failed: {error_text(error)}"
                    self._mark_broken(origin, reason, kind, formatted_traceback(error))
                    continue
                for record in records:
                    registration = Registration(kind, record, origin.plugin, origin.distribution, origin.version)
                    if record.name in RESERVED_NAMES[kind] and not registration.builtin:
                        reserved_claims.append(registration)
                        logger.info("ignored the reserved %s name %r from %s", KIND_TEXT[kind], record.name, origin)
                    else:
                        collected[kind].setdefault(record.name, []).append(registration)
        for by_name in collected.values():
            for found in by_name.values():
                found.sort(key=lambda item: (not item.builtin, item.distribution, item.plugin))
        return _Collected(collected, reserved_claims)

    def _collected(self) -> _Collected:
        with self._lock:
            if self._registrations is None:
                self._registrations = self._collect()
            return self._registrations

    def registrations(self, kind: str) -> dict[str, list[Registration]]:
        """Name → every registration of that name, usable or not (more than one is a conflict)."""
        return self._collected().by_kind[kind]

    def reserved_claims(self) -> list[tuple[Registration, str]]:
        """Every plugin registration that took a built-in's name and was ignored, with the message saying so.

        Example:
            >>> from tyxq.plugins import BackendPlugin, TyxqPluginManager, hookimpl
            >>> class Impostor:
            ...     @hookimpl
            ...     def tyxq_backends(self):
            ...         yield BackendPlugin(name="numpy", factory="tyxq.backends.numpy_backend:NumpyBackend")
            >>> manager = TyxqPluginManager()
            >>> manager.add_plugin(Impostor(), "impostor", "tyxq-impostor", "1.0")
            True
            >>> [(claim.distribution, claim.name) for claim, _ in manager.reserved_claims()]
            [('tyxq-impostor', 'numpy')]
            >>> manager.get("backend", "numpy").builtin
            True
        """
        return [(claim, _reserved_message(claim)) for claim in self._collected().reserved_claims]

    def problem(self, kind: str, name: str) -> tuple[str, str] | None:
        """``("conflict" | "incompatible", message)`` for a registered name that cannot be used, else ``None``."""
        found = self.registrations(kind).get(name, [])
        if len(found) > 1:
            return "conflict", _conflict_message(kind, name, found)
        if found and not found[0].record.supports(self.tyxq_version):
            return "incompatible", _incompatible_message(kind, found[0], self.tyxq_version)
        return None

    def names(self, kind: str) -> list[str]:
        """The names of ``kind`` that can be selected, sorted (conflicting and incompatible ones left out)."""
        return sorted(name for name in self.registrations(kind) if self.problem(kind, name) is None)

    def get(self, kind: str, name: str) -> Registration:
        """The registration of ``name``, or a clear error: unknown, conflicting, or incompatible."""
        key = normalize_name(name)
        found = self.registrations(kind).get(key)
        if not found:
            broken = next((item for item in self.broken if item.provides(kind, key)), None)
            if broken is not None:
                raise BrokenPluginError(_broken_message(kind, name, broken))
            raise UnknownPluginError(self._unknown_message(kind, name))
        problem = self.problem(kind, key)
        if problem is not None:
            status, message = problem
            raise (PluginConflictError if status == "conflict" else IncompatiblePluginError)(message)
        return found[0]

    def _unknown_message(self, kind: str, name: str) -> str:
        text = KIND_TEXT[kind]
        lines = [f"no {text} named {name!r} is installed."]
        lines.append(f"Installed {text}s: {', '.join(self.names(kind)) or 'none'}.")
        if not self.entry_points_loaded:
            lines.append("TYXQ_NO_PLUGINS is set, so only tyxq's built-ins were loaded.")
        if self.disabled:
            lines.append(f"Disabled by TYXQ_DISABLE_PLUGINS: {', '.join(d.plugin for d in self.disabled)}.")
        for broken in self.broken:
            lines.append(
                f"The plugin {broken.plugin!r} from {broken.distribution} {broken.version} is broken and may "
                f"provide it: {broken.reason}"
            )
        command = install_command(name)
        if command:
            lines.append(f"To add it: {command}")
        else:
            lines.append(
                f"Install a distribution that provides the {text} {name!r}; `tyxq plugins` lists what is installed."
            )
        return "\n".join(lines)

    def load(self, kind: str, name: str) -> Callable[..., Any]:
        """The factory of ``name``, its module imported now; an error saying whose fix it is if that fails.

        A factory path with a typo, or a module that raises on import, is a
        :class:`~tyxq.errors.BrokenPluginError` (the plugin's authors fix
        it); a library the module needs that is not installed is a
        :class:`~tyxq.errors.PluginDependencyError` with the record's
        ``install_hint``.

        Example:
            >>> get_plugin_manager().load("backend", "numpy").__name__
            'NumpyBackend'
        """
        registration = self.get(kind, name)
        try:
            return registration.record.load()
        except Exception as error:
            record = registration.record
            owner = f"{KIND_TEXT[kind]} {registration.name!r} from {registration.origin}"
            raise factory_error(owner, registration.distribution, record.factory, record.install_hint, error) from error

    def create(self, kind: str, name: str, **options: Any) -> Any:
        """Resolve the factory of ``name`` (see :meth:`load`), call it with ``options``, and check what it made.

        The object must have every member of its kind's protocol
        (:mod:`tyxq.plugins.contracts`); one that lacks some is a
        :class:`~tyxq.errors.BrokenPluginError` naming them and the
        distribution, raised now rather than when the member is first used.

        Example:
            >>> get_plugin_manager().create("gradient", "finite_difference", step=1e-4).step
            0.0001
        """
        registration = self.get(kind, name)
        factory = self.load(kind, name)
        _check_options(kind, registration.name, factory, options)
        logger.info("creating %s %r from %s with %s", KIND_TEXT[kind], registration.name, registration.origin, options)
        created = factory(**options)
        owner = f"{KIND_TEXT[kind]} {registration.name!r} from {registration.origin}"
        check_created(kind, created, owner, registration.distribution)
        return created

    def provider(self, kind: str, obj: object) -> Provider | None:
        """Who provides ``obj``: ``None`` for tyxq's own built-ins (trusted), else its distribution.

        Decided once per class (:func:`~tyxq.plugins.provenance.provider_of`),
        so asking on every call costs a dictionary lookup.

        Example:
            >>> manager = get_plugin_manager()
            >>> manager.provider("mode", manager.create("mode", "statevector")) is None
            True
        """
        key = (kind, type(obj))
        with self._lock:
            if key not in self._providers:
                self._providers[key] = provider_of(kind, type(obj), self.registrations(kind))
            return self._providers[key]


def _check_options(kind: str, name: str, factory: Callable[..., Any], options: dict[str, Any]) -> None:
    """Refuse options the factory does not take, listing those it does (before calling it)."""
    try:
        signature = inspect.signature(factory)
    except (TypeError, ValueError):  # a factory without a readable signature: it judges its options itself
        return
    try:
        signature.bind(**options)
    except TypeError:
        accepted = [
            p.name for p in signature.parameters.values() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
        unknown = sorted(set(options) - set(accepted))
        raise ConfigurationError(
            f"the {KIND_TEXT[kind]} {name!r} has no option{'s' * (len(unknown) != 1)} {', '.join(unknown)}; "
            f"it takes {', '.join(accepted) or 'no options'}"
            + (f" (did you mean {', '.join(close)}?)" if (close := _close(unknown, accepted)) else "")
        ) from None


def _close(unknown: Iterable[str], accepted: Iterable[str]) -> list[str]:
    """The accepted option names close to the unknown ones (for a typo)."""
    return sorted({m for u in unknown for m in difflib.get_close_matches(u, list(accepted), n=1)})


def _records_from(result: Any, hook_name: str, record_type: type) -> list[PluginRecord]:
    """The records a hook returned, checked to be an iterable of ``record_type``."""
    if result is None:
        return []
    if isinstance(result, (BackendPlugin, GradientPlugin, ExecutionModePlugin)) or not isinstance(result, Iterable):
        raise PluginError(f"{hook_name} must return an iterable of {record_type.__name__} records, not {result!r}")
    records = list(result)
    for record in records:
        if not isinstance(record, record_type):
            raise PluginError(
                f"{hook_name} yielded a {type(record).__name__}; it must yield {record_type.__name__} records"
            )
    return records


def _conflict_message(kind: str, name: str, found: list[Registration]) -> str:
    """Every claimant with its version, and for each installed one the setting that keeps only the others'.

    Example:
        >>> from tyxq.plugins import GradientPlugin
        >>> record = GradientPlugin(name="richardson", factory=object)
        >>> found = [Registration("gradient", record, p, f"tyxq-{p}", "1.0") for p in ("a", "b")]
        >>> print(_conflict_message("gradient", "richardson", found))  # doctest: +NORMALIZE_WHITESPACE
        2 plugins register the gradient method 'richardson', so it cannot be selected until one is left:
          - tyxq-a 1.0 (entry point 'a')
          - tyxq-b 1.0 (entry point 'b')
        To keep tyxq-a's, set TYXQ_DISABLE_PLUGINS=tyxq-b (or pip uninstall tyxq-b).
        To keep tyxq-b's, set TYXQ_DISABLE_PLUGINS=tyxq-a (or pip uninstall tyxq-a).
        Disabling a distribution disables every plugin it provides.
    """
    claimants = "\n".join(f"  - {registration.origin}" for registration in found)
    distributions = list(dict.fromkeys(item.distribution for item in found))
    lines = [
        f"{len(found)} plugins register the {KIND_TEXT[kind]} {name!r}, so it cannot be selected until one is left:",
        claimants,
    ]
    if len(distributions) == 1:
        lines.append(
            f"{distributions[0]} registers it more than once, a fault of {distributions[0]}: "
            f"{report_advice(distributions[0])}"
        )
        return "\n".join(lines)
    for kept in distributions:
        others = [d for d in distributions if d != kept]
        removable = [d for d in others if d not in (BUILTIN_DISTRIBUTION, IN_PROCESS)]
        if len(removable) < len(others):  # an in-process registration goes only by removing its add_plugin call
            continue
        lines.append(
            f"To keep {kept}'s, set TYXQ_DISABLE_PLUGINS={','.join(removable)} "
            f"(or pip uninstall {' '.join(removable)})."
        )
    if IN_PROCESS in distributions:
        lines.append("A plugin registered in process goes away with its TyxqPluginManager.add_plugin call.")
    lines.append("Disabling a distribution disables every plugin it provides.")
    return "\n".join(lines)


def _incompatible_message(kind: str, registration: Registration, tyxq_version: str) -> str:
    distribution, requirement = registration.distribution, registration.record.tyxq_versions
    return (
        f"the {KIND_TEXT[kind]} {registration.name!r} from {registration.origin} supports tyxq "
        f"{requirement}, but tyxq {tyxq_version} is installed.\n"
        f"Install a release of {distribution} made for tyxq {tyxq_version} (pip install --upgrade {distribution}), "
        f'or a tyxq it supports (pip install "tyxq{requirement}")'
    )


def _reserved_message(claim: Registration) -> str:
    text = KIND_TEXT[claim.kind]
    return (
        f"{claim.origin} registers the {text} {claim.name!r}, a name reserved for tyxq's built-in {text}; "
        f"the registration is ignored and tyxq's own {claim.name!r} keeps working.\n"
        f"Ask the authors of {claim.distribution} to rename it, or disable it with "
        f"TYXQ_DISABLE_PLUGINS={claim.distribution}"
    )


def _broken_message(kind: str, name: str, broken: BrokenPlugin) -> str:
    return (
        f"no {KIND_TEXT[kind]} named {name!r} could be loaded: the plugin {broken.plugin!r} from "
        f"{broken.distribution} {broken.version}, which would provide it, is installed but failed: {broken.reason}\n"
        f"{report_advice(broken.distribution)}"
    )


_BUILTINS: list[object] = []
"""tyxq's own plugin module, handed over once by ``tyxq/__init__.py`` (:func:`provide_builtins`)."""


def provide_builtins(plugin: object) -> None:
    """Register ``plugin`` (:mod:`tyxq.builtin_plugins`) as tyxq's built-ins in every manager made from now on.

    The built-ins' classes live in layers above this one, so their module
    cannot be imported here; ``tyxq/__init__.py`` hands it over when tyxq is
    imported, before any plugin is looked up.
    """
    _BUILTINS[:] = [plugin]


def _builtin_plugin() -> object:
    if not _BUILTINS:
        raise PluginError(
            "tyxq's built-in plugins were not handed to the plugin manager: a manager was created while "
            "tyxq/__init__.py was still running; create it after `import tyxq` completes"
        )
    return _BUILTINS[0]


_MANAGER: TyxqPluginManager | None = None
_LOCK = threading.Lock()


def get_plugin_manager(refresh: bool = False) -> TyxqPluginManager:
    """The process-wide plugin manager, discovered on first use (again with ``refresh=True``).

    A plugin can use it to build on a record another plugin registered.

    Example:
        >>> from tyxq.plugins import get_plugin_manager
        >>> record = get_plugin_manager().get("backend", "numpy").record
        >>> record.capabilities.devices
        ('cpu',)
    """
    global _MANAGER
    with _LOCK:
        if _MANAGER is None or refresh:
            manager = TyxqPluginManager()
            if not _truthy(os.environ.get("TYXQ_NO_PLUGINS")):
                manager.load_entry_points(os.environ.get("TYXQ_DISABLE_PLUGINS", "").split(","))
            _MANAGER = manager
        return _MANAGER
