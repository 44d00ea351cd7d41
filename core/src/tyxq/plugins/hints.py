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
import re
from importlib import metadata

__all__ = ["install_command"]


def _project_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.lru_cache(maxsize=1)
def _extras_by_distribution() -> dict[str, str]:
    """Distribution (normalised) → the first extra of tyxq that installs it."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        meta = metadata.metadata("tyxq")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return {}
    extras = meta.get_all("Provides-Extra") or []
    found: dict[str, str] = {}
    for line in meta.get_all("Requires-Dist") or []:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            continue  # installed without any extra
        for extra in extras:
            if requirement.marker.evaluate({"extra": extra}):
                found.setdefault(_project_key(requirement.name), extra)
                break
    return found


def install_command(name: str) -> str | None:
    """``pip install "tyxq[extra]"`` when one of tyxq's extras installs ``tyxq-<name>``, else ``None``."""
    extra = _extras_by_distribution().get(_project_key(f"tyxq-{name}"))
    return f'pip install "tyxq[{extra}]"' if extra else None
