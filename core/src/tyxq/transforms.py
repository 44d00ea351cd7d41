"""Circuit transforms: the inverse, controlled operations, composition, repetition and Pauli rotations.

Each function appends to (or builds) a :class:`~tyxq.circuit.Circuit`
through its builder methods, so every operation it adds is checked as any
other; ``Circuit`` keeps a one-line method for each (``c.inverse()``,
``c.ctrl(...)``, ``c.compose(...)``, ``c.repeat(k)``, ``c.pauli_rot(...)``,
``c.multi_rz(...)``).

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).s(1)
    >>> [op.name for op in inverse(c)]
    ['sdg', 'h']
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .arguments import check_count, check_qubits, qubit_arguments
from .errors import (
    CapabilityError,
    ControlQubitError,
    NotInvertibleError,
    ParameterError,
    PauliStringError,
    QubitIndexError,
)
from .gates import controlled_name, multi_rz_name
from .kinds import OperationKind
from .operations import Operation
from .validation import host_copy

if TYPE_CHECKING:
    from .circuit import Circuit

__all__ = ["MAX_OPERATIONS", "compose", "ctrl", "inverse", "multi_rz", "pauli_rot", "repeat"]

MAX_OPERATIONS = 10_000_000
"""The most operations :func:`repeat` puts in one circuit (about 2 GB of operation records)."""

_DENSE_CONTROL_LIMIT = 10
"""Most qubits (controls included) of a controlled ``unitary`` operation, built as its full matrix."""


def inverse(circuit: Circuit) -> Circuit:
    """The adjoint circuit: operations reversed, each replaced by its inverse.

    Example:
        >>> import tyxq
        >>> [op.name for op in inverse(tyxq.Circuit(1).h(0).s(0).rx(0, 0.3))]
        ['rx', 'sdg', 'h']
    """
    if circuit.inputs is not None:
        raise NotInvertibleError(
            "this circuit starts from an input state, which is not an operation and has no inverse; invert "
            "the operations alone with tyxq.Circuit(n).append(circuit).inverse()"
        )
    inverted = type(circuit)(circuit.n_qubits)
    for op in reversed(circuit.ops):
        if op.condition is not None:
            raise CapabilityError(
                f"the circuit holds {op}, a gate conditioned on measured bits, which has no inverse (the "
                "measurement it depends on cannot be undone); invert the circuit before its measurements"
            )
        if op.kind.is_channel:
            raise CapabilityError(
                f"the circuit holds the {op.kind.value} {op.name}, which has no inverse (it loses information); "
                "invert the unitary part of the circuit and add the channels, measurements and resets afterwards"
            )
        if op.kind is OperationKind.MATRIX:
            inverted.unitary(op.qubits, np.conj(np.swapaxes(np.asarray(op.matrix), -1, -2)))
            continue
        spec = op.spec
        assert spec is not None  # a gate
        name, params = (op.name, op.params) if spec.inverse is None else spec.inverse(op.params)
        inverted.append(Operation(name, op.qubits, tuple(params)))
    return inverted


def multi_rz(circuit: Circuit, qubits: Any, theta: Any) -> Circuit:
    """Append ``exp(-iθ Z⊗…⊗Z/2)`` on ``qubits`` (one index or several): one diagonal, whatever their number.

    Example:
        >>> import tyxq
        >>> [op.name for op in multi_rz(tyxq.Circuit(4), [3, 0, 1], 0.5)]
        ['multi_rz[3]']
        >>> [op.name for op in multi_rz(tyxq.Circuit(2), 1, 0.5)]
        ['rz']
    """
    ordered = check_qubits("multi_rz", qubit_arguments(qubits), circuit.n_qubits)
    if not ordered:
        raise QubitIndexError("multi_rz needs at least one qubit, got none; pass a qubit or a list of qubits")
    return circuit.apply(multi_rz_name(len(ordered)), *sorted(ordered), params=[theta])  # parity ignores their order


def pauli_rot(circuit: Circuit, qubits: Any, theta: Any, pauli: str) -> Circuit:
    """Append ``exp(-iθP/2)`` for the Pauli string ``pauli`` (one letter of ``IXYZ`` per qubit of ``qubits``).

    Applied as one :func:`multi_rz` on the qubits that carry X, Y or Z,
    between basis changes (``h`` for X; ``sdg`` then ``h`` for Y) and
    their inverses: never as a dense matrix. An all-identity string is
    the global phase ``e^{-iθ/2}`` (as ``rz(θ)·phase(-θ)`` on the first qubit).

    Example:
        >>> import tyxq
        >>> [op.name for op in pauli_rot(tyxq.Circuit(2), [0, 1], 0.5, "XY")]
        ['h', 'sdg', 'h', 'rzz', 'h', 'h', 's']
        >>> [op.name for op in pauli_rot(tyxq.Circuit(1), 0, 0.5, "X")]
        ['h', 'rz', 'h']
    """
    listed = qubit_arguments(qubits)
    if not listed:
        raise QubitIndexError(
            "pauli_rot needs at least one qubit, got none; pass the qubits the Pauli string acts on, "
            "e.g. pauli_rot([0, 1], theta, 'XY')"
        )
    if not isinstance(pauli, str) or len(pauli) != len(listed) or set(pauli.upper()) - set("IXYZ"):
        raise PauliStringError(
            f"pauli_rot needs one letter of I, X, Y, Z per qubit: got {pauli!r} for {len(listed)} qubits "
            f"{tuple(listed)}; write a string of length {len(listed)}, e.g. {'Z' * len(listed)!r}"
        )
    checked = check_qubits("pauli_rot", listed, circuit.n_qubits)
    support = [(q, p) for q, p in zip(checked, pauli.upper(), strict=True) if p != "I"]
    if not support:
        return circuit.apply("rz", checked[0], params=[theta]).apply("phase", checked[0], params=[-theta])
    changes = {"X": ("h",), "Y": ("sdg", "h"), "Z": ()}
    undo = {"X": ("h",), "Y": ("h", "s"), "Z": ()}
    for qubit, letter in support:
        for gate in changes[letter]:
            circuit.apply(gate, qubit)
    multi_rz(circuit, [q for q, _ in support], theta)
    for qubit, letter in support:
        for gate in undo[letter]:
            circuit.apply(gate, qubit)
    return circuit


def ctrl(circuit: Circuit, gates: Circuit | Operation, controls: Any, control_values: Any = None) -> Circuit:
    """Append ``gates`` (an operation, or every operation of a circuit on these qubits) under ``controls``.

    Each gate acts only where every control qubit holds its control value
    (``control_values``, 1 for each by default). Only unitary operations
    (gates and ``unitary`` matrices) can be controlled; a ``unitary``
    operation is controlled as its full matrix (at most 10 qubits with the
    controls).

    Example:
        >>> import tyxq
        >>> [op.name for op in ctrl(tyxq.Circuit(3), tyxq.Circuit(3).h(2), controls=[0, 1], control_values=[1, 0])]
        ['ctrl[10]:h']
    """
    listed: list[Any] = [controls] if isinstance(controls, numbers.Integral) else list(controls)
    checked = list(check_qubits("ctrl", listed, circuit.n_qubits))
    if not checked:
        raise ControlQubitError("ctrl needs at least one control qubit")
    values = [1] * len(checked) if control_values is None else list(np.atleast_1d(control_values))
    if len(values) != len(checked) or any(v not in (0, 1) for v in values):
        raise ControlQubitError(
            f"control_values {control_values!r} do not give 0 or 1 for each of the {len(checked)} controls "
            f"{tuple(checked)}; pass e.g. {[1] * len(checked)}"
        )
    text = "".join(str(int(v)) for v in values)
    if isinstance(gates, Operation):
        ops: tuple[Operation, ...] = (gates,)
    else:
        if gates.inputs is not None:
            raise ParameterError(
                "ctrl controls operations; this circuit also starts from an input state, which cannot be controlled"
            )
        ops = gates.ops
    for op in ops:
        _check_controllable(op, checked)
        if op.kind is OperationKind.MATRIX:
            _controlled_unitary(circuit, op, checked, values)
        else:
            circuit.apply(controlled_name(text, op.name), *checked, *op.qubits, params=op.params)
    return circuit


def _check_controllable(op: Operation, controls: list[int]) -> None:
    if not op.kind.is_unitary or op.condition is not None:
        what = "conditioned on measured bits" if op.kind.is_unitary else f"a {op.kind.value} operation"
        raise CapabilityError(
            f"ctrl controls unitary gates only, but {op} is {what}; control the gates alone and add "
            "measurements, resets, channels and conditions outside the controlled part"
        )
    both = sorted(set(controls) & set(op.qubits))
    if both:
        raise ControlQubitError(
            f"qubit{'s' if len(both) > 1 else ''} {both} would be both a control and a target of {op.name} "
            f"on {op.qubits}; a gate cannot control itself: choose controls among the other qubits"
        )


def _controlled_unitary(circuit: Circuit, op: Operation, controls: list[int], values: list[int]) -> None:
    size = len(controls) + len(op.qubits)
    host = host_copy(op.matrix)
    if host is None or host.ndim != 2 or size > _DENSE_CONTROL_LIMIT:
        raise ControlQubitError(
            f"ctrl builds a controlled unitary operation as its full matrix, which needs a single host-readable "
            f"matrix on at most {_DENSE_CONTROL_LIMIT} qubits with the controls (here {size}); control named gates "
            "instead"
        )
    block = np.zeros((2 ** len(controls),) * 2)
    index = int("".join(map(str, values)), 2)
    block[index, index] = 1
    matrix = np.eye(2**size, dtype=np.complex128) + np.kron(block, host - np.eye(len(host)))
    circuit.unitary([*controls, *op.qubits], matrix)


def compose(circuit: Circuit, other: Circuit, qubits: Sequence[int] | None = None) -> Circuit:
    """Append ``other``'s operations with its qubit ``i`` placed on ``qubits[i]`` of ``circuit``.

    Example:
        >>> import tyxq
        >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
        >>> [str(op) for op in compose(tyxq.Circuit(4), bell, qubits=[3, 1])]
        ['h q[3]', 'cnot q[3], q[1]']
    """
    places = list(range(other.n_qubits)) if qubits is None else list(qubits)
    if len(places) != other.n_qubits:
        raise QubitIndexError(
            f"compose places a {other.n_qubits}-qubit circuit, but {len(places)} qubits were given "
            f"({tuple(places)}); give one qubit of this circuit per qubit of the other"
        )
    mapping = check_qubits("compose", places, circuit.n_qubits)
    if other.inputs is not None:
        raise ParameterError(
            "compose appends operations; the other circuit starts from an input state, which cannot be appended"
        )
    for op in other.ops:
        circuit.append(replace(op, qubits=tuple(mapping[q] for q in op.qubits)))
    for bit, qubit in other.final_measurements.items():
        circuit.measure_at_end(mapping[qubit], bit)
    return circuit


def repeat(circuit: Circuit, times: int) -> Circuit:
    """A new circuit with ``circuit``'s operations ``times`` times (``times < 0``: the inverse repeated).

    Example:
        >>> import tyxq
        >>> [op.name for op in repeat(tyxq.Circuit(1).h(0).t(0), -1)]
        ['tdg', 'h']
    """
    most = MAX_OPERATIONS // max(1, len(circuit.ops))
    times = check_count(
        "times",
        times,
        minimum=-most,
        limit=most,
        too_many=f"a repeated circuit holds at most {MAX_OPERATIONS:,} operations; repeat a smaller part, or loop "
        "over the calls that run it",
    )
    body = inverse(circuit) if times < 0 else circuit
    twin = circuit.empty_copy()
    for op in list(body.ops) * abs(int(times)):
        twin.append(op)
    return twin
