"""What a plugin's object must have, checked when the plugin manager creates it.

Each kind of plugin has a protocol: :class:`~tyxq.backends.Backend`,
:class:`~tyxq.execution.ExecutionMode` and
:class:`~tyxq.gradients.GradientMethod`. ``isinstance`` against a protocol
answers yes or no; a plugin author needs to know *which* member is missing,
and a user needs to hear it when the plugin is selected, not when the
missing method is first called (a mode without ``sample`` would otherwise
work until ``tyxq.counts``). The execution-mode and gradient-method
protocols live in layers above this one, so their members are listed here;
a test keeps the lists equal to the protocols.

Example:
    >>> class Half:
    ...     name = "half"
    ...     def supports(self, backend, mode):
    ...         return None
    >>> missing_members(Half(), MEMBERS["gradient"])
    ['value_and_grad']
    >>> check_created("gradient", Half(), "gradient method 'half' from tyxq-half 1.0", "tyxq-half")
    Traceback (most recent call last):
    ...
    tyxq.errors.BrokenPluginError: the gradient method 'half' from tyxq-half 1.0 made an object of class Half ...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..backends.protocol import Backend
from ..errors import BrokenPluginError
from .failures import report_advice

__all__ = ["MEMBERS", "PROTOCOLS", "check_created", "missing_members", "protocol_members"]


def protocol_members(protocol: type) -> dict[str, bool]:
    """The public attributes and methods ``protocol`` declares, in order (bases first): name → is a method.

    Example:
        >>> list(protocol_members(Backend))[:3]
        ['name', 'capabilities', 'complex_dtype']
    """
    members: dict[str, bool] = {}
    for cls in reversed(protocol.__mro__):
        if not getattr(cls, "_is_protocol", False) or cls.__module__ == "typing":
            continue
        for name in [*vars(cls).get("__annotations__", {}), *vars(cls)]:
            if not name.startswith("_"):
                members.setdefault(name, callable(getattr(cls, name, None)))
    return members


MEMBERS: dict[str, dict[str, bool]] = {
    "backend": protocol_members(Backend),
    "mode": {
        "name": False,
        "takes_shots": False,
        "exact": False,
        "pure": False,
        "expectation": True,
        "probabilities": True,
        "sample": True,
        "state": True,
    },
    "gradient": {"name": False, "supports": True, "value_and_grad": True},
}
"""Per kind of plugin, the members of its protocol: name → whether it is a method (which must be callable)."""

PROTOCOLS = {
    "backend": "tyxq.backends.Backend",
    "mode": "tyxq.execution.ExecutionMode",
    "gradient": "tyxq.gradients.GradientMethod",
}
"""Per kind of plugin, the protocol its objects implement, as documentation names it."""


def missing_members(obj: Any, members: Mapping[str, bool]) -> list[str]:
    """The ``members`` that ``obj`` lacks; a method must be callable on ``obj``."""
    missing = []
    for name, is_method in members.items():
        present = getattr(obj, name, _ABSENT)
        if present is _ABSENT or (is_method and not callable(present)):
            missing.append(name)
    return missing


def check_created(kind: str, obj: Any, owner: str, distribution: str) -> None:
    """Raise :class:`~tyxq.errors.BrokenPluginError` if ``obj``, made by ``owner``, lacks members of its protocol.

    ``owner`` names the registration in the message (``"execution mode 'x'
    from tyxq-x 1.0 (entry point 'x')"``) and ``distribution`` whose fix it is.
    """
    missing = missing_members(obj, MEMBERS[kind])
    if not missing:
        return
    listed = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    raise BrokenPluginError(
        f"the {owner} made an object of class {type(obj).__name__} without {listed}, "
        f"{'members' if len(missing) > 1 else 'a member'} of the protocol {PROTOCOLS[kind]} "
        f"({', '.join(MEMBERS[kind])}; methods must be callable). It cannot be used as a plugin.\n"
        f"{report_advice(distribution)}"
    )


_ABSENT = object()
