"""The circuits of the composition matrix, one per feature, written once as data.

Each case is a list of operation tuples (the vocabulary of
:func:`tests.compose.dense.run`) that two interpreters read: :func:`build`
turns it into a ``tyxq.Circuit`` on the active backend, and the dense
reference (:mod:`tests.compose.dense`) simulates it with textbook matrices.
Parameters are one set ``(P,)`` or a batch ``(B, P)``; operation tuples name
parameter ``i`` by its index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

import tyxq

N_QUBITS = 3
N_PARAMS = 3

Terms = tuple[tuple[float, dict[int, str]], ...]


@dataclass(frozen=True)
class Case:
    """One feature's circuit: its operations, its register of classical bits, noise rules, initial state, and
    what probabilities, sample and counts read."""

    name: str
    ops: tuple[tuple, ...]
    n_bits: int = 0
    noise: tuple[tuple[str, str, float, tuple[int, ...] | None], ...] = ()  # (after gate, channel, value, qubits)
    readout: tuple[tuple[int, tuple[tuple[float, float], tuple[float, float]]], ...] = ()  # (qubit, confusion)
    initial: tuple[complex, ...] | None = None
    read: dict[str, tuple[int, ...]] = field(default_factory=lambda: {"qubits": (2, 0)})

    @property
    def mixed(self) -> bool:
        """Whether the final state is mixed: channels, a noise model, or measurements whose outcomes branch."""
        return bool(self.noise or self.readout) or any(op[0] in ("channel", "measure", "reset") for op in self.ops)

    @property
    def needs_noise_option(self) -> bool:
        return bool(self.noise or self.readout)


def _initial_state() -> tuple[complex, ...]:
    rng = np.random.default_rng(19)
    psi = rng.normal(size=8) + 1j * rng.normal(size=8)
    return tuple(complex(a) for a in psi / np.linalg.norm(psi))


CASES = {
    case.name: case
    for case in (
        Case(
            "gates",
            (
                ("gate", "h", (2,), None),
                ("gate", "ry", (0,), 0),
                ("gate", "rx", (1,), 1),
                ("gate", "cnot", (0, 1), None),
                ("gate", "rzz", (1, 2), 2),
                ("gate", "crx", (2, 0), 0),
            ),
        ),
        Case(
            "ctrl",
            (
                ("gate", "h", (0,), None),
                ("gate", "ry", (1,), 0),
                ("ctrl", (0, 1), (1, 0), "ry", 2, 1),
                ("ctrl", (2,), (1,), "rx", 0, 2),
            ),
        ),
        Case(
            "pauli_rot",
            (
                ("gate", "h", (0,), None),
                ("gate", "rx", (1,), 0),
                ("pauli_rot", (0, 1, 2), 1, "XYZ"),
                ("pauli_rot", (2, 0), 2, "YX"),
            ),
        ),
        Case(
            "channels",
            (
                ("gate", "ry", (0,), 0),
                ("gate", "cnot", (0, 1), None),
                ("channel", "depolarizing", 1, 0.1),
                ("gate", "rx", (2,), 1),
                ("channel", "amplitude_damping", 2, 0.2),
                ("gate", "ry", (1,), 2),
                ("channel", "bit_flip", 0, 0.15),
                ("channel", "phase_damping", 1, 0.3),
            ),
        ),
        Case(
            "noise_model",
            (
                ("gate", "ry", (0,), 0),
                ("gate", "cnot", (0, 1), None),
                ("gate", "rx", (2,), 1),
                ("gate", "cnot", (1, 2), None),
                ("gate", "ry", (1,), 2),
            ),
            noise=(("cnot", "depolarizing", 0.05, None), ("ry", "amplitude_damping", 0.1, (1,))),
            readout=((0, ((0.95, 0.1), (0.05, 0.9))),),
        ),
        Case(
            "measure_cond_reset",
            (
                ("gate", "ry", (0,), 0),
                ("measure", 0, 0),
                ("cond", (0,), (1,), "rx", (1,), 1),
                ("gate", "h", (2,), None),
                ("measure", 2, 2),
                ("reset", 2),
                ("gate", "ry", (2,), 2),
                ("cond", (0, 2), (1, 0), "x", (2,), None),
                ("cond", (1,), (0,), "h", (1,), None),  # bit 1 is never written: it reads 0
            ),
            n_bits=3,
            read={"bits": (2, 1, 0)},
        ),
        Case(
            "initial_state",
            (
                ("gate", "ry", (0,), 0),
                ("gate", "cnot", (0, 2), None),
                ("gate", "rx", (1,), 1),
                ("gate", "cz", (1, 2), None),
                ("gate", "ry", (2,), 2),
            ),
            initial=_initial_state(),
        ),
    )
}

ONE_OBSERVABLE: Terms = ((0.7, {0: "Z", 1: "Z"}), (0.3, {2: "X"}), (-0.4, {1: "Y"}))
SEVERAL_OBSERVABLES: tuple[Terms, ...] = (
    ((1.0, {0: "Z"}),),
    ((0.5, {1: "X", 2: "Y"}), (1.0, {2: "Z"})),
    ((-0.8, {0: "X", 1: "X"}), (0.2, {})),
)


def observable(terms: Terms) -> tyxq.Hamiltonian:
    """``terms`` as a tyxq Hamiltonian."""
    letters = {"X": tyxq.X, "Y": tyxq.Y, "Z": tyxq.Z}
    total: Any = None
    for coefficient, word in terms:
        string: Any = tyxq.I(0)
        for q, letter in word.items():
            string = string @ letters[letter](q)
        part = coefficient * string
        total = part if total is None else total + part
    return total


def noise_model(case: Case) -> tyxq.NoiseModel | None:
    """The case's noise rules and readout error as a ``tyxq.NoiseModel`` (``None`` without any)."""
    if not case.needs_noise_option:
        return None
    model = tyxq.NoiseModel()
    for gate, channel, value, qubits in case.noise:
        model.add(channel, value, gates=[gate], qubits=None if qubits is None else list(qubits))
    for qubit, confusion in case.readout:
        model.add_readout_error([list(row) for row in confusion], qubits=[qubit])
    return model


def build(case_name: str, params: Any) -> tyxq.Circuit:
    """The case's circuit with ``params`` (``(P,)`` or ``(B, P)`` of the active backend); picklable by name."""
    case = CASES[case_name]
    backend = tyxq.get_backend()
    inputs = None if case.initial is None else backend.asarray(np.array(case.initial))
    circuit = tyxq.Circuit(N_QUBITS, inputs, bits=case.n_bits)

    def angle(index: int | None) -> Any:
        return None if index is None else params[..., index]

    def gates(name: str, qubits: tuple[int, ...], index: int | None) -> tyxq.Circuit:
        inner = tyxq.Circuit(N_QUBITS)
        method = getattr(inner, name)
        return method(*qubits) if index is None else method(*qubits, angle(index))

    for op in case.ops:
        kind = op[0]
        if kind == "gate":
            _, name, qubits, index = op
            circuit.compose(gates(name, qubits, index))
        elif kind == "ctrl":
            _, controls, values, name, target, index = op
            circuit.ctrl(gates(name, (target,), index), controls=list(controls), control_values=list(values))
        elif kind == "pauli_rot":
            _, qubits, index, word = op
            circuit.pauli_rot(list(qubits), angle(index), word)
        elif kind == "channel":
            _, name, qubit, value = op
            getattr(circuit, name)(qubit, value)
        elif kind == "measure":
            _, qubit, bit = op
            circuit.measure(qubit, bit)
        elif kind == "reset":
            circuit.reset(op[1])
        elif kind == "cond":
            _, bits, values, name, qubits, index = op
            circuit.cond(gates(name, qubits, index), bits=list(bits), values=list(values))
        else:
            raise ValueError(f"unknown operation kind {kind!r}")
    return circuit
