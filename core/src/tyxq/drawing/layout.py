"""Where each operation of a circuit goes in a drawing, and what it shows on each of its wires.

Operations are placed left to right in *columns*, in circuit order: each in
the first column after the last one that uses any wire between its lowest
and highest (its vertical connector crosses those wires). On each of its
qubits an operation shows a *mark*: ``●`` (control on 1), ``○`` (control on
0), ``×`` (a SWAP end), ``M`` (a measurement), ``|0⟩`` (a reset), or a
label — the gate's or channel's name and its parameters, written with three
significant digits, or a batched parameter as its shape ``⟨B⟩``.

A circuit with classical bits (:attr:`~tyxq.Circuit.n_bits` > 0) gets one more
wire below its qubits, the *register* ``c``. A measurement marks it with the
bit it writes (``c0``), a conditioned gate with the bits and values it reads
(``c0=1``, or ``c0=1,c2=0``), and the connector between the qubit and the
register is *classical* (drawn double). Since every measurement and every
condition uses the register wire, the packing never moves a gate before a
measurement it depends on. The final measurements
(:meth:`~tyxq.Circuit.measure_at_end`) come last, one column each.

Example:
    >>> import tyxq
    >>> [[cell.marks for cell in column] for column in layout(tyxq.Circuit(3).h(0).cnot(0, 2).x(1))]
    [[{0: 'H'}], [{0: '●', 2: 'X'}], [{1: 'X'}]]
    >>> c = tyxq.Circuit(2).h(0).measure(0).cond(tyxq.Operation("x", (1,)), bits=0)
    >>> [[cell.marks for cell in column] for column in layout(c)]
    [[{0: 'H'}], [{0: 'M', 2: 'c0'}], [{1: 'X', 2: 'c0=1'}]]
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from ..circuit import Circuit, Operation
from ..gates import split_controlled
from ..kinds import OperationKind

__all__ = ["Cell", "has_register", "label", "layout", "parameter_text"]

_SHOWN = {"id": "I", "h": "H", "x": "X", "y": "Y", "z": "Z", "s": "S", "t": "T", "sx": "SX"}
_SHOWN.update({"sdg": "S†", "tdg": "T†", "sxdg": "SX†"})


@dataclass(frozen=True)
class Cell:
    """One operation in a column: the mark on each of its wires, and the span its connector covers.

    The connector is quantum from ``low`` to ``classical_from`` and classical
    (double) from there to ``high``, the register wire; ``classical_from`` is
    ``None`` for an operation that touches no classical bit.
    """

    marks: dict[int, str]
    low: int
    high: int
    classical_from: int | None = None


def parameter_text(value: Any) -> str:
    """A parameter as three significant digits, or a batch as ``⟨B⟩`` (its shape).

    Example:
        >>> import numpy as np
        >>> parameter_text(0.12345), parameter_text(np.zeros(8)), parameter_text(np.float64(2.0))
        ('0.123', '⟨8⟩', '2')
    """
    shape = tuple(getattr(value, "shape", ()))
    if shape:
        return "⟨" + ",".join(str(extent) for extent in shape) + "⟩"
    if not isinstance(value, numbers.Real):
        detached = value.detach() if hasattr(value, "detach") else value  # autograd arrays: show the value only
        try:
            value = float(detached)
        except (TypeError, ValueError, RuntimeError):
            return "·"
    return f"{float(value):.3g}"


def label(name: str, params: tuple[Any, ...]) -> str:
    """The text of a gate: ``H``, ``rx(0.5)``, ``fsim(0.3, 0.2)``.

    Example:
        >>> label("h", ()), label("sdg", ()), label("rx", (0.5,))
        ('H', 'S†', 'rx(0.5)')
    """
    shown = _SHOWN.get(name, name)
    return shown + (f"({', '.join(parameter_text(p) for p in params)})" if params else "")


def _marks(op: Operation) -> dict[int, str]:
    if op.kind is OperationKind.MATRIX:
        return {q: "U" for q in op.qubits}
    if op.kind is OperationKind.KRAUS:
        return {q: "kraus" for q in op.qubits}
    if op.kind in _CLASSICAL_MARKS:
        return {op.qubits[0]: _CLASSICAL_MARKS[op.kind]}
    values, base = split_controlled(op.name)
    controls, targets = op.qubits[: len(values)], op.qubits[len(values) :]
    marks = {q: "●" if v == "1" else "○" for q, v in zip(controls, values, strict=True)}
    if base == "swap":
        marks.update({q: "×" for q in targets})
    else:
        text = label(base.split("[")[0], op.params)
        marks.update({q: text for q in targets})
    return marks


_CLASSICAL_MARKS = {OperationKind.MEASURE: "M", OperationKind.RESET: "|0⟩"}


def has_register(circuit: Circuit) -> bool:
    """Whether a drawing of ``circuit`` has a register wire: whether it has classical bits."""
    return circuit.n_bits > 0


def _cell(op: Operation, register: int | None) -> Cell:
    """The cell of ``op``; ``register`` is the register wire's index (``None``: no register)."""
    marks = _marks(op)
    low, high = min(op.qubits), max(op.qubits)
    if register is None or (op.bit is None and op.condition is None):
        return Cell(marks, low, high)
    if op.condition is not None:
        pairs = zip(op.condition.bits, op.condition.values, strict=True)
        marks[register] = ",".join(f"c{bit}={value}" for bit, value in pairs)
    else:
        marks[register] = f"c{op.bit}"
    return Cell(marks, low, register, classical_from=high)


def layout(circuit: Circuit) -> list[list[Cell]]:
    """The columns of a drawing of ``circuit``: in each, the cells of the operations placed there."""
    register = circuit.n_qubits if has_register(circuit) else None
    cells = [_cell(op, register) for op in circuit.ops]
    for bit, qubit in circuit.final_measurements.items():
        cells.append(Cell({qubit: "M", circuit.n_qubits: f"c{bit}"}, qubit, circuit.n_qubits, classical_from=qubit))
    columns: list[list[Cell]] = []
    free = [0] * (circuit.n_qubits + (register is not None))  # per wire, the first column with nothing on it
    for cell in cells:
        column = max(free[cell.low : cell.high + 1])
        if column == len(columns):
            columns.append([])
        columns[column].append(cell)
        for wire in range(cell.low, cell.high + 1):
            free[wire] = column + 1
    return columns
