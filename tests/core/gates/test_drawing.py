"""tyxq.draw (golden text, folding, refusal) and tyxq.draw_mpl."""

from __future__ import annotations

import os

import numpy as np
import pytest

import tyxq

GHZ = """\
q0: ─H──●─────
        │
q1: ────X──●──
           │
q2: ───────X──"""

QFT = """\
q0: ─H──phase(1.57)──phase(0.785)──phase(0.393)───────────────────────────────────────────────────×─────
             │             │             │                                                        │
q1: ─────────●─────────────┼─────────────┼───────H──phase(1.57)──phase(0.785)─────────────────────┼──×──
                           │             │               │             │                          │  │
q2: ───────────────────────●─────────────┼───────────────●─────────────┼───────H──phase(1.57)─────┼──×──
                                         │                             │               │          │
q3: ─────────────────────────────────────●─────────────────────────────●───────────────●───────H──×─────"""

ANSATZ = """\
q0: ─ry(⟨2⟩)──●──────────────
              │
q1: ─ry(⟨2⟩)──X──●───────────
                 │
q2: ─ry(⟨2⟩)─────X──rz(⟨2⟩)──"""


def qft(n: int) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n)
    for j in range(n):
        circuit.h(j)
        for k in range(j + 1, n):
            circuit.cphase(k, j, np.pi / 2 ** (k - j))
    for j in range(n // 2):
        circuit.swap(j, n - 1 - j)
    return circuit


def test_ghz_drawing() -> None:
    assert tyxq.draw(tyxq.Circuit(3).h(0).cnot(0, 1).cnot(1, 2), width=200) == GHZ


def test_qft_drawing_on_four_qubits() -> None:
    assert tyxq.draw(qft(4), width=200) == QFT


def test_batched_ansatz_shows_its_parameters_as_shapes() -> None:
    weights = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    ansatz = tyxq.Circuit(3).ry([0, 1, 2], weights).cnot(0, 1).cnot(1, 2).rz(2, np.array([0.1, 0.2]))
    assert tyxq.draw(ansatz, width=200) == ANSATZ


def test_controls_on_zero_and_swaps_and_crossings() -> None:
    text = tyxq.draw(tyxq.Circuit(3).mcx([0, 2], 1, control_values=[0, 1]).cswap(1, 0, 2), width=200)
    assert text.splitlines() == [
        "q0: ─○──×──",
        "     │  │",
        "q1: ─X──●──",
        "     │  │",
        "q2: ─●──×──",
    ]


def test_a_circuit_wider_than_the_terminal_folds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.get_terminal_size", lambda *args: os.terminal_size((60, 24)))
    circuit = qft(4) * 3
    text = tyxq.draw(circuit)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    blocks = text.split("\n\n")
    assert len(blocks) > 3
    assert all(line.endswith("»") for line in blocks[0].splitlines()[::2])
    assert all(line.startswith("q") and "«" in line for line in blocks[1].splitlines()[::2])
    gates = sum(line.count("H") for block in blocks for line in block.splitlines())
    assert gates == 12  # every H of the three QFTs is drawn once, across the folds


def test_a_circuit_of_ten_thousand_qubits_is_refused_with_the_way_out() -> None:
    with pytest.raises(tyxq.DrawingError, match=r"10000 qubits.*max_qubits=.*tyxq.specs"):
        tyxq.draw(tyxq.Circuit(10_000).h(0))


def test_draw_mpl_returns_a_figure_with_one_box_per_target() -> None:
    figure = tyxq.draw_mpl(tyxq.Circuit(3).h(0).cnot(0, 1).rx(2, 0.5).ctrl(tyxq.Circuit(3).s(2), 0))
    texts = sorted(t.get_text() for t in figure.axes[0].texts)
    assert texts == ["H", "S", "X", "q0", "q1", "q2", "rx(0.5)"]
