"""The gates Qiskit and tyxq share, by name: one table read in both directions.

Every entry names a Qiskit standard gate whose matrix, given the same
parameters on the same qubits in the same argument order, equals the tyxq
gate's; the round-trip tests check each one against ``qiskit.quantum_info``.
Qubit ``q`` of one circuit is qubit ``q`` of the other: only the way a
statevector is indexed differs (Qiskit's qubit 0 is the rightmost bit of a
basis label, tyxq's the leftmost), and the converters never reorder gates'
qubits, except in a dense matrix (``UnitaryGate``), whose qubit order is
reversed.

Example:
    >>> TYXQ_TO_QISKIT["cnot"], QISKIT_TO_TYXQ["cp"]
    ('CXGate', 'cphase')
"""

from __future__ import annotations

__all__ = ["QISKIT_TO_TYXQ", "TYXQ_TO_QISKIT", "DROPPED"]

TYXQ_TO_QISKIT: dict[str, str] = {
    "id": "IGate",
    "h": "HGate",
    "x": "XGate",
    "y": "YGate",
    "z": "ZGate",
    "s": "SGate",
    "sdg": "SdgGate",
    "t": "TGate",
    "tdg": "TdgGate",
    "sx": "SXGate",
    "sxdg": "SXdgGate",
    "rx": "RXGate",
    "ry": "RYGate",
    "rz": "RZGate",
    "phase": "PhaseGate",
    "u": "UGate",
    "u2": "U2Gate",
    "cnot": "CXGate",
    "cz": "CZGate",
    "cy": "CYGate",
    "ch": "CHGate",
    "swap": "SwapGate",
    "iswap": "iSwapGate",
    "rxx": "RXXGate",
    "ryy": "RYYGate",
    "rzz": "RZZGate",
    "crx": "CRXGate",
    "cry": "CRYGate",
    "crz": "CRZGate",
    "cphase": "CPhaseGate",
    "ccx": "CCXGate",
    "cswap": "CSwapGate",
    "ecr": "ECRGate",
}
"""tyxq gate name → the class of ``qiskit.circuit.library`` that is the same gate."""

QISKIT_TO_TYXQ: dict[str, str] = {
    "id": "id",
    "h": "h",
    "x": "x",
    "y": "y",
    "z": "z",
    "s": "s",
    "sdg": "sdg",
    "t": "t",
    "tdg": "tdg",
    "sx": "sx",
    "sxdg": "sxdg",
    "rx": "rx",
    "ry": "ry",
    "rz": "rz",
    "p": "phase",
    "u1": "phase",
    "u": "u",
    "u3": "u",
    "u2": "u2",
    "cx": "cnot",
    "cz": "cz",
    "cy": "cy",
    "ch": "ch",
    "swap": "swap",
    "iswap": "iswap",
    "rxx": "rxx",
    "ryy": "ryy",
    "rzz": "rzz",
    "crx": "crx",
    "cry": "cry",
    "crz": "crz",
    "cp": "cphase",
    "cu1": "cphase",
    "ccx": "ccx",
    "cswap": "cswap",
    "ecr": "ecr",
    # gates tyxq has and Qiskit's library does not: to_qiskit writes them as gates of these names
    # (defined by their matrix), so a round trip through Qiskit gives them back by name
    "iswapdg": "iswapdg",
    "sqrt_iswap": "sqrt_iswap",
    "sqrt_iswapdg": "sqrt_iswapdg",
    "iswap_pow": "iswap_pow",
    "fsim": "fsim",
    "single_excitation": "single_excitation",
    "double_excitation": "double_excitation",
}
"""Qiskit instruction name → tyxq gate name."""

DROPPED: frozenset[str] = frozenset({"barrier", "delay"})
"""Qiskit instructions with no effect on a simulated state: ``from_qiskit`` leaves them out."""
