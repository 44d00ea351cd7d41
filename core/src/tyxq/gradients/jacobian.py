"""``tyxq.jacobian``: the derivative of every entry of a function's value, in the shape conventions of ``jax.jacobian``.

For a function returning ``(K,)`` expectations (a list of observables),
``(B, K)`` (a batched circuit) or any other shape, the Jacobian with
respect to an argument of shape ``S`` has shape ``value.shape + S``; with a
tuple ``argnums``, a tuple of such arrays. Every gradient method serves it:

- ``adjoint``: one weighted backward pass per entry of a batch member's
  value (all members at once), i.e. one per row of the vector–Jacobian product;
- ``parameter_shift``: every measurement's shifted circuits are evaluated
  once, as one batch, and shared by all entries (every observable);
- ``finite_difference``: two evaluations per argument element, each giving
  every entry;
- ``autograd`` (torch, jax): the backend's vector–Jacobian product, one
  pullback per entry;
- ``auto``: as in :func:`tyxq.value_and_grad`;
- other methods (plugins): their gradient of each entry in turn.

On a backend with autodiff the function may post-process expectations in
any way; on numpy it returns one ``tyxq.expectation`` call unchanged (the
affine rule, :mod:`tyxq.gradients.affine`) or, with ``tyxq[autograd]``, a
cost written with ``autograd.numpy``.

Example:
    >>> import numpy as np, tyxq
    >>> def values(theta):
    ...     c = tyxq.Circuit(1).ry(0, theta[0]).rz(0, theta[1])
    ...     return tyxq.expectation(c, [tyxq.Z(0), tyxq.X(0)])
    >>> jac = tyxq.jacobian(values, method="parameter_shift")(np.array([0.3, 0.0]))
    >>> jac.shape, bool(np.allclose(jac, [[-np.sin(0.3), 0.0], [np.cos(0.3), 0.0]]))
    ((2, 2), True)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.interception import intercept_measurements
from ..execution.memo import evaluation
from .affine import NotOneExpectationError, angle_map
from .angles import angle_slots, is_batched
from .arguments import as_differentiable, as_gradient, normalize_argnums, pack, with_replaced
from .autograd_numpy import autograd_installed, autograd_vjp
from .entries import entry_derivatives
from .evaluation import EvaluationGradient, Evaluations
from .finite_difference import FiniteDifferenceGradient
from .recording import GradientTape, Route
from .routes import method_route
from .selection import select_for_call
from .verbs import MethodLike, resolve_method, value_and_grad

__all__ = ["jacobian"]


def jacobian(
    fn: Callable[..., Array], argnums: int | Sequence[int] = 0, method: MethodLike = None
) -> Callable[..., Any]:
    """A function returning the Jacobian of ``fn`` with respect to the arguments ``argnums``.

    Args:
        fn: builds circuits from its arguments and returns expectation
            values of any shape (see the module docstring for what numpy allows).
        argnums: the differentiated argument's position (one array of shape
            ``value.shape + argument.shape``) or a tuple of positions (a tuple).
        method: a gradient method's name or object; ``None`` is the active one.

    Example:
        >>> import numpy as np, tyxq
        >>> fn = lambda t: tyxq.expectation(tyxq.Circuit(2).ry(0, t[0]).ry(1, t[1]), [tyxq.Z(0), tyxq.Z(1)])
        >>> jac = tyxq.jacobian(fn, method="adjoint")(np.array([0.0, np.pi / 2]))
        >>> bool(np.allclose(jac, [[0.0, 0.0], [0.0, -1.0]]))
        True
    """
    if not callable(fn):
        raise GradientError(f"jacobian needs a function, got a {type(fn).__name__}")
    fixed = None if method is None else resolve_method(method)

    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        backend, _, chosen, positions = select_for_call(fixed, argnums, len(args))
        if isinstance(chosen, FiniteDifferenceGradient):
            parts = chosen.jacobian(Evaluations(fn, args, positions, backend))
            arrays = [as_gradient(backend, args[p], part) for p, part in zip(positions, parts, strict=True)]
            return pack(arrays, argnums)
        route = None if isinstance(chosen, EvaluationGradient) else method_route(chosen, backend)
        if route is None:
            return _row_by_row(fn, args, argnums, chosen, backend)
        if backend.capabilities.autodiff:
            return pack(_by_pullbacks(fn, args, positions, backend, route), argnums)
        try:
            return pack(_by_affine_rule(fn, args, argnums, backend, chosen.name, route), argnums)
        except NotOneExpectationError:
            if not autograd_installed():
                raise
            value, pullback = autograd_vjp(fn, args, positions, backend, route)
            rows = _pullback_rows(np.asarray(value, dtype=np.float64), pullback, backend)
            shapes = [np.shape(np.asarray(args[p])) for p in positions]
            parts = [np.stack(r).reshape((*np.shape(value), *shape)) for r, shape in zip(rows, shapes, strict=True)]
            return pack([as_gradient(backend, args[p], g) for p, g in zip(positions, parts, strict=True)], argnums)

    return run


def _units(backend: Backend, shape: tuple[int, ...], dtype: str) -> list[Array]:
    """One cotangent per entry of a value of ``shape``: 1 there, 0 elsewhere."""
    size = int(np.prod(shape))
    return [backend.asarray(np.eye(size)[m].reshape(shape), dtype=dtype) for m in range(size)]


def _pullback_rows(value: Any, pullback: Callable[[Any], Sequence[Any]], backend: Backend) -> list[list[Any]]:
    """Per argument, the pullback of every unit cotangent (host arrays for a numpy ``value``)."""
    shape = tuple(np.shape(value))
    units = [np.eye(int(np.prod(shape)))[m].reshape(shape) for m in range(int(np.prod(shape)))]
    pulled = [pullback(unit) for unit in units]
    return [[grads[i] for grads in pulled] for i in range(len(pulled[0]))] if pulled else []


def _by_pullbacks(
    fn: Callable[..., Array], args: tuple[Any, ...], positions: tuple[int, ...], backend: Backend, route: Route
) -> list[Array]:
    """The Jacobian through the backend's vjp, one pullback per entry of the value."""
    primals = [as_differentiable(backend, args[i], i) for i in positions]

    def closed(*values: Array) -> Array:
        with intercept_measurements(GradientTape(route)), evaluation():
            return fn(*with_replaced(args, positions, values))

    value, pullback = backend.vjp(closed, *primals)
    out_shape = tuple(backend.shape(value))
    pulled = [pullback(unit) for unit in _units(backend, out_shape, backend.dtype_name(value))]
    parts = []
    for i, primal in enumerate(primals):
        shape = tuple(backend.shape(primal))
        rows = [grads[i] for grads in pulled]
        stacked = backend.stack(rows, axis=0) if rows else backend.zeros((0, *shape), dtype=backend.real_dtype)
        parts.append(backend.reshape(stacked, (*out_shape, *shape)))
    return parts


def _by_affine_rule(
    fn: Callable[..., Array], args: tuple[Any, ...], argnums: Any, backend: Backend, method: str, route: Route
) -> list[Array]:
    """The Jacobian on a backend without autodiff: per-entry angle derivatives chained through ``J``."""
    found = angle_map(fn, args, argnums, backend, method, route)
    call = found.call
    circuit = call.circuit
    _, derivatives = entry_derivatives(found.engine, call)
    batch, entries = call.batch, int(np.prod(call.value_shape))
    angles = found.dense()
    by_angle = np.zeros((batch, entries, angles.shape[0]))
    column, members = 0, np.arange(batch)
    for slot, derivative in zip(angle_slots(circuit), derivatives, strict=True):
        flat = derivative.reshape(batch, entries)
        if is_batched(circuit.ops[slot.op].params[slot.param]):
            by_angle[members, :, column + members] = flat
            column += batch
        else:
            by_angle[:, :, column] = flat
            column += 1
    out_shape = call.value_shape if circuit.batch_size is None else (batch, *call.value_shape)
    flat_jacobian = (by_angle @ angles).reshape((*out_shape, angles.shape[1]))
    return [
        as_gradient(backend, args[p], part) for p, part in zip(found.positions, found.split(flat_jacobian), strict=True)
    ]


def _row_by_row(fn: Callable[..., Array], args: tuple[Any, ...], argnums: Any, method: Any, backend: Backend) -> Any:
    """For a method tyxq knows only by its protocol: its gradient of each entry of the value in turn."""
    with evaluation():
        value = fn(*args)
    out_shape = tuple(backend.shape(value)) if backend.is_array(value) else tuple(np.shape(value))
    positions = normalize_argnums(argnums, len(args))
    rows: list[list[Any]] = [[] for _ in positions]
    for m in range(int(np.prod(out_shape))):

        def entry(*inner: Any, m: int = m) -> Array:
            return backend.reshape(fn(*inner), (-1,))[m]

        grads = value_and_grad(entry, tuple(positions), method)(*args)[1]
        for i, g in enumerate(grads):
            rows[i].append(g)
    parts = [backend.reshape(backend.stack(r, axis=0), (*out_shape, *tuple(backend.shape(r[0])))) for r in rows]
    return pack(parts, argnums)
