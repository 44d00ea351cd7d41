"""Optimisers: gradient descent, Adam and the quantum natural gradient (QNG).

Each takes a cost function of one parameter array, the initial parameters
(a vector ``(P,)``, or a batch ``(B, P)`` of sets stepped at once when the
cost returns ``(B,)`` values), a gradient method by name (any of
``tyxq.available_gradient_methods()``, ``"spsa"`` when the ``tyxq-spsa``
plugin is installed), an optional ``seed`` (given to a stochastic gradient
method) and ``callback``, and stops when the cost changes by less than
``tol`` (in every member) or after ``steps`` steps. The result holds the
history of the cost and a ``state`` from which a run resumes. Parameters
stay arrays of the active backend (numpy, torch, jax); torch users may as
well keep ``torch.optim`` with ``tyxq_ml.TorchLayer``.

A progress bar is shown through ``tqdm`` (``pip install "tyxq[progress]"``)
when standard error is a terminal; ``progress=False`` turns it off.

Example:
    >>> import numpy as np, tyxq
    >>> def cost(p):
    ...     return tyxq.expectation(tyxq.Circuit(1).ry(0, p[0]), tyxq.Z(0))
    >>> result = tyxq.optimize.adam(cost, np.array([0.3]), stepsize=0.2, steps=200, tol=1e-10)
    >>> round(float(result.value), 6)
    -1.0
    >>> more = tyxq.optimize.adam(cost, result.state, stepsize=0.2, steps=5)
    >>> more.state.step > result.state.step
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.protocol import Array
from ..circuit import Circuit
from ..execution.protocol import ExecutionMode
from ..geometry import metric_tensor
from ..gradients.verbs import MethodLike
from .loop import run_optimizer
from .result import OptimizeResult, OptimizerState
from .rules import AdamRule, GradientDescentRule, NaturalGradientRule, check_rate, natural_gradient_step

__all__ = ["OptimizeResult", "OptimizerState", "adam", "gradient_descent", "natural_gradient_step", "qng"]

Callback = Callable[[int, Array, np.ndarray], Any]


def gradient_descent(
    cost: Callable[[Array], Array],
    params: Any,
    *,
    stepsize: float = 0.1,
    steps: int = 100,
    tol: float | None = None,
    method: MethodLike = None,
    seed: Any = None,
    callback: Callback | None = None,
    progress: bool | None = None,
) -> OptimizeResult:
    """Plain gradient descent ``θ ← θ − η ∇E``.

    Args:
        cost: ``cost(params)`` returns ``()`` (or ``(B,)`` for a batch of sets).
        params: the initial parameters ``(P,)`` or ``(B, P)``, or an
            :class:`OptimizerState` to resume.
        stepsize: ``η``.
        steps: the most steps this run takes.
        tol: stop when every member's cost changes by less than this in one step.
        method: a gradient method's name or object (``None``: the active one).
        seed: given to the gradient method as its ``seed`` option where it takes one
            (``"spsa"``); deterministic methods ignore it.
        callback: ``callback(step, params, values)`` after every step; ``True`` stops.
        progress: ``None`` (a bar on a terminal), ``True`` or ``False``.

    Example:
        >>> import numpy as np, tyxq
        >>> cost = lambda p: tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]), tyxq.Z(0))
        >>> result = tyxq.optimize.gradient_descent(cost, np.array([0.5]), stepsize=0.5, steps=100)
        >>> round(float(result.value), 4), result.history.shape
        (-1.0, (101,))
    """
    rate, _ = check_rate(stepsize)
    rule = GradientDescentRule(rate)
    return run_optimizer(
        "gradient_descent", rule, cost, params, steps=steps, tol=tol, method=method, seed=seed,
        callback=callback, progress=progress,
    )  # fmt: skip


def adam(
    cost: Callable[[Array], Array],
    params: Any,
    *,
    stepsize: float = 0.01,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    steps: int = 100,
    tol: float | None = None,
    method: MethodLike = None,
    seed: Any = None,
    callback: Callback | None = None,
    progress: bool | None = None,
) -> OptimizeResult:
    """Adam (bias-corrected moment estimates); the other arguments as for :func:`gradient_descent`.

    Example:
        >>> import numpy as np, tyxq
        >>> cost = lambda p: tyxq.expectation(tyxq.Circuit(1).rx(0, p[..., 0]), tyxq.Z(0))
        >>> batch = np.array([[0.5], [2.0]])  # two starts stepped at once
        >>> tyxq.optimize.adam(cost, batch, stepsize=0.1, steps=300).value.round(4).tolist()
        [-1.0, -1.0]
    """
    rate, _ = check_rate(stepsize)
    rule = AdamRule(rate, float(beta1), float(beta2), float(eps))
    return run_optimizer(
        "adam", rule, cost, params, steps=steps, tol=tol, method=method, seed=seed, callback=callback,
        progress=progress,
    )  # fmt: skip


def qng(
    cost: Callable[[Array], Array],
    circuit: Callable[[Any], Circuit],
    params: Any,
    *,
    stepsize: float = 0.01,
    lam: float = 0.0,
    approx: str | None = None,
    metric_mode: str | ExecutionMode | None = None,
    metric_shots: int | None = None,
    steps: int = 100,
    tol: float | None = None,
    method: MethodLike = None,
    seed: Any = None,
    callback: Callback | None = None,
    progress: bool | None = None,
) -> OptimizeResult:
    """The quantum natural gradient ``θ ← θ − η (g + λI)⁻¹ ∇E``, ``g`` the Fubini–Study metric.

    Args:
        circuit: ``circuit(params)`` builds the state the cost measures, for
            :func:`tyxq.metric_tensor` (one parameter vector; a batch is
            handled member by member).
        lam: ``λ``, added to the metric's diagonal (keeps it invertible).
        approx: ``None``, the full metric (exact, and cheap in an exact
            mode: one batched simulation), or ``"block-diag"``, its blocks by
            layers (PennyLane's default, fewer circuits in the ``shots`` mode,
            but on entangling ansätze a poorer preconditioner).
        metric_mode, metric_shots: the mode (and shots) of the metric;
            ``None`` is the active mode. ``seed`` seeds the metric's shots too.

    The other arguments are those of :func:`gradient_descent`.

    Example:
        >>> import numpy as np, tyxq
        >>> ansatz = lambda p: tyxq.Circuit(1).rx(0, p[0])
        >>> cost = lambda p: tyxq.expectation(ansatz(p), tyxq.Z(0))
        >>> result = tyxq.optimize.qng(cost, ansatz, np.array([0.5]), stepsize=0.2, lam=1e-3, steps=60)
        >>> round(float(result.value), 4)
        -1.0
    """
    rate, regulariser = check_rate(stepsize, lam)
    metric = metric_tensor(circuit, approx, mode=metric_mode, shots=metric_shots, seed=seed)
    rule = NaturalGradientRule(rate, regulariser, metric)
    return run_optimizer(
        "qng", rule, cost, params, steps=steps, tol=tol, method=method, seed=seed, callback=callback,
        progress=progress,
    )  # fmt: skip
