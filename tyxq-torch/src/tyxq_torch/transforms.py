"""Differentiation and vectorisation of tyxq functions with ``torch.func`` and ``torch.autograd``.

Everything here composes with torch's own transforms and with the user's
autograd graph: ``value_and_grad`` is :func:`torch.func.grad_and_value`, so it
nests inside :func:`torch.func.vmap`, :func:`torch.func.hessian` or an outer
``loss.backward()``; ``custom_vjp`` installs a hand-written backward rule as a
:class:`torch.autograd.Function` that ``vmap`` can batch.

Example:
    >>> import torch, tyxq
    >>> from tyxq_torch.transforms import value_and_grad
    >>> _ = tyxq.set_backend("torch", dtype="complex128")
    >>> energy = lambda theta: tyxq.expectation(tyxq.Circuit(1).ry(0, theta), tyxq.Z(0))
    >>> value, grad = value_and_grad(energy)(torch.tensor(0.5, dtype=torch.float64))
    >>> round(value.item(), 6), round(grad.item(), 6)  # cos 0.5, -sin 0.5
    (0.877583, -0.479426)
    >>> _ = tyxq.set_backend("numpy")
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import torch

from tyxq.errors import GradientError, NotDifferentiableError

__all__ = ["custom_vjp", "custom_vjp_with_residuals", "value_and_grad", "vectorized_value_and_grad", "vjp", "vmap"]


_LEAVES_THE_GRAPH = (
    "doesn't have storage",  # numpy() of a tensor that torch.func is tracing
    "does not require grad",
    "calling .item()",  # vmap
    "data-dependent",
)


def _differentiated(call: Callable[[], Any], name: str) -> Any:
    """Run ``call``; a torch error saying the function left the autodiff graph becomes NotDifferentiableError."""
    try:
        return call()
    except RuntimeError as error:
        if not any(marker in str(error) for marker in _LEAVES_THE_GRAPH):
            raise
        raise NotDifferentiableError(
            f"torch cannot differentiate {name}: it leaves the autodiff graph ({str(error).splitlines()[0]}); "
            "keep the computation in torch tensors (no .item(), .numpy() or host round trips), or use a "
            'gradient method that needs no autodiff: method="parameter_shift" or "finite_difference"'
        ) from error


def _scalar_output(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn``, checked to return one real number (what a gradient is taken of)."""

    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        value = fn(*args, **kwargs)
        if not isinstance(value, torch.Tensor) or value.dim() != 0 or value.is_complex():
            shape = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
            raise GradientError(
                f"value_and_grad differentiates a function returning one real number, but "
                f"{getattr(fn, '__name__', 'the function')} returned {shape}; reduce it (e.g. .sum()), "
                "or use vectorized_value_and_grad for one value per batch member"
            )
        return value

    return checked


def value_and_grad(fn: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """``(*args) -> (fn(*args), gradient)``; the gradient is a tuple when ``argnums`` is a sequence.

    Gradients are tensors on the arguments' device and dtype.

    Example:
        >>> import torch
        >>> value, grad = value_and_grad(lambda x: (x**2).sum())(torch.tensor([1.0, 2.0]))
        >>> value.item(), grad.tolist()
        (5.0, [2.0, 4.0])
    """
    argnums = argnums if isinstance(argnums, int) else tuple(argnums)
    transformed = torch.func.grad_and_value(_scalar_output(fn), argnums=argnums)

    name = getattr(fn, "__name__", "the function")

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        grads, value = _differentiated(lambda: transformed(*args, **kwargs), name)
        return value, grads

    return run


def vjp(fn: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple[Any, ...]]]:
    """``(fn(*primals), pullback)`` where ``pullback(cotangent)`` is one cotangent per primal.

    Example:
        >>> import torch
        >>> out, pullback = vjp(lambda x: 3 * x, torch.tensor([1.0, 2.0]))
        >>> pullback(torch.tensor([1.0, 1.0]))[0].tolist()
        [3.0, 3.0]
    """
    value, pullback = _differentiated(lambda: torch.func.vjp(fn, *primals), getattr(fn, "__name__", "the function"))

    def pull(cotangent: Any) -> tuple[Any, ...]:
        return _differentiated(lambda: pullback(cotangent), getattr(fn, "__name__", "the function"))

    return value, pull


def vmap(fn: Callable[..., Any], in_axes: Any = 0) -> Callable[..., Any]:
    """``fn`` mapped over a batch axis of its arguments (``in_axes`` as torch's ``in_dims``).

    Example:
        >>> import torch
        >>> vmap(lambda x, y: x * y, in_axes=(0, None))(torch.tensor([1.0, 2.0]), torch.tensor(3.0)).tolist()
        [3.0, 6.0]
    """
    return torch.func.vmap(fn, in_dims=in_axes)


def vectorized_value_and_grad(
    fn: Callable[..., Any], argnums: int | Sequence[int] = 0, in_axes: Any = 0
) -> Callable[..., Any]:
    """Values ``(B,)`` and gradients ``(B, ...)`` of ``fn`` for a batch of arguments, in one call.

    ``fn`` is written for one set of arguments; ``in_axes`` says which
    arguments carry the batch (as for :func:`vmap`).

    Example:
        >>> import torch
        >>> values, grads = vectorized_value_and_grad(lambda x: (x**2).sum())(torch.tensor([[1.0], [2.0]]))
        >>> values.tolist(), grads.tolist()
        ([1.0, 4.0], [[2.0], [4.0]])
    """
    return vmap(value_and_grad(fn, argnums), in_axes)


def custom_vjp(
    fn: Callable[..., Any],
    pullback: Callable[[tuple[Any, ...], Any, Any], tuple[Any, ...]],
) -> Callable[..., Any]:
    """``fn`` with a hand-written backward rule: ``pullback(primals, output, cotangent)``.

    The result is a :class:`torch.autograd.Function`: its forward runs
    without recording, its backward calls ``pullback`` (which returns one
    cotangent per primal, ``None`` where there is none). It composes with
    ``torch.autograd``, ``torch.func.grad`` and ``torch.func.vmap``; forward
    mode (``jacfwd``) would need a tangent rule and is refused by torch.

    Example:
        >>> import torch
        >>> square = custom_vjp(lambda x: x**2, lambda primals, out, g: (2 * primals[0] * g,))
        >>> x = torch.tensor(3.0, requires_grad=True)
        >>> square(x).backward()
        >>> x.grad.item()
        6.0
    """

    class CustomVJP(torch.autograd.Function):
        generate_vmap_rule = True

        @staticmethod
        def forward(*primals: Any) -> Any:
            return fn(*primals)

        @staticmethod
        def setup_context(ctx: Any, inputs: tuple[Any, ...], output: Any) -> None:
            ctx.positions = [i for i, value in enumerate(inputs) if isinstance(value, torch.Tensor)]
            ctx.inputs = [None if isinstance(value, torch.Tensor) else value for value in inputs]
            ctx.save_for_backward(*(inputs[i] for i in ctx.positions), output)

        @staticmethod
        def backward(ctx: Any, cotangent: Any) -> tuple[Any, ...]:
            *tensors, output = ctx.saved_tensors
            primals = _saved_primals(ctx, tensors)
            return _one_per_primal(pullback(primals, output, cotangent), primals)

    @functools.wraps(fn)
    def apply(*primals: Any) -> Any:
        return CustomVJP.apply(*primals)

    return apply


def custom_vjp_with_residuals(
    fn: Callable[..., tuple[Any, tuple[Any, ...]]],
    pullback: Callable[[tuple[Any, ...], tuple[Any, ...], Any, tuple[bool, ...]], tuple[Any, ...]],
) -> Callable[..., Any]:
    """``fn`` with a backward rule that starts from what ``fn`` kept: JAX's ``custom_vjp`` with ``fwd``/``bwd``.

    ``fn(*primals)`` returns ``(output, residuals)``, a tuple of tensors the
    backward pass needs and would otherwise recompute (the adjoint gradient
    keeps its statevectors); ``pullback(primals, residuals, cotangent,
    needed)`` returns one cotangent per primal, where ``needed`` says which
    primals autograd asks a cotangent for (``None`` is fine for the others,
    whose work the pullback may skip). The result returns ``output`` only.
    It is one :class:`torch.autograd.Function`: its forward runs without
    recording (so the simulation inside costs no autograd graph), the
    residuals are saved for backward (not recomputed) and are not
    differentiable. ``pullback`` must not write into them: a second
    backward (``retain_graph=True``) reads them again.

    Example:
        >>> import torch
        >>> def forward(x):
        ...     s = torch.sin(x)
        ...     return s**2, (torch.cos(x),)  # keep cos(x) for the backward pass
        >>> pullback = lambda primals, kept, g, needed: (2 * torch.sin(primals[0]) * kept[0] * g,)
        >>> square_sin = custom_vjp_with_residuals(forward, pullback)
        >>> x = torch.tensor(0.5, requires_grad=True)
        >>> square_sin(x).backward()
        >>> bool(torch.isclose(x.grad, torch.sin(torch.tensor(1.0))))
        True
    """

    class WithResiduals(torch.autograd.Function):
        generate_vmap_rule = True

        @staticmethod
        def forward(*primals: Any) -> Any:
            output, residuals = fn(*primals)
            return (output, *residuals)

        @staticmethod
        def setup_context(ctx: Any, inputs: tuple[Any, ...], output: Any) -> None:
            ctx.positions = [i for i, value in enumerate(inputs) if isinstance(value, torch.Tensor)]
            ctx.inputs = [None if isinstance(value, torch.Tensor) else value for value in inputs]
            ctx.count = len(output) - 1
            ctx.save_for_backward(*(inputs[i] for i in ctx.positions), *output[1:])
            ctx.mark_non_differentiable(*output[1:])

        @staticmethod
        def backward(ctx: Any, cotangent: Any, *_residual_cotangents: Any) -> tuple[Any, ...]:
            saved = ctx.saved_tensors
            tensors, residuals = saved[: len(saved) - ctx.count], saved[len(saved) - ctx.count :]
            primals = _saved_primals(ctx, tensors)
            return _one_per_primal(pullback(primals, tuple(residuals), cotangent, ctx.needs_input_grad), primals)

    @functools.wraps(fn)
    def apply(*primals: Any) -> Any:
        return WithResiduals.apply(*primals)[0]

    return apply


def _saved_primals(ctx: Any, tensors: Sequence[Any]) -> tuple[Any, ...]:
    """The primals of a custom vjp's forward: its saved tensors back at their positions among the other inputs."""
    primals = list(ctx.inputs)
    for position, tensor in zip(ctx.positions, tensors, strict=True):
        primals[position] = tensor
    return tuple(primals)


def _one_per_primal(grads: Any, primals: tuple[Any, ...]) -> tuple[Any, ...]:
    """A pullback's cotangents, refused unless there is one per primal."""
    grads = tuple(grads)
    if len(grads) != len(primals):
        raise GradientError(
            f"a custom vjp returned {len(grads)} cotangents for {len(primals)} primals; "
            "return one per primal (None where there is none)"
        )
    return grads
