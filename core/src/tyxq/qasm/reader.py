"""Reading OpenQASM 2.0 programs into circuits, within stated limits.

:func:`read_program` checks the size of the text against ``max_source_bytes``,
reads a flat program (gate applications on registers, as in the large
public benchmark circuits) with the fast reader of :mod:`tyxq.qasm.flat`,
and any other program, after checking its expressions against
``max_expression_depth`` and ``max_expression_bytes``, with the ``openqasm3``
reference parser (:mod:`tyxq.qasm.tree`). Either way
:class:`~tyxq.qasm.program.ProgramBuilder` decides what the statements
mean: registers are flattened in declaration order, ``gate`` definitions
are expanded (within the limits of :mod:`tyxq.qasm.limits`), the builtins
``U`` and ``CX`` and the ``qelib1.inc`` gates map onto tyxq gates
(:mod:`tyxq.qasm.qelib1`), ``barrier`` is dropped, final ``measure``
statements become the circuit's final measurements, and mid-circuit
``measure``, ``reset`` and ``if`` their tyxq operations. Everything else
(``opaque`` gates, which tyxq cannot simulate, unknown gates, OpenQASM 3)
is a :class:`~tyxq.QasmError` that names the line and what to do.

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
    >>> circuit = read_program(program, QasmLimits())
    >>> [op.name for op in circuit], circuit.final_measurements
    (['h', 'cnot'], {0: 0, 1: 1})
"""

from __future__ import annotations

import re

from ..circuit import Circuit
from ..errors import QasmError
from .flat import build_flat, parse_flat
from .limits import QasmLimits
from .program import ProgramBuilder
from .tree import read_tree

__all__ = ["read_program"]

_OPAQUE = re.compile(r"(?:^|[;}\s])opaque\s+([A-Za-z_][A-Za-z0-9_]*)")


def read_program(source: str, limits: QasmLimits) -> Circuit:
    """Build a circuit from an OpenQASM 2.0 program, refusing one that passes a limit before reading it.

    Example:
        >>> import tyxq
        >>> c = read_program('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; u2(0, pi) q[0];', QasmLimits())
        >>> [round(float(p), 6) for p in tyxq.probabilities(c)]
        [0.5, 0.5]
    """
    if not isinstance(source, str):
        raise QasmError(f"tyxq.qasm.loads takes the program text as a str, got {type(source).__name__}")
    limits.check_source(source)
    limits.check_expressions(source, lengths=False)
    builder = ProgramBuilder(limits)
    statements = parse_flat(source)
    if statements is None:  # the full parser's time and memory grow fast with an expression's length too
        limits.check_expressions(source)
        _refuse_opaque(source)
        read_tree(source, builder)
    else:
        build_flat(statements, builder)
    return builder.circuit()


def _refuse_opaque(source: str) -> None:
    """``opaque`` is OpenQASM 2 (a gate without a body), but the ``openqasm3`` parser and tyxq's simulation lack it."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", "", source, flags=re.DOTALL) if "/" in source else source
    found = _OPAQUE.search(text)
    if found is not None:
        raise QasmError(
            f"line {1 + text.count(chr(10), 0, found.start(1))}: `opaque {found[1]}` declares a gate without a "
            "definition; that is valid OpenQASM 2, but tyxq does not simulate opaque gates (only gates it can "
            "expand): write it as "
            f"`gate {found[1]} ... {{ ... }}` with its body, or replace its uses by qelib1.inc gates"
        )
