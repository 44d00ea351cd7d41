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
    try:
        meta = metadata.metadata("tyxq")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return {}
    extras = meta.get_all("Provides-Extra") or []
    found: dict[str, str] = {}
    for line in meta.get_all("Requires-Dist") or []:
        name, extra = _requirement_name_and_extra(line)
        if name and extra is not None and extra in extras:
            found.setdefault(_project_key(name), extra)
    return found


def _requirement_name_and_extra(line: str) -> tuple[str | None, str | None]:
    """The project name of a ``Requires-Dist`` line and the extra its marker names, if any.

    Core metadata writes these lines as ``name[...] specifier ; marker``;
    hatchling writes the extra condition as ``extra == "name"``.

    Example:
        >>> _requirement_name_and_extra('tyxq-torch==0.1.0; extra == "torch"')
        ('tyxq-torch', 'torch')
    """
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
    _, _, marker = line.partition(";")
    extra = re.search(r"""extra\s*==\s*['"]([^'"]+)['"]""", marker)
    return (name.group(1) if name else None), (extra.group(1) if extra else None)


def install_command(name: str) -> str | None:
    """``pip install "tyxq[extra]"`` when one of tyxq's extras installs ``tyxq-<name>``, else ``None``."""
    extra = _extras_by_distribution().get(_project_key(f"tyxq-{name}"))
    return f'pip install "tyxq[{extra}]"' if extra else None
