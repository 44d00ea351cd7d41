"""The ``autograd`` gradient: the backend's own automatic differentiation, nothing else.

It needs a backend whose capabilities include autodiff (torch, jax) and a
mode that does not sample: shots are random draws, which autodiff cannot
differentiate. Elsewhere it refuses with a message naming the method that
works (it never falls back by itself).

Example:
    >>> import tyxq
    >>> method = tyxq.gradients.AutogradGradient()
    >>> print(method.supports(tyxq.get_backend(), tyxq.get_execution_mode()))  # doctest: +ELLIPSIS
    autograd needs a backend with automatic differentiation, but backend 'numpy' has none; use method='adjoint'...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.protocol import ExecutionMode
from .autodiff import autodiff_value_and_grad

__all__ = ["AutogradGradient", "autograd_unsupported_mode"]


def autograd_unsupported_mode(mode: ExecutionMode) -> str | None:
    """Why autodiff cannot see through ``mode``, or ``None``."""
    if mode.exact:
        return None
    return (
        f"autograd cannot differentiate through mode {mode.name!r}: it is not exact (it samples shots or "
        "trajectories), and random draws have no derivative; use method='parameter_shift' (unbiased gradients "
        "from shifted circuits) or 'finite_difference' (common random numbers)"
    )


class AutogradGradient:
    """``method="autograd"``: delegates to the backend's ``vjp`` (see :mod:`tyxq.gradients.autodiff`)."""

    name = "autograd"

    def __repr__(self) -> str:
        return "AutogradGradient()"

    def supports(self, backend: Backend, mode: ExecutionMode) -> str | None:
        if not backend.capabilities.autodiff:
            return (
                f"autograd needs a backend with automatic differentiation, but backend {backend.name!r} has none; "
                "use method='adjoint' (exact and fast), 'parameter_shift' or 'finite_difference', or a backend "
                'with autodiff: pip install "tyxq[torch]" and tyxq.set_backend("torch")'
            )
        return autograd_unsupported_mode(mode)

    def value_and_grad(
        self, fn: Callable[..., Array], argnums: int | tuple[int, ...] = 0, *, backend: Backend, mode: ExecutionMode
    ) -> Callable[..., tuple[Array, Any]]:
        message = self.supports(backend, mode)
        if message is not None:
            raise GradientError(message)

        def route(call_mode: ExecutionMode) -> None:
            problem = autograd_unsupported_mode(call_mode)
            if problem is not None:
                raise GradientError(problem)

        return autodiff_value_and_grad(fn, argnums, backend, route)
