"""Costs built on expectations, differentiated on numpy through HIPS ``autograd``.

On a backend without automatic differentiation, adjoint and parameter
shift chain through the affine rule (:mod:`tyxq.gradients.affine`), which
needs the function to return one expectation unchanged. With the optional
``autograd`` package (``pip install "tyxq[autograd]"``) any differentiable
function of expectations written with ``autograd.numpy`` works as well:
``(E - 0.5) ** 2``, ``2 * E + 0.1``, ``E1 + E2``, ``anp.sin(E)``.

autograd traces the function; every ``tyxq.expectation`` (or
``tyxq.probabilities``) call whose gate angles are traced becomes an
autograd *primitive*: its value is simulated on plain arrays, and its
vector–Jacobian product is computed by the chosen method's angle engine
(one weighted adjoint pass, or one batch of shifted circuits). What
autograd cannot differentiate is refused by name, never differentiated
wrong: a traced value in an initial state, a ``unitary`` matrix or a
channel parameter; a traced value turned into a plain number (``float(E)``,
``np.asarray(E, dtype=float)``), which autograd refuses; and a value
detached from the trace (``autograd.tracer.getval``) although it was
computed from traced expectations, which autograd alone would silently
give a zero gradient.

A cost may also be handed to autograd itself (``autograd.grad(cost)``):
``tyxq.expectation`` sees the traced angles and differentiates by the
active gradient method (``tyxq.use_gradient_method``), which must be
``auto``, ``adjoint`` or ``parameter_shift``.

Example:
    >>> import numpy as np, tyxq
    >>> def cost(theta):
    ...     e = tyxq.expectation(tyxq.Circuit(1).ry(0, theta[0]), tyxq.Z(0))
    ...     return (e - 0.5) ** 2
    >>> value, grad = tyxq.value_and_grad(cost, method="adjoint")(np.array([0.3]))
    >>> bool(np.isclose(grad[0], 2 * (np.cos(0.3) - 0.5) * -np.sin(0.3)))
    True
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..circuit import Circuit
from ..errors import GradientError
from ..execution.interception import intercept_measurements
from ..execution.measurement import Measurement
from ..execution.memo import evaluation
from ..kinds import OperationKind
from .angles import angle_slots, reduce_to_slot, replace_angles
from .arguments import host_argument
from .engine import AngleEngine, batch_of
from .recording import Route

__all__ = ["AutogradTape", "autograd_installed", "autograd_vjp", "has_traced_angles", "is_traced"]


def _autograd() -> Any:
    """The ``autograd`` package (callers check :func:`autograd_installed` or hold its tracers already)."""
    import autograd
    import autograd.extend

    return autograd


def autograd_installed() -> bool:
    """Whether the optional ``autograd`` package is installed (``tyxq[autograd]``)."""
    return importlib.util.find_spec("autograd") is not None


def is_traced(value: Any) -> bool:
    """Whether ``value`` is an autograd tracer (an ``autograd`` Box); ``False`` when autograd is not imported."""
    if isinstance(value, (float, int, np.ndarray, np.generic)):  # the common case, answered without the MRO
        return False
    if "autograd" not in sys.modules:  # no tracer exists before autograd is imported
        return False
    return any(cls.__module__.startswith("autograd.") and cls.__name__.endswith("Box") for cls in type(value).__mro__)


def has_traced_angles(circuit: Circuit) -> bool:
    """Whether a parameter, matrix or initial state of ``circuit`` is an autograd tracer (inside ``autograd.grad``)."""
    if "autograd" not in sys.modules:
        return False
    traced = any(is_traced(value) for op in circuit.ops for value in (*op.params, op.matrix))
    return traced or (circuit.inputs is not None and is_traced(circuit.inputs))


def _refuse_traced_constants(circuit: Circuit) -> None:
    """Only gate angles are differentiated: a traced initial state, matrix or channel parameter is refused."""
    if circuit.inputs is not None and is_traced(circuit.inputs):
        raise GradientError(
            "the circuit's initial inputs depend on the differentiated arguments, but autograd on numpy "
            "differentiates gate angles only; use method='finite_difference' or a backend with autodiff"
        )
    for index, op in enumerate(circuit.ops):
        if op.kind is not OperationKind.GATE and any(is_traced(v) for v in (*op.params, op.matrix)):
            raise GradientError(
                f"operation {index} ({op.name}, a {op.kind.value}) has a matrix or parameter that depends on the "
                "differentiated arguments, but autograd on numpy differentiates gate angles only; use "
                "method='finite_difference' or a backend with autodiff"
            )


def _primitive_value(engine: AngleEngine, call: Measurement) -> Any:
    """``call``'s value as an autograd primitive of its traced gate angles, with ``engine``'s vjp."""
    autograd = _autograd()
    backend, circuit = call.backend, call.circuit
    _refuse_traced_constants(circuit)
    slots = angle_slots(circuit)
    values = [circuit.ops[s.op].params[s.param] for s in slots]
    traced = [k for k, value in enumerate(values) if is_traced(value)]
    if not traced:
        return call.value()
    plain = [autograd.tracer.getval(v) for v in values]

    def substituted(primals: tuple[Any, ...]) -> Measurement:
        new = list(plain)
        for k, primal in zip(traced, primals, strict=True):
            new[k] = primal
        return call.with_circuit(replace_angles(circuit, slots, new))

    @autograd.extend.primitive
    def measured(*primals: Any) -> Any:
        return substituted(primals).value()

    def make_vjp(argnums: tuple[int, ...], output: Any, primals: tuple[Any, ...], kwargs: Any) -> Callable[..., Any]:
        def pull(cotangent: Any) -> tuple[Any, ...]:
            shaped = np.reshape(cotangent, (batch_of(circuit), *call.value_shape))
            per_member = engine.vjp(substituted(primals), backend.asarray(shaped, dtype=backend.real_dtype))
            return tuple(
                np.asarray(reduce_to_slot(backend, per_member[traced[i]], primals[i]), dtype=np.float64)
                for i in argnums
            )

        return pull

    autograd.extend.defvjp_argnums(measured, make_vjp)
    return measured(*[values[k] for k in traced])


@dataclass
class AutogradTape:
    """An interceptor that makes each measurement with traced angles an autograd primitive (module docstring).

    ``traced`` counts the measurements whose value autograd traces.
    """

    route: Route
    traced: int = 0

    def measure(self, call: Measurement) -> Array:
        engine = self.route(call.mode)
        if engine is None:
            raise GradientError(
                "autograd on numpy needs an angle method for each expectation: use method='adjoint' or "
                "'parameter_shift' (or 'auto')"
            )
        value = _primitive_value(engine, call)
        self.traced += int(is_traced(value))
        return value


def autograd_vjp(
    fn: Callable[..., Any], args: tuple[Any, ...], positions: tuple[int, ...], backend: Backend, route: Route
) -> tuple[Any, Callable[[Any], tuple[np.ndarray, ...]]]:
    """``(fn(*args), pullback)`` by autograd, ``pullback(cotangent)`` giving one float64 array per position."""
    autograd = _autograd()
    primals = tuple(host_argument(backend, args[p], p) for p in positions)

    def closed(packed: tuple[Any, ...]) -> Any:
        new = list(args)
        for position, value in zip(positions, packed, strict=True):
            new[position] = value
        tape = AutogradTape(route)
        with intercept_measurements(tape), evaluation():
            out = fn(*new)
        if tape.traced and not is_traced(out):
            raise GradientError(
                f"the function measured {tape.traced} expectation{'s' if tape.traced > 1 else ''} that depend on the "
                "differentiated arguments, but its value does not: a step detached it from autograd's trace (such "
                "as autograd.tracer.getval or a conversion to a plain number), so its gradient would be wrong. Keep "
                "the computation in autograd.numpy, or use method='finite_difference'"
            )
        return out

    try:
        pullback, value = autograd.make_vjp(closed)(primals)
    except (TypeError, ValueError) as error:
        raise GradientError(
            f"autograd could not trace the function on numpy ({type(error).__name__}: {error}). Write the cost with "
            "autograd.numpy (import autograd.numpy as anp; anp.sin, anp.sum, ...) instead of numpy, use "
            "method='finite_difference', or a backend with autodiff (pip install \"tyxq[torch]\")"
        ) from error

    def pull(cotangent: Any) -> tuple[np.ndarray, ...]:
        grads = pullback(cotangent)
        return tuple(np.asarray(g, dtype=np.float64) for g in grads)

    return value, pull
