"""The limits an OpenQASM program must stay within, checked before the work they bound.

A few hundred bytes of nested ``gate`` definitions can stand for billions of
operations (each level calling the one below twice doubles the count), and
the ``openqasm3`` parser needs about a minute and 600 MiB per 1.4 MB of
text. So the reader states three limits and checks each before spending the
time or memory it guards:

- ``max_source_bytes`` (16 MiB): the size of the program text, checked first;
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

from dataclasses import dataclass, fields

from ..errors import ConfigurationError, QasmError

__all__ = ["QasmLimits"]


@dataclass(frozen=True)
class QasmLimits:
    """The limits one reading of a program enforces (see the module docstring)."""

    max_source_bytes: int = 16 * 2**20
    max_operations: int = 2_000_000
    max_depth: int = 64

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


def _at(line: int | None) -> str:
    return "" if line is None else f"line {line}: "
