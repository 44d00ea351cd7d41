"""OpenQASM 2.0 text to circuits and back: ``tyxq.qasm.loads`` and ``tyxq.qasm.dumps``.

``dumps`` needs nothing beyond tyxq; ``loads`` parses with the ``openqasm3``
reference parser (or, for flat programs, a fast reader of its own), an
optional extra: ``pip install "tyxq[qasm]"``.

Example:
    >>> import tyxq
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> [op.name for op in tyxq.qasm.loads(tyxq.qasm.dumps(bell))]
    ['h', 'cnot']
"""

from __future__ import annotations

from ..circuit import Circuit
from ..errors import QasmError
from .limits import QasmLimits
from .writer import dumps

__all__ = ["QasmLimits", "dumps", "loads"]


def loads(
    source: str,
    *,
    max_source_bytes: int = QasmLimits.max_source_bytes,
    max_operations: int = QasmLimits.max_operations,
    max_depth: int = QasmLimits.max_depth,
    max_expression_depth: int = QasmLimits.max_expression_depth,
    max_expression_bytes: int = QasmLimits.max_expression_bytes,
    max_qubits: int = QasmLimits.max_qubits,
    max_bits: int = QasmLimits.max_bits,
) -> Circuit:
    """Build a circuit from the text of an OpenQASM 2.0 program (the reader is ``tyxq.qasm.reader``).

    Registers are flattened in declaration order, custom ``gate``
    definitions are expanded and ``barrier`` is ignored. The classical
    registers become the circuit's declared register (``Circuit(n, bits=...)``),
    so ``bits=`` of ``tyxq.counts`` reads any of its bits, one never written
    as 0. Measurements at the end are kept as the circuit's final
    measurements (``Circuit.measure_at_end``): the circuit stays unitary, so
    ``tyxq.state`` runs it. ``measure`` before other gates, ``reset`` and
    ``if(c==n)`` become ``Circuit.measure``, the reset channel and
    ``Circuit.cond``. A program that passes one of the limits of
    :mod:`tyxq.qasm.limits` is refused before the work it would cost: longer
    than ``max_source_bytes`` (16 MiB), an expression nested deeper than
    ``max_expression_depth`` (32) or longer than ``max_expression_bytes``
    (1,024) where the full parser reads it, more than ``max_qubits`` qubits
    or ``max_bits`` bits (65,536 each), more than ``max_operations`` tyxq
    operations (2,000,000), or ``gate`` definitions nested deeper than
    ``max_depth`` (64). The page
    ``docs/limits.md`` lists them with tyxq's other limits.

    Example:
        >>> import tyxq
        >>> c = loads('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; x q[0];')
        >>> tyxq.probabilities(c).tolist()
        [0.0, 1.0]
        >>> program = '''OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; creg c[5]; x q[1];
        ... measure q[0] -> c[0]; measure q[1] -> c[1];'''
        >>> c = loads(program)
        >>> c.final_measurements, tyxq.counts(c, 10, bits=[4, 3, 2, 1, 0])  # c[4] … c[0]
        ({0: 0, 1: 1}, {'00010': 10})
    """
    limits = QasmLimits(
        max_source_bytes=max_source_bytes,
        max_operations=max_operations,
        max_depth=max_depth,
        max_expression_depth=max_expression_depth,
        max_expression_bytes=max_expression_bytes,
        max_qubits=max_qubits,
        max_bits=max_bits,
    )
    try:
        from .reader import read_program
    except ImportError as error:  # openqasm3 is the optional extra tyxq[qasm]
        raise QasmError(f'reading OpenQASM needs the openqasm3 parser: pip install "tyxq[qasm]" ({error})') from None
    return read_program(source, limits)
