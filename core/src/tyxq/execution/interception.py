"""The hook through which gradient methods see the measurements a user's function asks for.

``tyxq.expectation`` and ``tyxq.probabilities`` hand every
:class:`~tyxq.execution.measurement.Measurement` to the active interceptor,
if there is one, instead of asking the mode for its value. Gradient methods
install one while they run the user's function: to record the measurements
(and build no state), to wrap each one in the backend's custom
vector-Jacobian product, or to refuse a combination they cannot
differentiate. The active interceptor lives in a
:class:`contextvars.ContextVar`, so it is private to a thread or task.

Example:
    >>> import tyxq
    >>> from tyxq.execution.interception import intercept_measurements
    >>> class Count:
    ...     calls = 0
    ...     def measure(self, measurement):
    ...         Count.calls += 1
    ...         return measurement.value()
    >>> with intercept_measurements(Count()):
    ...     value = tyxq.expectation(tyxq.Circuit(1).x(0), tyxq.Z(0))
    >>> Count.calls, float(value)
    (1, -1.0)
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Protocol

from ..backends.protocol import Array
from .measurement import Measurement

__all__ = ["MeasurementInterceptor", "active_interceptor", "intercept_measurements"]


class MeasurementInterceptor(Protocol):
    """Receives each measurement a verb makes while it is active, and returns its value."""

    def measure(self, measurement: Measurement) -> Array: ...


_ACTIVE: contextvars.ContextVar[MeasurementInterceptor | None] = contextvars.ContextVar(
    "tyxq_measurement_interceptor", default=None
)


@contextlib.contextmanager
def intercept_measurements(interceptor: MeasurementInterceptor | None) -> Iterator[None]:
    """Route measurements to ``interceptor`` inside the block (``None``: run them directly)."""
    token = _ACTIVE.set(interceptor)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_interceptor() -> MeasurementInterceptor | None:
    """The interceptor of the current context, or ``None``."""
    return _ACTIVE.get()
