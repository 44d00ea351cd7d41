"""Circuits as matplotlib figures (the optional extra ``pip install "tyxq[draw]"``).

The layout is the text drawing's (:mod:`tyxq.drawing.layout`): one
horizontal wire per qubit, one column per layer, a box with the gate's label
on each target, dots for controls (filled for 1, open for 0), crosses for
SWAP ends, and a vertical connector per multi-qubit gate. A circuit with
classical bits has a double register line ``c`` below its qubits: a
measurement's box ``M`` joins it by a double connector to a label of the bit
it writes (``c0``), a conditioned gate to a label of the bits and values it
reads (``c0=1``); resets show ``|0⟩`` and channels their name. It returns a
``matplotlib.figure.Figure`` without touching pyplot's global state, so it
works without a display.

Example:
    >>> import tyxq
    >>> figure = draw_mpl(tyxq.Circuit(2).h(0).cnot(0, 1))
    >>> type(figure).__name__, len(figure.axes)
    ('Figure', 1)
"""

from __future__ import annotations

from typing import Any

from ..circuit import Circuit
from ..errors import DrawingError
from .layout import Cell, has_register, layout
from .text import MAX_QUBITS

__all__ = ["draw_mpl"]


def _figure_class() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise DrawingError(
            'tyxq.draw_mpl needs matplotlib, which is not installed: pip install "tyxq[draw]" '
            "(or use tyxq.draw for a text drawing)"
        ) from None
    return Figure


def draw_mpl(circuit: Circuit, *, max_qubits: int = MAX_QUBITS, scale: float = 0.6) -> Any:
    """A ``matplotlib.figure.Figure`` of ``circuit`` (``scale`` inches per column and per wire).

    Example:
        >>> import tyxq
        >>> figure = draw_mpl(tyxq.Circuit(3).mcx([0, 1], 2, control_values=[1, 0]))
        >>> figure.get_size_inches().round(2).tolist()  # (1 column + 2, 3 wires) × 0.6 inch
        [1.8, 1.8]
    """
    if circuit.n_qubits > max_qubits:
        raise DrawingError(
            f"a figure of {circuit.n_qubits} wires is unreadable; tyxq.draw_mpl draws at most {max_qubits} qubits "
            "(pass max_qubits= to draw it anyway, or summarise it with tyxq.specs(circuit))"
        )
    figure_class = _figure_class()
    columns = layout(circuit)
    n = circuit.n_qubits
    wires = n + has_register(circuit)
    figure = figure_class(figsize=(scale * (len(columns) + 2), scale * max(wires, 1)))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(-1, len(columns) + 1)
    axes.set_ylim(wires - 0.5, -0.5)
    axes.axis("off")
    for wire in range(n):
        axes.plot([-0.5, len(columns) + 0.5], [wire, wire], color="black", linewidth=1, zorder=0)
        axes.text(-0.6, wire, f"q{wire}", ha="right", va="center")
    if wires > n:
        for offset in (-_DOUBLE, _DOUBLE):
            axes.plot([-0.5, len(columns) + 0.5], [n + offset] * 2, color="black", linewidth=0.8, zorder=0)
        axes.text(-0.6, n, "c", ha="right", va="center")
    for x, cells in enumerate(columns):
        for cell in cells:
            _connector(axes, x, cell)
            for wire, mark in cell.marks.items():
                _mark(axes, x, wire, mark)
    return figure


_DOUBLE = 0.04
"""Half the gap between the two lines of a classical wire or connector, in wire spacings."""


def _connector(axes: Any, x: int, cell: Cell) -> None:
    """The vertical line of ``cell``: single between its qubits, double down to the register."""
    split = cell.high if cell.classical_from is None else cell.classical_from
    if split > cell.low:
        axes.plot([x, x], [cell.low, split], color="black", linewidth=1, zorder=1)
    if split < cell.high:
        for offset in (-_DOUBLE, _DOUBLE):
            axes.plot([x + offset] * 2, [split, cell.high], color="black", linewidth=0.8, zorder=1)


def _mark(axes: Any, x: int, wire: int, mark: str) -> None:
    if mark in ("●", "○"):
        axes.plot(x, wire, "o", color="black", markerfacecolor="black" if mark == "●" else "white", zorder=2)
    elif mark == "×":
        axes.plot(x, wire, "x", color="black", markersize=9, zorder=2)
    else:
        box = {"boxstyle": "square", "facecolor": "white", "edgecolor": "black"}
        axes.text(x, wire, mark, ha="center", va="center", bbox=box, fontsize=8, zorder=3)
