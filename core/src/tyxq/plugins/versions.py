"""Checking a plugin's supported tyxq versions (a PEP 440 specifier such as ``">=0.1,<0.3"``).

tyxq's core depends on numpy and pluggy only, so this reads the common
clauses itself: ``== != >= <= > < ~=`` on release numbers, with ``==X.*``
prefixes. Pre-release and local segments are ignored.

Example:
    >>> version_satisfies("0.2.1", ">=0.1,<0.3")
    True
    >>> version_satisfies("1.0", "~=0.9")
    False
"""

from __future__ import annotations

import re

from ..errors import PluginError

__all__ = ["version_satisfies", "release_tuple"]

_CLAUSE = re.compile(r"^\s*(~=|==|!=|>=|<=|>|<)\s*([0-9][0-9.]*)(\.\*)?\s*$")


def release_tuple(version: str) -> tuple[int, ...]:
    """``"1.2.3rc1+local"`` → ``(1, 2, 3)``."""
    match = re.match(r"^\s*v?(\d+(?:\.\d+)*)", version)
    if match is None:
        raise PluginError(f"cannot read version {version!r}")
    return tuple(int(part) for part in match.group(1).split("."))


def _padded(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)), b + (0,) * (width - len(b))


def _clause_holds(version: tuple[int, ...], operator: str, bound_text: str, wildcard: bool) -> bool:
    bound = release_tuple(bound_text)
    if wildcard:
        prefix_match = version[: len(bound)] == bound
        return prefix_match if operator == "==" else not prefix_match
    v, b = _padded(version, bound)
    if operator == "~=":
        if len(bound) < 2:
            raise PluginError(f"'~={bound_text}' needs at least two release segments")
        return v >= b and version[: len(bound) - 1] == bound[:-1]
    return {"==": v == b, "!=": v != b, ">=": v >= b, "<=": v <= b, ">": v > b, "<": v < b}[operator]


def version_satisfies(version: str, specifier: str) -> bool:
    """Whether ``version`` meets every comma-separated clause of ``specifier`` (empty: always)."""
    release = release_tuple(version)
    for clause in filter(None, (part.strip() for part in specifier.split(","))):
        match = _CLAUSE.match(clause)
        if match is None:
            raise PluginError(f"cannot read the version specifier {specifier!r} (clause {clause!r})")
        operator, bound, wildcard = match.group(1), match.group(2), bool(match.group(3))
        if not _clause_holds(release, operator, bound, wildcard):
            return False
    return True
