"""The loop every optimiser shares: evaluate, record, stop or step, with a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from ..arguments import check_count
from ..backends.protocol import Array, Backend
from ..context import get_backend, get_gradient_method
from ..errors import ConfigurationError, ParameterError, TyxqError
from ..gradients.verbs import MethodLike, resolve_method, value_and_grad
from ..plugins.manager import get_plugin_manager
from ..progress import progress_bar
from .result import OptimizeResult, OptimizerState

__all__ = ["MAX_STEPS", "Rule", "run_optimizer"]

MAX_STEPS = 10_000_000
"""The largest step budget of one optimisation run (each step evaluates the cost and its gradient)."""


class Rule(Protocol):
    """An update rule (:mod:`tyxq.optimize.rules`)."""

    def initial_memory(self, backend: Backend, params: Array) -> dict[str, Any]: ...

    def update(
        self, backend: Backend, params: Array, gradient: Array, memory: dict[str, Any], step: int
    ) -> tuple[Array, dict[str, Any]]: ...


def seeded_method(method: MethodLike, seed: Any) -> MethodLike:
    """A new ``method`` object created with ``seed`` where it takes one (stochastic methods such as ``spsa``).

    A fresh object per run, so one seed replays one run. A deterministic
    method (``adjoint``, ``parameter_shift``) has nothing to seed and is
    returned as it is.
    """
    if seed is None:
        return method
    if method is not None and not isinstance(method, str):
        raise ConfigurationError(
            "seed is passed to the gradient method by name (method='spsa', seed=7); give the method's name, or "
            "create the method object with its own seed and pass seed=None"
        )
    name = method if isinstance(method, str) else get_gradient_method().name
    try:
        return get_plugin_manager().create("gradient", name, seed=seed)
    except (TyxqError, TypeError):
        return method


def _host(backend: Backend, value: Array) -> np.ndarray:
    return np.asarray(backend.to_numpy(backend.detach(value)), dtype=np.float64)


def _start(name: str, initial: Any, rule: Rule, backend: Backend) -> OptimizerState:
    if isinstance(initial, OptimizerState):
        if initial.optimizer != name:
            raise ConfigurationError(
                f"this state was made by {initial.optimizer!r} and cannot resume {name!r}; pass "
                f"tyxq.optimize.{initial.optimizer}(...) the state, or start {name!r} from state.params"
            )
        return initial
    params = initial if backend.is_array(initial) else backend.asarray(np.asarray(initial, dtype=np.float64))
    params = backend.cast(backend.detach(params), backend.real_dtype)
    if len(backend.shape(params)) not in (1, 2):
        raise ParameterError(
            f"{name} steps a parameter vector (P,) or a batch (B, P), got shape {tuple(backend.shape(params))}"
        )
    return OptimizerState(name, params, 0, rule.initial_memory(backend, params))


def _check_budget(steps: Any, tol: Any) -> None:
    check_count(
        "steps",
        steps,
        minimum=0,
        limit=MAX_STEPS,
        too_many="stop on a tolerance instead (tol=), or run in parts, each resumed from the result's state",
    )
    if tol is not None and (isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0):
        raise ParameterError(f"tol must be None or a number >= 0 (the change of the cost that stops), got {tol!r}")


def run_optimizer(
    name: str,
    rule: Rule,
    cost: Callable[[Array], Array],
    initial: Any,
    *,
    steps: int,
    tol: float | None,
    method: MethodLike,
    seed: Any,
    callback: Callable[[int, Array, np.ndarray], Any] | None,
    progress: bool | None,
) -> OptimizeResult:
    """Step ``initial`` with ``rule`` until the cost changes by less than ``tol`` or ``steps`` are taken."""
    if not callable(cost):
        raise ParameterError(f"{name} needs a cost function of the parameters, got {cost!r}")
    _check_budget(steps, tol)
    backend = get_backend()
    state = _start(name, initial, rule, backend)
    chosen = seeded_method(method, seed)
    differentiate = value_and_grad(cost, method=None if chosen is None else resolve_method(chosen))
    params, memory, step = state.params, state.memory, state.step
    history: list[np.ndarray] = []
    converged, taken = False, 0
    bar = progress_bar(steps, progress, name)
    try:
        while True:
            if taken == steps:
                history.append(_host(backend, cost(params)))
                break
            value, gradient = differentiate(params)
            history.append(_host(backend, value))
            if tol is not None and len(history) > 1 and float(np.max(np.abs(history[-1] - history[-2]))) < tol:
                converged = True
                break
            params, memory = rule.update(backend, params, backend.detach(gradient), memory, step)
            params = backend.detach(params)
            step, taken = step + 1, taken + 1
            bar.update(1)
            bar.set_postfix(cost=float(np.min(history[-1])))
            if callback is not None and callback(step, params, history[-1]) is True:
                history.append(_host(backend, cost(params)))
                break
    finally:
        bar.close()
    final = OptimizerState(name, params, step, memory)
    return OptimizeResult(params, history[-1], np.stack(history), taken, converged, final)
