"""The meaning of OpenQASM 2.0 statements, given as plain data by a parser.

A parser (the ``openqasm3`` walker of :mod:`tyxq.qasm.reader`, or the fast
reader of flat programs in :mod:`tyxq.qasm.flat`) calls one method of
:class:`ProgramBuilder` per statement; the builder keeps the registers and
``gate`` definitions, checks every rule, and collects tyxq operations. Both
parsers share it, so a program means the same and fails with the same
message whichever of them read it.

Registers are flattened in declaration order (the first ``qreg`` holds
qubits ``0 … k-1``); a gate applied to whole registers is applied qubit by
qubit; ``barrier`` is checked and dropped. A program whose measurements all
come at the end (nothing acts on a measured qubit afterwards, no ``reset``,
no ``if``) reads as its unitary circuit with the measurements kept as its
final measurements (``Circuit.measure_at_end``: the map from bits to
qubits), so ``tyxq.state`` runs it and ``tyxq.counts(c, shots, bits=...)``
reads its register. Any other program is *dynamic*: each ``measure``
becomes ``Circuit.measure`` into its bit, ``reset`` the reset channel, and
``if(c==n) gate`` the gate under ``Circuit.cond``. Classical registers are
flattened in declaration order like quantum ones, and the circuit declares
them all (``Circuit(n, bits=...)``), so a bit no measurement writes reads
as 0; ``c[0]`` is the least significant bit of the value ``n`` (OpenQASM's
meaning), and ``n`` must be a value the register holds (``0 … 2**size - 1``,
as Qiskit requires). A condition needing a bit not written yet to be 1
never holds, so that gate is left out. The limits of
:mod:`tyxq.qasm.limits` are checked before each expansion: every
definition's expanded size and nesting depth are computed once, when it is
defined.

Example:
    >>> builder = ProgramBuilder(QasmLimits())
    >>> builder.include("qelib1.inc", 2)
    >>> builder.qreg("q", 2, 3)
    >>> builder.apply("cx", [], [("q", 0), ("q", 1)], 4)
    >>> [op.name for op in builder.circuit()]
    ['cnot']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..circuit import Circuit, Operation
from ..errors import QasmError, TyxqError
from .limits import QasmLimits
from .qelib1 import BUILTINS, QELIB1, QasmGate

__all__ = ["BodyCall", "Definition", "Operand", "ProgramBuilder", "located"]

Operand = tuple[str, int | None]
"""A gate operand: a register name, and an index into it (``None`` for the whole register)."""

Extra = int | tuple[str, int] | None
"""What an operation carries beside its gate: a measure's first classical bit, or ``(creg, value)`` of an if."""


def located(line: int | None, message: str) -> QasmError:
    """A :class:`QasmError` whose message starts with the line it is about, when known."""
    return QasmError(f"line {line}: {message}" if line is not None else message)


@dataclass(frozen=True)
class BodyCall:
    """One gate call in the body of a ``gate`` definition.

    ``params`` computes the call's angles from the definition's parameters,
    bound by name; ``qubits`` names the definition's qubit arguments it acts on.
    """

    name: str
    params: Callable[[Mapping[str, float]], list[float]]
    n_params: int
    qubits: tuple[str, ...]
    line: int | None


@dataclass(frozen=True)
class Definition:
    """A ``gate`` definition of the program: its body, the gate each call of it applies, its expanded size and depth."""

    name: str
    params: tuple[str, ...]
    qubits: tuple[str, ...]
    body: tuple[BodyCall, ...]
    gates: tuple[Definition | QasmGate, ...]
    size: int
    depth: int


Gate = Definition | QasmGate


def _arity(gate: Gate) -> tuple[int, int]:
    if isinstance(gate, Definition):
        return len(gate.params), len(gate.qubits)
    return gate.n_params, gate.n_qubits


_BUILTIN_SIZES: dict[str, int] = {}


def _size(gate: Gate) -> int:
    """The number of tyxq operations one application of ``gate`` expands to."""
    if isinstance(gate, Definition):
        return gate.size
    if gate.name not in _BUILTIN_SIZES:  # the count of a QELIB1 expansion does not depend on the angles
        _BUILTIN_SIZES[gate.name] = len(gate.expand((0.0,) * gate.n_params))
    return _BUILTIN_SIZES[gate.name]


@dataclass
class ProgramBuilder:
    """Collects the operations of one program, statement by statement, within ``limits``."""

    limits: QasmLimits
    registers: dict[str, tuple[int, int]] = field(default_factory=dict)
    classical: dict[str, int] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    included: bool = False
    ops: list[tuple[str, tuple[int, ...], tuple[float, ...], int | None, Extra]] = field(default_factory=list)
    measured: set[int] = field(default_factory=set)
    measured_ranges: list[range] = field(default_factory=list)
    dynamic: bool = False

    @property
    def n_qubits(self) -> int:
        return sum(size for _, size in self.registers.values())

    def circuit(self) -> Circuit:
        """The circuit of the statements given so far."""
        if not self.registers:
            raise QasmError("the program declares no qubits; add a register such as `qreg q[2];`")
        circuit = Circuit(self.n_qubits, bits=sum(self.classical.values()))
        written: set[int] = set()
        for name, qubits, params, line, extra in self.ops:
            try:
                if name == "measure":
                    bit = extra if isinstance(extra, int) else None  # a measure carries its first bit
                    self.measured_into(circuit, qubits[0], int(params[0]), bit, line)
                    if bit is not None:
                        written.update(range(bit, bit + int(params[0])))
                elif name == "reset":
                    circuit.apply("reset", qubits[0])
                elif extra is None:
                    circuit.apply(name, *qubits, params=params)
                else:
                    self.conditioned(circuit, Operation(name, qubits, tuple(params)), extra, written)  # type: ignore[arg-type]
            except TyxqError as error:
                raise located(line, str(error)) from None
        return circuit

    def measured_into(self, circuit: Circuit, first: int, count: int, bit: int | None, line: int | None) -> None:
        """Qubits ``first …`` into bits ``bit …``: operations if the program is dynamic, else final measurements."""
        self.limits.check_operations(len(circuit), count, "measure", line)
        if bit is None:  # no target: the outcome is not kept
            if self.dynamic:
                circuit.apply("measure", list(range(first, first + count)))
            return
        if self.dynamic:
            for k in range(count):
                circuit.measure(first + k, bit + k)
        else:  # nothing acts after it: the circuit stays unitary, its register still reads the outcomes
            circuit.measure_at_end(list(range(first, first + count)), list(range(bit, bit + count)))

    def conditioned(self, circuit: Circuit, op: Operation, condition: tuple[str, int], written: set[int]) -> None:
        """Append ``op`` under ``if(register==value)``; bits not yet written hold 0 (see the module docstring)."""
        register, value = condition
        offset, size = self.bits_of(register)
        bits, values = [], []
        for j in range(size):
            wanted = (value >> j) & 1
            if offset + j in written:
                bits.append(offset + j)
                values.append(wanted)
            elif wanted:
                return  # that bit is still 0: the condition never holds
        if bits:
            circuit.cond(op, bits, values)
        else:
            circuit.append(op)

    def bits_of(self, register: str) -> tuple[int, int]:
        """The first flat classical bit of ``register`` and its size (registers in declaration order)."""
        offset = 0
        for name, size in self.classical.items():
            if name == register:
                return offset, size
            offset += size
        raise KeyError(register)

    # --- declarations -----------------------------------------------------------------------------

    def include(self, filename: str, line: int | None) -> None:
        if filename != "qelib1.inc":
            raise located(
                line,
                f'cannot include {filename!r}: tyxq knows only "qelib1.inc"; paste the gate definitions of '
                f"{filename!r} into the program",
            )
        self.included = True

    def qreg(self, name: str, size: int, line: int | None) -> None:
        if name in self.registers:
            raise located(line, f"register {name!r} is declared twice; give each qreg its own name")
        checked = _register_size(size, line)
        self.limits.check_register(self.n_qubits, checked, f"qreg {name}", line)
        self.registers[name] = (self.n_qubits, checked)

    def creg(self, name: str, size: int, line: int | None) -> None:
        if name in self.classical:
            raise located(line, f"classical register {name!r} is declared twice; give each creg its own name")
        checked = _register_size(size, line)
        self.limits.check_register(sum(self.classical.values()), checked, f"creg {name}", line)
        self.classical[name] = checked

    def define(
        self, name: str, params: tuple[str, ...], qubits: tuple[str, ...], body: Sequence[BodyCall], line: int | None
    ) -> None:
        """Add a ``gate`` definition, after checking each call of its body against the gates known so far."""
        if name in self.definitions or name in BUILTINS or (self.included and name in QELIB1):
            where = "earlier in the program" if name in self.definitions else "by OpenQASM (U, CX or qelib1.inc)"
            raise located(line, f"gate {name!r} is already defined {where}; give the new gate another name")
        for kind, names in (("parameter", params), ("qubit", qubits)):
            if len(set(names)) != len(names):
                raise located(line, f"gate {name!r} repeats a {kind} name in {names}")
        size, depth, gates = 0, 1, []
        for call in body:
            gate = self.lookup(call.name, call.line)
            gates.append(gate)
            for qubit in call.qubits:
                if qubit not in qubits:
                    raise located(call.line, f"gate {name!r} uses a qubit that is not one of its arguments {qubits}")
            _check_arity(gate, call.n_params, len(call.qubits), call.line)
            if len(set(call.qubits)) != len(call.qubits):
                raise located(call.line, f"gate {call.name!r} is given the same qubit twice ({', '.join(call.qubits)})")
            size += _size(gate)
            if isinstance(gate, Definition):
                depth = max(depth, gate.depth + 1)
        self.limits.check_depth(depth, name, line)
        self.definitions[name] = Definition(name, params, qubits, tuple(body), tuple(gates), size, depth)

    # --- statements on qubits ---------------------------------------------------------------------

    def apply(
        self,
        name: str,
        params: Sequence[float],
        operands: Sequence[Operand],
        line: int | None,
        condition: tuple[str, int] | None = None,
    ) -> None:
        """Apply gate ``name`` to operands that may be whole registers (applied qubit by qubit).

        ``condition`` is ``(creg, value)`` of an ``if(creg==value)`` in front of the gate.
        """
        if condition is not None:
            self.check_condition(condition, line)
        gate = self.lookup(name, line)
        sizes = {self.length(operand, line) for operand in operands} - {1}
        if len(sizes) > 1:
            raise located(line, f"gate {name!r} is applied to registers of different sizes {sorted(sizes)}")
        repeats = sizes.pop() if sizes else 1
        _check_arity(gate, len(params), len(operands), line)
        self.limits.check_operations(len(self.ops), repeats * _size(gate), f"gate {name!r}", line)
        for k in range(repeats):
            qubits = [self.qubit(operand, k, line) for operand in operands]
            if len(set(qubits)) != len(qubits):
                named = ", ".join(self.qubit_name(q) for q in qubits)
                raise located(line, f"gate {name!r} is given the same qubit twice ({named}); its qubits must differ")
            self.dynamic = self.dynamic or self.any_measured(qubits)
            self.expand(gate, list(params), qubits, line, condition)

    def barrier(self, operands: Sequence[Operand], line: int | None) -> None:
        for operand in operands:
            self.length(operand, line)

    def measure(self, qubits: Operand, target: Operand | None, line: int | None) -> None:
        """Measure qubits into the classical target, bit by bit (kept only if the program is dynamic)."""
        count = self.length(qubits, line)
        if target is not None:
            bits = _length(target, self.classical, "classical register", "creg", line)
            if bits != count:
                raise located(line, f"measure writes {count} qubit(s) into {bits} bit(s); the sizes must match")
        first = self.qubit(qubits, 0, line)  # a register's qubits, and bits, are consecutive
        bit = None
        if target is not None:
            bit = self.bits_of(target[0])[0] + (target[1] or 0)
        if count > 1:
            self.measured_ranges.append(range(first, first + count))
        else:
            self.measured.add(first)
        self.ops.append(("measure", (first,), (float(count),), line, bit))

    def any_measured(self, qubits: Sequence[int]) -> bool:
        """Whether a measurement came before on any of ``qubits`` (which makes the program dynamic)."""
        return any(q in self.measured or any(q in span for span in self.measured_ranges) for q in qubits)

    def reset(self, qubits: Operand, line: int | None) -> None:
        """Reset qubits to ``|0⟩``: the program becomes dynamic."""
        count = self.length(qubits, line)
        self.limits.check_operations(len(self.ops), count, "reset", line)
        self.dynamic = True
        for k in range(count):
            self.ops.append(("reset", (self.qubit(qubits, k, line),), (), line, None))

    def check_condition(self, condition: tuple[str, int], line: int | None) -> None:
        """Check ``if(creg==value)``: a declared register and a non-negative integer; the program becomes dynamic."""
        register, value = condition
        if register not in self.classical:
            known = ", ".join(self.classical) or "none yet"
            raise located(line, f"if reads unknown classical register {register!r} (declared: {known})")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise located(line, f"if compares register {register!r} with {value!r}; OpenQASM 2 compares with n >= 0")
        size = self.classical[register]
        if value >> size:
            shown = f"{value:,}" if value.bit_length() <= 64 else f"a {value.bit_length()}-bit integer"
            largest = f"{2**size - 1:,}" if size <= 64 else f"2**{size} - 1"
            raise located(
                line,
                f"if compares register {register!r} of {size} bit{'s' if size > 1 else ''} with {shown}, a value "
                f"it cannot hold (it holds 0..{largest}); compare with a value in that range, or declare a larger "
                "register",
            )
        self.dynamic = True

    # --- gates and operands -----------------------------------------------------------------------

    def lookup(self, name: str, line: int | None) -> Gate:
        if name in self.definitions:
            return self.definitions[name]
        if name in BUILTINS:
            return BUILTINS[name]
        if name in QELIB1:
            if self.included:
                return QELIB1[name]
            raise located(
                line, f'gate {name!r} comes from qelib1.inc; add `include "qelib1.inc";` after the OPENQASM line'
            )
        raise located(
            line,
            f"unknown gate {name!r}; tyxq reads U, CX, the qelib1.inc gates ({', '.join(sorted(QELIB1))}) and "
            f"gates the program defines: define it with `gate {name} ... {{ ... }}` before its first use",
        )

    def length(self, operand: Operand, line: int | None) -> int:
        """How many qubits ``operand`` names (checking that it exists and is in range)."""
        sizes = {name: size for name, (_, size) in self.registers.items()}
        return _length(operand, sizes, "quantum register", "qreg", line)

    def qubit(self, operand: Operand, k: int, line: int | None) -> int:
        """The flat index of the ``k``-th qubit ``operand`` names (its only one, if it names one)."""
        name, index = operand
        return self.registers[name][0] + (k if index is None else index)

    def expand(
        self, gate: Gate, params: list[float], qubits: list[int], line: int | None, condition: Extra = None
    ) -> None:
        """Append the tyxq operations of ``gate`` on ``qubits``, walking nested definitions without recursion."""
        ops = self.ops
        stack: list[tuple[Iterator[tuple[Gate, BodyCall]], dict[str, float], dict[str, int]]] = []
        pending: Gate | None = gate
        while True:
            if isinstance(pending, QasmGate):
                for tyxq_name, positions, tyxq_params in pending.expand(tuple(params)):
                    ops.append((tyxq_name, tuple([qubits[i] for i in positions]), tyxq_params, line, condition))
            elif pending is not None:
                bound = dict(zip(pending.params, params, strict=True))
                where = dict(zip(pending.qubits, qubits, strict=True))
                stack.append((zip(pending.gates, pending.body, strict=True), bound, where))
            if not stack:
                return
            calls, bound, where = stack[-1]
            pending, call = next(calls, (None, None))
            if call is None:
                stack.pop()
                continue
            params = call.params(bound) if call.n_params else []
            qubits = [where[name] for name in call.qubits]

    def qubit_name(self, qubit: int) -> str:
        for name, (offset, size) in self.registers.items():
            if offset <= qubit < offset + size:
                return f"{name}[{qubit - offset}]"
        return f"qubit {qubit}"


def _check_arity(gate: Gate, n_params: int, n_qubits: int, line: int | None) -> None:
    """Refuse a call of ``gate`` with the wrong number of parameters or qubits."""
    expected_params, expected_qubits = _arity(gate)
    if n_params != expected_params or n_qubits != expected_qubits:
        raise located(
            line,
            f"gate {gate.name!r} takes {expected_params} parameter(s) and {expected_qubits} qubit(s), "
            f"but was given {n_params} and {n_qubits}",
        )


def _length(operand: Operand, sizes: Mapping[str, int], kind: str, keyword: str, line: int | None) -> int:
    """How many elements ``operand`` names in registers of ``sizes``: all of one, or one of them."""
    name, index = operand
    if name not in sizes:
        known = ", ".join(sizes) or "none yet"
        raise located(
            line, f"unknown {kind} {name!r} (declared: {known}); declare it with `{keyword} {name}[n];` first"
        )
    if index is None:
        return sizes[name]
    if not 0 <= index < sizes[name]:
        raise located(line, f"{name}[{index}] is out of range: register {name!r} has {sizes[name]} elements")
    return 1


def _register_size(size: int, line: int | None) -> int:
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise located(line, "a register size is a positive integer, as in qreg q[3];")
    return size
