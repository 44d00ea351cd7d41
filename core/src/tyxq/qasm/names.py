"""The names under which tyxq's table gates are written to OpenQASM 2.0.

Example:
    >>> QASM_NAMES["cnot"], QASM_NAMES["fsim"]
    ('cx', 'fsim')
"""

from __future__ import annotations

__all__ = ["QASM_NAMES"]

QASM_NAMES: dict[str, str] = {
    **{
        name: name
        for name in (
            "id",
            "h",
            "x",
            "y",
            "z",
            "s",
            "sdg",
            "t",
            "tdg",
            "sx",
            "sxdg",
            "rx",
            "ry",
            "rz",
            "cz",
            "cy",
            "ch",
            "swap",
            "crx",
            "cry",
            "crz",
            "rxx",
            "rzz",
            "ccx",
            "cswap",
            "ryy",
            "iswap",
            "iswapdg",
            "u2",
            "single_excitation",
            "double_excitation",
            "fsim",
            "iswap_pow",
            "sqrt_iswap",
            "sqrt_iswapdg",
            "ecr",
        )
    },
    "phase": "u1",
    "u": "u3",
    "cnot": "cx",
    "cphase": "cu1",
}
"""tyxq gate name → the name the exported program uses."""
