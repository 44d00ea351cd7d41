"""The limits an OpenQASM program must stay within, checked before the work they bound.

A few hundred bytes of nested ``gate`` definitions can stand for billions of
operations (each level calling the one below twice doubles the count), the
``openqasm3`` parser needs about a minute and 600 MiB per 1.4 MB of text, and
its time and memory grow much faster on a deeply nested expression (200,000
signs in front of a number took it 40 s and 1 GB). So the reader states
these limits and checks each before spending the time or memory it guards:

- ``max_source_bytes`` (16 MiB): the size of the program text, checked first;
- ``max_expression_depth`` (32): how deeply an expression nests, counted in
  parentheses (a function call's included) and in signs written one after
  another (``--1`` is 2 deep), checked on the text, in linear time, before
  either reader reads it;
- ``max_expression_bytes`` (1,024): the length of one parenthesised
  expression (a gate's angles, an ``if`` condition), checked the same way
  before the full parser reads a program. That parser recurses once per
  binary operator, so a sum of about 500 terms is as far as it can follow
  in any case; a flat program's angles (``tyxq.qasm.flat``) are read in
  linear time whatever their length;
- ``max_qubits`` (65,536): the qubits all ``qreg`` declarations add up to;
  ``max_bits`` (65,536): the same for ``creg``, checked at each declaration;
- ``max_operations`` (2,000,000): the tyxq operations the program expands to,
  checked before each gate application is expanded, from the expanded size
  of every ``gate`` definition (computed once, when it is defined);
- ``max_depth`` (64): how deeply ``gate`` definitions call one another,
  checked when a definition is read.

Each is a keyword argument of :func:`tyxq.qasm.loads`, and a program
over one gets a :class:`~tyxq.QasmError` that names the limit and the
keyword that raises it.

Example:
    >>> limits = QasmLimits(max_operations=10)
    >>> limits.check_operations(held=8, adding=4, what="gate 'g'", line=7)
    Traceback (most recent call last):
    ...
    tyxq.errors.QasmError: line 7: gate 'g' expands to 4 operations, which would make 12, over the limit of 10 ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import numpy as np

from ..errors import ConfigurationError, QasmError

__all__ = ["QasmLimits"]


@dataclass(frozen=True)
class QasmLimits:
    """The limits one reading of a program enforces (see the module docstring)."""

    max_source_bytes: int = 16 * 2**20
    max_operations: int = 2_000_000
    max_depth: int = 64
    max_expression_depth: int = 32
    max_expression_bytes: int = 1024
    max_qubits: int = 2**16
    max_bits: int = 2**16

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigurationError(
                    f"{field.name}={value!r}: a limit is a positive integer; pass one such as "
                    f"{field.name}={field.default}, the default"
                )

    def check_source(self, source: str) -> None:
        """Refuse a program text longer than ``max_source_bytes`` (UTF-8), without copying a huge one.

        Example:
            >>> QasmLimits(max_source_bytes=8).check_source("OPENQASM 2.0;")
            Traceback (most recent call last):
            ...
            tyxq.errors.QasmError: the program is 13 bytes long, over the limit of 8 bytes; ... max_source_bytes=13
        """
        # a character is 1 to 4 bytes in UTF-8: short texts need no encoding, and huge ones are not copied
        if len(source) * 4 <= self.max_source_bytes:
            return
        exact = len(source) <= 4 * self.max_source_bytes
        size = len(source.encode("utf-8")) if exact else len(source)
        if size > self.max_source_bytes:
            raise QasmError(
                f"the program is {'' if exact else 'at least '}{size:,} bytes long, over the limit of "
                f"{self.max_source_bytes:,} bytes; read a smaller program, or raise the limit with the keyword "
                f"argument max_source_bytes={size}"
            )

    def check_operations(self, held: int, adding: int, what: str, line: int | None) -> None:
        """Refuse to add ``adding`` operations (the expansion of ``what``) to ``held`` ones past the limit."""
        total = held + adding
        if total > self.max_operations:
            raise QasmError(
                f"{_at(line)}{what} expands to {adding:,} operations, which would make {total:,}, over the limit "
                f"of {self.max_operations:,} operations; split the program, or raise the limit with the keyword "
                f"argument max_operations={total}"
            )

    def check_depth(self, depth: int, name: str, line: int | None) -> None:
        """Refuse a ``gate`` definition whose calls nest ``depth`` definitions deep, if that passes the limit."""
        if depth > self.max_depth:
            raise QasmError(
                f"{_at(line)}gate {name!r} nests {depth} gate definitions deep, over the limit of {self.max_depth}; "
                f"flatten the definitions, or raise the limit with the keyword argument max_depth={depth}"
            )

    def check_register(self, held: int, adding: int, what: str, line: int | None) -> None:
        """Refuse a register declaration ``what`` of ``adding`` qubits or bits past ``max_qubits`` or ``max_bits``.

        Example:
            >>> QasmLimits().check_register(0, 10**30, "qreg q", 1)
            Traceback (most recent call last):
            ...
            tyxq.errors.QasmError: line 1: qreg q declares 1,000,...,000 qubits, over the limit of 65,536 qubits ...
        """
        quantum = what.startswith("qreg")
        limit, keyword = (self.max_qubits, "max_qubits") if quantum else (self.max_bits, "max_bits")
        total = held + adding
        if total > limit:
            kind = "qubits" if quantum else "classical bits"
            more = f", which would make {total:,}" if held else ""
            raise QasmError(
                f"{_at(line)}{what} declares {adding:,} {kind}{more}, over the limit of {limit:,} {kind} "
                f"(no mode of tyxq simulates that many); declare fewer, or raise the limit with the keyword "
                f"argument {keyword}={total}"
            )

    def check_expressions(self, source: str, *, lengths: bool = True) -> None:
        """Refuse an expression nested deeper than ``max_expression_depth`` or (with ``lengths``) longer than
        ``max_expression_bytes``.

        Runs on the text, before any parser sees it, in time linear in its
        length and memory bounded by one chunk: comments are blanked, runs of
        signs found by one regular expression, and parentheses counted with
        NumPy.

        Example:
            >>> QasmLimits().check_expressions("OPENQASM 2.0; qreg q[1]; rx(" + "-" * 500_000 + "1) q[0];")
            Traceback (most recent call last):
            ...
            tyxq.errors.QasmError: line 1: an expression chains 500,000 signs (--…), over the limit of 32 ...
        """
        text = _COMMENTS.sub(lambda match: "\n" * match[0].count("\n"), source) if "/" in source else source
        text = _STRINGS.sub(lambda match: " " * len(match[0]), text) if '"' in text else text  # include "a(b.inc"
        signs = _sign_run(self.max_expression_depth + 1).search(text)
        if signs is not None:
            length = len(_SIGN_RUN.match(text, signs.start())[0].replace(" ", "").replace("\n", ""))  # type: ignore[index]
            raise QasmError(
                f"{_at(_line(text, signs.start()))}an expression chains {length:,} signs (--…), over the limit of "
                f"{self.max_expression_depth} for how deeply an expression nests; write the number with one sign, or "
                f"raise the limit with the keyword argument max_expression_depth={length}"
            )
        _Parentheses(self, text, lengths).check()


_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_SIGN_RUN = re.compile(r"[-+](?:\s*[-+])*")
_STRINGS = re.compile(r'"[^"\n]*"')
_SIGN_RUNS: dict[int, re.Pattern[str]] = {}


def _sign_run(length: int) -> re.Pattern[str]:
    """A pattern matching ``length`` signs in a row (spaces between them allowed)."""
    if length not in _SIGN_RUNS:
        _SIGN_RUNS[length] = re.compile(rf"[-+](?:\s*[-+]){{{length - 1}}}")
    return _SIGN_RUNS[length]


def _line(text: str, position: int) -> int:
    return 1 + text.count("\n", 0, position)


class _Parentheses:
    """The nesting and the length of parenthesised expressions in ``text``, counted a chunk at a time."""

    CHUNK = 2**20

    def __init__(self, limits: QasmLimits, text: str, lengths: bool) -> None:
        self.limits, self.lengths = limits, lengths
        self.data = text.encode("utf-8")  # ( and ) are single bytes that no multi-byte character contains

    def check(self) -> None:
        depth, opened = 0, -1  # the depth before the chunk; where the open top-level expression started
        for start in range(0, len(self.data), self.CHUNK):
            chunk = np.frombuffer(
                self.data, dtype=np.uint8, count=min(self.CHUNK, len(self.data) - start), offset=start
            )
            where = np.flatnonzero((chunk == 40) | (chunk == 41))
            if not len(where):
                continue
            opens = chunk[where] == 40
            after = depth + np.cumsum(np.where(opens, 1, -1))
            if after.min() < 0:  # a ) that closes nothing: refused here, since the parser's error recovery
                first = int(np.argmax(after < 0))  # would read on through whatever follows it, for seconds
                if after[:first].max(initial=0) <= self.limits.max_expression_depth:
                    self.refuse_unmatched(start + int(where[first]))
                after = after[:first]
            if after.max() > self.limits.max_expression_depth:
                self.refuse_depth(
                    start + int(where[np.argmax(after > self.limits.max_expression_depth)]), int(after.max())
                )
            starts = start + where[opens & (after == 1)]
            ends = start + where[~opens & (after == 0)]
            if opened >= 0:
                starts = np.concatenate([[opened], starts])
            spans = ends - starts[: len(ends)] + 1
            if self.lengths and len(spans) and spans.max() > self.limits.max_expression_bytes:
                self.refuse_length(int(starts[np.argmax(spans)]), int(spans.max()))
            opened = int(starts[len(ends)]) if len(starts) > len(ends) else -1
            depth = int(after[-1])
        if self.lengths and opened >= 0 and len(self.data) - opened > self.limits.max_expression_bytes:
            self.refuse_length(opened, len(self.data) - opened)

    def line(self, byte: int) -> int:
        return 1 + self.data.count(b"\n", 0, byte)

    def refuse_depth(self, byte: int, depth: int) -> None:
        raise QasmError(
            f"line {self.line(byte)}: an expression nests {depth} parentheses deep, over the limit of "
            f"{self.limits.max_expression_depth}; write it with fewer parentheses (or as a number), or raise the "
            f"limit with the keyword argument max_expression_depth={depth}"
        )

    def refuse_unmatched(self, byte: int) -> None:
        raise QasmError(
            f"line {self.line(byte)}: a ')' closes no '('; check the parentheses of the expression on that line"
        )

    def refuse_length(self, byte: int, length: int) -> None:
        raise QasmError(
            f"line {self.line(byte)}: a parenthesised expression is {length:,} bytes long, over the limit of "
            f"{self.limits.max_expression_bytes:,} bytes; write it as a number, or raise the limit with the "
            f"keyword argument max_expression_bytes={length}"
        )


def _at(line: int | None) -> str:
    return "" if line is None else f"line {line}: "
