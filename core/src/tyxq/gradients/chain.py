"""From gate-angle derivatives to derivatives with respect to the user's arguments.

With the backend's autodiff where it has one (:mod:`tyxq.gradients.autodiff`),
else through the affine rule (:mod:`tyxq.gradients.affine`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..backends.protocol import Array, Backend
from .affine import affine_value_and_grad
from .autodiff import autodiff_value_and_grad
from .recording import Route

__all__ = ["value_and_grad_through_angles"]


def value_and_grad_through_angles(
    fn: Callable[..., Array], argnums: int | tuple[int, ...], backend: Backend, method: str, route: Route
) -> Callable[..., tuple[Array, Any]]:
    """``(*args) -> (value, gradients)`` for a method whose ``route`` hands each expectation to an angle engine."""
    if backend.capabilities.autodiff:
        return autodiff_value_and_grad(fn, argnums, backend, route)
    return affine_value_and_grad(fn, argnums, backend, method, route)
