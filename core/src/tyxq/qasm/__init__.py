"""OpenQASM 2.0 text to circuits and back: ``tyxq.qasm.loads`` and ``tyxq.qasm.dumps``.

``dumps`` needs nothing beyond tyxq; ``loads`` parses with the ``openqasm3``
reference parser, an optional extra: ``pip install "tyxq[qasm]"``.

Example:
    >>> import tyxq
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> [op.name for op in tyxq.qasm.loads(tyxq.qasm.dumps(bell))]
    ['h', 'cnot']
"""

from __future__ import annotations

from ..circuit import Circuit
from ..errors import QasmError
from .writer import dumps

__all__ = ["dumps", "loads"]


def loads(source: str) -> Circuit:
    """Build a circuit from the text of an OpenQASM 2.0 program (see :mod:`tyxq.qasm.reader`).

    Registers are flattened in declaration order, custom ``gate``
    definitions are expanded, ``barrier`` is ignored and final ``measure``
    statements are accepted.

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
    return read(source)
