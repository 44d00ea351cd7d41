"""Gate angles: the parameters of a circuit's gates, the quantities adjoint and parameter shift differentiate.

An *angle slot* is one parameter of one operation. Its value is a number,
a 0-d array, or a 1-D batch ``(B,)``; the engines return, for every slot,
the derivative of each batch member's value, shape ``(B,)``, and
:func:`~tyxq.gradients.angles.reduce_to_slot` folds that into the slot's own shape (a shared,
unbatched angle collects the sum over the batch).

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).rx(0, 0.1).u(1, 0.1, 0.2, 0.3)
    >>> [(s.op, s.param) for s in angle_slots(c)]
    [(1, 0), (2, 0), (2, 1), (2, 2)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..circuit import Circuit
from ..kinds import OperationKind

__all__ = [
    "AngleSlot",
    "angle_slots",
    "describe_slot",
    "host_angles",
    "is_batched",
    "reduce_to_slot",
    "replace_angles",
]


@dataclass(frozen=True)
class AngleSlot:
    """Parameter ``param`` of operation ``op``."""

    op: int
    param: int


def angle_slots(circuit: Circuit) -> tuple[AngleSlot, ...]:
    """Every gate parameter of ``circuit``, in circuit order (channel parameters are not angles)."""
    return tuple(
        AngleSlot(i, j)
        for i, op in enumerate(circuit.ops)
        if op.kind is OperationKind.GATE
        for j in range(len(op.params))
    )


def describe_slot(circuit: Circuit, slot: AngleSlot) -> str:
    """``"parameter 0 of rx on qubit 2 (operation 5)"``: how error messages name a gate angle."""
    op = circuit.ops[slot.op]
    qubits = ", ".join(map(str, op.qubits))
    plural = "s" if len(op.qubits) > 1 else ""
    return f"parameter {slot.param} of {op.name} on qubit{plural} {qubits} (operation {slot.op})"


def is_batched(value: Any) -> bool:
    """Whether an angle value carries a batch axis."""
    return len(tuple(getattr(value, "shape", ()))) == 1


def replace_angles(circuit: Circuit, slots: Sequence[AngleSlot], values: Sequence[Any], inputs: Any = None) -> Circuit:
    """``circuit`` with the angles in ``slots`` set to ``values`` (and, if given, new ``inputs``)."""
    params = [list(op.params) for op in circuit.ops]
    for slot, value in zip(slots, values, strict=True):
        params[slot.op][slot.param] = value
    if inputs is None:
        return circuit.with_params([tuple(p) for p in params])
    return circuit.with_params([tuple(p) for p in params], inputs=inputs)


def reduce_to_slot(backend: Backend, per_member: Array, value: Any) -> Array:
    """Fold the per-member derivatives ``(B,)`` of one slot into the shape of its ``value``."""
    if is_batched(value):
        return per_member
    return backend.sum(per_member)


def host_angles(backend: Backend, circuit: Circuit, slots: Sequence[AngleSlot]) -> list[np.ndarray]:
    """Each slot's value as a float64 host array (``()`` or ``(B,)``)."""
    values = []
    for slot in slots:
        value = circuit.ops[slot.op].params[slot.param]
        if backend.is_array(value):
            value = backend.to_numpy(backend.detach(value))
        values.append(np.asarray(value, dtype=np.float64))
    return values
