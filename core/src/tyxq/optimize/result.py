"""What an optimisation returns: its history, and the state a later run resumes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..backends.protocol import Array

__all__ = ["OptimizeResult", "OptimizerState"]


@dataclass(frozen=True)
class OptimizerState:
    """Everything a run needs to continue: pass it where the initial parameters go.

    Attributes:
        optimizer: the optimiser's name (``"gradient_descent"``, ``"adam"``, ``"qng"``);
            a state resumes only the optimiser that made it.
        params: the parameters reached, an array of the backend, ``(P,)`` or ``(B, P)``.
        step: how many steps were taken in all, over every run so far.

    ``memory`` holds the optimiser's own arrays (Adam's moments), by name.

    Example:
        >>> import numpy as np
        >>> OptimizerState("adam", np.zeros(2), 0).step
        0
    """

    optimizer: str
    params: Array
    step: int
    memory: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OptimizeResult:
    """The outcome of a run of :func:`~tyxq.optimize.gradient_descent`, :func:`~tyxq.optimize.adam` or ``qng``.

    Attributes:
        params: the final parameters (an array of the backend).
        value: the cost there, a float64 host array ``()`` or ``(B,)``.
        history: the cost before every step and at the end, ``(n_steps + 1,)`` or ``(n_steps + 1, B)``.
        n_steps: the steps taken in this run.
        converged: whether the tolerance stopped the run (not the step budget or the callback).
        state: resumes the run: ``adam(cost, result.state, steps=50)``.

    Example:
        >>> import numpy as np
        >>> result = OptimizeResult(np.zeros(1), np.array(0.0), np.zeros(1), 0, False,
        ...                         OptimizerState("adam", np.zeros(1), 0))
        >>> result.n_steps
        0
    """

    params: Array
    value: np.ndarray
    history: np.ndarray = field(repr=False)
    n_steps: int
    converged: bool
    state: OptimizerState = field(repr=False)
