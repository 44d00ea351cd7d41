"""How a built-in gradient method differentiates each measurement, as a route for the transforms.

:func:`tyxq.jacobian` and :func:`tyxq.hessian` run the user's function
under a :class:`~tyxq.gradients.recording.GradientTape` themselves; this
module gives them the route of a built-in method (an angle engine, or
``None`` for the backend's own autodiff), the same choice its
``value_and_grad`` makes. Parameter shift gets an engine that evaluates
each measurement's shifted circuits once, however many rows of a Jacobian
(cotangents) it is asked for.

Example:
    >>> import tyxq
    >>> route = method_route(tyxq.gradients.AdjointGradient(), tyxq.get_backend())
    >>> type(route(tyxq.get_execution_mode())).__name__
    'AdjointEngine'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..context import get_gradient_method
from ..errors import GradientError
from ..execution.measurement import Measurement
from ..execution.protocol import ExecutionMode
from ..kernels.plan import structure_key
from .adjoint import AdjointEngine, AdjointGradient, AdjointWhereItApplies, adjoint_unsupported
from .angles import angle_slots, host_angles
from .auto import AutoGradient
from .autograd import AutogradGradient, autograd_unsupported_mode
from .engine import AngleEngine
from .parameter_shift import ParameterShiftEngine, ParameterShiftGradient, contract, shift_derivatives
from .recording import Route

__all__ = ["SharedShiftEngine", "active_route", "adjoint_or_autodiff", "method_route"]


class SharedShiftEngine(ParameterShiftEngine):
    """Parameter shift whose shifted evaluations of one measurement serve every cotangent (every Jacobian row)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[Any, ...], tuple[Measurement, Array, list[Array]]] = {}

    def _derivatives(self, call: Measurement) -> tuple[Array, list[Array]]:
        backend, circuit = call.backend, call.circuit
        angles = host_angles(backend, circuit, angle_slots(circuit))
        flat = np.concatenate([a.ravel() for a in angles]) if angles else np.zeros(0)
        key = (id(call.observables), call.qubits, call.bits, call.shots, structure_key(circuit), flat.tobytes())
        found = self._memo.get(key)
        if found is None:
            value, derivatives = shift_derivatives(call, with_value=True)
            assert value is not None
            found = self._memo[key] = (call, value, derivatives)  # the call keeps its observables' id alive
        return found[1], found[2]

    def vjp(self, call: Measurement, cotangent: Array | None) -> list[Array]:
        return self.value_and_vjp(call, cotangent)[1]

    def value_and_vjp(self, call: Measurement, cotangent: Array | None) -> tuple[Array, list[Array]]:
        value, derivatives = self._derivatives(call)
        return value, contract(call, derivatives, cotangent)


def _checked(problem: str | None) -> None:
    if problem is not None:
        raise GradientError(problem)


def method_route(method: Any, backend: Backend) -> Route | None:
    """The route of a built-in method (``adjoint``, ``parameter_shift``, ``autograd``, ``auto``), else ``None``."""
    if isinstance(method, AdjointGradient):
        adjoint = AdjointEngine()

        def exact_only(mode: ExecutionMode) -> AngleEngine:
            _checked(adjoint_unsupported(mode))
            return adjoint

        return exact_only
    shift = SharedShiftEngine()
    if isinstance(method, ParameterShiftGradient):
        return lambda mode: shift
    if isinstance(method, AutogradGradient):

        def autodiff(mode: ExecutionMode) -> None:
            _checked(autograd_unsupported_mode(mode))

        return autodiff
    if isinstance(method, AutoGradient):
        adjoint = AdjointEngine()
        if backend.capabilities.autodiff:
            return lambda mode: None if mode.exact else shift
        return lambda mode: adjoint if mode.exact and mode.pure else shift
    return None


def active_route(backend: Backend) -> Route:
    """The route of the active gradient method, for expectations that autograd traces on ``backend``.

    Example:
        >>> import tyxq
        >>> with tyxq.use_gradient_method("parameter_shift"):
        ...     type(active_route(tyxq.get_backend())(tyxq.get_execution_mode())).__name__
        'SharedShiftEngine'
    """
    method = get_gradient_method()
    route = None if isinstance(method, AutogradGradient) else method_route(method, backend)
    if route is None:
        raise GradientError(
            f"an expectation of autograd-traced parameters is differentiated by the active gradient method, but "
            f"{method.name!r} has no vector-Jacobian product for one expectation; select 'auto', 'adjoint' or "
            "'parameter_shift' (tyxq.use_gradient_method), or differentiate with tyxq.value_and_grad(cost, "
            "method='finite_difference')"
        )
    return route


def adjoint_or_autodiff() -> Route:
    """The route of ``TorchLayer(gradient="auto")`` on a backend with autodiff, in exact modes.

    Each expectation or probability call of a pure exact mode goes to the
    adjoint sweep where its circuit allows it
    (:class:`~tyxq.gradients.adjoint.AdjointWhereItApplies`), to the
    backend's autodiff elsewhere; mixed-state modes go to the autodiff.

    Example:
        >>> import tyxq
        >>> route = adjoint_or_autodiff()
        >>> type(route(tyxq.StatevectorMode())).__name__, route(tyxq.DensityMatrixMode())
        ('AdjointWhereItApplies', None)
    """
    engine = AdjointWhereItApplies()
    return lambda mode: engine if mode.exact and mode.pure else None
