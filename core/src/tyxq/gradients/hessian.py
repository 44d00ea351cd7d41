"""``tyxq.hessian``: second derivatives of a scalar function, by second-order parameter shift or by autodiff.

- ``parameter_shift``: the two-term (or four-term) shift rules applied
  twice, ``∂²E/∂θ_i∂θ_j = Σ_{t,u} c_t c_u E(θ + s_t e_i + s_u e_j)``, exact
  like the first-order rules and valid in every mode (with shots, an
  unbiased estimate). Shift vectors that coincide (the unshifted circuit
  appears once for all diagonal entries) are evaluated once, all of them in
  one batched call. Gate angles reach the arguments through the affine rule
  (:mod:`tyxq.gradients.affine`), so ``H = Jᵀ H_θ J``: the function returns
  one ``tyxq.expectation`` of one observable unchanged, on any backend.
- ``autograd``: the backend's vector–Jacobian product applied to its own
  gradient (torch, jax), so the function may post-process expectations.
- ``auto``: ``autograd`` on a backend with autodiff in an exact mode, else
  ``parameter_shift``.

The value must be a scalar. With an int ``argnums`` the Hessian has shape
``S + S`` for an argument of shape ``S``; with a tuple, it is a tuple of
tuples of blocks ``H[i][j]`` of shape ``S_i + S_j``, as ``jax.hessian``.

Example:
    >>> import numpy as np, tyxq
    >>> def energy(t):
    ...     return tyxq.expectation(tyxq.Circuit(1).ry(0, t[0]).rx(0, t[1]), tyxq.Z(0))  # cos t0 cos t1
    >>> h = tyxq.hessian(energy, method="parameter_shift")(np.array([0.3, 0.5]))
    >>> c0, s0, c1, s1 = np.cos(0.3), np.sin(0.3), np.cos(0.5), np.sin(0.5)
    >>> bool(np.allclose(h, [[-c0 * c1, s0 * s1], [s0 * s1, -c0 * c1]]))
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.interception import intercept_measurements
from ..execution.measurement import Measurement
from ..execution.memo import evaluation
from ..gates import GATES
from .affine import NotOneExpectationError, angle_map
from .angles import angle_slots
from .arguments import as_differentiable, as_gradient, with_replaced
from .auto import AutoGradient
from .autograd import AutogradGradient
from .parameter_shift import ParameterShiftEngine, ParameterShiftGradient, evaluate_shifted
from .recording import GradientTape
from .routes import method_route
from .selection import select_for_call
from .verbs import MethodLike, resolve_method

__all__ = ["hessian", "shift_hessian"]


def hessian(
    fn: Callable[..., Array], argnums: int | Sequence[int] = 0, method: MethodLike = None
) -> Callable[..., Any]:
    """A function returning the Hessian of the scalar ``fn`` with respect to the arguments ``argnums``.

    Args:
        fn: builds circuits from its arguments and returns one real number.
        argnums: an int (one array ``S + S``) or a tuple (a tuple of tuples of blocks).
        method: ``"parameter_shift"``, ``"autograd"``, ``"auto"`` (or ``None``, the active method).

    Example:
        >>> import numpy as np, tyxq
        >>> h = tyxq.hessian(lambda t: tyxq.expectation(tyxq.Circuit(1).rx(0, 2 * t), tyxq.Z(0)))(0.25)
        >>> bool(np.isclose(h, -4 * np.cos(0.5)))
        True
    """
    if not callable(fn):
        raise GradientError(f"hessian needs a function, got a {type(fn).__name__}")
    fixed = None if method is None else resolve_method(method)

    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        backend, mode, chosen, positions = select_for_call(fixed, argnums, len(args))
        if isinstance(chosen, AutoGradient):
            chosen = AutogradGradient() if backend.capabilities.autodiff and mode.exact else ParameterShiftGradient()
        if isinstance(chosen, AutogradGradient):
            flat = _autodiff_hessian(fn, args, positions, backend, chosen)
        elif isinstance(chosen, ParameterShiftGradient):
            flat = _shift_hessian(fn, args, argnums, backend)
        else:
            raise GradientError(
                f"tyxq.hessian computes second derivatives by second-order parameter shift or by autodiff, not by "
                f"method {chosen.name!r}; use method='parameter_shift' (any backend and mode) or 'autograd' (a "
                "backend with autodiff in an exact mode), or tyxq.jacobian of a gradient for other methods"
            )
        return _blocks(backend, args, positions, flat, isinstance(argnums, int))

    return run


def _blocks(backend: Backend, args: tuple[Any, ...], positions: tuple[int, ...], flat: np.ndarray, single: bool) -> Any:
    """Cut the flat Hessian (all argument elements × all) into blocks shaped ``S_i + S_j``."""
    shapes = [
        np.shape(np.asarray(backend.to_numpy(backend.detach(args[p])) if backend.is_array(args[p]) else args[p]))
        for p in positions
    ]
    starts = np.cumsum([0] + [int(np.prod(s)) for s in shapes])
    blocks = tuple(
        tuple(
            as_gradient(
                backend,
                args[positions[i]],
                flat[starts[i] : starts[i + 1], starts[j] : starts[j + 1]].reshape((*shapes[i], *shapes[j])),
            )
            for j in range(len(shapes))
        )
        for i in range(len(shapes))
    )
    return blocks[0][0] if single else blocks


def shift_hessian(call: Measurement) -> np.ndarray:
    """The Hessian of a scalar measurement with respect to its gate angles, by the shift rules applied twice.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.execution import Measurement
        >>> call = Measurement(tyxq.Circuit(1).ry(0, 0.4), (tyxq.Hamiltonian((tyxq.Z(0),)),),
        ...                    tyxq.get_execution_mode(), tyxq.get_backend())
        >>> bool(np.allclose(shift_hessian(call), [[-np.cos(0.4)]]))
        True
    """
    circuit, backend = call.circuit, call.backend
    slots = angle_slots(circuit)
    rules = [GATES[circuit.ops[s.op].name].shift_rules[s.param] for s in slots]
    n = len(slots)
    columns: dict[tuple[float, ...], int] = {}
    terms = []
    for i in range(n):
        for j in range(i, n):
            for c1, s1 in rules[i]:
                for c2, s2 in rules[j]:
                    delta = np.zeros(n)
                    delta[i] += s1
                    delta[j] += s2
                    column = columns.setdefault(tuple(np.round(delta, 12)), len(columns))
                    terms.append((i, j, c1 * c2, column))
    result = np.zeros((n, n))
    if not terms:
        return result
    shifts = np.array(list(columns), dtype=np.float64).T
    values = np.asarray(backend.to_numpy(backend.detach(evaluate_shifted(call, shifts))), dtype=np.float64)
    values = values.reshape(len(columns))
    for i, j, coefficient, column in terms:
        result[i, j] += coefficient * values[column]
    return np.triu(result) + np.triu(result, 1).T


def _shift_hessian(fn: Callable[..., Array], args: tuple[Any, ...], argnums: Any, backend: Backend) -> np.ndarray:
    engine = ParameterShiftEngine()
    try:
        found = angle_map(fn, args, argnums, backend, "parameter_shift", lambda _mode: engine)
    except NotOneExpectationError as error:
        raise GradientError(
            "tyxq.hessian by parameter shift chains through gate angles, so the function must return one "
            "tyxq.expectation of one observable unchanged; for a cost built on expectations use method='autograd' "
            'on a backend with autodiff (pip install "tyxq[torch]")'
        ) from error
    call = found.call
    if call.value_shape != () or call.circuit.batch_size is not None:
        raise GradientError(
            f"tyxq.hessian differentiates a scalar, but the function returns expectations of shape "
            f"{(call.batch, *call.value_shape) if call.circuit.batch_size is not None else call.value_shape}; "
            "return one observable of an unbatched circuit, or take tyxq.jacobian of a gradient"
        )
    angles = found.dense()
    return angles.T @ shift_hessian(call) @ angles


def _autodiff_hessian(
    fn: Callable[..., Array], args: tuple[Any, ...], positions: tuple[int, ...], backend: Backend, method: Any
) -> np.ndarray:
    """The Hessian by the backend's vjp of its own gradient, one pullback per argument element."""
    route = method_route(method, backend)
    assert route is not None
    primals = [as_differentiable(backend, args[i], i) for i in positions]

    def closed(*values: Array) -> Array:
        with intercept_measurements(GradientTape(route)), evaluation():
            return fn(*with_replaced(args, positions, values))

    def gradient(*values: Array) -> Array:
        value, pullback = backend.vjp(closed, *values)
        if tuple(backend.shape(value)) != ():
            raise GradientError(
                f"tyxq.hessian differentiates a scalar, but the function returned shape {tuple(backend.shape(value))}; "
                "reduce it to one number, or take tyxq.jacobian of a gradient"
            )
        grads = pullback(backend.ones_like(value))
        return backend.concatenate([backend.reshape(g, (-1,)) for g in grads], axis=0)

    flat, pullback = backend.vjp(gradient, *primals)
    size = int(backend.shape(flat)[0])
    rows = []
    for m in range(size):
        unit = backend.asarray(np.eye(size)[m], dtype=backend.dtype_name(flat))
        rows.append(
            np.concatenate(
                [np.asarray(backend.to_numpy(backend.detach(g)), dtype=np.float64).ravel() for g in pullback(unit)]
            )
        )
    return np.array(rows).reshape(size, size)
