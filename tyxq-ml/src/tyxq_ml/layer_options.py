"""The checks of what a ``TorchLayer`` is built with: names, shapes, and the circuit function's signature.

Each mistake is a :class:`~tyxq_ml.errors.LayerError` that names the
argument as the user wrote it and the fix, raised when the layer is built
(not later, from inside torch or the user's function). Messages that
suggest another option spell it through a :class:`Spelling`: as a keyword
of ``TorchLayer`` (``gradient="parameter_shift"``) for library users, or as
the option of a ``tyxq-ml`` command (``--gradient parameter_shift``) when
the command checks its options before any work.

Example:
    >>> weight_shape("w", (2, 3)), weight_shape("b", 4)
    ((2, 3), (4,))
    >>> weight_shape("rx", 2.5)
    Traceback (most recent call last):
    ...
    tyxq_ml.errors.LayerError: weight_shapes['rx'] is 2.5; give an int or a tuple of non-negative ints ...
    >>> PYTHON("gradient", "parameter_shift"), COMMAND_LINE("gradient", "parameter_shift")
    ("gradient='parameter_shift'", '--gradient parameter_shift')
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from torch import nn

from .errors import LayerError

__all__ = [
    "COMMAND_LINE",
    "PYTHON",
    "Spelling",
    "check_choice",
    "check_signature",
    "check_weight_name",
    "state_dict_differences",
    "weight_shape",
]


@dataclass(frozen=True)
class Spelling:
    """How a message names an option and its value: ``spell("gradient", "adjoint")``."""

    keyword: bool

    def __call__(self, option: str, value: Any) -> str:
        if self.keyword:
            return f"{option}={value!r}"
        return f"--{option.replace('_', '-')} {value}"


PYTHON = Spelling(keyword=True)
"""Options as keywords of ``TorchLayer``: ``gradient='parameter_shift'``."""

COMMAND_LINE = Spelling(keyword=False)
"""Options as a ``tyxq-ml`` command's: ``--gradient parameter_shift``."""


def weight_shape(name: str, shape: Any) -> tuple[int, ...]:
    """The shape ``weight_shapes[name]`` declares: an int or a sequence of non-negative ints.

    Example:
        >>> weight_shape("w", [])
        ()
    """
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        dims: tuple[Any, ...] = (shape,)
    elif isinstance(shape, (tuple, list)):
        dims = tuple(shape)
    else:
        dims = (shape,)
    if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0 for d in dims):
        raise LayerError(
            f"weight_shapes[{name!r}] is {shape!r}; give an int or a tuple of non-negative ints "
            f"(e.g. {{{name!r}: 3}} or {{{name!r}: (2, 3)}})"
        )
    return tuple(int(d) for d in dims)


def check_weight_name(name: Any) -> str:
    """A weight's name: a Python identifier, not ``inputs`` (the circuit's first argument), unused by ``nn.Module``.

    Example:
        >>> check_weight_name("inputs")
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.LayerError: weight name 'inputs' is taken: circuit_fn(inputs, **weights) gets ...
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise LayerError(f"weight name {name!r} must be a Python identifier (it becomes a keyword of circuit_fn)")
    if name == "inputs":
        raise LayerError(
            "weight name 'inputs' is taken: circuit_fn(inputs, **weights) gets the layer's inputs under that "
            "name. Rename the weight (e.g. 'weights') in weight_shapes and in circuit_fn"
        )
    if hasattr(nn.Module, name):
        raise LayerError(
            f"weight name {name!r} is an attribute of torch.nn.Module, so the layer cannot hold a weight of that "
            "name; rename it in weight_shapes and in circuit_fn"
        )
    return name


def check_choice(option: str, value: Any, installed: Iterable[str], spell: Spelling = PYTHON) -> str:
    """``value`` as a lower-case installed name of ``option`` (``backend``, ``gradient``, ``mode``).

    Example:
        >>> check_choice("backend", None, ["numpy", "torch"])
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.LayerError: backend=None; name an installed backend: numpy, torch (e.g. backend='torch')
    """
    names = list(installed)
    if not isinstance(value, str):
        raise LayerError(
            f"{spell(option, value)}; name an installed {option}: {', '.join(names)} "
            f"(e.g. {spell(option, names[-1] if names else '...')})"
        )
    if value.lower() not in names:
        raise LayerError(
            f"{spell(option, value)} is not installed; installed: {', '.join(names)}. Backends and methods come "
            'with their distributions (pip install "tyxq[torch]")'
        )
    return value.lower()


def check_signature(circuit_fn: Callable[..., Any], weight_names: tuple[str, ...]) -> None:
    """``circuit_fn(inputs, **weights)`` must accept exactly the declared weights (checked when the layer is built).

    A weight the function needs that ``weight_shapes`` does not declare, or a
    declared weight it does not take, is refused by name. A function whose
    signature cannot be read (a builtin) is not checked.

    Example:
        >>> def circuit(inputs, rx, ry):
        ...     pass
        >>> check_signature(circuit, ("rx",))
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.LayerError: circuit_fn needs the weight 'ry', which weight_shapes does not declare: ...
    """
    try:
        signature = inspect.signature(circuit_fn)
    except (TypeError, ValueError):
        return
    try:
        signature.bind(None, **dict.fromkeys(weight_names))
    except TypeError as error:
        _explain(signature, weight_names, error)


def _explain(signature: inspect.Signature, weight_names: tuple[str, ...], error: TypeError) -> None:
    parameters = list(signature.parameters.values())
    takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters)
    named = [p for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    first = named[0].name if named and named[0].kind is not named[0].KEYWORD_ONLY else None
    needed = [p.name for p in named if p.default is p.empty and p.name != first and p.name not in weight_names]
    if needed:
        shown = ", ".join(repr(n) for n in needed)
        raise LayerError(
            f"circuit_fn needs the weight{'s' if len(needed) > 1 else ''} {shown}, which weight_shapes does not "
            f"declare: add {'them' if len(needed) > 1 else 'it'} to weight_shapes "
            f"(e.g. {{{needed[0]!r}: 2}}), or give {'them' if len(needed) > 1 else 'it'} a default in circuit_fn"
        ) from error
    unknown = [n for n in weight_names if not takes_any and n not in {p.name for p in named[1:]}]
    if unknown:
        raise LayerError(
            f"weight_shapes declares {', '.join(repr(n) for n in unknown)}, but circuit_fn{signature} takes no "
            "such argument: add it to circuit_fn's parameters, or remove it from weight_shapes"
        ) from error
    raise LayerError(
        f"circuit_fn{signature} cannot be called as circuit_fn(inputs, **weights) with the weights "
        f"{', '.join(weight_names) or '(none)'} ({error}): its first parameter takes the inputs, and one "
        "parameter per name in weight_shapes"
    ) from error


def state_dict_differences(own: Mapping[str, tuple[int, ...]], given: Mapping[str, tuple[int, ...]]) -> list[str]:
    """What differs between this layer's weights and those of a state_dict, one phrase per weight.

    Example:
        >>> for phrase in state_dict_differences({"w": (2,), "b": (1,)}, {"w": (3,), "v": (1,)}):
        ...     print(phrase)
        'w' has shape (2,) here and (3,) in the state_dict
        'b' is missing from the state_dict
        'v' is in the state_dict but not in this layer
    """
    phrases = []
    for name, shape in own.items():
        if name not in given:
            phrases.append(f"{name!r} is missing from the state_dict")
        elif tuple(given[name]) != tuple(shape):
            phrases.append(f"{name!r} has shape {tuple(shape)} here and {tuple(given[name])} in the state_dict")
    phrases += [f"{name!r} is in the state_dict but not in this layer" for name in given if name not in own]
    return phrases
