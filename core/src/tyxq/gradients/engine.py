"""Angle engines: derivatives of one measurement with respect to its circuit's gate angles.

``adjoint`` and ``parameter_shift`` are each an :class:`AngleEngine`. An
engine sees one :class:`Measurement` (the circuit, what is measured —
one or several observables' expectations or the probabilities of some
qubits — and the mode and shot settings of one ``tyxq.expectation`` or
``tyxq.probabilities`` call) and returns, for each gate angle, the derivative of each batch
member's value contracted with a cotangent (the vector of a
vector-Jacobian product).

:func:`differentiable_measurement` places an engine inside a backend's own
automatic differentiation through ``backend.custom_vjp``: the backend
differentiates the user's classical processing, the engine the quantum
part. On a backend without autodiff :mod:`tyxq.gradients.affine` chains
instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.measurement import Measurement
from ..kinds import OperationKind
from .angles import angle_slots, reduce_to_slot, replace_angles

if TYPE_CHECKING:
    from ..circuit import Circuit

__all__ = ["AngleEngine", "ResidualEngine", "batch_of", "differentiable_measurement"]


def batch_of(circuit: Circuit) -> int:
    """The batch size ``B`` the engines work with (1 for an unbatched circuit)."""
    return circuit.batch_size or 1


class AngleEngine(Protocol):
    """Derivatives of one measurement with respect to its gate angles (see :mod:`tyxq.gradients.angles`)."""

    def vjp(self, call: Measurement, cotangent: Array | None) -> list[Array]:
        """Per angle slot, ``Σ cotangent_b · d value_b / d angle`` over each member's value, shape ``(B,)``.

        ``cotangent`` has shape ``(B, *call.value_shape)``; ``None`` means
        all ones (for expectations only).
        """
        ...

    def value_and_vjp(self, call: Measurement, cotangent: Array | None) -> tuple[Array, list[Array]]:
        """The value ``(B, *value_shape)`` together with :meth:`vjp`, in as few evaluations as possible."""
        ...


@runtime_checkable
class ResidualEngine(AngleEngine, Protocol):
    """An engine whose backward pass starts from what its forward pass kept (the adjoint: the final state).

    Where the backend offers ``custom_vjp_with_residuals`` (torch),
    :func:`differentiable_measurement` runs :meth:`forward_with_residual`
    in the forward pass and hands its residual to :meth:`vjp_from_residual`,
    so the backward pass does not simulate again.
    """

    def forward_with_residual(self, call: Measurement) -> tuple[Array, tuple[Array, ...]]:
        """``call.value()`` and the arrays the backward pass starts from."""
        ...

    def vjp_from_residual(
        self, call: Measurement, residual: tuple[Array, ...], cotangent: Array, wanted: Sequence[int] | None = None
    ) -> list[Array | None]:
        """:meth:`AngleEngine.vjp` from the residual of :meth:`forward_with_residual`, for the angle slots
        ``wanted`` only (``None``: all; the others are ``None``)."""
        ...


def _refuse_tracked_channels(backend: Backend, circuit: Circuit) -> None:
    """Angle engines differentiate gate angles only: a channel parameter that autodiff tracks would get no gradient."""
    is_tracked = getattr(backend, "is_tracked", None)
    if is_tracked is None:
        return
    for index, op in enumerate(circuit.ops):
        if op.kind is OperationKind.CHANNEL and any(backend.is_array(p) and is_tracked(p) for p in op.params):
            raise GradientError(
                f"adjoint and parameter shift differentiate gate angles, but a parameter of the channel {op.name} "
                f"(operation {index}) is tracked by the {backend.name} backend's autodiff; differentiate channel "
                "parameters with method='autograd' in the density_matrix mode, or with method='finite_difference'"
            )


def differentiable_measurement(engine: AngleEngine, call: Measurement) -> Array:
    """``call``'s value, differentiable by ``call.backend``'s autodiff with ``engine`` for the quantum part.

    The gate angles that are backend arrays become the primals of
    ``backend.custom_vjp``; numbers are constants. Initial ``inputs`` and
    ``unitary`` matrices are constants for the engine (differentiate them
    with ``autograd``).
    """
    backend, circuit = call.backend, call.circuit
    _refuse_tracked_channels(backend, circuit)
    slots = angle_slots(circuit)
    values = [circuit.ops[s.op].params[s.param] for s in slots]
    traced = [k for k, value in enumerate(values) if backend.is_array(value)]
    is_tracked = getattr(backend, "is_tracked", None)
    if not traced or (is_tracked is not None and not any(is_tracked(values[k]) for k in traced)):
        return call.value()  # nothing to differentiate (torch.no_grad, inference): the plain, memoized value

    def substituted(primals: tuple[Array, ...]) -> Measurement:
        new = list(values)
        for k, primal in zip(traced, primals, strict=True):
            new[k] = primal
        return call.with_circuit(replace_angles(circuit, slots, new))

    def to_primals(per_member: list[Array | None], primals: tuple[Array, ...]) -> tuple[Array | None, ...]:
        grads: list[Array | None] = []
        for k, primal in zip(traced, primals, strict=True):
            if per_member[k] is None:
                grads.append(None)
                continue
            grad = reduce_to_slot(backend, per_member[k], primal)
            grads.append(backend.cast(grad, backend.dtype_name(primal)))
        return tuple(grads)

    def shaped(cotangent: Array) -> Array:
        return backend.reshape(cotangent, (batch_of(circuit), *call.value_shape))

    with_residuals = getattr(backend, "custom_vjp_with_residuals", None)
    if isinstance(engine, ResidualEngine) and with_residuals is not None:

        def forward_keeping(*primals: Array) -> tuple[Array, tuple[Array, ...]]:
            return engine.forward_with_residual(substituted(primals))

        def vjp_from(
            primals: tuple[Array, ...], residual: tuple[Array, ...], cotangent: Array, needed: Sequence[bool]
        ) -> tuple[Array | None, ...]:
            wanted = [k for k, need in zip(traced, needed, strict=True) if need]
            per_member = engine.vjp_from_residual(substituted(primals), residual, shaped(cotangent), wanted)
            return to_primals(per_member, primals)

        return with_residuals(forward_keeping, vjp_from)(*[values[k] for k in traced])

    def forward(*primals: Array) -> Array:
        return substituted(primals).value()

    def vjp(primals: tuple[Array, ...], output: Array, cotangent: Array) -> tuple[Array | None, ...]:
        return to_primals(engine.vjp(substituted(primals), shaped(cotangent)), primals)

    return backend.custom_vjp(forward, vjp)(*[values[k] for k in traced])
