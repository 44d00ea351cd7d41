"""Writing circuits as OpenQASM 2.0 programs.

The program declares one register ``q`` (qubit ``i`` of the circuit is
``q[i]``) and uses the gate names of ``qelib1.inc`` (``u3``, ``u1``, ``cx``,
``cu1``, …). The table gates that ``qelib1.inc`` lacks (``ryy``,
``iswap``, ``fsim``, ``single_excitation``, ``ecr``, …) are written as
``gate`` definitions at the top of the program, built from ``qelib1.inc``
gates; ``multi_rz`` and controlled gates are written out in place, after a
comment naming them, as exact sequences of gates
(:mod:`tyxq.qasm.decompose`). Angles are written so that
reading them back gives the same floats (``pi/2`` where that is exact,
otherwise all 17 significant digits).

Measurements into classical bits, resets and conditioned gates are written
as ``measure``, ``reset`` and ``if``, and the final measurements
(:meth:`~tyxq.Circuit.measure_at_end`) as ``measure`` statements at the end;
the register has the circuit's :attr:`~tyxq.Circuit.n_bits` bits (its
declared size, if it declares one). OpenQASM 2 compares one whole register
with an integer, so the classical bits are declared as one register ``c``
when every condition reads all the bits measured so far (bits not yet
measured hold 0), else as one-bit registers ``c0``, ``c1``, … when every
condition reads one bit; any other condition is a :class:`~tyxq.QasmError`.

A QASM program has numbers for angles and starts from ``|0…0⟩``, so a
circuit with batched or array-valued parameters, ``unitary`` operations or
an input state cannot be written: each is a :class:`~tyxq.QasmError` saying
why.

Example:
    >>> import tyxq
    >>> print(dumps(tyxq.Circuit(2).h(0).cnot(0, 1).rz(1, 0.25)))
    OPENQASM 2.0;
    include "qelib1.inc";
    qreg q[2];
    h q[0];
    cx q[0], q[1];
    rz(0.25) q[1];
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from ..circuit import Circuit, Operation
from ..errors import QasmError
from ..kinds import OperationKind
from .decompose import expand
from .definitions import NEW_DEFINITIONS
from .names import QASM_NAMES

__all__ = ["dumps", "QASM_NAMES", "DEFINITIONS", "format_angle"]

DEFINITIONS: dict[str, str] = {
    "ryy": "gate ryy(theta) a, b { rx(pi/2) a; rx(pi/2) b; cx a, b; rz(theta) b; cx a, b; rx(-pi/2) a; rx(-pi/2) b; }",
    "iswap": "gate iswap a, b { s a; s b; h a; cx a, b; cx b, a; h b; }",
    "iswapdg": "gate iswapdg a, b { h b; cx b, a; cx a, b; h a; sdg b; sdg a; }",
    **NEW_DEFINITIONS,
}
"""``gate`` definitions written into a program that uses a gate ``qelib1.inc`` does not have."""

_PI_FRACTIONS = (1, 2, 3, 4, 6, 8, 12, 16)


def format_angle(value: float) -> str:
    """``value`` as OpenQASM 2 text that evaluates back to exactly the same float.

    Example:
        >>> [format_angle(v) for v in (math.pi / 2, -3 * math.pi / 4, 0.1, 1e-7, 2.0)]
        ['pi/2', '-3*pi/4', '0.1', '1.0e-07', '2.0']
    """
    for denominator in _PI_FRACTIONS:
        multiple = round(value * denominator / math.pi)
        if multiple != 0 and abs(multiple) <= 4 * denominator and math.gcd(multiple, denominator) == 1:
            magnitude = abs(multiple) * math.pi / denominator if abs(multiple) != 1 else math.pi / denominator
            if math.copysign(magnitude, multiple) == value:
                sign = "-" if multiple < 0 else ""
                numerator = "pi" if abs(multiple) == 1 else f"{abs(multiple)}*pi"
                return sign + numerator + ("" if denominator == 1 else f"/{denominator}")
    text = repr(float(value))
    mantissa, _, exponent = text.partition("e")
    if exponent and "." not in mantissa:  # OpenQASM 2 reals need a decimal point: 1.0e-07, not 1e-07
        text = f"{mantissa}.0e{exponent}"
    return text


def _angle(op: Operation, index: int, param: Any) -> str:
    shape = tuple(getattr(param, "shape", ()))
    if shape:
        raise QasmError(
            f"{op.name} on qubits {op.qubits} has a batch of {shape[0]} values for parameter {index}; an OpenQASM "
            "program has one number per angle: export one batch member at a time"
        )
    if not isinstance(param, numbers.Real):
        try:
            param = float(param)
        except (TypeError, ValueError, RuntimeError) as error:
            raise QasmError(
                f"parameter {index} of {op.name} on qubits {op.qubits} has no numeric value to write ({error})"
            ) from None
    return format_angle(float(param))


def _call_line(name: str, qubits: tuple[int, ...], params: str) -> str:
    return f"{QASM_NAMES[name]}{f'({params})' if params else ''} {', '.join(f'q[{q}]' for q in qubits)};"


class _Registers:
    """How the circuit's classical bits are declared, and how a measure or condition names them."""

    def __init__(self, circuit: Circuit) -> None:
        self.n_bits = circuit.n_bits
        written: set[int] = set()
        self.single, one_bit_each = True, True
        for op in circuit.ops:
            if op.bit is not None:
                written.add(op.bit)
            if op.condition is not None:
                self.single = self.single and written <= set(op.condition.bits)  # the others still hold 0
                one_bit_each = one_bit_each and len(op.condition.bits) == 1
        if not self.single and not one_bit_each:
            raise QasmError(
                "OpenQASM 2 compares one whole classical register with an integer, but this circuit conditions "
                "gates on several bits that are not all of its bits; condition each gate on one bit or on all bits"
            )

    def declarations(self) -> list[str]:
        if self.n_bits == 0:
            return []
        if self.single:
            return [f"creg c[{self.n_bits}];"]
        return [f"creg c{bit}[1];" for bit in range(self.n_bits)]

    def bit(self, bit: int) -> str:
        return f"c[{bit}]" if self.single else f"c{bit}[0]"

    def test(self, op: Operation) -> str:
        condition = op.condition
        assert condition is not None
        value = sum(v << (b if self.single else 0) for b, v in zip(condition.bits, condition.values, strict=True))
        return f"if({'c' if self.single else f'c{condition.bits[0]}'}=={value}) "


def _classical_lines(op: Operation, registers: _Registers) -> list[str]:
    if op.condition is not None:
        lines = _lines(Operation(op.name, op.qubits, op.params, op.matrix), registers)
        return [line if line.startswith("//") else registers.test(op) + line for line in lines]
    if op.kind is OperationKind.RESET:
        return [f"reset q[{op.qubits[0]}];"]
    return [f"measure q[{op.qubits[0]}] -> {registers.bit(op.bit)};"]  # type: ignore[arg-type]


def _lines(op: Operation, registers: _Registers) -> list[str]:
    if op.condition is not None or op.bit is not None or op.kind is OperationKind.RESET:
        return _classical_lines(op, registers)
    if op.kind is OperationKind.MATRIX:
        raise QasmError(
            f"the unitary on qubits {op.qubits} has no OpenQASM 2.0 form (the language has no matrix gate); "
            "build the circuit from named gates to export it"
        )
    if op.kind.is_channel:
        raise QasmError(
            f"the channel {op.name} on qubits {op.qubits} has no OpenQASM 2.0 form (the language has no noise); "
            "export the noise-free circuit and give the noise to the mode as a tyxq.NoiseModel"
        )
    params = [_angle(op, i, p) for i, p in enumerate(op.params)]
    if op.name in QASM_NAMES:
        return [_call_line(op.name, op.qubits, ", ".join(params))]
    values = [float(p) for p in op.params]  # _angle has checked that each has one
    header = f"// {op.name}({', '.join(params)}) {', '.join(f'q[{q}]' for q in op.qubits)}"
    calls = expand(op.name, op.qubits, values)
    return [header, *(_call_line(n, q, ", ".join(format_angle(float(v)) for v in p)) for n, q, p in calls)]


def dumps(circuit: Circuit) -> str:
    """``circuit`` as an OpenQASM 2.0 program (``qelib1.inc`` gates, one register ``q``; needs numeric parameters).

    Example:
        >>> import tyxq
        >>> print(dumps(tyxq.Circuit(2).h(0).cnot(0, 1)), end="")
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        h q[0];
        cx q[0], q[1];
    """
    if circuit.inputs is not None:
        raise QasmError(
            "this circuit starts from a given input state, but an OpenQASM program starts from |0…0⟩; "
            "export a circuit without inputs (prepare the state with gates)"
        )
    registers = _Registers(circuit)
    body = [line for op in circuit.ops for line in _lines(op, registers)]
    body += [f"measure q[{qubit}] -> {registers.bit(bit)};" for bit, qubit in circuit.final_measurements.items()]
    used = {op.name for op in circuit.ops}
    header = ["OPENQASM 2.0;", 'include "qelib1.inc";']
    header += [definition for name, definition in DEFINITIONS.items() if name in used]
    header.append(f"qreg q[{circuit.n_qubits}];")
    header += registers.declarations()
    return "\n".join(header + body) + "\n"
