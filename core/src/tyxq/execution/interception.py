"""The hook through which gradient methods see the expectations a user's function asks for.

``tyxq.expectation`` and ``tyxq.probabilities`` (and the ``Circuit``
methods of the same names) hand every call to the active interceptor, if
there is one, instead of running the mode directly.
Gradient methods install one while they run the user's function: to record
the circuits (and build no state), to wrap each expectation in the
backend's custom vector-Jacobian product, or to refuse a combination they
cannot differentiate. The active interceptor lives in a
:class:`contextvars.ContextVar`, so it is private to a thread or task.

Example:
    >>> import tyxq
    >>> from tyxq.execution.interception import intercept_expectations
    >>> class Count:
    ...     calls = 0
    ...     def expectation(self, circuit, observable, *, mode, backend, shots, seed):
    ...         Count.calls += 1
    ...         return mode.expectation(circuit, observable, backend=backend, shots=shots, seed=seed)
    >>> with intercept_expectations(Count()):
    ...     value = tyxq.Circuit(1).x(0).expectation(tyxq.Z(0))
    >>> Count.calls, float(value)
    (1, -1.0)
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from ..backends.protocol import Array, Backend

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian
    from .protocol import ExecutionMode

__all__ = ["ExpectationInterceptor", "active_interceptor", "intercept_expectations"]


class ExpectationInterceptor(Protocol):
    """Receives each expectation and probabilities call made while it is active, and returns its value."""

    def expectation(
        self,
        circuit: Circuit,
        observable: Hamiltonian,
        *,
        mode: ExecutionMode,
        backend: Backend,
        shots: int | None,
        seed: Any,
    ) -> Array: ...

    def probabilities(
        self,
        circuit: Circuit,
        qubits: tuple[int, ...] | None,
        *,
        mode: ExecutionMode,
        backend: Backend,
        shots: int | None,
        seed: Any,
    ) -> Array: ...


_ACTIVE: contextvars.ContextVar[ExpectationInterceptor | None] = contextvars.ContextVar(
    "tyxq_expectation_interceptor", default=None
)


@contextlib.contextmanager
def intercept_expectations(interceptor: ExpectationInterceptor | None) -> Iterator[None]:
    """Route expectation calls to ``interceptor`` inside the block (``None``: run them directly)."""
    token = _ACTIVE.set(interceptor)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_interceptor() -> ExpectationInterceptor | None:
    """The interceptor of the current context, or ``None``."""
    return _ACTIVE.get()
