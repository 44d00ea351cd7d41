"""What the axes of a differentiated function's value mean: a batch axis, or an observable axis.

``tyxq.grad`` and ``tyxq.value_and_grad`` differentiate a scalar, or a
batch: a value of shape ``(B,)`` where ``B`` is the batch size of a batched
circuit the function measured (``Circuit.batch_size``, set by batched gate
angles or ``batch_axes``). Each member's value depends on its own
parameter set, so the gradient of the batch is every member's gradient
(summed where members share an argument), as ``tyxq-ml vqe`` uses. Any
other shape — an observable axis from a list of observables (``(K,)``,
``(B, K)``), stacked expectations, probabilities — has no single gradient
and is refused with a :class:`~tyxq.errors.GradientError` naming
:func:`tyxq.jacobian`, as ``jax.grad`` refuses a non-scalar. (Earlier
releases silently returned the gradient of the sum of the entries.)

The batch sizes are known from the measurements themselves: while the
function runs, every ``tyxq.expectation`` and ``tyxq.probabilities`` call
passes an observer that notes its circuit's batch size and whether it asked
for a list of observables, then hands the call on to the gradient method.

Example:
    >>> import numpy as np, tyxq
    >>> def both(t):
    ...     return tyxq.expectation(tyxq.Circuit(1).ry(0, t), [tyxq.Z(0), tyxq.X(0)])
    >>> try:
    ...     tyxq.grad(both)(0.3)
    ... except tyxq.GradientError as error:
    ...     print(str(error)[:86])
    the function returned a value of shape (2,) with an observable axis (a list of observa
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.protocol import Array
from ..errors import GradientError
from ..execution.interception import MeasurementInterceptor, active_interceptor, intercept_measurements
from ..execution.measurement import Measurement
from .direct import measure_directly

__all__ = ["AxisObserver", "observing_axes"]


class AxisObserver:
    """An interceptor that notes each measurement's batch size and observable axis, then passes it on.

    It hands the measurement to the interceptor it replaced (the gradient
    method's), or, where there was none, measures it as the verbs would.
    """

    def __init__(self, inner: MeasurementInterceptor | None) -> None:
        self.inner = inner
        self.batches: set[int] = set()
        self.listed = False

    def measure(self, call: Measurement) -> Array:
        if call.circuit.batch_size is not None:
            self.batches.add(call.circuit.batch_size)
        self.listed = self.listed or (call.is_expectation and not call.single)
        return measure_directly(call) if self.inner is None else self.inner.measure(call)


def _shape(value: Any) -> tuple[int, ...]:
    shape = getattr(value, "shape", None)
    return tuple(int(n) for n in shape) if shape is not None else tuple(np.shape(value))


def check_value_axes(value: Any, observer: AxisObserver) -> None:
    """Refuse a value that is neither a scalar nor a batch ``(B,)`` of a measured batched circuit (module docstring)."""
    shape = _shape(value)
    if shape == () or (len(shape) == 1 and shape[0] in observer.batches):
        return
    why = (
        "with an observable axis (a list of observables)"
        if observer.listed
        else (
            "that is not a batch of a batched circuit it measured"
            + (f" (batch sizes {sorted(observer.batches)})" if observer.batches else "")
        )
    )
    raise GradientError(
        f"the function returned a value of shape {shape} {why}, so it has no single gradient: tyxq.grad and "
        "value_and_grad differentiate a scalar, or a batch (B,) of a batched circuit's members. Use "
        f"tyxq.jacobian(fn) for the derivative of every entry (shape {shape} + the argument's shape), or return "
        "the sum (or another scalar) of the entries if that is what you mean"
    )


def observing_axes(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with its value's axes checked by :func:`check_value_axes` on every call."""

    @functools.wraps(fn)
    def observed(*args: Any) -> Any:
        observer = AxisObserver(active_interceptor())
        with intercept_measurements(observer):
            value = fn(*args)
        check_value_axes(value, observer)
        return value

    return observed
