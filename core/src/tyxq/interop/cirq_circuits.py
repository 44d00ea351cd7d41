"""Cirq circuits to and from ``tyxq.Circuit``, for the gates both have.

Cirq orders a statevector as tyxq does (the first qubit of the order is the
most significant bit), so qubit ``i`` of ``qubits`` (by default
``sorted(circuit.all_qubits())`` one way, ``cirq.LineQubit.range(n)`` the
other) is tyxq's qubit ``i`` and ``tyxq.state(from_cirq(c))`` equals
``cirq.Simulator().simulate(c, qubit_order=qubits).final_state_vector``.

Cirq's gates are powers: ``X**t = e^{iπt/2}·rx(πt)``, ``Z**t = phase(πt)``,
``XX**t = e^{iπt/2}·rxx(πt)`` with ``global_shift`` adding ``e^{iπt·shift}``.
``from_cirq`` keeps those global phases exactly, as ``rz(-2φ)·phase(2φ)`` on
the gate's first qubit (``global_phase=False`` drops them); ``to_cirq``
writes tyxq's rotations as Cirq's ``rx``/``ry``/``rz`` and
``XXPowGate(global_shift=-1/2)``, which carry no extra phase. A gate with no
Cirq counterpart is a ``cirq.MatrixGate``, and a Cirq gate with no tyxq one a
``unitary`` of its matrix. Measurements write one classical bit per
measured qubit (keys numbered in order of appearance; a measurement that
nothing after it touches is a final one, ``Circuit.measure_at_end``, and
``to_cirq`` writes final measurements last), ``cirq.ResetChannel``
is ``reset``, the noise channels both have carry over (``depolarizing(p)`` is
``cirq.depolarize(3p/4)``; bit and phase flips, amplitude and phase damping),
and a classically controlled operation on keys of single-qubit measurements
is a gate conditioned on those bits being 1. Symbolic parameters are refused:
resolve them with ``cirq.resolve_parameters`` first.

Example:
    >>> import cirq, numpy as np, tyxq
    >>> a, b = cirq.LineQubit.range(2)
    >>> c = from_cirq(cirq.Circuit([cirq.H(a), cirq.CNOT(a, b), cirq.rz(0.3).on(b)]))
    >>> [op.name for op in c]
    ['h', 'cnot', 'rz']
    >>> print(to_cirq(tyxq.Circuit(2).h(0).cz(0, 1)))
    0: ───H───@───
              │
    1: ───────@───
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..circuit import Circuit, Operation
from ..errors import InteropError
from .extras import require
from .reading import gate_matrix, kind_of
from .terms import host_angle

if TYPE_CHECKING:
    import cirq as cirq_module

__all__ = ["from_cirq", "to_cirq"]

_TOLERANCE = 1e-12


def from_cirq(
    circuit: cirq_module.Circuit, qubits: Sequence[Any] | None = None, *, global_phase: bool = True
) -> Circuit:
    """The tyxq circuit of a Cirq circuit (see the module docstring for the conventions)."""
    cirq = require("cirq", "cirq")
    if cirq.is_parameterized(circuit):
        raise InteropError(
            f"the Cirq circuit has symbolic parameters {sorted(map(str, cirq.parameter_names(circuit)))}; "
            "resolve them first: cirq.resolve_parameters(circuit, {'theta': 0.1, ...})"
        )
    order = list(sorted(circuit.all_qubits()) if qubits is None else qubits)
    index = {q: i for i, q in enumerate(order)}
    missing = [q for q in circuit.all_qubits() if q not in index]
    if missing:
        raise InteropError(f"the circuit acts on {missing}, which qubits= does not list")
    reader = _CirqReader(cirq, Circuit(max(len(order), 1)), index, global_phase)
    read_keys = {str(key) for op in circuit.all_operations() for key in cirq.control_keys(op)}
    for moment_index, moment in enumerate(circuit):
        for op in moment:
            final = (
                cirq.is_measurement(op)
                and not isinstance(op, cirq.ClassicallyControlledOperation)
                and circuit.next_moment_operating_on(op.qubits, moment_index + 1) is None
                and not {str(key) for key in cirq.measurement_key_names(op)} & read_keys
            )
            reader.operation(op, final=final)
    return reader.circuit


class _CirqReader:
    def __init__(self, cirq: Any, circuit: Circuit, index: dict[Any, int], global_phase: bool) -> None:
        self.cirq, self.circuit, self.index, self.global_phase = cirq, circuit, index, global_phase
        self.keys: dict[str, list[int]] = {}

    def operation(self, op: Any, final: bool = False) -> None:
        """Append ``op``; a ``final`` measurement (nothing after it touches its qubits or reads its key) at the end."""
        cirq = self.cirq
        if isinstance(op, cirq.ClassicallyControlledOperation):
            self.controlled(op)
            return
        qubits = [self.index[q] for q in op.qubits]
        gate = op.gate
        if isinstance(gate, cirq.MeasurementGate):
            self.measure(gate, qubits, final)
        elif isinstance(gate, cirq.ResetChannel):
            self.circuit.apply("reset", *qubits)
        elif isinstance(gate, cirq.GlobalPhaseGate):
            self.phase(cmath.phase(complex(gate.coefficient)), 0)
        elif self.channel(gate, qubits):
            return
        elif not self.named(gate, qubits):
            if not cirq.has_unitary(op):
                raise InteropError(
                    f"the Cirq operation {op} has no tyxq gate and no unitary (a channel or a measurement with "
                    "inverted bits): tyxq reads Cirq's gates, measurements and resets"
                )
            self.circuit.unitary(matrix=cirq.unitary(op), qubits=qubits)

    def named(self, gate: Any, qubits: list[int]) -> bool:
        """Append ``gate`` as a tyxq gate (and its global phase); ``False`` if it has none."""
        cirq = self.cirq
        for name, known in _fixed_gates(cirq).items():
            if gate == known:
                self.circuit.apply(name, *qubits)
                return True
        pauli_powers = {cirq.XPowGate: "rx", cirq.YPowGate: "ry", cirq.XXPowGate: "rxx", cirq.YYPowGate: "ryy",
                        cirq.ZZPowGate: "rzz"}
        for kind, name in pauli_powers.items():
            if isinstance(gate, kind):
                t, shift = float(gate.exponent), float(gate.global_shift)
                self.circuit.apply(name, *qubits, params=[math.pi * t])
                self.phase(math.pi * t * (shift + 0.5), qubits[0])
                return True
        if isinstance(gate, cirq.ZPowGate):  # Z**t·e^{iπt·shift}; Rz is the one with shift -1/2
            t, shift = float(gate.exponent), float(gate.global_shift)
            if shift == -0.5:
                self.circuit.apply("rz", *qubits, params=[math.pi * t])
                return True
            self.circuit.apply("phase", *qubits, params=[math.pi * t])
            self.phase(math.pi * t * shift, qubits[0])
            return True
        if type(gate) is cirq.CZPowGate:
            t, shift = float(gate.exponent), float(gate.global_shift)
            self.circuit.apply("cphase", *qubits, params=[math.pi * t])
            self.phase(math.pi * t * shift, qubits[0])
            return True
        if isinstance(gate, cirq.FSimGate):
            self.circuit.apply("fsim", *qubits, params=[float(gate.theta), float(gate.phi)])
            return True
        if type(gate) is cirq.ISwapPowGate and float(gate.global_shift) == 0:
            self.circuit.apply("iswap_pow", *qubits, params=[float(gate.exponent)])
            return True
        return False

    def channel(self, gate: Any, qubits: list[int]) -> bool:
        """Append one of the noise channels both have; ``False`` if ``gate`` is none of them."""
        cirq = self.cirq
        if isinstance(gate, cirq.DepolarizingChannel) and gate.num_qubits() == 1:
            self.circuit.apply("depolarizing", *qubits, params=[4 * float(gate.p) / 3])
        elif isinstance(gate, cirq.BitFlipChannel):
            self.circuit.apply("bit_flip", *qubits, params=[float(gate.p)])
        elif isinstance(gate, cirq.PhaseFlipChannel):
            self.circuit.apply("phase_flip", *qubits, params=[float(gate.p)])
        elif isinstance(gate, cirq.AmplitudeDampingChannel):
            self.circuit.apply("amplitude_damping", *qubits, params=[float(gate.gamma)])
        elif isinstance(gate, cirq.PhaseDampingChannel):
            self.circuit.apply("phase_damping", *qubits, params=[float(gate.gamma)])
        else:
            return False
        return True

    def phase(self, phi: float, qubit: int) -> None:
        if self.global_phase and abs(phi) > _TOLERANCE:
            self.circuit.apply("rz", qubit, params=[-2 * phi]).apply("phase", qubit, params=[2 * phi])

    def measure(self, gate: Any, qubits: list[int], final: bool) -> None:
        if any(gate.full_invert_mask()):
            raise InteropError(
                f"the measurement {gate} inverts bits, which tyxq's measure does not: apply X before measuring instead"
            )
        key = str(gate.mkey)
        if key not in self.keys:
            start = sum(len(b) for b in self.keys.values())
            self.keys[key] = list(range(start, start + len(qubits)))
        if final:
            self.circuit.measure_at_end(qubits, self.keys[key])
            return
        for qubit, bit in zip(qubits, self.keys[key], strict=True):
            self.circuit.measure(qubit, bit)

    def controlled(self, op: Any) -> None:
        cirq = self.cirq
        bits = []
        for condition in op.classical_controls:
            key = str(getattr(condition, "key", ""))
            if not isinstance(condition, cirq.KeyCondition) or len(self.keys.get(key, ())) != 1:
                raise InteropError(
                    f"the condition {condition} is not a single-qubit measurement key: tyxq conditions a gate on "
                    "classical bits holding given values"
                )
            bits.append(self.keys[key][0])
        block = _CirqReader(cirq, Circuit(self.circuit.n_qubits), self.index, self.global_phase)
        block.operation(op.without_classical_controls())
        self.circuit.cond(block.circuit, bits, [1] * len(bits))


def to_cirq(circuit: Circuit, qubits: Sequence[Any] | None = None) -> cirq_module.Circuit:
    """A Cirq circuit of the same gates (see the module docstring); ``qubits`` defaults to ``cirq.LineQubit.range(n)``.

    Parameters become numbers (a batched circuit is refused). Noise channels
    become Cirq's channels where they agree (``depolarizing(p)`` is
    ``cirq.depolarize(3p/4)``; bit and phase flips, amplitude and phase damping);
    the others are refused.
    """
    cirq = require("cirq", "cirq")
    if circuit.batch_size is not None or circuit.inputs is not None:
        raise InteropError(
            "to_cirq converts a circuit of gates with one set of parameters: this one is batched or starts from an "
            "input state; convert one member, and prepare the state in Cirq"
        )
    targets = list(cirq.LineQubit.range(circuit.n_qubits) if qubits is None else qubits)
    if len(targets) != circuit.n_qubits:
        raise InteropError(f"qubits lists {len(targets)} qubits for a {circuit.n_qubits}-qubit circuit")
    operations = []
    for op in circuit.ops:
        on = [targets[q] for q in op.qubits]
        written = _cirq_operation(cirq, op, on)
        if op.condition is not None:
            if any(v != 1 for v in op.condition.values):
                raise InteropError(
                    f"{op} is conditioned on a bit holding 0, which Cirq's key conditions (a nonzero outcome) do "
                    "not express: condition on 1, with an X before the measurement"
                )
            written = written.with_classical_controls(*(f"c{b}" for b in op.condition.bits))
        operations.append(written)
    finals = [cirq.measure(targets[qubit], key=f"c{bit}") for bit, qubit in circuit.final_measurements.items()]
    return cirq.Circuit(operations + finals)


def _cirq_operation(cirq: Any, op: Operation, on: list[Any]) -> Any:
    kind = kind_of(op)
    if kind == "measure":
        return cirq.measure(*on, key=f"c{op.bit}")
    params = [host_angle(p, f"parameter {i} of {op.name}") for i, p in enumerate(op.params)]
    if kind in ("reset", "channel"):
        return _cirq_channel(cirq, op.name, params).on(*on)
    if kind == "matrix" or op.spec is None:
        return cirq.MatrixGate(np.asarray(op.matrix)).on(*on)
    fixed = _fixed_gates(cirq)
    if op.name in fixed:
        return fixed[op.name].on(*on)
    turns = params[0] / math.pi if params else 0.0
    rotations = {"rx": lambda: cirq.rx(params[0]), "ry": lambda: cirq.ry(params[0]), "rz": lambda: cirq.rz(params[0]),
                 "phase": lambda: cirq.ZPowGate(exponent=turns), "cphase": lambda: cirq.CZPowGate(exponent=turns),
                 "rxx": lambda: cirq.XXPowGate(exponent=turns, global_shift=-0.5),
                 "ryy": lambda: cirq.YYPowGate(exponent=turns, global_shift=-0.5),
                 "rzz": lambda: cirq.ZZPowGate(exponent=turns, global_shift=-0.5),
                 "fsim": lambda: cirq.FSimGate(theta=params[0], phi=params[1]),
                 "iswap_pow": lambda: cirq.ISwapPowGate(exponent=params[0])}
    if op.name in rotations:
        return rotations[op.name]().on(*on)
    return cirq.MatrixGate(gate_matrix(op.spec, params), name=op.name).on(*on)


def _fixed_gates(cirq: Any) -> dict[str, Any]:
    """tyxq's parameterless gates that are exactly a Cirq gate (no global phase between them)."""
    return {"id": cirq.I, "h": cirq.H, "x": cirq.X, "y": cirq.Y, "z": cirq.Z, "s": cirq.S, "sdg": cirq.S**-1,
            "t": cirq.T, "tdg": cirq.T**-1, "sx": cirq.X**0.5, "sxdg": cirq.X**-0.5, "cnot": cirq.CNOT,
            "cz": cirq.CZ, "swap": cirq.SWAP, "iswap": cirq.ISWAP, "iswapdg": cirq.ISWAP**-1, "ccx": cirq.CCX,
            "cswap": cirq.CSWAP}


def _cirq_channel(cirq: Any, name: str, params: list[float]) -> Any:
    channels = {"depolarizing": lambda p: cirq.depolarize(3 * p / 4), "bit_flip": cirq.bit_flip,
                "phase_flip": cirq.phase_flip, "amplitude_damping": cirq.amplitude_damp,
                "phase_damping": cirq.phase_damp}
    if name == "reset":
        return cirq.ResetChannel()
    if name not in channels:
        raise InteropError(
            f"the channel {name} has no Cirq counterpart that to_cirq writes; use Circuit.kraus's operators with "
            "cirq.KrausChannel, or leave the noise out"
        )
    return channels[name](*params)
