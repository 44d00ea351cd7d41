"""Who provides a plugin object: tyxq itself (trusted) or a third-party distribution (checked).

The verbs and ``tyxq.value_and_grad`` check the shapes and dtypes a
third-party mode or gradient method returns (:mod:`tyxq.plugins.outputs`);
tyxq's own are trusted, so their hot path pays nothing. The decision is made
per class: an object is tyxq's own when its class is the factory of one of
tyxq's built-in registrations of that kind. Anything else (a plugin's class,
a subclass of a built-in, an object an application made) is third party, and
named by the registration whose factory is its class, or else by the
installed distribution that holds its module.

Example:
    >>> from tyxq.plugins import get_plugin_manager
    >>> class MyMode:
    ...     name = "mine"
    >>> MyMode.__module__ = "my_app.modes"
    >>> provider_of("mode", MyMode, get_plugin_manager().registrations("mode")).origin
    "the class MyMode of the module 'my_app.modes'"
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .manager import Registration

__all__ = ["Provider", "provider_of"]


@dataclass(frozen=True)
class Provider:
    """A third party that provides a plugin object.

    Attributes:
        distribution: what to report to and what ``TYXQ_DISABLE_PLUGINS``
            takes (``"tyxq-toy"``), or a module name when no installed
            distribution holds the class.
        origin: how messages name it (``"tyxq-toy 1.2.0 (entry point 'toy')"``).
    """

    distribution: str
    origin: str


def provider_of(kind: str, cls: type, registrations: Mapping[str, Sequence[Registration]]) -> Provider | None:
    """``None`` if ``cls`` is the factory of a built-in registration of ``kind``, else who provides it."""
    path = f"{cls.__module__}:{cls.__qualname__}"
    for found in registrations.values():
        for registration in found:
            factory = registration.record.factory
            if factory is cls or factory == path:
                if registration.builtin:
                    return None
                return Provider(registration.distribution, registration.origin)
    distribution = _distribution_of(cls.__module__.split(".")[0])
    if distribution is not None:
        return Provider(*distribution)
    return Provider(cls.__module__, f"the class {cls.__qualname__} of the module {cls.__module__!r}")


def _distribution_of(package: str) -> tuple[str, str] | None:
    """``(name, "name version")`` of the installed distribution holding the top-level ``package``, if one does."""
    names = _packages().get(package, [])
    if not names:
        return None
    name = names[0]
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return name, name
    return name, f"{name} {version}"


@functools.lru_cache(maxsize=1)
def _packages() -> Mapping[str, list[str]]:
    return metadata.packages_distributions()
