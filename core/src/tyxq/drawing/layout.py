"""Where each operation of a circuit goes in a drawing, and what it shows on each of its wires.

Operations are placed left to right in *columns*: each in the first column
after the last one that uses any wire between its lowest and highest qubit
(its vertical connector crosses those wires). On each of its qubits an
operation shows a *mark*: ``●`` (control on 1), ``○`` (control on 0), ``×``
(a SWAP end), or a label — the gate's name and its parameters, written with
three significant digits, or a batched parameter as its shape ``⟨B⟩``.

Example:
    >>> import tyxq
    >>> [[cell.marks for cell in column] for column in layout(tyxq.Circuit(3).h(0).cnot(0, 2).x(1))]
    [[{0: 'H'}], [{0: '●', 2: 'X'}], [{1: 'X'}]]
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from ..circuit import Circuit, Operation
from ..gates import split_controlled
from ..kinds import OperationKind

__all__ = ["Cell", "label", "layout", "parameter_text"]

_SHOWN = {"id": "I", "h": "H", "x": "X", "y": "Y", "z": "Z", "s": "S", "t": "T", "sx": "SX"}
_SHOWN.update({"sdg": "S†", "tdg": "T†", "sxdg": "SX†"})


@dataclass(frozen=True)
class Cell:
    """One operation in a column: the mark on each of its qubits, and the span its connector covers."""

    marks: dict[int, str]
    low: int
    high: int


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
    values, base = split_controlled(op.name)
    controls, targets = op.qubits[: len(values)], op.qubits[len(values) :]
    marks = {q: "●" if v == "1" else "○" for q, v in zip(controls, values, strict=True)}
    if base == "swap":
        marks.update({q: "×" for q in targets})
    else:
        text = label(base.split("[")[0], op.params)
        marks.update({q: text for q in targets})
    return marks


def layout(circuit: Circuit) -> list[list[Cell]]:
    """The columns of a drawing of ``circuit``: in each, the cells of the operations placed there."""
    columns: list[list[Cell]] = []
    free = [0] * circuit.n_qubits  # per wire, the first column with nothing on it
    for op in circuit.ops:
        low, high = min(op.qubits), max(op.qubits)
        column = max(free[low : high + 1])
        if column == len(columns):
            columns.append([])
        columns[column].append(Cell(_marks(op), low, high))
        for wire in range(low, high + 1):
            free[wire] = column + 1
    return columns
