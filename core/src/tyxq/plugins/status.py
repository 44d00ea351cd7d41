"""One row per plugin registration and per plugin that failed: what ``tyxq plugins`` prints.

Statuses:

``ok``
    discovered and selectable (its factory is imported only when selected).
``conflict``
    another distribution registers the same name for the same kind, and
    selecting the name raises :class:`~tyxq.errors.PluginConflictError`; or
    the plugin took the name of a tyxq built-in, and is ignored (the built-in
    keeps working).
``incompatible``
    its ``tyxq_versions`` exclude the installed tyxq; selecting it raises
    :class:`~tyxq.errors.IncompatiblePluginError`.
``broken``
    the entry point failed to import (kind ``plugin``: what it would have
    registered is unknown) or one of its hooks failed (the hook's kind).
``disabled``
    skipped because ``TYXQ_DISABLE_PLUGINS`` names it (kind ``plugin``).

Example:
    >>> from tyxq.plugins import plugin_statuses
    >>> row = next(row for row in plugin_statuses() if row.name == "numpy")
    >>> row.kind, row.distribution, row.status
    ('backend', 'tyxq', 'ok')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .manager import KINDS, TyxqPluginManager, get_plugin_manager

__all__ = ["STATUSES", "PluginStatus", "plugin_statuses"]

STATUSES = ("ok", "conflict", "incompatible", "broken", "disabled")
_KIND_ORDER = {kind: index for index, kind in enumerate([*KINDS, "plugin"])}


@dataclass(frozen=True)
class PluginStatus:
    """One row of ``tyxq plugins``; ``reason`` says why the status is not ``ok``."""

    kind: str
    name: str
    distribution: str
    version: str
    status: str
    description: str = ""
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The row as plain data (what ``tyxq plugins --json`` prints)."""
        return asdict(self)


def plugin_statuses(manager: TyxqPluginManager | None = None) -> list[PluginStatus]:
    """Every registration and every failed or disabled plugin, sorted by kind, name and distribution."""
    manager = manager or get_plugin_manager()
    rows: list[PluginStatus] = []
    for kind in KINDS:
        for name, registrations in manager.registrations(kind).items():
            problem = manager.problem(kind, name)
            status, reason = problem if problem else ("ok", "")
            for registration in registrations:
                rows.append(
                    PluginStatus(
                        kind,
                        name,
                        registration.distribution,
                        registration.version,
                        status,
                        registration.record.description,
                        reason,
                    )
                )
    for claim, message in manager.reserved_claims():
        rows.append(
            PluginStatus(
                claim.kind, claim.name, claim.distribution, claim.version, "conflict", claim.record.description, message
            )
        )
    for broken in manager.broken:
        rows.append(
            PluginStatus(broken.kind, broken.plugin, broken.distribution, broken.version, "broken", "", broken.reason)
        )
    for disabled in manager.disabled:
        rows.append(
            PluginStatus(
                "plugin",
                disabled.plugin,
                disabled.distribution,
                disabled.version,
                "disabled",
                "",
                "disabled by TYXQ_DISABLE_PLUGINS",
            )
        )
    return sorted(rows, key=lambda row: (_KIND_ORDER[row.kind], row.name, row.distribution))
