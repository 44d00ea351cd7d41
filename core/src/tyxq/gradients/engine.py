"""Angle engines: derivatives of one expectation with respect to its circuit's gate angles.

``adjoint`` and ``parameter_shift`` are each an :class:`AngleEngine`. An
engine sees one :class:`ExpectationCall` (the circuit, observable, mode and
shot settings of one ``tyxq.expectation`` call) and returns, for each gate
angle, the derivative of each batch member's value, optionally weighted by
a cotangent (the vector of a vector-Jacobian product).

:func:`differentiable_expectation` places an engine inside a backend's own
automatic differentiation through ``backend.custom_vjp``: the backend
differentiates the user's classical processing, the engine the quantum
part. On a backend without autodiff :mod:`tyxq.gradients.affine` chains
instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from ..backends.protocol import Array, Backend
from .angles import angle_slots, reduce_to_slot, replace_angles

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..execution.protocol import ExecutionMode
    from ..observables import Hamiltonian

__all__ = ["AngleEngine", "ExpectationCall", "batch_of", "differentiable_expectation"]


@dataclass(frozen=True)
class ExpectationCall:
    """One expectation a user's function asked for, with everything needed to recompute it."""

    circuit: Circuit
    observable: Hamiltonian
    mode: ExecutionMode
    backend: Backend
    shots: int | None = None
    seed: Any = None

    def value(self) -> Array:
        """The value the mode gives, ``()`` or ``(B,)``."""
        return self.mode.expectation(
            self.circuit, self.observable, backend=self.backend, shots=self.shots, seed=self.seed
        )

    def with_circuit(self, circuit: Circuit) -> ExpectationCall:
        return replace(self, circuit=circuit)


def batch_of(circuit: Circuit) -> int:
    """The batch size ``B`` the engines work with (1 for an unbatched circuit)."""
    return circuit.batch_size or 1


class AngleEngine(Protocol):
    """Derivatives of one expectation with respect to its gate angles (see :mod:`tyxq.gradients.angles`)."""

    def vjp(self, call: ExpectationCall, cotangent: Array | None) -> list[Array]:
        """Per angle slot, ``cotangent_b · d value_b / d angle``, shape ``(B,)`` (cotangent 1 if ``None``)."""
        ...

    def value_and_vjp(self, call: ExpectationCall, cotangent: Array | None) -> tuple[Array, list[Array]]:
        """The value ``(B,)`` together with :meth:`vjp`, in as few evaluations as the engine allows."""
        ...


def differentiable_expectation(engine: AngleEngine, call: ExpectationCall) -> Array:
    """``call``'s value, differentiable by ``call.backend``'s autodiff with ``engine`` for the quantum part.

    The gate angles that are backend arrays become the primals of
    ``backend.custom_vjp``; numbers are constants. Initial ``inputs`` and
    ``unitary`` matrices are constants for the engine (differentiate them
    with ``autograd``).
    """
    backend, circuit = call.backend, call.circuit
    slots = angle_slots(circuit)
    values = [circuit.ops[s.op].params[s.param] for s in slots]
    traced = [k for k, value in enumerate(values) if backend.is_array(value)]
    if not traced:
        return call.value()

    def substituted(primals: tuple[Array, ...]) -> ExpectationCall:
        new = list(values)
        for k, primal in zip(traced, primals, strict=True):
            new[k] = primal
        return call.with_circuit(replace_angles(circuit, slots, new))

    def forward(*primals: Array) -> Array:
        return substituted(primals).value()

    def vjp(primals: tuple[Array, ...], output: Array, cotangent: Array) -> tuple[Array | None, ...]:
        per_member = engine.vjp(substituted(primals), backend.reshape(cotangent, (batch_of(circuit),)))
        grads = []
        for k, primal in zip(traced, primals, strict=True):
            grad = reduce_to_slot(backend, per_member[k], primal)
            grads.append(backend.cast(grad, backend.dtype_name(primal)))
        return tuple(grads)

    return backend.custom_vjp(forward, vjp)(*[values[k] for k in traced])
