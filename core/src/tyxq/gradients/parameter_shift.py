"""The ``parameter_shift`` gradient: exact shift rules, every shifted circuit in one batch.

For a gate angle θ whose rule is ``((c_1, s_1), …)`` (``GateSpec.shift_rules``:
two terms ``±π/2`` with ``c = ±1/2`` for rotations whose generator has
eigenvalues ``±1/2`` — ``rx ry rz rxx ryy rzz phase u`` — and four terms
for the controlled rotations, whose generator also has the eigenvalue 0),

    dE/dθ = Σ_t c_t E(θ + s_t),

exactly, whatever the execution mode: with ``shots`` each shifted value is
an unbiased estimate, so the gradient is too (its variance is
``Σ_t c_t² Var E(θ + s_t)``). All shifted copies of the circuit (and the
unshifted one, when the value is wanted as well) are stacked along the
batch axis into one circuit with ``M·B`` members and evaluated in one call
of the mode: one batched simulation, and in the ``shots`` mode one stream of
draws from the given seed. Memory grows with ``M·B`` statevectors
(``M = 1 + Σ terms``).

Example:
    >>> import numpy as np, tyxq
    >>> def energy(theta):
    ...     return tyxq.expectation(tyxq.Circuit(2).h(0).crx(0, 1, theta), tyxq.Z(1))
    >>> value, grad = tyxq.value_and_grad(energy, method="parameter_shift")(0.7)
    >>> bool(np.isclose(grad, -0.5 * np.sin(0.7)))
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.measurement import Measurement
from ..execution.protocol import ExecutionMode
from ..gates import GATES
from ..kinds import OperationKind
from .angles import angle_slots, is_batched, replace_angles
from .chain import value_and_grad_through_angles
from .engine import batch_of

__all__ = [
    "ParameterShiftEngine",
    "ParameterShiftGradient",
    "contract",
    "evaluate_shifted",
    "shift_derivatives",
    "shift_gradients",
]


def _tile(backend: Backend, array: Array, copies: int) -> Array:
    """``(B, ...)`` → ``(copies·B, ...)``, copy-major."""
    shape = backend.shape(array)
    return backend.reshape(backend.broadcast_to(array, (copies, *shape)), (copies * shape[0], *shape[1:]))


def _as_batch(backend: Backend, value: Any, batch: int) -> Array:
    """An angle as a ``(B,)`` array of the backend's real dtype."""
    if backend.is_array(value):
        array = value if backend.dtype_name(value) == backend.real_dtype else backend.cast(value, backend.real_dtype)
        return array if is_batched(array) else backend.broadcast_to(array, (batch,))
    return backend.asarray(np.full(batch, float(value)), dtype=backend.real_dtype)


def evaluate_shifted(call: Measurement, shifts: np.ndarray) -> Array:
    """``call``'s values with its angles moved by each column of ``shifts`` (slots × copies), as one batch.

    Returns ``(copies, B, *value_shape)``: one batched simulation (in the
    ``shots`` mode one stream of draws) for all copies.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.execution import Measurement
        >>> call = Measurement(tyxq.Circuit(1).ry(0, 0.0), (tyxq.Hamiltonian((tyxq.Z(0),)),),
        ...                    tyxq.get_execution_mode(), tyxq.get_backend())
        >>> evaluate_shifted(call, np.array([[0.0, np.pi]])).round(12).ravel().tolist()
        [1.0, -1.0]
    """
    backend, circuit = call.backend, call.circuit
    batch = batch_of(circuit)
    slots = angle_slots(circuit)
    copies = shifts.shape[1]
    values = [
        _tile(backend, _as_batch(backend, circuit.ops[slot.op].params[slot.param], batch), copies)
        + backend.asarray(np.repeat(shifts[k], batch), dtype=backend.real_dtype)
        for k, slot in enumerate(slots)
    ]
    inputs = circuit.inputs
    if inputs is not None and len(backend.shape(inputs)) == 2:
        inputs = _tile(backend, inputs, copies)
    shifted = replace_angles(circuit, slots, values, inputs=inputs)
    if any(_batched_matrix(op) for op in circuit.ops):
        shifted = shifted.with_params(
            [(_tile(backend, op.matrix, copies),) if _batched_matrix(op) else op.params for op in shifted.ops]
        )
    return backend.reshape(call.with_circuit(shifted).batched_value(), (copies, batch, *call.value_shape))


def shift_derivatives(call: Measurement, with_value: bool) -> tuple[Array | None, list[Array]]:
    """The value (if ``with_value``) and, per angle slot, every entry's derivative ``dv_bj/dθ``: ``(B, *value_shape)``.

    All shifted circuits run as one batch, so the derivatives of every
    observable (or probability) share the same evaluations.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.execution import Measurement
        >>> pair = (tyxq.Hamiltonian((tyxq.Z(0),)), tyxq.Hamiltonian((tyxq.X(0),)))
        >>> mode, backend = tyxq.get_execution_mode(), tyxq.get_backend()
        >>> call = Measurement(tyxq.Circuit(1).ry(0, 0.4), pair, mode, backend, single=False)
        >>> value, (grad,) = shift_derivatives(call, with_value=False)
        >>> bool(np.allclose(grad, [[-np.sin(0.4), np.cos(0.4)]]))
        True
    """
    backend, circuit = call.backend, call.circuit
    batch = batch_of(circuit)
    slots = angle_slots(circuit)
    terms = [
        (k, c, s) for k, slot in enumerate(slots) for c, s in GATES[circuit.ops[slot.op].name].shift_rules[slot.param]
    ]
    offset = int(with_value)
    copies = offset + len(terms)
    shape = (batch, *call.value_shape)
    if not terms:
        value = call.batched_value() if with_value else None
        return value, []
    shifts = np.zeros((len(slots), copies))
    for row, (k, _, s) in enumerate(terms):
        shifts[k, offset + row] = s
    evaluated = evaluate_shifted(call, shifts)
    grads: list[Array] = [backend.zeros(shape, dtype=backend.real_dtype) for _ in slots]
    for row, (k, c, _) in enumerate(terms):
        grads[k] = grads[k] + c * evaluated[offset + row]
    return (evaluated[0] if with_value else None), grads


def contract(call: Measurement, derivatives: list[Array], cotangent: Array | None) -> list[Array]:
    """Per slot, ``Σ_j g_bj · dv_bj/dθ`` from the uncontracted derivatives ``(B, *value_shape)``: shape ``(B,)``."""
    backend = call.backend
    if cotangent is not None:
        shape = (call.batch, *call.value_shape)
        derivatives = [g * backend.reshape(cotangent, shape) for g in derivatives]
    if call.value_shape:  # several observables, or probabilities: contract the value axis
        derivatives = [backend.sum(g, axis=1) for g in derivatives]
    return derivatives


def shift_gradients(call: Measurement, cotangent: Array | None, with_value: bool) -> tuple[Array | None, list[Array]]:
    """The value (if ``with_value``) and, per angle slot, the derivatives contracted with ``cotangent``.

    The value has shape ``(B, *call.value_shape)``; each slot's entry is
    ``Σ_j g_bj · dv_bj/dθ`` over the value's entries ``j`` (one for a
    single observable, ``K`` for a list, ``2**k`` probabilities), with the
    cotangent ``g`` all ones if ``None`` (expectations only). Shape ``(B,)``.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.execution import Measurement
        >>> call = Measurement(tyxq.Circuit(1).ry(0, 0.4), (tyxq.Hamiltonian((tyxq.Z(0),)),),
        ...                    tyxq.get_execution_mode(), tyxq.get_backend())
        >>> value, (grad,) = shift_gradients(call, None, with_value=True)
        >>> bool(np.allclose(grad, -np.sin(0.4)))
        True
    """
    if cotangent is None and not call.is_expectation and angle_slots(call.circuit):
        raise GradientError("parameter shift differentiates probabilities through a cotangent (a vjp)")
    value, derivatives = shift_derivatives(call, with_value)
    return value, contract(call, derivatives, cotangent)


def _batched_matrix(op: Any) -> bool:
    return bool(op.kind is OperationKind.MATRIX and len(tuple(getattr(op.matrix, "shape", ()))) == 3)


class ParameterShiftEngine:
    """Parameter shift as an :class:`~tyxq.gradients.engine.AngleEngine` (every mode)."""

    def vjp(self, call: Measurement, cotangent: Array | None) -> list[Array]:
        return shift_gradients(call, cotangent, with_value=False)[1]

    def value_and_vjp(self, call: Measurement, cotangent: Array | None) -> tuple[Array, list[Array]]:
        value, grads = shift_gradients(call, cotangent, with_value=True)
        assert value is not None
        return value, grads


class ParameterShiftGradient:
    """``method="parameter_shift"``: exact shift rules in any mode, the way hardware is differentiated.

    On a backend with autodiff it sits inside the backend's graph
    (``custom_vjp``); on others the chain to ``fn``'s arguments follows the
    affine rule of :mod:`tyxq.gradients.affine`.
    """

    name = "parameter_shift"

    def __repr__(self) -> str:
        return "ParameterShiftGradient()"

    def supports(self, backend: Backend, mode: ExecutionMode) -> str | None:
        return None

    def value_and_grad(
        self, fn: Callable[..., Array], argnums: int | tuple[int, ...] = 0, *, backend: Backend, mode: ExecutionMode
    ) -> Callable[..., tuple[Array, Any]]:
        engine = ParameterShiftEngine()
        return value_and_grad_through_angles(fn, argnums, backend, self.name, lambda _mode: engine)
