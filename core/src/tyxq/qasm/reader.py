"""Reading OpenQASM 2.0 programs into circuits, with the ``openqasm3`` reference parser.

The parser (``pip install "tyxq[qasm]"``) turns the text into an AST; this
module walks it: registers are flattened in declaration order (the first
``qreg`` holds qubits ``0 … k-1``), ``gate`` definitions are expanded into
their bodies with the parameters substituted, the builtins ``U`` and ``CX``
and the ``qelib1.inc`` gates map onto tyxq gates (:mod:`tyxq.qasm.qelib1`),
a gate applied to whole registers is applied qubit by qubit, ``barrier`` is
accepted and ignored, and ``measure`` is accepted where nothing acts on the
measured qubit afterwards (tyxq simulates unitary circuits; sample the
result with :meth:`tyxq.Circuit.sample`). Everything else — ``reset``,
``if``, ``opaque``, unknown gates — is a :class:`~tyxq.QasmError` that names
the line and what to do.

Example:
    >>> program = '''
    ... OPENQASM 2.0;
    ... include "qelib1.inc";
    ... gate bell a, b { h a; cx a, b; }
    ... qreg q[2];
    ... creg c[2];
    ... bell q[0], q[1];
    ... measure q -> c;
    ... '''
    >>> [op.name for op in from_qasm(program)]
    ['h', 'cnot']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openqasm3 import ast, parser

from ..circuit import Circuit
from ..errors import QasmError, TyxqError
from .expressions import evaluate, line_of
from .qelib1 import BUILTINS, QELIB1, QasmGate

__all__ = ["from_qasm", "parse_program"]


def parse_program(source: str) -> ast.Program:
    """The ``openqasm3`` AST of ``source``; a :class:`QasmError` naming the place of a syntax error."""
    if not isinstance(source, str):
        raise QasmError(f"from_qasm takes the program text as a str, got {type(source).__name__}")
    try:
        return parser.parse(source)
    except parser.QASM3ParsingError as error:
        raise QasmError(f"syntax error at {_syntax_location(error)}: this is not valid OpenQASM 2.0") from None


def _syntax_location(error: parser.QASM3ParsingError) -> str:
    """Where parsing stopped: the lexer's own ``L<line>:C<column>: …`` text, or the parser's offending token."""
    if str(error):
        return str(error)
    cause: Any = error.__cause__
    while cause is not None:
        token = getattr(cause, "offendingToken", None)
        if token is not None:
            return f"line {token.line}, column {token.column + 1}, at {token.text!r}"
        cause = cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else cause.__cause__
    return "somewhere in the program"


def from_qasm(source: str) -> Circuit:
    """Build a circuit from an OpenQASM 2.0 program.

    Example:
        >>> import tyxq
        >>> c = from_qasm('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; u2(0, pi) q[0];')
        >>> [round(float(p), 6) for p in tyxq.probabilities(c)]
        [0.5, 0.5]
    """
    program = parse_program(source)
    version = program.version
    if version is None or not str(version).startswith("2"):
        found = "no OPENQASM line" if version is None else f"OPENQASM {version}"
        raise QasmError(
            f"tyxq reads OpenQASM 2.0, but the program has {found}; start it with `OPENQASM 2.0;` and "
            'write gates from `include "qelib1.inc";`'
        )
    reader = _Reader()
    for statement in program.statements:
        reader.statement(statement)
    return reader.circuit()


@dataclass
class _Definition:
    """A ``gate`` definition of the program."""

    name: str
    params: tuple[str, ...]
    qubits: tuple[str, ...]
    body: list[Any]


@dataclass
class _Reader:
    """Walks the statements of one program, collecting tyxq operations."""

    registers: dict[str, tuple[int, int]] = field(default_factory=dict)
    classical: dict[str, int] = field(default_factory=dict)
    definitions: dict[str, _Definition] = field(default_factory=dict)
    included: bool = False
    ops: list[tuple[str, tuple[int, ...], tuple[float, ...], int | None]] = field(default_factory=list)
    measured: dict[int, int | None] = field(default_factory=dict)

    @property
    def n_qubits(self) -> int:
        return sum(size for _, size in self.registers.values())

    def circuit(self) -> Circuit:
        if not self.registers:
            raise QasmError("the program declares no qubits; add a register such as `qreg q[2];`")
        circuit = Circuit(self.n_qubits)
        for name, qubits, params, line in self.ops:
            try:
                circuit.apply(name, *qubits, params=params)
            except TyxqError as error:
                raise _error(line, str(error)) from None
        return circuit

    # --- statements ---------------------------------------------------------------------------

    def statement(self, node: Any) -> None:
        line = line_of(node)
        if isinstance(node, ast.Include):
            self.include(node.filename, line)
        elif isinstance(node, ast.QubitDeclaration):
            self.declare(node.qubit.name, node.size, line)
        elif isinstance(node, ast.ClassicalDeclaration) and isinstance(node.type, ast.BitType):
            if node.init_expression is not None:
                raise _error(line, "classical registers cannot be initialised in OpenQASM 2; write `creg c[n];`")
            self.classical[node.identifier.name] = _size(node.type.size, line)
        elif isinstance(node, ast.QuantumGateDefinition):
            self.define(node, line)
        elif isinstance(node, ast.QuantumGate):
            if node.modifiers or node.duration is not None:
                raise _error(line, "gate modifiers and durations are OpenQASM 3; OpenQASM 2 has neither")
            params = [evaluate(arg, {}) for arg in node.arguments]
            operands = [self.operand(qubit, line) for qubit in node.qubits]
            self.call(node.name.name, params, operands, line)
        elif isinstance(node, ast.QuantumBarrier):
            for operand in node.qubits:
                self.operand(operand, line)
        elif isinstance(node, ast.QuantumMeasurementStatement):
            self.measure(node, line)
        elif isinstance(node, ast.QuantumReset):
            raise _error(line, "reset is not unitary; tyxq simulates unitary circuits: start a new circuit instead")
        elif isinstance(node, ast.BranchingStatement):
            raise _error(
                line, "classically controlled gates (if) need mid-circuit measurement, which tyxq does not simulate"
            )
        else:
            raise _error(line, f"{type(node).__name__} is not part of OpenQASM 2.0 as tyxq reads it; remove it")

    def include(self, filename: str, line: int | None) -> None:
        if filename != "qelib1.inc":
            raise _error(
                line,
                f'cannot include {filename!r}: tyxq knows only "qelib1.inc"; paste the gate definitions of '
                f"{filename!r} into the program",
            )
        self.included = True

    def declare(self, name: str, size: Any, line: int | None) -> None:
        if name in self.registers:
            raise _error(line, f"register {name!r} is declared twice; give each qreg its own name")
        self.registers[name] = (self.n_qubits, _size(size, line))

    def measure(self, node: ast.QuantumMeasurementStatement, line: int | None) -> None:
        """Note the measured qubits (nothing may act on them afterwards) and check the classical target."""
        qubits = self.operand(node.measure.qubit, line)
        if node.target is not None:
            _, bits = _select(node.target, self.classical, "classical register", "creg", line)
            if len(bits) != len(qubits):
                raise _error(
                    line, f"measure writes {len(qubits)} qubit(s) into {len(bits)} bit(s); the sizes must match"
                )
        for qubit in qubits:
            self.measured.setdefault(qubit, line)

    def define(self, node: Any, line: int | None) -> None:
        name = node.name.name
        if name in self.definitions or name in BUILTINS or (self.included and name in QELIB1):
            where = "earlier in the program" if name in self.definitions else "by OpenQASM (U, CX or qelib1.inc)"
            raise _error(line, f"gate {name!r} is already defined {where}; give the new gate another name")
        params = tuple(arg.name for arg in node.arguments)
        qubits = tuple(qubit.name for qubit in node.qubits)
        for kind, names in (("parameter", params), ("qubit", qubits)):
            if len(set(names)) != len(names):
                raise _error(line, f"gate {name!r} repeats a {kind} name in {names}")
        for inner in node.body:
            inner_line = line_of(inner) or line
            if isinstance(inner, ast.QuantumBarrier):
                continue
            if not isinstance(inner, ast.QuantumGate) or inner.modifiers:
                raise _error(inner_line, f"the body of gate {name!r} may only apply gates and barriers")
            self.lookup(inner.name.name, inner_line)
            for qubit in inner.qubits:
                if not isinstance(qubit, ast.Identifier) or qubit.name not in qubits:
                    raise _error(inner_line, f"gate {name!r} uses a qubit that is not one of its arguments {qubits}")
        self.definitions[name] = _Definition(name, params, qubits, list(node.body))

    # --- operands and gate calls --------------------------------------------------------------

    def operand(self, node: Any, line: int | None) -> list[int]:
        """The flat qubit indices a gate operand names: a whole register or one qubit of it."""
        sizes = {name: size for name, (_, size) in self.registers.items()}
        name, indices = _select(node, sizes, "quantum register", "qreg", line)
        offset = self.registers[name][0]
        return [offset + index for index in indices]

    def lookup(self, name: str, line: int | None) -> _Definition | QasmGate:
        if name in self.definitions:
            return self.definitions[name]
        if name in BUILTINS:
            return BUILTINS[name]
        if name in QELIB1:
            if self.included:
                return QELIB1[name]
            raise _error(
                line, f'gate {name!r} comes from qelib1.inc; add `include "qelib1.inc";` after the OPENQASM line'
            )
        raise _error(
            line,
            f"unknown gate {name!r}; tyxq reads U, CX, the qelib1.inc gates ({', '.join(sorted(QELIB1))}) and "
            f"gates the program defines: define it with `gate {name} ... {{ ... }}` before its first use",
        )

    def call(self, name: str, params: Sequence[float], operands: Sequence[list[int]], line: int | None) -> None:
        """Apply gate ``name`` to operands that may be whole registers (applied qubit by qubit)."""
        gate = self.lookup(name, line)
        sizes = {len(qubits) for qubits in operands if len(qubits) != 1}
        if len(sizes) > 1:
            raise _error(line, f"gate {name!r} is applied to registers of different sizes {sorted(sizes)}")
        repeats = sizes.pop() if sizes else 1
        for k in range(repeats):
            qubits = [qubits[k] if len(qubits) > 1 else qubits[0] for qubits in operands]
            for qubit in qubits:
                if qubit in self.measured:
                    raise _error(
                        line,
                        f"gate {name!r} acts on {self.qubit_name(qubit)} after it was measured (line "
                        f"{self.measured[qubit]}); tyxq simulates unitary circuits, so measure only at the end",
                    )
            self.expand(gate, list(params), qubits, line)

    def expand(self, gate: _Definition | QasmGate, params: list[float], qubits: list[int], line: int | None) -> None:
        n_params = len(gate.params) if isinstance(gate, _Definition) else gate.n_params
        n_qubits = len(gate.qubits) if isinstance(gate, _Definition) else gate.n_qubits
        if len(params) != n_params or len(qubits) != n_qubits:
            raise _error(
                line,
                f"gate {gate.name!r} takes {n_params} parameter(s) and {n_qubits} qubit(s), "
                f"but was given {len(params)} and {len(qubits)}",
            )
        if len(set(qubits)) != len(qubits):
            named = ", ".join(self.qubit_name(q) for q in qubits)
            raise _error(line, f"gate {gate.name!r} is given the same qubit twice ({named}); its qubits must differ")
        if isinstance(gate, QasmGate):
            for tyxq_name, positions, tyxq_params in gate.expand(tuple(params)):
                self.ops.append((tyxq_name, tuple(qubits[i] for i in positions), tyxq_params, line))
            return
        bound = dict(zip(gate.params, params, strict=True))
        where = dict(zip(gate.qubits, qubits, strict=True))
        for inner in gate.body:
            if hasattr(inner, "arguments"):  # a gate call; barriers have none
                inner_params = [evaluate(arg, bound) for arg in inner.arguments]
                inner_qubits = [where[qubit.name] for qubit in inner.qubits]
                self.expand(self.lookup(inner.name.name, line), inner_params, inner_qubits, line)

    def qubit_name(self, qubit: int) -> str:
        for name, (offset, size) in self.registers.items():
            if offset <= qubit < offset + size:
                return f"{name}[{qubit - offset}]"
        return f"qubit {qubit}"


def _error(line: int | None, message: str) -> QasmError:
    return QasmError(f"line {line}: {message}" if line is not None else message)


def _select(node: Any, sizes: dict[str, int], kind: str, keyword: str, line: int | None) -> tuple[str, list[int]]:
    """``(register, indices)`` for ``r`` (the whole register) or ``r[i]`` (one element)."""
    if isinstance(node, ast.Identifier):
        name, index = node.name, None
    elif (
        isinstance(node, ast.IndexedIdentifier)
        and len(node.indices) == 1
        and isinstance(node.indices[0], list)
        and len(node.indices[0]) == 1
        and isinstance(node.indices[0][0], ast.IntegerLiteral)
    ):
        name, index = node.name.name, node.indices[0][0].value
    else:
        raise _error(line, f"name a {kind} or one element of it with an integer index, as in r or r[0]")
    if name not in sizes:
        known = ", ".join(sizes) or "none yet"
        raise _error(line, f"unknown {kind} {name!r} (declared: {known}); declare it with `{keyword} {name}[n];` first")
    if index is None:
        return name, list(range(sizes[name]))
    if not 0 <= index < sizes[name]:
        raise _error(line, f"{name}[{index}] is out of range: register {name!r} has {sizes[name]} elements")
    return name, [index]


def _size(node: Any, line: int | None) -> int:
    """A register size: ``qreg q[3];`` gives 3, and OpenQASM 3's ``qubit q;`` gives 1."""
    value = 1 if node is None else getattr(node, "value", None)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _error(line, "a register size is a positive integer, as in qreg q[3];")
    return value
