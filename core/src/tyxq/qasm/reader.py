"""Reading OpenQASM 2.0 programs into circuits, within stated limits.

:func:`from_qasm` checks the size of the text against ``max_source_bytes``,
reads a flat program (gate applications on registers, as in the large
public benchmark circuits) with the fast reader of :mod:`tyxq.qasm.flat`,
and any other program with the ``openqasm3`` reference parser
(:mod:`tyxq.qasm.tree`). Either way :class:`~tyxq.qasm.program.ProgramBuilder`
decides what the statements mean: registers are flattened in declaration
order, ``gate`` definitions are expanded (within ``max_operations`` and
``max_depth``, see :mod:`tyxq.qasm.limits`), the builtins ``U`` and ``CX``
and the ``qelib1.inc`` gates map onto tyxq gates (:mod:`tyxq.qasm.qelib1`),
``barrier`` is dropped and final ``measure`` statements are accepted (tyxq
simulates unitary circuits; sample the result with :func:`tyxq.sample`).
Everything else (``reset``, ``if``, ``opaque``, unknown gates) is a
:class:`~tyxq.QasmError` that names the line and what to do.

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

from ..circuit import Circuit
from ..errors import QasmError
from .flat import build_flat, parse_flat
from .limits import QasmLimits
from .program import ProgramBuilder
from .tree import read_tree

__all__ = ["from_qasm"]

def from_qasm(
    source: str,
    *,
    max_source_bytes: int = QasmLimits.max_source_bytes,
    max_operations: int = QasmLimits.max_operations,
    max_depth: int = QasmLimits.max_depth,
) -> Circuit:
    """Build a circuit from an OpenQASM 2.0 program, refusing one that passes a limit before reading it.

    Args:
        source: the program text.
        max_source_bytes: the longest program read, in bytes of UTF-8 (16 MiB).
        max_operations: the most tyxq operations the program may expand to (2,000,000).
        max_depth: how deeply ``gate`` definitions may call one another (64).

    Example:
        >>> import tyxq
        >>> c = from_qasm('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; u2(0, pi) q[0];')
        >>> [round(float(p), 6) for p in tyxq.probabilities(c)]
        [0.5, 0.5]
        >>> from_qasm('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; h q;', max_operations=0)
        Traceback (most recent call last):
        ...
        tyxq.errors.ConfigurationError: max_operations=0: a limit is a positive integer; ...
    """
    limits = QasmLimits(max_source_bytes, max_operations, max_depth)
    if not isinstance(source, str):
        raise QasmError(f"from_qasm takes the program text as a str, got {type(source).__name__}")
    limits.check_source(source)
    builder = ProgramBuilder(limits)
    statements = parse_flat(source)
    if statements is None:
        read_tree(source, builder)
    else:
        build_flat(statements, builder)
    return builder.circuit()
