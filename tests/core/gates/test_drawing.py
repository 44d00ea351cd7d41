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


# --- the classical side: measurements, bits, conditions, resets, channels, in circuit order -------------

FEED_FORWARD = """\
q0: ─H───M────────
         ║
q1: ─────╫────X───
         ║    ║
c:  ════c0══c0=1══"""


def feed_forward() -> tyxq.Circuit:
    return tyxq.Circuit(2).h(0).measure(0).cond(tyxq.Operation("x", (1,)), bits=0)


def test_a_conditioned_gate_is_drawn_after_its_measurement_with_the_bit_it_reads() -> None:
    text = tyxq.draw(feed_forward(), width=200)
    assert text == FEED_FORWARD
    assert text != tyxq.draw(tyxq.Circuit(2).x(1).h(0).measure(0), width=200)  # the two circuits differ
    q0, _, q1, _, register = text.splitlines()
    assert q0.index("M") < q1.index("X")  # the gate comes in a later column than the measurement it reads
    assert register.index("c0") < register.index("c0=1")


def test_the_packing_never_moves_a_classical_operation_before_an_earlier_one() -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        circuit = tyxq.Circuit(4)
        for _ in range(12):
            qubit = int(rng.integers(4))
            if circuit.n_bits and rng.random() < 0.4:
                bit = int(rng.integers(circuit.n_bits))
                circuit.cond(tyxq.Operation("x", (qubit,)), bits=bit, values=int(rng.integers(2)))
            elif rng.random() < 0.5:
                circuit.measure(qubit)
            else:
                circuit.h(qubit)
        columns = tyxq.drawing.layout.layout(circuit)
        register = circuit.n_qubits
        placed = [x for x, cells in enumerate(columns) for cell in cells if register in cell.marks]
        classical = [op for op in circuit.ops if op.bit is not None or op.condition is not None]
        assert len(placed) == len(classical) and placed == sorted(set(placed))  # one column each, in order
        shown = [cell.marks[register] for cells in columns for cell in cells if register in cell.marks]
        expected = [
            f"c{op.bit}"
            if op.condition is None
            else ",".join(f"c{b}={v}" for b, v in zip(op.condition.bits, op.condition.values, strict=True))
            for op in classical
        ]
        assert shown == expected


def test_a_gate_reading_several_bits_shows_each_bit_and_value() -> None:
    condition = {"bits": [0, 1], "values": [1, 0]}
    circuit = tyxq.Circuit(3).h([0, 2]).measure(0).measure(2).cond(tyxq.Operation("cnot", (0, 1)), **condition)
    lines = tyxq.draw(circuit, width=200).splitlines()
    assert lines[-1].split() == ["c:", "════c0══c1══c0=1,c1=0══"]
    assert "●" in lines[0] and "X" in lines[2]
    assert lines[3].count("║") == 2 and lines[1].count("│") == 1  # classical below the target, quantum between


def test_resets_and_channels_are_drawn_by_name() -> None:
    circuit = tyxq.Circuit(2).h(0).reset(0).depolarizing(1, 0.1).amplitude_damping(0, 0.25)
    circuit.kraus(1, [np.eye(2)])
    lines = tyxq.draw(circuit, width=200).splitlines()
    assert len(lines) == 3  # no classical bits: no register line
    assert lines[0].index("H") < lines[0].index("|0⟩") < lines[0].index("amplitude_damping(0.25)")
    assert lines[2].index("depolarizing(0.1)") < lines[2].index("kraus")


def test_final_measurements_are_drawn_last_with_their_bits() -> None:
    circuit = tyxq.Circuit(2, bits=3).h(0).cnot(0, 1).measure_at_end([0, 1], [2, 0])
    lines = tyxq.draw(circuit, width=200).splitlines()
    assert lines[-1].startswith("c:") and "c2" in lines[-1] and "c0" in lines[-1]
    assert lines[0].index("M") > lines[0].index("●") and lines[2].index("M") > lines[2].index("X")
    assert lines[-1].index("c2") < lines[-1].index("c0")  # in the order they were recorded


def test_a_declared_register_without_measurements_still_has_its_line() -> None:
    assert tyxq.draw(tyxq.Circuit(1, bits=2).h(0), width=80).splitlines() == ["q0: ─H──", "", "c:  ════"]


def test_a_folded_drawing_continues_the_register_line() -> None:
    text = tyxq.draw(feed_forward() * 4, width=40)
    blocks = text.split("\n\n")
    assert len(blocks) == 2
    assert blocks[0].splitlines()[-1].endswith("═»") and blocks[1].splitlines()[-1].startswith("c:  «═")
    assert sum(block.count("c0=1") for block in blocks) == 4


def _texts(figure: object) -> list[tuple[float, float, str]]:
    return [(t.get_position()[0], t.get_position()[1], t.get_text()) for t in figure.axes[0].texts]  # type: ignore[attr-defined]


def test_draw_mpl_shows_the_measurement_the_bit_and_the_condition_in_order() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = tyxq.draw_mpl(feed_forward())
    texts = _texts(figure)
    by_text = {text: (x, y) for x, y, text in texts}
    assert sorted(by_text) == ["H", "M", "X", "c", "c0", "c0=1", "q0", "q1"]
    assert by_text["M"] == (1, 0) and by_text["c0"] == (1, 2)  # the measurement and its bit share a column
    assert by_text["X"] == (2, 1) and by_text["c0=1"] == (2, 2)  # the conditioned gate comes after it
    assert by_text["c"][1] == 2
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # Agg renders it: the pixels are not all white
    pixels = np.asarray(canvas.buffer_rgba())
    assert pixels.shape[-1] == 4 and (pixels[..., :3] < 128).any()


def test_draw_mpl_draws_resets_channels_and_final_measurements() -> None:
    circuit = tyxq.Circuit(2).reset(0).bit_flip(1, 0.2).measure_at_end(1)
    texts = sorted(text for _, _, text in _texts(tyxq.draw_mpl(circuit)))
    assert texts == ["M", "bit_flip(0.2)", "c", "c0", "q0", "q1", "|0⟩"]
