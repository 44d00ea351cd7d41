"""From gate-angle derivatives to derivatives with respect to the user's arguments.

With the backend's autodiff where it has one (:mod:`tyxq.gradients.autodiff`),
else through the affine rule (:mod:`tyxq.gradients.affine`) when the
function returns one expectation unchanged, and through HIPS autograd
(:mod:`tyxq.gradients.autograd_numpy`) for any other cost of expectations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from .affine import NotOneExpectationError, affine_value_and_grad
from .arguments import as_gradient, normalize_argnums, pack
from .autodiff import autodiff_value_and_grad
from .autograd_numpy import autograd_installed, autograd_vjp
from .recording import Route

__all__ = ["value_and_grad_through_angles"]


def value_and_grad_through_angles(
    fn: Callable[..., Array], argnums: int | tuple[int, ...], backend: Backend, method: str, route: Route
) -> Callable[..., tuple[Array, Any]]:
    """``(*args) -> (value, gradients)`` for a method whose ``route`` hands each expectation to an angle engine."""
    if backend.capabilities.autodiff:
        return autodiff_value_and_grad(fn, argnums, backend, route)
    affine = affine_value_and_grad(fn, argnums, backend, method, route)

    def run(*args: Any) -> tuple[Array, Any]:
        try:
            return affine(*args)
        except NotOneExpectationError:
            if not autograd_installed():
                raise
            positions = normalize_argnums(argnums, len(args))
            value, pullback = autograd_vjp(fn, args, positions, backend, route)
            grads = pullback(np.ones_like(value))
            arrays = [as_gradient(backend, args[p], g) for p, g in zip(positions, grads, strict=True)]
            return backend.asarray(value, dtype=backend.real_dtype), pack(arrays, argnums)

    return run
