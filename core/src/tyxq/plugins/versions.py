"""Reading PEP 440 versions and the specifiers plugins declare (``">=0.1,<0.3"``).

tyxq's core depends on numpy and pluggy only (issue 2, DESIGN.md), so this
module reads the part of PEP 440 that plugin records use: release numbers,
pre-releases (``a``, ``b``, ``rc``), post and dev releases, local labels
(ignored), and the clauses ``== != >= <= > < ~=`` with ``==X.*`` prefixes.
Pre-releases compare below their release, as PEP 440 orders them, and are
admitted by the specifiers (a development tyxq may load its plugins).

Example:
    >>> version_satisfies("0.2.1", ">=0.1,<0.3")
    True
    >>> version_satisfies("0.2.0rc1", ">=0.2")
    False
"""

from __future__ import annotations

import math
import re

from ..errors import PluginError

__all__ = ["check_specifier", "version_key", "version_satisfies"]

_VERSION = re.compile(
    r"^\s*v?(?P<release>\d+(?:\.\d+)*)"
    r"(?:[-_.]?(?P<pre>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?P<pre_n>\d*))?"
    r"(?:[-_.]?(?:post|rev|r)[-_.]?(?P<post>\d*))?"
    r"(?:[-_.]?dev[-_.]?(?P<dev>\d*))?"
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?\s*$",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"^\s*(~=|===|==|!=|>=|<=|>|<)\s*(\S+?)(\.\*)?\s*$")
_PRE_PHASE = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}

VersionKey = tuple[tuple[int, ...], int, int, int, float]


def _release(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def version_key(version: str) -> VersionKey:
    """A tuple that sorts versions as PEP 440 does.

    Example:
        >>> sorted(["1.0", "1.0rc1", "1.0.dev1", "1.0.post1", "0.9"], key=version_key)
        ['0.9', '1.0.dev1', '1.0rc1', '1.0', '1.0.post1']
    """
    match = _VERSION.match(version)
    if match is None:
        raise PluginError(f"{version!r} is not a PEP 440 version")
    pre, dev, post = match.group("pre"), match.group("dev"), match.group("post")
    if pre:
        phase, number = _PRE_PHASE[pre.lower()], int(match.group("pre_n") or 0)
    elif dev is not None and post is None:
        phase, number = -1, 0  # X.devN comes before X.aN
    else:
        phase, number = 3, 0
    return (
        _release(match.group("release")),
        phase,
        number,
        int(post or 0) if post is not None else -1,
        int(dev or 0) if dev is not None else math.inf,
    )


def _clauses(specifier: str) -> list[tuple[str, str, bool]]:
    clauses = []
    for clause in filter(None, (part.strip() for part in specifier.split(","))):
        match = _CLAUSE.match(clause)
        if match is None or _VERSION.match(match.group(2)) is None:
            raise PluginError(f"{specifier!r} is not a PEP 440 version specifier (clause {clause!r})")
        operator, bound, wildcard = match.group(1), match.group(2), bool(match.group(3))
        if wildcard and operator not in ("==", "!="):
            raise PluginError(f"{specifier!r} is not a PEP 440 version specifier: '.*' only follows == or !=")
        if operator == "~=" and "." not in bound:
            raise PluginError(f"{specifier!r} is not a PEP 440 version specifier: '~=' needs two release numbers")
        clauses.append((operator, bound, wildcard))
    return clauses


def check_specifier(specifier: str) -> None:
    """Raise :class:`PluginError` unless ``specifier`` is a valid PEP 440 specifier."""
    _clauses(specifier)


def _holds(version: str, operator: str, bound: str, wildcard: bool) -> bool:
    key, limit = version_key(version), version_key(bound)
    if wildcard:
        prefix = tuple(int(p) for p in bound.split("."))
        full = tuple(int(p) for p in _VERSION.match(version).group("release").split("."))  # type: ignore[union-attr]
        full += (0,) * max(0, len(prefix) - len(full))
        return (full[: len(prefix)] == prefix) == (operator == "==")
    if operator == "~=":
        prefix = tuple(int(p) for p in bound.split(".")[:-1])
        release = key[0] + (0,) * max(0, len(prefix) - len(key[0]))
        return key >= limit and release[: len(prefix)] == prefix
    if operator == "===":
        return version.strip() == bound
    return {
        "==": key == limit,
        "!=": key != limit,
        ">=": key >= limit,
        "<=": key <= limit,
        ">": key > limit,
        "<": key < limit,
    }[operator]


def version_satisfies(version: str, specifier: str) -> bool:
    """Whether ``version`` meets every comma-separated clause of ``specifier`` (empty: always)."""
    return all(_holds(version, *clause) for clause in _clauses(specifier))
