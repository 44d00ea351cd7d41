"""Circuits as text: one wire per qubit, folded to the terminal's width.

Each qubit is a line ``q3: ─H──●──``; a connector ``│`` joins an operation's
qubits (``┼`` where it crosses a wire it does not act on). A circuit with
classical bits has a register line ``c: ═c0═`` below its qubits, joined to a
measurement or a conditioned gate by a double connector ``║`` (``╫`` where it
crosses a qubit); see :mod:`tyxq.drawing.layout` for the marks. A drawing wider
than ``width`` (the terminal's, from :func:`shutil.get_terminal_size`, by
default) is folded: the columns continue in another block below, each block
line ending in ``»`` and the next starting with ``«``. A circuit of more than
``max_qubits`` qubits is refused rather than printed as thousands of lines.

Example:
    >>> import tyxq
    >>> print(draw(tyxq.Circuit(3).h(0).cnot(0, 1).cnot(1, 2)))
    q0: ─H──●─────
            │
    q1: ────X──●──
               │
    q2: ───────X──
"""

from __future__ import annotations

import shutil

from ..circuit import Circuit
from ..errors import DrawingError
from .layout import Cell, has_register, layout

__all__ = ["MAX_QUBITS", "draw"]

MAX_QUBITS = 256
"""Most qubits :func:`draw` draws unless asked for more (two lines each)."""


def _column_lines(n: int, cells: list[Cell], register: bool) -> list[str]:
    """The ``2n - 1`` lines (wires and the gaps between them) of one column; the last wire is the register if any."""
    width = max(len(text) for cell in cells for text in cell.marks.values()) + 2
    fills = ["─"] * n
    if register:
        fills[-1] = "═"
    wires = [fill * width for fill in fills]
    gaps = [" " * width] * (n - 1)
    middle = width // 2
    for cell in cells:
        split = cell.high if cell.classical_from is None else cell.classical_from
        for wire in range(cell.low, cell.high + 1):
            text = cell.marks.get(wire)
            fill = fills[wire]
            if text is None:
                wires[wire] = fill * middle + ("┼" if wire < split else "╫") + fill * (width - middle - 1)
            else:
                left = (width - len(text) + 1) // 2
                wires[wire] = fill * left + text + fill * (width - left - len(text))
        for gap in range(cell.low, cell.high):
            gaps[gap] = " " * middle + ("│" if gap < split else "║") + " " * (width - middle - 1)
    lines = []
    for wire in range(n):
        lines.append(wires[wire])
        if wire < n - 1:
            lines.append(gaps[wire])
    return lines


def draw(circuit: Circuit, *, width: int | None = None, max_qubits: int = MAX_QUBITS) -> str:
    """A text drawing of ``circuit``, folded to ``width`` columns (the terminal's by default).

    Example:
        >>> import numpy as np, tyxq
        >>> print(draw(tyxq.Circuit(2).rx(0, np.array([0.1, 0.2])).crz(0, 1, 0.5)))
        q0: ─rx(⟨2⟩)─────●─────
                         │
        q1: ──────────rz(0.5)──
    """
    n = circuit.n_qubits
    if n > max_qubits:
        raise DrawingError(
            f"a drawing of {n} qubits would have {2 * n - 1} lines; tyxq.draw draws at most {max_qubits} qubits. "
            "Pass max_qubits= to draw it anyway, draw a part (circuit.compose of a smaller one), or summarise it "
            "with tyxq.specs(circuit)"
        )
    width = width or shutil.get_terminal_size().columns
    register = has_register(circuit)
    names = [f"q{q}: " for q in range(n)] + (["c: "] if register else [])
    wires = len(names)
    pad = max(len(name) for name in names)
    prefixes = [names[row // 2].ljust(pad) if row % 2 == 0 else " " * pad for row in range(2 * wires - 1)]
    fills = ["═" if register and row == 2 * wires - 2 else "─" for row in range(2 * wires - 1)]
    columns = [_column_lines(wires, cells, register) for cells in layout(circuit)] or [
        [fills[r] * 2 if r % 2 == 0 else "  " for r in range(2 * wires - 1)]
    ]
    blocks: list[list[list[str]]] = [[]]
    used = pad + 2
    for column in columns:
        if blocks[-1] and used + len(column[0]) > width:
            blocks.append([])
            used = pad + 2
        blocks[-1].append(column)
        used += len(column[0])
    text_blocks = []
    for b, block in enumerate(blocks):
        lines = []
        for row in range(2 * wires - 1):
            wire = row % 2 == 0
            start = ("«" if wire else " ") if b > 0 else ""
            end = (fills[row] + ("»" if b < len(blocks) - 1 else "")) if wire else ""
            lines.append((prefixes[row] + start + "".join(column[row] for column in block) + end).rstrip())
        text_blocks.append("\n".join(lines))
    return "\n\n".join(text_blocks)
