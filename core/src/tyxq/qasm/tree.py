"""Reading OpenQASM 2.0 programs with the ``openqasm3`` reference parser.

The parser (``pip install "tyxq[qasm]"``) turns the whole text into a syntax
tree; :func:`read_tree` walks it and gives each statement to a
:class:`~tyxq.qasm.program.ProgramBuilder`, which knows what the statements
mean. This reads every OpenQASM 2.0 program, ``gate`` definitions and all,
and names the place of each syntax error; it is also slow (about 40 µs and
450 bytes of memory per byte of text), which is why flat programs take the
fast path of :mod:`tyxq.qasm.flat` instead.

Example:
    >>> from tyxq.qasm.limits import QasmLimits
    >>> builder = ProgramBuilder(QasmLimits())
    >>> program = '''
    ... OPENQASM 2.0;
    ... include "qelib1.inc";
    ... gate bell a, b { h a; cx a, b; }
    ... qreg q[2];
    ... bell q[0], q[1];
    ... '''
    >>> read_tree(program, builder)
    >>> [op.name for op in builder.circuit()]
    ['h', 'cnot']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openqasm3 import ast, parser

from ..errors import QasmError
from .expressions import evaluate, line_of
from .program import BodyCall, Operand, ProgramBuilder, located

__all__ = ["parse_program", "read_tree"]

_NOTHING = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)


def parse_program(source: str) -> ast.Program:
    """The ``openqasm3`` syntax tree of ``source``; a :class:`QasmError` naming the place of a syntax error."""
    if _NOTHING.fullmatch(source):
        raise QasmError("the program is empty; an OpenQASM 2.0 program starts with `OPENQASM 2.0;`")
    try:
        return parser.parse(source)
    except parser.QASM3ParsingError as error:
        raise QasmError(f"syntax error at {_syntax_location(error)}: this is not valid OpenQASM 2.0") from None
    except RecursionError:
        raise QasmError(
            "the program nests parentheses or operators deeper than the parser can follow; write the deep "
            "expression as a number"
        ) from None
    except ValueError as error:  # an integer literal past Python's limit on digits, with raised expression limits
        raise QasmError(
            f"the parser cannot read a literal of the program ({error}); write it as a shorter number"
        ) from None


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


def read_tree(source: str, builder: ProgramBuilder) -> None:
    """Parse ``source`` and give its statements, in order, to ``builder``."""
    program = parse_program(source)
    version = program.version
    if version is None or not str(version).startswith("2"):
        found = "no OPENQASM line" if version is None else f"OPENQASM {version}"
        raise QasmError(
            f"tyxq reads OpenQASM 2.0, but the program has {found}; start it with `OPENQASM 2.0;` and "
            'write gates from `include "qelib1.inc";`'
        )
    for statement in program.statements:
        _statement(statement, builder)


def _statement(node: Any, builder: ProgramBuilder) -> None:
    line = line_of(node)
    if isinstance(node, ast.Include):
        builder.include(node.filename, line)
    elif isinstance(node, ast.QubitDeclaration):
        builder.qreg(node.qubit.name, _register_size(node.size, line), line)
    elif isinstance(node, ast.ClassicalDeclaration) and isinstance(node.type, ast.BitType):
        if node.init_expression is not None:
            raise located(line, "classical registers cannot be initialised in OpenQASM 2; write `creg c[n];`")
        builder.creg(node.identifier.name, _register_size(node.type.size, line), line)
    elif isinstance(node, ast.QuantumGateDefinition):
        _define(node, builder, line)
    elif isinstance(node, ast.QuantumGate):
        _gate(node, builder, line)
    elif isinstance(node, ast.QuantumBarrier):
        builder.barrier([_operand(qubit, line) for qubit in node.qubits], line)
    elif isinstance(node, ast.QuantumMeasurementStatement):
        target = None if node.target is None else _operand(node.target, line, "classical register")
        builder.measure(_operand(node.measure.qubit, line), target, line)
    elif isinstance(node, ast.QuantumReset):
        builder.reset(_operand(node.qubits, line), line)
    elif isinstance(node, ast.BranchingStatement):
        _branch(node, builder, line)
    else:
        raise located(line, f"{type(node).__name__} is not part of OpenQASM 2.0 as tyxq reads it; remove it")


def _gate(
    node: ast.QuantumGate, builder: ProgramBuilder, line: int | None, condition: tuple[str, int] | None = None
) -> None:
    if node.modifiers or node.duration is not None:
        raise located(line, "gate modifiers and durations are OpenQASM 3; OpenQASM 2 has neither")
    params = _angles(node.arguments, {}, line)
    builder.apply(node.name.name, params, [_operand(qubit, line) for qubit in node.qubits], line, condition)


def _branch(node: ast.BranchingStatement, builder: ProgramBuilder, line: int | None) -> None:
    """``if(creg==n) gate;``: OpenQASM 2's one form of ``if``, on a gate (tyxq conditions gates only)."""
    condition = node.condition
    if not (
        isinstance(condition, ast.BinaryExpression)
        and condition.op.name == "=="
        and isinstance(condition.lhs, ast.Identifier)
        and isinstance(condition.rhs, ast.IntegerLiteral)
        and not node.else_block
        and len(node.if_block) == 1
    ):
        raise located(line, "OpenQASM 2 writes a condition as `if(c==n) gate ...;`: one register, ==, an integer")
    (inner,) = node.if_block
    if not isinstance(inner, ast.QuantumGate):
        raise located(
            line, "tyxq conditions gates only; write the measure or reset without `if`, or condition a gate instead"
        )
    _gate(inner, builder, line, (condition.lhs.name, condition.rhs.value))


def _define(node: ast.QuantumGateDefinition, builder: ProgramBuilder, line: int | None) -> None:
    name = node.name.name
    body = []
    for inner in node.body:
        inner_line = line_of(inner) or line
        if isinstance(inner, ast.QuantumBarrier):
            continue
        if not isinstance(inner, ast.QuantumGate) or inner.modifiers:
            raise located(inner_line, f"the body of gate {name!r} may only apply gates and barriers")
        qubits = tuple(qubit.name for qubit in inner.qubits if isinstance(qubit, ast.Identifier))
        if len(qubits) != len(inner.qubits):
            raise located(inner_line, f"gate {name!r} uses a qubit that is not one of its arguments")
        arguments = inner.arguments
        body.append(BodyCall(inner.name.name, _bind(arguments, inner_line), len(arguments), qubits, inner_line))
    params = tuple(arg.name for arg in node.arguments)
    builder.define(name, params, tuple(qubit.name for qubit in node.qubits), body, line)


def _bind(arguments: Sequence[ast.Expression], line: int | None) -> Callable[[Mapping[str, float]], list[float]]:
    """The function from a definition's bound parameters to the angles of one call in its body."""
    return lambda bound: _angles(arguments, bound, line)


def _angles(arguments: Sequence[ast.Expression], bound: Mapping[str, float], line: int | None) -> list[float]:
    try:
        return [evaluate(argument, bound) for argument in arguments]
    except RecursionError:
        raise located(line, "an angle expression nests deeper than tyxq can evaluate; write it as a number") from None


def _operand(node: Any, line: int | None, kind: str = "quantum register") -> Operand:
    """``(register, None)`` for ``r`` (the whole register) or ``(register, i)`` for ``r[i]``."""
    if isinstance(node, ast.Identifier):
        return node.name, None
    if (
        isinstance(node, ast.IndexedIdentifier)
        and len(node.indices) == 1
        and isinstance(node.indices[0], list)
        and len(node.indices[0]) == 1
        and isinstance(node.indices[0][0], ast.IntegerLiteral)
    ):
        return node.name.name, node.indices[0][0].value
    raise located(line, f"name a {kind} or one element of it with an integer index, as in r or r[0]")


def _register_size(node: Any, line: int | None) -> int:
    """A register size: ``qreg q[3];`` gives 3, and OpenQASM 3's ``qubit q;`` gives 1."""
    value = 1 if node is None else getattr(node, "value", None)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise located(line, "a register size is a positive integer, as in qreg q[3];")
    return value
