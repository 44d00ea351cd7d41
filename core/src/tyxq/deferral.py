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
value of classical bit ``j`` is the copy its last measurement wrote.

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

from .circuit import Circuit, Operation
from .errors import CapabilityError, ParameterError
from .kinds import OperationKind

__all__ = ["Deferred", "defer_measurements", "is_dynamic", "refuse_conditions"]


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

    ``bits`` are the classical bits whose final values the caller reads; a bit
    no measurement writes is refused with :class:`~tyxq.errors.ParameterError`.
    The circuit's ``inputs`` (an initial state) cannot be widened here, so a
    circuit that starts from one and needs extra qubits is refused.
    """
    n = circuit.n_qubits
    read = _read_measurements(circuit, bits)
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
            controls = [holder[b] for b in op.condition.bits]
            deferred.ctrl(replace(op, condition=None), controls, list(op.condition.values))
        elif index in extra and op.kind is OperationKind.RESET:
            deferred.apply("swap", op.qubits[0], extra[index])
        elif index in extra:
            deferred.apply("cnot", op.qubits[0], extra[index])
            if op.bit is not None:
                holder[op.bit] = extra[index]
        else:
            deferred.append(replace(op, bit=None))
    return Deferred(deferred, n, {b: holder[b] for b in bits})


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
            read.update(latest[b] for b in op.condition.bits)  # Circuit.cond checked each was written
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
