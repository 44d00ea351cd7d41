"""The registration records plugins return from tyxq's hooks.

Each record is a small frozen dataclass. Its ``factory`` is either a
callable or an import path ``"package.module:attribute"``, resolved only when
the plugin is first used, so discovering plugins never imports torch,
cupynumeric or jax. Names are normalised (lower case, ``-``, ``.`` and spaces
become ``_``), and ``tyxq_versions`` is read as a PEP 440 specifier by
:mod:`packaging` when the record is made, so a malformed record marks its
plugin broken at discovery instead of failing later. Pre-releases of tyxq
count (a development tyxq loads its plugins), with PEP 440's exclusions:
``<1.0`` admits no ``1.0rc1`` and ``>1.0`` no ``1.0.post1``.

Example:
    >>> from tyxq.plugins import BackendPlugin
    >>> record = BackendPlugin(name="My-Backend", factory="my_package.backend:MyBackend", tyxq_versions=">=0.1")
    >>> record.name, record.supports("0.1.0"), record.supports("0.0.9")
    ('my_backend', True, False)
    >>> BackendPlugin(name="old", factory=object, tyxq_versions="<1.0").supports("1.0rc1")
    False
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..backends.protocol import BackendCapabilities
from ..errors import PluginError

__all__ = [
    "BackendPlugin",
    "ExecutionModePlugin",
    "GradientPlugin",
    "PluginRecord",
    "normalize_name",
    "resolve_factory",
]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def normalize_name(name: str) -> str:
    """Lower-case ``name`` and turn ``-``, ``.`` and spaces into ``_``.

    Example:
        >>> normalize_name("Parameter-Shift")
        'parameter_shift'
    """
    normalized = re.sub(r"[-.\s]+", "_", str(name).strip().lower())
    if not _NAME.match(normalized):
        raise PluginError(
            f"plugin name {name!r} is not valid; use letters, digits and underscores, starting with a letter"
        )
    return normalized


def resolve_factory(factory: str | Callable[..., Any], owner: str) -> Callable[..., Any]:
    """Import ``"module:attribute"`` factories; return callables unchanged.

    Example:
        >>> resolve_factory("collections:OrderedDict", "example").__name__
        'OrderedDict'
    """
    if callable(factory):
        return factory
    module_name, _, attribute = factory.partition(":")
    if not module_name or not attribute:
        raise PluginError(f"{owner}: factory {factory!r} is not of the form 'package.module:attribute'")
    module = importlib.import_module(module_name)
    try:
        target = module
        for part in attribute.split("."):
            target = getattr(target, part)
    except AttributeError:
        raise PluginError(f"{owner}: module {module_name!r} has no attribute {attribute!r}") from None
    return target  # type: ignore[return-value]


def _specifier_set(owner: str, specifier: str) -> SpecifierSet:
    try:
        return SpecifierSet(specifier)
    except InvalidSpecifier:
        raise PluginError(
            f"{owner}: tyxq_versions={specifier!r} is not a PEP 440 version specifier; write e.g. '>=0.1,<0.3'"
        ) from None


@dataclass(frozen=True)
class _Record:
    name: str
    factory: str | Callable[..., Any] = field(repr=False)
    description: str = ""
    tyxq_versions: str = ""
    """A PEP 440 specifier such as ``">=0.1,<0.3"``; empty means any version."""
    install_hint: str = ""
    """What to install when the factory cannot be imported (e.g. ``pip install torch``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", normalize_name(self.name))
        if not (callable(self.factory) or isinstance(self.factory, str)):
            raise PluginError(f"plugin {self.name!r}: factory must be a callable or 'module:attribute' text")
        _specifier_set(f"plugin {self.name!r}", self.tyxq_versions)

    def load(self) -> Callable[..., Any]:
        """The factory itself, importing its module if it was given as text."""
        return resolve_factory(self.factory, f"plugin {self.name!r}")

    def supports(self, tyxq_version: str) -> bool:
        """Whether ``tyxq_versions`` admits ``tyxq_version`` (pre-releases admitted, as PEP 440 orders them).

        Example:
            >>> record = GradientPlugin(name="x", factory=object, tyxq_versions="~=2.2.post3")
            >>> record.supports("2.3"), record.supports("3.0")
            (True, False)
        """
        try:
            version = Version(tyxq_version)
        except InvalidVersion:
            raise PluginError(f"{tyxq_version!r} is not a PEP 440 version") from None
        return _specifier_set(f"plugin {self.name!r}", self.tyxq_versions).contains(version, prereleases=True)


def _capabilities(owner: str, value: BackendCapabilities | Mapping[str, Any]) -> BackendCapabilities:
    if isinstance(value, BackendCapabilities):
        return value
    known = {f.name for f in dataclasses.fields(BackendCapabilities)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise PluginError(f"{owner}: unknown capabilities {unknown}; BackendCapabilities has {sorted(known)}")
    values: dict[str, Any] = {key: tuple(item) if key in ("devices", "dtypes") else item for key, item in value.items()}
    return BackendCapabilities(**values)


@dataclass(frozen=True)
class BackendPlugin(_Record):
    """A numeric backend: ``factory(**options)`` returns an object implementing ``Backend``.

    ``capabilities`` describes the backend before it is imported, as a
    :class:`~tyxq.backends.BackendCapabilities` or a mapping of its fields
    (``{"autodiff": True, "devices": ("cpu", "cuda")}``); the backend
    object's own ``capabilities`` attribute is authoritative once created.
    """

    capabilities: BackendCapabilities = field(default_factory=BackendCapabilities, compare=False)
    launcher: str = ""
    """How a process that uses this backend must be started, as its distribution documents:
    a command prefix whose ``python`` is the interpreter, e.g.
    ``"python -m tyxq_cupynumeric.standin --"``. Empty: a plain ``python``.
    ``tyxq plugins --check`` checks the backend in a process started this way."""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "capabilities", _capabilities(f"backend {self.name!r}", self.capabilities))
        try:
            shlex.split(self.launcher)
        except ValueError as error:
            raise PluginError(
                f"backend {self.name!r}: launcher={self.launcher!r} is not a shell command line ({error}); "
                "write e.g. 'python -m my_launcher --'"
            ) from None


@dataclass(frozen=True)
class GradientPlugin(_Record):
    """A gradient method: ``factory(**options)`` returns an object with ``value_and_grad``.

    Attributes:
        exact: whether it returns exact derivatives (up to rounding) in the
            ``statevector`` mode.
        modes: execution modes it serves (empty: every mode).
        exact_modes_only: it serves only modes whose objects are exact
            (``ExecutionMode.exact``), whichever distribution provides them.
        pure_modes_only: it serves only modes that simulate a pure state
            (``ExecutionMode.pure``), as the adjoint method needs.
        requires_autodiff: it needs a backend whose capabilities include autodiff.
    """

    exact: bool = True
    modes: tuple[str, ...] = ()
    exact_modes_only: bool = False
    pure_modes_only: bool = False
    requires_autodiff: bool = False

    def serves(self, mode_name: str, mode_exact: bool, backend_autodiff: bool, mode_pure: bool = True) -> bool:
        """Whether the record declares this method works in that mode on such a backend.

        Example:
            >>> record = GradientPlugin(name="adjoint_like", factory=object, exact_modes_only=True)
            >>> record.serves("statevector", True, False), record.serves("shots", False, False)
            (True, False)
        """
        return (
            (not self.modes or mode_name in self.modes)
            and (mode_exact or not self.exact_modes_only)
            and (mode_pure or not self.pure_modes_only)
            and (backend_autodiff or not self.requires_autodiff)
        )


@dataclass(frozen=True)
class ExecutionModePlugin(_Record):
    """An execution mode: ``factory(**options)`` returns an object that runs circuits.

    ``takes_shots`` says whether the mode needs a shot count.
    """

    takes_shots: bool = False


PluginRecord = BackendPlugin | GradientPlugin | ExecutionModePlugin
