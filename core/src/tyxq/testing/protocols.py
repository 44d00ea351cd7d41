"""Which members of a tyxq protocol an object lacks, by name.

``isinstance(obj, Backend)`` answers yes or no; a plugin author needs to know
*which* method is missing (``kron``). The members of a protocol are its
annotated attributes and its public methods, as the protocol class declares
them.

Example:
    >>> from tyxq.gradients import GradientMethod
    >>> protocol_members(GradientMethod)
    ('name', 'supports', 'value_and_grad')
    >>> class Half:
    ...     name = "half"
    ...     def supports(self, backend, mode):
    ...         return None
    >>> missing_members(Half(), GradientMethod)
    ['value_and_grad']
"""

from __future__ import annotations

from typing import Any

__all__ = ["missing_members", "protocol_members"]


def protocol_members(protocol: type) -> tuple[str, ...]:
    """The public attributes and methods ``protocol`` declares, in declaration order (bases first)."""
    members: dict[str, None] = {}
    for cls in reversed(protocol.__mro__):
        if not getattr(cls, "_is_protocol", False) or cls.__module__ == "typing":
            continue
        for name in [*vars(cls).get("__annotations__", {}), *vars(cls)]:
            if not name.startswith("_"):
                members.setdefault(name, None)
    return tuple(members)


def missing_members(obj: Any, protocol: type) -> list[str]:
    """The members of ``protocol`` that ``obj`` lacks; a declared method must be callable on ``obj``."""
    missing = []
    for name in protocol_members(protocol):
        declared = getattr(protocol, name, None)
        present = getattr(obj, name, _ABSENT)
        if present is _ABSENT or (callable(declared) and not callable(present)):
            missing.append(name)
    return missing


_ABSENT = object()
