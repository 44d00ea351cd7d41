"""The transformation half of the Backend protocol for backends that have none.

A backend without automatic differentiation, ``vmap`` or ``jit`` (numpy,
cupynumeric, or a third party's) inherits :class:`WithoutTransforms`: every
such operation raises :class:`~tyxq.errors.CapabilityError` naming the backend
and what to use instead, and ``custom_vjp`` returns the function unchanged,
since there is no tape to attach a backward rule to. Capabilities stay data:
the backend still declares ``autodiff=False`` and friends.

Example:
    >>> from tyxq.backends import WithoutTransforms
    >>> class Plain(WithoutTransforms):
    ...     name = "plain"
    >>> Plain().vmap(abs)
    Traceback (most recent call last):
    ...
    tyxq.errors.CapabilityError: the plain backend has no vmap; ...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from ..errors import CapabilityError
from .protocol import Array

__all__ = ["WithoutTransforms"]


class WithoutTransforms:
    """``requires_grad detach value_and_grad vjp vmap jit custom_vjp`` for a backend with none of them."""

    name: str

    def requires_grad(self, x: Array, flag: bool = True) -> Array:
        if flag:
            self._no_autodiff("requires_grad")
        return x

    def detach(self, x: Array) -> Array:
        return x

    def value_and_grad(self, fn: Callable[..., Array], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
        self._no_autodiff("value_and_grad")

    def vjp(self, fn: Callable[..., Array], *primals: Array) -> tuple[Array, Callable[[Array], tuple[Array, ...]]]:
        self._no_autodiff("vjp")

    def vmap(self, fn: Callable[..., Any], in_axes: Any = 0) -> Callable[..., Any]:
        raise CapabilityError(
            f"the {self.name} backend has no vmap; tyxq's kernels batch natively: pass parameters "
            "with a leading batch axis, or use a backend with vmap (torch, jax)"
        )

    def jit(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        raise CapabilityError(
            f"the {self.name} backend has no jit compiler; use a backend that has one "
            '(tyxq.set_backend("torch") for torch.compile)'
        )

    def custom_vjp(
        self,
        fn: Callable[..., Array],
        vjp: Callable[[tuple[Array, ...], Array, Array], tuple[Array | None, ...]],
    ) -> Callable[..., Array]:
        return fn  # no tape to attach a backward rule to

    def _no_autodiff(self, what: str) -> NoReturn:
        raise CapabilityError(
            f"the {self.name} backend has no automatic differentiation, so {what} is unavailable; "
            'use tyxq.value_and_grad(fn, method="adjoint") (exact, fast), "parameter_shift" '
            'or "finite_difference", or a backend with autodiff: pip install "tyxq[torch]"'
        )
