"""Mode options given to a verb as keywords: refused with the spelling that works, the mode as a value.

A mode and its options are one value (``mode=tyxq.DensityMatrixMode(noise=m)``),
so a verb takes no mode options of its own; ``tyxq.expectation(c, h,
mode="density_matrix", noise=m)`` is refused by :func:`refuse_mode_options`
with that spelling. A keyword that no mode takes is Python's own
``TypeError``.

Example:
    >>> import tyxq
    >>> tyxq.probabilities(tyxq.Circuit(1), mode="shots", shots=10, seed=1, banana=2)
    Traceback (most recent call last):
    ...
    TypeError: probabilities() got an unexpected keyword argument 'banana'
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from ..errors import ConfigurationError
from .density_matrix import DensityMatrixMode
from .protocol import resolve_mode
from .shots import ShotsMode
from .statevector import StatevectorMode
from .trajectories import TrajectoriesMode

__all__ = ["refuse_mode_options"]

_BUILT_IN = (StatevectorMode, ShotsMode, DensityMatrixMode, TrajectoriesMode)


def _options_of(cls: type) -> set[str]:
    try:
        parameters = inspect.signature(cls).parameters.values()
    except (TypeError, ValueError):
        return set()
    return {p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}


def _spelled(cls: type) -> str:
    return f"tyxq.{cls.__name__}" if cls in _BUILT_IN else f"{cls.__module__}.{cls.__qualname__}"


def _shown(value: Any) -> str:
    return repr(value) if value is None or isinstance(value, (bool, int, float, str)) else "..."


def refuse_mode_options(verb: str, mode: Any, options: Mapping[str, Any]) -> None:
    """Refuse ``options`` given to ``verb`` beside ``mode``: a :class:`ConfigurationError` showing the mode object.

    Example:
        >>> refuse_mode_options("expectation", "density_matrix", {"noise": None})
        Traceback (most recent call last):
        ...
        tyxq.errors.ConfigurationError: expectation() was given noise=None, ...=tyxq.DensityMatrixMode(noise=None)...
    """
    if not options:
        return
    chosen = type(resolve_mode(mode))
    candidates = [chosen, *(cls for cls in _BUILT_IN if cls is not chosen)]
    owner = next((cls for cls in candidates if set(options) <= _options_of(cls)), None)
    if owner is None:
        unknown = sorted(set(options) - _options_of(chosen))[0]
        raise TypeError(f"{verb}() got an unexpected keyword argument {unknown!r}")
    given = ", ".join(f"{key}={_shown(value)}" for key, value in options.items())
    spelling = f"{_spelled(owner)}({given})"
    raise ConfigurationError(
        f"{verb}() was given {given}, {'an option' if len(options) == 1 else 'options'} of the execution mode "
        f"{owner.__name__}; a mode and its options are one value, given as mode=: mode={spelling} "
        f"(or for a block, with tyxq.use_execution_mode({spelling}))"
    )
