"""Which members of a tyxq protocol an object lacks, by name.

``isinstance(obj, Backend)`` answers yes or no; a plugin author needs to know
*which* method is missing (``kron``). The members of a protocol are its
annotated attributes and its public methods, as the protocol class declares
them. The plugin manager makes the same check when it creates a plugin's
object (:mod:`tyxq.plugins.contracts`); these are its functions, taking the
protocol class.

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

from ..plugins import contracts

__all__ = ["missing_members", "protocol_members"]


def protocol_members(protocol: type) -> tuple[str, ...]:
    """The public attributes and methods ``protocol`` declares, in declaration order (bases first)."""
    return tuple(contracts.protocol_members(protocol))


def missing_members(obj: Any, protocol: type) -> list[str]:
    """The members of ``protocol`` that ``obj`` lacks; a declared method must be callable on ``obj``."""
    return contracts.missing_members(obj, contracts.protocol_members(protocol))
