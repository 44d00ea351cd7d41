"""Evaluating OpenQASM 2 parameter expressions from the ``openqasm3`` AST.

OpenQASM 2 angles are real expressions of literals, ``pi``, the parameters
of an enclosing ``gate`` definition, ``+ - * /``, the power ``^``, unary
minus and the functions ``sin cos tan exp ln sqrt``. Anything else is a
:class:`~tyxq.QasmError` naming the line.

``openqasm3`` parses ``^`` as OpenQASM 3's exclusive-or, which binds more
loosely than ``*`` and keeps no trace of parentheses, so ``2*3^2`` and
``(2*3)^2`` arrive as the same tree. tyxq therefore evaluates ``^`` as a
power only where that cannot matter: a number, name or function call on its
left, and one of those (possibly negated) on its right, as in ``2*(x^2)``;
other powers are refused with a message. ``**`` (OpenQASM 3's power, with
the usual precedence) is accepted as well.

Example:
    >>> from openqasm3 import parser
    >>> program = parser.parse("OPENQASM 2.0; qreg q[1]; U(pi/2, 2^-3, ln(1)) q[0];")
    >>> [evaluate(arg, {}) for arg in program.statements[1].arguments]
    [1.5707963267948966, 0.125, 0.0]
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

from openqasm3 import ast

from ..errors import QasmError

__all__ = ["evaluate", "line_of"]

_BINARY: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "^": operator.pow,
    "**": operator.pow,
}
_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "exp": math.exp,
    "ln": math.log,
    "sqrt": math.sqrt,
}
_CONSTANTS = {"pi": math.pi, "π": math.pi}


def line_of(node: Any) -> int | None:
    """The source line of an AST node, if the parser recorded one."""
    span = getattr(node, "span", None)
    return None if span is None else span.start_line


def _fail(node: Any, message: str) -> QasmError:
    line = line_of(node)
    return QasmError(f"line {line}: {message}" if line is not None else message)


_ATOMS = (ast.IntegerLiteral, ast.FloatLiteral, ast.Identifier, ast.FunctionCall)


def _unambiguous_power(node: ast.BinaryExpression) -> bool:
    right = node.rhs.expression if isinstance(node.rhs, ast.UnaryExpression) else node.rhs
    return isinstance(node.lhs, _ATOMS) and isinstance(right, _ATOMS)


def evaluate(node: ast.Expression, parameters: Mapping[str, float]) -> float:
    """The value of the angle expression ``node``, with ``parameters`` bound by name."""
    if isinstance(node, (ast.IntegerLiteral, ast.FloatLiteral)):
        try:
            return float(node.value)
        except OverflowError:
            raise _fail(node, f"the number {node.value} is too large for an angle; angles are finite reals") from None
    if isinstance(node, ast.Identifier):
        if node.name in parameters:
            return parameters[node.name]
        if node.name in _CONSTANTS:
            return _CONSTANTS[node.name]
        known = ", ".join(sorted(parameters)) or "none here"
        raise _fail(node, f"unknown name {node.name!r} in an angle; use pi, numbers, or a gate parameter ({known})")
    if isinstance(node, ast.UnaryExpression) and node.op.name == "-":
        return -evaluate(node.expression, parameters)
    if isinstance(node, ast.BinaryExpression) and node.op.name == "^" and not _unambiguous_power(node):
        raise _fail(
            node,
            "a power a^b needs a single number, name or function call on each side, e.g. 2*(x^2) or "
            "(a+b)**2: the parser cannot tell 2*3^2 from (2*3)^2, so tyxq refuses to guess",
        )
    if isinstance(node, ast.BinaryExpression) and node.op.name in _BINARY:
        left, right = evaluate(node.lhs, parameters), evaluate(node.rhs, parameters)
        try:
            return float(_BINARY[node.op.name](left, right))
        except (ZeroDivisionError, OverflowError, TypeError) as error:
            raise _fail(node, f"cannot evaluate {left} {node.op.name} {right}: {error}") from None
    if isinstance(node, ast.FunctionCall) and node.name.name in _FUNCTIONS and len(node.arguments) == 1:
        argument = evaluate(node.arguments[0], parameters)
        try:
            return _FUNCTIONS[node.name.name](argument)
        except (ValueError, OverflowError) as error:
            raise _fail(node, f"cannot evaluate {node.name.name}({argument}): {error}") from None
    raise _fail(
        node,
        f"unsupported angle expression ({type(node).__name__}); OpenQASM 2 angles use numbers, pi, gate "
        "parameters, + - * / ^, unary minus and sin cos tan exp ln sqrt",
    )
