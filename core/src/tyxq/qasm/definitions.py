"""OpenQASM 2 ``gate`` definitions of the chemistry and hardware gates, built from Pauli rotations.

Each gate is a product of commuting Pauli rotations ``exp(-i·a·P/2)``
(basis changes and a CNOT ladder around one ``rz``), equal to tyxq's matrix
exactly, global phase included: ``single_excitation`` and
``double_excitation`` from the Pauli terms of their generators, ``fsim``,
``iswap_pow`` and the square roots of iSWAP from ``XX + YY``, and ``ecr``
as ``x`` after a ZX rotation by π/2.

Example:
    >>> print(NEW_DEFINITIONS["iswap_pow"])  # doctest: +NORMALIZE_WHITESPACE
    gate iswap_pow(t) a, b { h a; h b; cx a, b; rz(-pi/2*t) b; cx a, b; h b; h a; sdg a; h a; sdg b; h b;
    cx a, b; rz(-pi/2*t) b; cx a, b; h b; s b; h a; s a; }
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..gates import GATES
from .decompose import pauli_terms

__all__ = ["NEW_DEFINITIONS", "rotation_text"]

_CHANGE = {"X": ["h"], "Y": ["sdg", "h"], "Z": []}
_UNDO = {"X": ["h"], "Y": ["h", "s"], "Z": []}


def rotation_text(pauli: str, qubits: Sequence[str], angle: str) -> str:
    """OpenQASM statements for ``exp(-i·angle·P/2)`` on the named qubits.

    Example:
        >>> rotation_text("ZX", ["a", "b"], "theta")
        'h b; cx a, b; rz(theta) b; cx a, b; h b;'
    """
    support = [(q, p) for q, p in zip(qubits, pauli, strict=True) if p != "I"]
    *rest, last = [q for q, _ in support]
    before = [f"{gate} {q};" for q, p in support for gate in _CHANGE[p]] + [f"cx {q}, {last};" for q in rest]
    after = [f"cx {q}, {last};" for q in reversed(rest)] + [f"{g} {q};" for q, p in reversed(support) for g in _UNDO[p]]
    return " ".join([*before, f"rz({angle}) {last};", *after])


def _from_generator(name: str, qubits: Sequence[str]) -> str:
    generator = np.asarray(GATES[name].generators[0])
    body = " ".join(rotation_text(p, qubits, f"{2 * c!r}*theta") for p, c in pauli_terms(generator).items())
    return f"gate {name}(theta) {', '.join(qubits)} {{ {body} }}"


def _xx_yy(name: str, angle: str, parameters: str = "") -> str:
    body = f"{rotation_text('XX', 'ab', angle)} {rotation_text('YY', 'ab', angle)}"
    return f"gate {name}{parameters} a, b {{ {body} }}"


NEW_DEFINITIONS: dict[str, str] = {
    "single_excitation": _from_generator("single_excitation", ["a", "b"]),
    "double_excitation": _from_generator("double_excitation", ["a", "b", "c", "d"]),
    "fsim": _xx_yy("fsim", "theta", "(theta, phi)").replace(" }", " cu1(-phi) a, b; }"),
    "iswap_pow": _xx_yy("iswap_pow", "-pi/2*t", "(t)"),
    "sqrt_iswap": _xx_yy("sqrt_iswap", "-pi/4"),
    "sqrt_iswapdg": _xx_yy("sqrt_iswapdg", "pi/4"),
    "ecr": f"gate ecr a, b {{ {rotation_text('ZX', 'ab', 'pi/2')} x a; }}",
}
"""``gate`` definitions of the table gates added after ``ryy`` and ``iswap``, by tyxq name."""
