"""What one call of a derivative transform runs with: backend, mode, gradient method and differentiated positions.

``tyxq.jacobian`` and ``tyxq.hessian`` resolve a named method when they are
defined (so a wrong name fails there) and read the active backend and
execution mode when the returned function is called; the method, the active
one where none was named, must serve that combination, and ``argnums`` must
name arguments of that call. :func:`select_for_call` does those steps once
for both.

Example:
    >>> import tyxq
    >>> from tyxq.gradients.verbs import resolve_method
    >>> call = select_for_call(resolve_method("parameter_shift"), (0, -1), 3)
    >>> call.method.name, call.positions, call.mode.name
    ('parameter_shift', (0, 2), 'statevector')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..backends.protocol import Backend
from ..context import get_backend, get_execution_mode
from ..errors import GradientError
from .arguments import normalize_argnums
from .protocol import GradientMethod
from .verbs import resolve_method

if TYPE_CHECKING:
    from ..execution.protocol import ExecutionMode

__all__ = ["GradientCall", "select_for_call"]


class GradientCall(NamedTuple):
    """The active backend and mode, the method serving them, and the differentiated positions (non-negative)."""

    backend: Backend
    mode: ExecutionMode
    method: GradientMethod
    positions: tuple[int, ...]


def select_for_call(fixed: GradientMethod | None, argnums: int | Sequence[int], n_args: int) -> GradientCall:
    """The backend, mode, method (``fixed``, else the active one) and positions of a call with ``n_args`` arguments.

    Raises :class:`~tyxq.errors.GradientError` with the method's own message
    where it does not serve the active backend and mode, and where
    ``argnums`` does not fit the call.

    Example:
        >>> import tyxq
        >>> from tyxq.gradients.verbs import resolve_method
        >>> with tyxq.use_execution_mode("shots", shots=100):
        ...     select_for_call(resolve_method("adjoint"), 0, 1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        tyxq.errors.GradientError: ...
    """
    backend, mode = get_backend(), get_execution_mode()
    method = fixed if fixed is not None else resolve_method(None)
    problem = method.supports(backend, mode)
    if problem is not None:
        raise GradientError(problem)
    return GradientCall(backend, mode, method, normalize_argnums(argnums, n_args))
