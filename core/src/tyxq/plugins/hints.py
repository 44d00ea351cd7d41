"""What to ``pip install`` for a missing plugin, read from tyxq's own extras.

tyxq's core knows no plugin by name. Its distribution metadata does: the
extras in ``core/pyproject.toml`` (``torch = ["tyxq-torch==…"]``,
``gpu = ["tyxq-cupynumeric==…"]``). A plugin called ``name`` is, by the
monorepo's convention, shipped as the distribution ``tyxq-<name>``; when an
extra of tyxq requires that distribution, the hint is ``pip install
"tyxq[extra]"``, which also pins the plugin to the installed tyxq's version.

Example:
    >>> install_command("torch")
    'pip install "tyxq[torch]"'
    >>> install_command("cupynumeric")
    'pip install "tyxq[gpu]"'
    >>> install_command("no_such_plugin") is None
    True
"""

from __future__ import annotations

import functools
from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

__all__ = ["install_command"]


@functools.lru_cache(maxsize=1)
def _extras_by_distribution() -> dict[str, str]:
    """Distribution (canonical name) → the first extra of tyxq that installs it."""
    try:
        meta = metadata.metadata("tyxq")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return {}
    extras = meta.get_all("Provides-Extra") or []
    found: dict[str, str] = {}
    for line in meta.get_all("Requires-Dist") or []:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:  # metadata tyxq did not write; nothing to suggest from it
            continue
        extra = _extra_of(requirement, extras)
        if extra is not None:
            found.setdefault(canonicalize_name(requirement.name), extra)
    return found


def _extra_of(requirement: Requirement, extras: list[str]) -> str | None:
    """The extra whose installation (alone) brings ``requirement``, or ``None`` for a plain dependency.

    Example:
        >>> _extra_of(Requirement('tyxq-torch==0.1.0; extra == "torch"'), ["torch", "gpu"])
        'torch'
        >>> _extra_of(Requirement("numpy>=1.24"), ["torch"]) is None
        True
    """
    marker = requirement.marker
    if marker is None or marker.evaluate({"extra": ""}):
        return None
    return next((extra for extra in extras if marker.evaluate({"extra": extra})), None)


def install_command(name: str) -> str | None:
    """``pip install "tyxq[extra]"`` when one of tyxq's extras installs ``tyxq-<name>``, else ``None``."""
    extra = _extras_by_distribution().get(canonicalize_name(f"tyxq-{name}"))
    return f'pip install "tyxq[{extra}]"' if extra else None
