"""OpenQASM 2.0 import and export.

``to_qasm`` needs nothing beyond tyxq; ``from_qasm`` parses with the
``openqasm3`` reference parser, an optional extra: ``pip install "tyxq[qasm]"``.
Both are also :meth:`tyxq.Circuit.to_qasm` and :meth:`tyxq.Circuit.from_qasm`.

Example:
    >>> import tyxq
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> [op.name for op in tyxq.Circuit.from_qasm(bell.to_qasm())]
    ['h', 'cnot']
"""

from __future__ import annotations

from ..circuit import Circuit
from ..errors import QasmError
from .writer import to_qasm

__all__ = ["from_qasm", "to_qasm"]


def from_qasm(source: str) -> Circuit:
    """Build a circuit from the text of an OpenQASM 2.0 program (see :mod:`tyxq.qasm.reader`).

    Example:
        >>> c = from_qasm('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; x q[0];')
        >>> c.probabilities().tolist()
        [0.0, 1.0]
    """
    try:
        from .reader import from_qasm as read
    except ImportError as error:  # openqasm3 is the optional extra tyxq[qasm]
        raise QasmError(f'reading OpenQASM needs the openqasm3 parser: pip install "tyxq[qasm]" ({error})') from None
    return read(source)
