"""The tape a gradient method installs while the user's function runs.

Every ``tyxq.expectation`` and ``tyxq.probabilities`` call inside the function reaches the tape
as a :class:`~tyxq.execution.measurement.Measurement` (through :mod:`tyxq.execution.interception`).
The method's *route* decides, per call and from the call's execution mode, how that expectation is
differentiated: ``None`` (run it as is and let the backend's autodiff see
through it), an :class:`~tyxq.gradients.engine.AngleEngine` (one with a
``declines(call)`` method may leave a call to the autodiff, as
:class:`~tyxq.gradients.adjoint.AdjointWhereItApplies` does), or a
:class:`~tyxq.errors.GradientError` for a combination the method cannot
differentiate (``autograd`` or ``adjoint`` through shots).

In *recording* mode (backends without autodiff) no state is simulated: the
tape keeps each call and returns a fresh placeholder of the right shape,
which lets :mod:`tyxq.gradients.affine` rerun the function cheaply while it
works out how gate angles depend on the arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..backends.protocol import Array
from ..execution.measurement import Measurement
from .engine import AngleEngine, differentiable_measurement

if TYPE_CHECKING:
    from ..execution.protocol import ExecutionMode

__all__ = ["GradientTape", "RecordedCall", "Route"]

Route = Callable[["ExecutionMode"], "AngleEngine | None"]
"""Chooses how one call is differentiated from its mode; raises ``GradientError`` to refuse."""


@dataclass(frozen=True)
class RecordedCall:
    """A call seen in recording mode, with the placeholder returned for it."""

    call: Measurement
    engine: AngleEngine | None
    placeholder: Array


@dataclass
class GradientTape:
    """An expectation interceptor that routes (or, with ``record=True``, only records) each call."""

    route: Route
    record: bool = False
    calls: list[RecordedCall] = field(default_factory=list)

    def measure(self, call: Measurement) -> Array:
        engine = self.route(call.mode)
        if self.record:
            batch = () if call.circuit.batch_size is None else (call.circuit.batch_size,)
            placeholder = call.backend.zeros(batch + call.value_shape, dtype=call.backend.real_dtype)
            self.calls.append(RecordedCall(call, engine, placeholder))
            return placeholder
        if engine is None or _declined(engine, call):
            return call.value()
        return differentiable_measurement(engine, call)


def _declined(engine: AngleEngine, call: Measurement) -> bool:
    """Whether ``engine`` (one with a ``declines(call)`` method) leaves ``call`` to the backend's autodiff."""
    declines = getattr(engine, "declines", None)
    return declines is not None and bool(declines(call))
