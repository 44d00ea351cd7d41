"""The gradient-method protocol: derivatives of a user's function with respect to its arguments.

A gradient method differentiates a Python function ``fn(*args)`` that builds
circuits from its arguments (through any classical processing: ``2 * p[0]``,
``x[i] + w[i]``, a slice of a weight array) and returns expectation values.
What ``fn`` may return depends on the backend:

- on a backend with automatic differentiation (``capabilities.autodiff``,
  e.g. torch), any real array computed with the backend's own operations
  from the results of ``tyxq.expectation`` and ``tyxq.probabilities`` calls:
  one expectation, a batch
  ``(B,)``, a loss built from several expectations or probabilities;
- on a backend without it (numpy), the result of one
  ``tyxq.expectation`` (or ``tyxq.expectation_ps``) call, returned unchanged
  (shape ``()``, or ``(B,)`` for a batched circuit), or, with the
  ``tyxq[autograd]`` extra, any cost of expectations written with
  ``autograd.numpy`` (:mod:`tyxq.gradients.autograd_numpy`);
  ``finite_difference`` differentiates any ``fn``.

The value is a scalar, or a batch ``(B,)`` of the independent members of a
batched circuit (each member's own gradient); ``tyxq.value_and_grad``
refuses any other shape, such as an observable axis, naming
``tyxq.jacobian`` (:mod:`tyxq.gradients.axes`). A method's own
``value_and_grad`` may still be handed a batch and differentiates the sum
of its entries, which for independent members is every member's gradient.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.gradients import GradientMethod
    >>> method = tyxq.get_gradient_method()
    >>> isinstance(method, GradientMethod), method.name
    (True, 'auto')
    >>> method.supports(tyxq.get_backend(), tyxq.get_execution_mode()) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..backends.protocol import Array, Backend

if TYPE_CHECKING:
    from ..execution.protocol import ExecutionMode

__all__ = ["GradientMethod"]


@runtime_checkable
class GradientMethod(Protocol):
    """What tyxq asks of a gradient method.

    Attributes:
        name: the registered name (``"adjoint"``, ``"parameter_shift"``, ...).
    """

    name: str

    def supports(self, backend: Backend, mode: ExecutionMode) -> str | None:
        """``None`` if this method can differentiate on ``backend`` in ``mode``.

        Otherwise a message saying why not and which method to use instead,
        e.g. ``"adjoint needs exact expectations, but mode 'shots' samples;
        use method='parameter_shift'"``. Callers raise it as a
        :class:`~tyxq.errors.GradientError`; a named method never falls back
        to another one by itself.
        """
        ...

    def value_and_grad(
        self,
        fn: Callable[..., Array],
        argnums: int | tuple[int, ...] = 0,
        *,
        backend: Backend,
        mode: ExecutionMode,
    ) -> Callable[..., tuple[Array, Any]]:
        """A function ``(*args) -> (value, gradients)`` for ``fn``.

        ``backend`` is the backend ``fn`` computes on and ``mode`` the mode
        its expectations use when they name none. ``value`` is ``fn(*args)``
        (or, on backends without autodiff, the expectation ``fn`` returns);
        ``gradients`` is one array shaped like ``args[argnums]`` when
        ``argnums`` is an int, else a tuple with one array per entry. Every
        array belongs to ``backend`` (never a silent conversion to numpy).
        Raises :class:`~tyxq.errors.GradientError` when ``fn`` cannot be
        differentiated this way, saying what to do instead.
        """
        ...
