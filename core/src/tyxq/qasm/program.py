"""The meaning of OpenQASM 2.0 statements, given as plain data by a parser.

A parser (the ``openqasm3`` walker of :mod:`tyxq.qasm.reader`, or the fast
reader of flat programs in :mod:`tyxq.qasm.flat`) calls one method of
:class:`ProgramBuilder` per statement; the builder keeps the registers and
``gate`` definitions, checks every rule, and collects tyxq operations. Both
parsers share it, so a program means the same and fails with the same
message whichever of them read it.

Registers are flattened in declaration order (the first ``qreg`` holds
qubits ``0 … k-1``); a gate applied to whole registers is applied qubit by
qubit; ``barrier`` is checked and dropped; ``measure`` is accepted where
nothing acts on the measured qubit afterwards. The limits of
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

from ..circuit import Circuit
from ..errors import QasmError, TyxqError
from .limits import QasmLimits
from .qelib1 import BUILTINS, QELIB1, QasmGate

__all__ = ["BodyCall", "Definition", "Operand", "ProgramBuilder", "located"]

Operand = tuple[str, int | None]
"""A gate operand: a register name, and an index into it (``None`` for the whole register)."""


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
    ops: list[tuple[str, tuple[int, ...], tuple[float, ...], int | None]] = field(default_factory=list)
    measured: dict[Operand, int | None] = field(default_factory=dict)

    @property
    def n_qubits(self) -> int:
        return sum(size for _, size in self.registers.values())

    def circuit(self) -> Circuit:
        """The circuit of the statements given so far."""
        if not self.registers:
            raise QasmError("the program declares no qubits; add a register such as `qreg q[2];`")
        circuit = Circuit(self.n_qubits)
        for name, qubits, params, line in self.ops:
            try:
                circuit.apply(name, *qubits, params=params)
            except TyxqError as error:
                raise located(line, str(error)) from None
        return circuit

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
        self.registers[name] = (self.n_qubits, _register_size(size, line))

    def creg(self, name: str, size: int, line: int | None) -> None:
        self.classical[name] = _register_size(size, line)

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
                raise located(
                    call.line, f"gate {call.name!r} is given the same qubit twice ({', '.join(call.qubits)})"
                )
            size += _size(gate)
            if isinstance(gate, Definition):
                depth = max(depth, gate.depth + 1)
        self.limits.check_depth(depth, name, line)
        self.definitions[name] = Definition(name, params, qubits, tuple(body), tuple(gates), size, depth)

    # --- statements on qubits ---------------------------------------------------------------------

    def apply(self, name: str, params: Sequence[float], operands: Sequence[Operand], line: int | None) -> None:
        """Apply gate ``name`` to operands that may be whole registers (applied qubit by qubit)."""
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
            for operand, qubit in zip(operands, qubits, strict=True):
                self.refuse_if_measured(name, operand, qubit, line)
            self.expand(gate, list(params), qubits, line)

    def barrier(self, operands: Sequence[Operand], line: int | None) -> None:
        for operand in operands:
            self.length(operand, line)

    def measure(self, qubits: Operand, target: Operand | None, line: int | None) -> None:
        """Note the measured qubits (nothing may act on them afterwards) and check the classical target."""
        count = self.length(qubits, line)
        if target is not None:
            bits = _length(target, self.classical, "classical register", "creg", line)
            if bits != count:
                raise located(line, f"measure writes {count} qubit(s) into {bits} bit(s); the sizes must match")
        self.measured.setdefault(qubits, line)

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

    def refuse_if_measured(self, gate: str, operand: Operand, qubit: int, line: int | None) -> None:
        name = operand[0]
        keys = [(name, qubit - self.registers[name][0]), (name, None)]
        lines = [self.measured[key] for key in keys if key in self.measured]
        if lines:
            measured_at = min(lines, key=lambda measured_line: measured_line or 0)
            raise located(
                line,
                f"gate {gate!r} acts on {self.qubit_name(qubit)} after it was measured (line {measured_at}); "
                "tyxq simulates unitary circuits, so measure only at the end",
            )

    def expand(self, gate: Gate, params: list[float], qubits: list[int], line: int | None) -> None:
        """Append the tyxq operations of ``gate`` on ``qubits``, walking nested definitions without recursion."""
        ops = self.ops
        stack: list[tuple[Iterator[tuple[Gate, BodyCall]], dict[str, float], dict[str, int]]] = []
        pending: Gate | None = gate
        while True:
            if isinstance(pending, QasmGate):
                for tyxq_name, positions, tyxq_params in pending.expand(tuple(params)):
                    ops.append((tyxq_name, tuple([qubits[i] for i in positions]), tyxq_params, line))
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
