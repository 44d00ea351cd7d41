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
) -> Circuit:
    """Build a circuit from the text of an OpenQASM 2.0 program (the reader is ``tyxq.qasm.reader``).

    Registers are flattened in declaration order, custom ``gate``
    definitions are expanded and ``barrier`` is ignored. Measurements at the
    end are dropped (the circuit is the program's unitary part); ``measure``
    before other gates, ``reset`` and ``if(c==n)`` become ``Circuit.measure``,
    the reset channel and ``Circuit.cond``. A program longer than ``max_source_bytes``
    (16 MiB), expanding to more than ``max_operations`` tyxq operations
    (2,000,000), or nesting ``gate`` definitions deeper than ``max_depth``
    (64) is refused before the work it would cost (:mod:`tyxq.qasm.limits`).

    Example:
        >>> import tyxq
        >>> c = loads('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; x q[0];')
        >>> tyxq.probabilities(c).tolist()
        [0.0, 1.0]
    """
    try:
        from .reader import from_qasm as read
    except ImportError as error:  # openqasm3 is the optional extra tyxq[qasm]
        raise QasmError(f'reading OpenQASM needs the openqasm3 parser: pip install "tyxq[qasm]" ({error})') from None
    return read(source, max_source_bytes=max_source_bytes, max_operations=max_operations, max_depth=max_depth)
