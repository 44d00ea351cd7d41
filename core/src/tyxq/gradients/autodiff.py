"""Gradients through a backend's own automatic differentiation.

The user's function runs inside ``backend.vjp`` with a
``GradientTape`` installed: each expectation
either stays visible to the backend's autodiff (``autograd``) or enters it
through ``backend.custom_vjp`` with an angle engine for the quantum part
(``adjoint``, ``parameter_shift``). The backend differentiates all
classical processing, so ``fn`` may return any real array computed from
expectations; a batch ``(B,)`` is differentiated as the sum of its entries,
which for independent members is each member's gradient (other shapes are
refused before, see :mod:`tyxq.gradients.axes`). ``vjp`` (rather than ``value_and_grad``) is what makes that work:
it returns the value unsummed and takes the all-ones cotangent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..backends.protocol import Array, Backend
from ..execution.interception import intercept_measurements
from ..execution.memo import evaluation
from .arguments import as_differentiable, normalize_argnums, pack, with_replaced
from .recording import GradientTape, Route

__all__ = ["autodiff_value_and_grad"]


def autodiff_value_and_grad(
    fn: Callable[..., Array], argnums: int | tuple[int, ...], backend: Backend, route: Route
) -> Callable[..., tuple[Array, Any]]:
    """``(*args) -> (value, gradients)`` of ``fn`` by ``backend.vjp``, expectations routed by ``route``."""

    def run(*args: Any) -> tuple[Array, Any]:
        positions = normalize_argnums(argnums, len(args))
        primals = [as_differentiable(backend, args[i], i) for i in positions]

        def closed(*values: Array) -> Array:
            with intercept_measurements(GradientTape(route)), evaluation():
                return fn(*with_replaced(args, positions, values))

        value, pullback = backend.vjp(closed, *primals)
        grads = pullback(backend.ones_like(value))
        return value, pack(list(grads), argnums)

    return run
