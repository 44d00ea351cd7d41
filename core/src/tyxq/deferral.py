"""Deferred measurement: a circuit with mid-circuit measurements, resets and conditions as a quantum circuit.

A Z-basis measurement whose outcome is copied onto a fresh qubit (a CNOT
onto ``|0⟩``) leaves every other qubit exactly as the measurement would:
the copy removes the measured qubit's coherences, and a gate conditioned on
the outcome is the same gate controlled by the copy (the principle of
deferred measurement). A reset is a SWAP with a fresh ``|0⟩`` qubit, whose
old content is then never looked at. So a circuit with ``measure``, ``reset``
and :class:`~tyxq.Condition` becomes one without them on more qubits, and
every mode runs it exactly, at the cost of one extra qubit per copy:

- a *pure* mode (a statevector) defers every measurement and reset;
- a *mixed* mode (a density matrix, trajectories) keeps measurements and
  resets as the channels they are and copies only the outcomes that a
  condition or the caller reads.

The extra qubits follow the circuit's own (``n``, ``n + 1``, …), so observables
and qubit indices of the original circuit keep their meaning, and the final
value of classical bit ``j`` is the copy its last measurement wrote, or the
qubit itself for a bit of the circuit's final measurements
(:meth:`~tyxq.Circuit.measure_at_end`), which need no copy. A register reads
whole: :func:`read_register` tells the verbs which requested bits something
writes, and they read every other bit of the register as 0.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).measure(0).cond(tyxq.Operation("x", (1,)), bits=0)
    >>> deferred = defer_measurements(c, pure=True, bits=[0])
    >>> print(deferred.circuit)
    Circuit on 3 qubits, 3 operations
        0: h q[0]
        1: cnot q[0], q[2]
        2: cnot q[2], q[1]
    >>> deferred.bit_qubits
    {0: 2}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .backends.protocol import Array, Backend
from .circuit import Circuit, Operation
from .errors import CapabilityError, ParameterError
from .kinds import OperationKind

__all__ = ["Deferred", "RegisterRead", "defer_measurements", "is_dynamic", "read_register", "refuse_conditions"]


@dataclass(frozen=True)
class Deferred:
    """A circuit without classical operations, and where each requested classical bit ended up.

    Attributes:
        circuit: the quantum circuit on ``n_qubits`` plus the copies' qubits.
        n_qubits: the original circuit's qubit count (its qubits keep their indices).
        bit_qubits: requested classical bit → the qubit holding its final value.
    """

    circuit: Circuit
    n_qubits: int
    bit_qubits: dict[int, int]


_CLASSICAL = (OperationKind.MEASURE, OperationKind.RESET)

def is_dynamic(circuit: Circuit, *, pure: bool) -> bool:
    """Whether ``circuit`` must be deferred to run in a pure (``pure=True``) or mixed-state mode.

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(1).h(0).reset(0)
        >>> is_dynamic(c, pure=True), is_dynamic(c, pure=False)
        (True, False)
    """
    if pure:
        return any(op.kind in _CLASSICAL or op.condition is not None for op in circuit.ops)
    return any(op.condition is not None for op in circuit.ops)


def defer_measurements(circuit: Circuit, *, pure: bool, bits: Sequence[int] = ()) -> Deferred:
    """``circuit`` with its measurements, resets and conditions deferred (see the module docstring).

    ``bits`` are the classical bits whose final values the caller reads: a
    bit of the circuit's final measurements (:meth:`~tyxq.Circuit.measure_at_end`)
    is read on its qubit, a bit a ``measure`` writes on the copy of its last
    outcome; a bit neither writes is refused with
    :class:`~tyxq.errors.ParameterError` (the verbs read it as 0 without
    asking, :func:`read_register`). A condition on a bit not written yet
    reads it as 0. The circuit's ``inputs`` (an initial state) cannot be
    widened here, so a circuit that starts from one and needs extra qubits
    is refused.
    """
    n = circuit.n_qubits
    final = circuit.final_measurements
    read = _read_measurements(circuit, [b for b in bits if b not in final])
    copied = [i for i, op in enumerate(circuit.ops) if _needs_qubit(op, i, read, pure)]
    extra = {index: n + k for k, index in enumerate(copied)}
    if extra and circuit.inputs is not None:
        raise CapabilityError(
            "this circuit starts from an input state and measures, resets or conditions mid-circuit, which tyxq "
            "runs on extra qubits that an input state cannot be widened to; prepare the input state with gates "
            "instead, or run it in the density_matrix mode where no outcome is read"
        )
    deferred = Circuit(n + len(extra), circuit.inputs, normalize=circuit.normalize)
    holder: dict[int, int] = {}  # classical bit -> qubit holding its latest outcome
    for index, op in enumerate(circuit.ops):
        if op.condition is not None:
            _defer_condition(deferred, op, holder)
        elif index in extra and op.kind is OperationKind.RESET:
            deferred.apply("swap", op.qubits[0], extra[index])
        elif index in extra:
            deferred.apply("cnot", op.qubits[0], extra[index])
            if op.bit is not None:
                holder[op.bit] = extra[index]
        else:
            deferred.append(replace(op, bit=None))
    return Deferred(deferred, n, {b: final[b] if b in final else holder[b] for b in bits})


def _defer_condition(deferred: Circuit, op: Operation, holder: dict[int, int]) -> None:
    """Append ``op`` controlled by the copies of the bits it reads; a bit not written yet holds 0."""
    assert op.condition is not None
    controls, values = [], []
    for bit, value in zip(op.condition.bits, op.condition.values, strict=True):
        if bit in holder:
            controls.append(holder[bit])
            values.append(value)
        elif value:
            return  # the bit still holds 0: the condition never holds
    if controls:
        deferred.ctrl(replace(op, condition=None), controls, values)
    else:
        deferred.append(replace(op, condition=None))


@dataclass(frozen=True)
class RegisterRead:
    """How the verbs read classical bits: what they ask a mode for, and where each requested bit comes from.

    Attributes:
        asked: the bits to ask the mode for (one per distinct source), empty
            when every requested bit holds 0.
        columns: per requested bit, its position in ``asked``, or ``None``
            for a bit never written (it holds 0).
    """

    asked: tuple[int, ...]
    columns: tuple[int | None, ...]

    def widen_indices(self, indices: np.ndarray) -> np.ndarray:
        """Outcome indices over ``asked`` (qubit ``0`` alone when nothing is asked) as indices over every bit.

        Example:
            >>> import tyxq
            >>> read = read_register(tyxq.Circuit(1, bits=3).measure(0, 1), [2, 1, 0])
            >>> read.widen_indices(np.array([[0, 1]])).tolist()  # '0' -> '000', '1' -> '010'
            [[0, 2]]
        """
        indices = np.asarray(indices, dtype=np.int64)
        widened = np.zeros_like(indices)
        k, asked = len(self.columns), len(self.asked)
        for position, column in enumerate(self.columns):
            if column is not None:
                widened |= ((indices >> (asked - 1 - column)) & 1) << (k - 1 - position)
        return widened

    def widen_probabilities(self, backend: Backend, probs: Array) -> Array:
        """Probabilities over ``asked`` (over qubit 0 when nothing is asked), ``(..., 2**a)``, as ``(..., 2**k)``."""
        k = len(self.columns)
        if 2**k > _MAX_WIDENED:
            raise ParameterError(
                f"probabilities of {k} classical bits have 2**{k} entries, more than tyxq builds in one array "
                f"({_MAX_WIDENED:,}); read fewer bits at once, or sample them with tyxq.counts"
            )
        shape = backend.shape(probs)
        if not self.asked:
            total = backend.reshape(backend.sum(probs, axis=-1), (*shape[:-1], 1))
            probs, sources = total, np.zeros(1, dtype=np.int64)
        else:
            sources = np.arange(shape[-1], dtype=np.int64)
            sources = self.widen_indices(sources)
        padded = backend.concatenate([probs, backend.zeros_like(probs[..., :1])], axis=-1)
        gather = np.full(2**k, backend.shape(padded)[-1] - 1, dtype=np.int64)  # the zero column by default
        gather[sources] = np.arange(len(sources))
        return backend.take(padded, backend.asarray(gather), axis=-1)


_MAX_WIDENED = 2**26


def read_register(circuit: Circuit, bits: Sequence[int]) -> RegisterRead:
    """Where each of ``bits`` comes from: a final measurement, a measured outcome, or nothing (it holds 0).

    A bit past the register (:attr:`~tyxq.Circuit.n_bits`) is refused with
    :class:`~tyxq.errors.ParameterError`.

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(2, bits=5).h(0).measure(0, 0).measure_at_end([0, 1], [1, 2])
        >>> read_register(c, [4, 3, 2, 1, 0])
        RegisterRead(asked=(2, 1, 0), columns=(None, None, 0, 1, 2))
    """
    past = [b for b in bits if b >= circuit.n_bits]
    if past:
        declared = "declared" if circuit.declared_bits is not None else "written by its measurements"
        raise ParameterError(
            f"classical bit{'s' if len(past) > 1 else ''} {past} {'are' if len(past) > 1 else 'is'} never measured: "
            f"past the circuit's register of {circuit.n_bits} bit{'s' if circuit.n_bits != 1 else ''} ({declared}); "
            f"ask for bits 0..{circuit.n_bits - 1}, or declare a larger register: Circuit({circuit.n_qubits}, bits=...)"
        )
    final = circuit.final_measurements
    written = {op.bit for op in circuit.ops if op.bit is not None}
    sources: dict[tuple[str, int], int] = {}  # a qubit measured at the end, or a bit's last outcome -> column
    asked: list[int] = []
    columns: list[int | None] = []
    for bit in bits:
        source = ("qubit", final[bit]) if bit in final else ("bit", bit) if bit in written else None
        if source is None:
            columns.append(None)
            continue
        if source not in sources:
            sources[source] = len(asked)
            asked.append(bit)
        columns.append(sources[source])
    return RegisterRead(tuple(asked), tuple(columns))


def refuse_conditions(ops: Sequence[Operation], simulation: str) -> None:
    """Raise :class:`~tyxq.errors.CapabilityError` on a conditioned gate: ``simulation`` runs deferred circuits only.

    The modes defer conditions before their kernels run; a kernel called
    directly with one would otherwise apply the gate unconditionally.

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(2).measure(0).cond(tyxq.Operation("x", (1,)), bits=0)
        >>> refuse_conditions(c.ops, "density-matrix kernel")
        Traceback (most recent call last):
        ...
        tyxq.errors.CapabilityError: the density-matrix kernel was given x q[1] if c[0]=1...
    """
    for op in ops:
        if op.condition is not None:
            raise CapabilityError(
                f"the {simulation} was given {op}, a gate conditioned on measured bits, which it cannot run; run "
                "the circuit through tyxq.probabilities / expectation / counts, whose modes defer the condition "
                "(tyxq.deferral.defer_measurements)"
            )


def _read_measurements(circuit: Circuit, bits: Sequence[int]) -> set[int]:
    """Indices of the measurements whose outcome a condition, or the caller through ``bits``, reads."""
    latest: dict[int, int] = {}
    read: set[int] = set()
    for index, op in enumerate(circuit.ops):
        if op.condition is not None:
            read.update(latest[b] for b in op.condition.bits if b in latest)  # an unwritten bit holds 0
        if op.bit is not None:
            latest[op.bit] = index
    missing = sorted(set(bits) - set(latest))
    if missing:
        raise ParameterError(
            f"classical bit{'s' if len(missing) > 1 else ''} {missing} {'are' if len(missing) > 1 else 'is'} never "
            f"measured in this circuit (it writes bits {sorted(latest)}); ask for bits a measure writes"
        )
    read.update(latest[b] for b in bits)
    return read


def _needs_qubit(op: Operation, index: int, read: set[int], pure: bool) -> bool:
    if op.kind is OperationKind.MEASURE:
        return pure or index in read
    return pure and op.kind is OperationKind.RESET
