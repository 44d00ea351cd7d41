"""Drawing circuits: :func:`draw` as text, :func:`draw_mpl` with matplotlib.

Example:
    >>> import tyxq
    >>> print(tyxq.draw(tyxq.Circuit(2).h(0).cnot(0, 1)))
    q0: ─H──●──
            │
    q1: ────X──
"""

from __future__ import annotations

from .mpl import draw_mpl
from .text import MAX_QUBITS, draw

__all__ = ["MAX_QUBITS", "draw", "draw_mpl"]
