"""The tape a gradient method installs while the user's function runs.

Every ``tyxq.expectation`` call inside the function reaches the tape
(through :mod:`tyxq.execution.interception`). The method's *route* decides,
per call and from the call's execution mode, how that expectation is
differentiated: ``None`` (run it as is and let the backend's autodiff see
through it), an :class:`~tyxq.gradients.engine.AngleEngine`, or a
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
from typing import TYPE_CHECKING, Any

from ..backends.protocol import Array, Backend
from .engine import AngleEngine, ExpectationCall, differentiable_expectation

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..execution.protocol import ExecutionMode
    from ..observables import Hamiltonian

__all__ = ["GradientTape", "RecordedCall", "Route"]

Route = Callable[["ExecutionMode"], "AngleEngine | None"]
"""Chooses how one call is differentiated from its mode; raises ``GradientError`` to refuse."""


@dataclass(frozen=True)
class RecordedCall:
    """A call seen in recording mode, with the placeholder returned for it."""

    call: ExpectationCall
    engine: AngleEngine | None
    placeholder: Array


@dataclass
class GradientTape:
    """An expectation interceptor that routes (or, with ``record=True``, only records) each call."""

    route: Route
    record: bool = False
    calls: list[RecordedCall] = field(default_factory=list)

    def expectation(
        self,
        circuit: Circuit,
        observable: Hamiltonian,
        *,
        mode: ExecutionMode,
        backend: Backend,
        shots: int | None,
        seed: Any,
    ) -> Array:
        engine = self.route(mode)
        call = ExpectationCall(circuit, observable, mode, backend, shots, seed)
        if self.record:
            shape = () if circuit.batch_size is None else (circuit.batch_size,)
            placeholder = backend.zeros(shape, dtype=backend.real_dtype)
            self.calls.append(RecordedCall(call, engine, placeholder))
            return placeholder
        if engine is None:
            return call.value()
        return differentiable_expectation(engine, call)
