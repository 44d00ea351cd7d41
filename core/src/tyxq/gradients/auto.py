"""The ``auto`` gradient (the default): the best method for the backend and mode at hand.

- a backend with autodiff: ``autograd`` for exact expectations (pure or
  mixed states) and ``parameter_shift`` (inside the backend's graph) for
  sampled ones (shots, trajectories);
- a backend without: ``adjoint`` for exact pure-state expectations,
  ``parameter_shift`` for everything else (mixed states, sampled modes).

The choice is made per expectation call, from the mode that call runs in.
When the backend's autodiff meets an operation in the user's function that
it cannot differentiate (:class:`~tyxq.errors.NotDifferentiableError`),
``auto`` falls back to ``finite_difference`` and warns once per function,
saying why; every other error propagates unchanged. A method chosen by name
never falls back.

Example:
    >>> import numpy as np, tyxq
    >>> def energy(p):
    ...     return tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]).ry(0, p[1]), tyxq.Z(0))
    >>> value, grad = tyxq.value_and_grad(energy)(np.array([0.1, 0.2]))  # adjoint on numpy
    >>> bool(np.allclose(grad, [-np.sin(0.1) * np.cos(0.2), -np.cos(0.1) * np.sin(0.2)]))
    True
"""

from __future__ import annotations

import logging
import threading
import warnings
import weakref
from collections.abc import Callable
from typing import Any

from ..backends.protocol import Array, Backend
from ..errors import NotDifferentiableError
from ..execution.protocol import ExecutionMode
from .adjoint import AdjointEngine
from .autodiff import autodiff_value_and_grad
from .chain import value_and_grad_through_angles
from .engine import AngleEngine
from .finite_difference import FiniteDifferenceGradient
from .parameter_shift import ParameterShiftEngine

__all__ = ["AutoGradient", "FallbackWarning"]

logger = logging.getLogger("tyxq")


class FallbackWarning(RuntimeWarning):
    """``method="auto"`` fell back to finite differences because autodiff failed."""


class AutoGradient:
    """``method="auto"``: see the module docstring for the rules."""

    name = "auto"

    def __init__(self) -> None:
        self._warned: weakref.WeakSet[Any] = weakref.WeakSet()
        self._warned_ids: set[int] = set()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "AutoGradient()"

    def supports(self, backend: Backend, mode: ExecutionMode) -> str | None:
        return None

    def choice(self, backend: Backend, mode: ExecutionMode) -> str:
        """The method ``auto`` uses for expectations in ``mode`` on ``backend``.

        Example:
            >>> import tyxq
            >>> AutoGradient().choice(tyxq.get_backend(), tyxq.get_execution_mode())
            'adjoint'
        """
        if backend.capabilities.autodiff and mode.exact:
            return "autograd"
        return "adjoint" if mode.exact and mode.pure else "parameter_shift"

    def value_and_grad(
        self, fn: Callable[..., Array], argnums: int | tuple[int, ...] = 0, *, backend: Backend, mode: ExecutionMode
    ) -> Callable[..., tuple[Array, Any]]:
        adjoint, shift = AdjointEngine(), ParameterShiftEngine()
        if not backend.capabilities.autodiff:

            def exact_or_shift(call_mode: ExecutionMode) -> AngleEngine:
                return adjoint if call_mode.exact and call_mode.pure else shift

            return value_and_grad_through_angles(fn, argnums, backend, self.name, exact_or_shift)

        def autograd_or_shift(call_mode: ExecutionMode) -> AngleEngine | None:
            return None if call_mode.exact else shift

        differentiate = autodiff_value_and_grad(fn, argnums, backend, autograd_or_shift)

        def run(*args: Any) -> tuple[Array, Any]:
            try:
                return differentiate(*args)
            except NotDifferentiableError as error:
                self._warn_once(fn, error)
                fallback = FiniteDifferenceGradient().value_and_grad(fn, argnums, backend=backend, mode=mode)
                return fallback(*args)

        return run

    def _warn_once(self, fn: Callable[..., Any], error: NotDifferentiableError) -> None:
        name = getattr(fn, "__qualname__", repr(fn))
        logger.info("method='auto': autograd failed for %s (%s); using finite differences", name, error)
        with self._lock:
            try:
                if fn in self._warned:
                    return
                self._warned.add(fn)
            except TypeError:  # not weakly referenceable
                if id(fn) in self._warned_ids:
                    return
                self._warned_ids.add(id(fn))
        warnings.warn(
            f"tyxq: the backend's autodiff cannot differentiate {name} ({error}); method='auto' falls back to "
            "finite differences for this function, which is slower and approximate. Make the function "
            "differentiable, or choose a method explicitly (method='finite_difference' silences this warning)",
            FallbackWarning,
            stacklevel=3,
        )
