"""A fast reader for flat OpenQASM 2.0 programs: gate applications on registers, nothing nested.

The largest public benchmark circuits are long flat lists of statements such
as ``cx q[3],q[7];`` and ``rz(-pi/4) q[2];``. The ``openqasm3`` parser needs
about a minute for 1.4 MB of them; this reader, a few regular expressions,
needs about a second. It reads only this subset:

- ``OPENQASM 2.0;`` first, then ``include "qelib1.inc";``, ``qreg r[n];``,
  ``creg c[n];``, ``barrier`` and ``measure a -> b;``;
- gate applications ``name(angles) operand, …;`` where an operand is ``r``
  or ``r[i]``, and an angle uses numbers, ``pi``, ``+ - * /``, a unary minus
  and one level of parentheses;
- ``//`` comments.

On anything else (a ``gate`` definition, ``^`` or ``sin`` in an angle, an
``if``, a syntax error, an identifier OpenQASM 3 reserves) it gives up and
returns ``None`` before touching any state, and the caller reads the program
with the full parser (:mod:`tyxq.qasm.tree`). What the statements mean is
decided by the same :class:`~tyxq.qasm.program.ProgramBuilder` either way,
so both readers build the same circuit and raise the same errors.

Example:
    >>> statements = parse_flat('OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; rz(-pi/2) q[1];')
    >>> statements[-1]
    ('apply', 1, ('rz', [-1.5707963267948966], [('q', 1)]))
    >>> parse_flat('OPENQASM 2.0; qreg q[1]; U(2^2, 0, 0) q[0];') is None  # for the full parser
    True
"""

from __future__ import annotations

import math
import re
from typing import Any

from .program import Operand, ProgramBuilder

__all__ = ["FlatStatement", "RESERVED", "build_flat", "parse_flat"]

FlatStatement = tuple[str, int, tuple[Any, ...]]
"""A statement read: the :class:`ProgramBuilder` method that takes it, its line, and the arguments before the line."""

RESERVED = frozenset(
    "OPENQASM angle array barrier bit bool box break cal case complex const continue creg ctrl def default defcal "
    "defcalgrammar delay duration durationof else end extern false float for gate gphase if im in include input "
    "int inv let measure mutable negctrl output pow qreg qubit readonly reset return stretch switch true uint void "
    "while pi tau euler".split()
)
"""Words that OpenQASM 3 (and so the full parser) reserves: a flat program using one as a name is not read here."""

_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_OPERAND = rf"{_ID}\s*(?:\[\s*\d+\s*\])?"
_HEADER = re.compile(r"OPENQASM\s+2\.0\s*;")
_STATEMENT = re.compile(
    rf"""
      (?P<register>qreg|creg)\s+(?P<register_name>{_ID})\s*\[\s*(?P<size>\d+)\s*\]\s*;
    | include\s*"(?P<file>[^"\n]*)"\s*;
    | measure\s+(?P<measured>{_OPERAND})\s*->\s*(?P<target>{_OPERAND})\s*;
    | (?P<gate>{_ID})(?:\s*\((?P<angles>[^;(){{}}]*(?:\([^;(){{}}]*\)[^;(){{}}]*)*)\)\s*|\s+)
      (?P<operands>{_OPERAND}(?:\s*,\s*{_OPERAND})*)\s*;
    """,
    re.VERBOSE,
)
_OPERAND_PARTS = re.compile(rf"({_ID})\s*(?:\[\s*(\d+)\s*\])?")
_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|(pi)\b|([-+*/(),]))")


def parse_flat(source: str) -> list[FlatStatement] | None:
    """The statements of ``source`` if it is a flat program (see the module docstring), else ``None``."""
    if "/*" in source:
        return None
    text = _COMMENT.sub("", source) if "//" in source else source
    counted = _skip_space(text, 0)
    header = _HEADER.match(text, counted)
    if header is None:
        return None
    line = 1 + text.count("\n", 0, counted)
    statements: list[FlatStatement] = []
    end = header.end()
    while (start := _skip_space(text, end)) < len(text):
        line += text.count("\n", counted, start)
        counted = start
        match = _STATEMENT.match(text, start)
        statement = None if match is None else _statement(match, line)
        if statement is None:
            return None
        statements.append(statement)
        end = match.end()  # type: ignore[union-attr]  # a statement was read from it
    return statements


def build_flat(statements: list[FlatStatement], builder: ProgramBuilder) -> None:
    """Give ``statements`` (from :func:`parse_flat`), in order, to ``builder``."""
    for method, line, arguments in statements:
        getattr(builder, method)(*arguments, line)


_COMMENT = re.compile(r"//[^\n]*")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _statement(match: re.Match[str], line: int) -> FlatStatement | None:
    """The statement ``match`` read, or ``None`` where it uses more than the flat subset."""
    if match["register"]:
        name, size = match["register_name"], int(match["size"])
        return None if name in RESERVED or size == 0 else (match["register"], line, (name, size))
    if match["file"] is not None:
        return "include", line, (match["file"],)
    if match["measured"]:
        measured, target = _operand(match["measured"]), _operand(match["target"])
        return None if measured is None or target is None else ("measure", line, (measured, target))
    operands = [_operand(text) for text in _SEPARATOR.split(match["operands"])]
    if any(operand is None for operand in operands):
        return None
    name, angles_text = match["gate"], match["angles"]
    if name == "barrier" and angles_text is None:
        return "barrier", line, (operands,)
    if name in RESERVED:
        return None
    angles = [] if angles_text is None else _angles(angles_text)
    return None if angles is None else ("apply", line, (name, angles, operands))


_SEPARATOR = re.compile(r"\s*,\s*")


def _operand(text: str) -> Operand | None:
    match = _OPERAND_PARTS.fullmatch(text)
    if match is None or match[1] in RESERVED:
        return None
    return match[1], None if match[2] is None else int(match[2])


class _NotFlat(Exception):
    """An angle uses more than the flat subset: the full parser reads it."""


def _angles(text: str) -> list[float] | None:
    """The values of the comma-separated angles in ``text``, or ``None`` beyond the flat subset."""
    tokens: list[str] = []
    position = 0
    while (match := _TOKEN.match(text, position)) is not None:
        tokens.append(match[1] or match[2] or match[3])
        position = match.end()
    if text[position:].strip():
        return None
    try:
        angles = _AngleParser(tokens).angles()
    except (_NotFlat, ZeroDivisionError, OverflowError):
        return None
    return angles


class _AngleParser:
    """``angles := sum ("," sum)*``, ``sum := product (("+"|"-") product)*``,
    ``product := factor (("*"|"/") factor)*``, ``factor := ["-"] (number | "pi" | "(" sum ")")``."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.next = 0

    def angles(self) -> list[float]:
        values = [self.sum()]
        while self.take(","):
            values.append(self.sum())
        if self.next != len(self.tokens):
            raise _NotFlat
        return values

    def sum(self) -> float:
        value = self.product()
        while True:
            if self.take("+"):
                value += self.product()
            elif self.take("-"):
                value -= self.product()
            else:
                return value

    def product(self) -> float:
        value = self.factor()
        while True:
            if self.take("*"):
                value *= self.factor()
            elif self.take("/"):
                value /= self.factor()
            else:
                return value

    def factor(self) -> float:
        negative = self.take("-")
        token = self.tokens[self.next] if self.next < len(self.tokens) else ""
        self.next += 1
        if token == "pi":
            value = math.pi
        elif token == "(":
            value = self.sum()
            if not self.take(")"):
                raise _NotFlat
        elif token[:1].isdigit() or token[:1] == ".":
            value = float(token)
            if math.isinf(value):  # the full parser reads a huge integer literal as an int: let it explain
                raise _NotFlat
        else:
            raise _NotFlat
        return -value if negative else value

    def take(self, symbol: str) -> bool:
        if self.next < len(self.tokens) and self.tokens[self.next] == symbol:
            self.next += 1
            return True
        return False
