"""``Measurement``: one request a verb makes of an execution mode, as data.

A verb (``tyxq.expectation``, ``tyxq.probabilities``) turns its arguments
into a :class:`Measurement`, hands it to the active interceptor if a
gradient method installed one (:mod:`tyxq.execution.interception`), and
otherwise asks for its value. The gradient methods keep measurements to
recompute them at shifted angles (``with_circuit``).

Example:
    >>> import tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> from tyxq.execution.statevector import StatevectorMode
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> m = Measurement(bell, (tyxq.Z(0) @ tyxq.Z(1), tyxq.X(0)), StatevectorMode(), NumpyBackend(), single=False)
    >>> m.value_shape, m.value().round(12).tolist()
    ((2,), [1.0, 0.0])
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..backends.protocol import Array, Backend

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian
    from .protocol import ExecutionMode

__all__ = ["Measurement"]


@dataclass(frozen=True)
class Measurement:
    """What to measure after ``circuit``, in which mode, on which backend.

    ``observables`` is set for expectations (``single``: the caller gave
    one observable, whose value has no observable axis); for probabilities
    it is ``None`` and ``qubits`` names the measured qubits (``None``: all),
    or ``bits`` the classical bits read instead (a mode with ``classical``).
    ``shots`` may be a shot vector (:mod:`tyxq.execution.shot_vectors`):
    :meth:`value` is then a tuple of values, one per shot count.
    """

    circuit: Circuit
    observables: tuple[Hamiltonian, ...] | None
    mode: ExecutionMode
    backend: Backend
    shots: int | tuple[int, ...] | None = None
    seed: Any = None
    qubits: tuple[int, ...] | None = None
    single: bool = True
    bits: tuple[int, ...] | None = None

    @property
    def is_expectation(self) -> bool:
        return self.observables is not None

    @property
    def batch(self) -> int:
        """The batch size the values carry (1 for an unbatched circuit)."""
        return self.circuit.batch_size or 1

    @property
    def value_shape(self) -> tuple[int, ...]:
        """The shape of one batch member's value, ``()`` (one observable), ``(K,)`` (K observables) or ``(2**k,)``."""
        if self.observables is not None:
            return () if self.single else (len(self.observables),)
        read = self.bits if self.bits is not None else self.qubits
        return (2 ** (self.circuit.n_qubits if read is None else len(read)),)

    def batched_value(self) -> Array:
        """The value with its batch axis: ``(B, *value_shape)`` (with a shot vector, ``(S, B, *value_shape)``)."""
        mode, backend = self.mode, self.backend
        if self.observables is None:
            options = {} if self.bits is None else {"bits": self.bits}
            return mode.probabilities(
                self.circuit, self.qubits, backend=backend, shots=self.shots, seed=self.seed, **options
            )
        values = mode.expectation(self.circuit, self.observables, backend=backend, shots=self.shots, seed=self.seed)
        if not self.single:
            return values
        if isinstance(self.shots, tuple):
            return backend.reshape(values, (len(self.shots), self.batch))
        return backend.reshape(values, (self.batch,))

    def value(self) -> Array | tuple[Array, ...]:
        """The value as the verb returns it: without the batch axis when the circuit is not batched.

        With a shot vector, a tuple of such values, one per shot count.
        """
        value = self.batched_value()
        if isinstance(self.shots, tuple):
            return tuple(self._unbatched(value[j]) for j in range(len(self.shots)))
        return self._unbatched(value)

    def _unbatched(self, value: Array) -> Array:
        if self.circuit.batch_size is None:
            return self.backend.reshape(value, self.value_shape)
        return value

    def with_circuit(self, circuit: Circuit) -> Measurement:
        """The same measurement of another circuit (shifted angles, a stacked batch)."""
        return replace(self, circuit=circuit)
