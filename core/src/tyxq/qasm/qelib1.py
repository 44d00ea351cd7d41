"""The OpenQASM 2.0 gate set: the builtins ``U`` and ``CX`` and the gates of ``qelib1.inc``.

Each gate is written as a short sequence of tyxq gates. Most are one tyxq
gate (``u3`` is ``u``, ``u1`` and ``p`` are ``phase``, ``cu1`` and ``cp`` are
``cphase``, ``u2(φ, λ)`` is ``u(π/2, φ, λ)``); the few that tyxq has no gate
for (``cu3``, ``cu``, ``csx``, ``rccx``, ``c3x``, ``c3sqrtx``, ``c4x``, ``u0``)
are exact decompositions into tyxq gates, so every circuit read from QASM
can be written back to QASM.

Gates are equal to their ``qelib1.inc`` definitions up to a global phase, as
in every OpenQASM 2 tool (``U`` is the ``u3`` matrix, ``rzz`` is
``exp(-iθ Z⊗Z/2)``).

Example:
    >>> from tyxq.qasm.qelib1 import QELIB1
    >>> QELIB1["u2"].expand((0.0, 3.0))
    [('u', (0,), (1.5707963267948966, 0.0, 3.0))]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["BUILTINS", "QELIB1", "QasmGate", "TyxqCall", "multi_controlled_phase"]

TyxqCall = tuple[str, tuple[int, ...], tuple[float, ...]]
"""One tyxq gate: its name, the positions of its qubits among the QASM gate's qubits, its parameters."""

_HALF_PI = math.pi / 2


@dataclass(frozen=True)
class QasmGate:
    """A gate OpenQASM 2 knows without a ``gate`` definition in the program.

    ``expand(params)`` gives the tyxq gates that implement it, in order.
    """

    name: str
    n_qubits: int
    n_params: int
    expand: Callable[[tuple[float, ...]], list[TyxqCall]]


def _same(tyxq_name: str, n_qubits: int, n_params: int = 0) -> Callable[[tuple[float, ...]], list[TyxqCall]]:
    qubits = tuple(range(n_qubits))
    return lambda params: [(tyxq_name, qubits, tuple(params))]


def multi_controlled_phase(angle: float, qubits: Sequence[int]) -> list[TyxqCall]:
    """Multiply ``|1…1⟩`` of ``qubits`` by ``exp(i·angle)``, with CNOT and phase gates only.

    It uses ``x₁x₂…xₘ = 2^{1-m} Σ_S (-1)^{|S|+1} ⊕_{i∈S} xᵢ`` over the
    non-empty subsets ``S``: each term is a phase on the parity of ``S``,
    computed into its last qubit by CNOTs and uncomputed afterwards.

    Example:
        >>> for call in multi_controlled_phase(1.0, [0, 1]):
        ...     print(call)
        ('phase', (0,), (0.5,))
        ('phase', (1,), (0.5,))
        ('cnot', (0, 1), ())
        ('phase', (1,), (-0.5,))
        ('cnot', (0, 1), ())
    """
    m = len(qubits)
    calls: list[TyxqCall] = []
    for size in range(1, m + 1):
        term = angle * (-1) ** (size + 1) / 2 ** (m - 1)
        for subset in itertools.combinations(qubits, size):
            *controls, target = subset
            ladder: list[TyxqCall] = [("cnot", (control, target), ()) for control in controls]
            calls += [*ladder, ("phase", (target,), (term,)), *ladder[::-1]]
    return calls


def _controlled_u3(theta: float, phi: float, lam: float) -> list[TyxqCall]:
    """Controlled ``u3`` as ``e^{iα}·A·X·B·X·C`` with ``A·B·C = I`` (Nielsen & Chuang, §4.3)."""
    return [
        ("phase", (0,), ((lam + phi) / 2,)),
        ("rz", (1,), ((lam - phi) / 2,)),
        ("cnot", (0, 1), ()),
        ("rz", (1,), (-(phi + lam) / 2,)),
        ("ry", (1,), (-theta / 2,)),
        ("cnot", (0, 1), ()),
        ("ry", (1,), (theta / 2,)),
        ("rz", (1,), (phi,)),
    ]


def _multi_controlled(target_phase: float, n_qubits: int) -> Callable[[tuple[float, ...]], list[TyxqCall]]:
    """``n-1`` controls on ``H·phase(target_phase)·H``: X for π, √X for π/2."""
    target = n_qubits - 1
    hadamard: list[TyxqCall] = [("h", (target,), ())]
    return lambda params: [*hadamard, *multi_controlled_phase(target_phase, range(n_qubits)), *hadamard]


def _relative_phase_toffoli(params: tuple[float, ...]) -> list[TyxqCall]:
    """Margolus' Toffoli up to relative phases: three CNOTs instead of six."""
    return [
        ("h", (2,), ()), ("t", (2,), ()), ("cnot", (1, 2), ()), ("tdg", (2,), ()), ("cnot", (0, 2), ()),
        ("t", (2,), ()), ("cnot", (1, 2), ()), ("tdg", (2,), ()), ("h", (2,), ()),
    ]


BUILTINS: dict[str, QasmGate] = {
    "U": QasmGate("U", 1, 3, _same("u", 1, 3)),
    "CX": QasmGate("CX", 2, 0, _same("cnot", 2)),
}
"""The two gates every OpenQASM 2 program has, with or without ``include "qelib1.inc"``."""

_DIRECT: dict[str, tuple[str, int, int]] = {
    # QASM name: (tyxq gate, qubits, parameters)
    "u3": ("u", 1, 3), "u": ("u", 1, 3), "u1": ("phase", 1, 1), "p": ("phase", 1, 1),
    "id": ("id", 1, 0), "x": ("x", 1, 0), "y": ("y", 1, 0), "z": ("z", 1, 0), "h": ("h", 1, 0),
    "s": ("s", 1, 0), "sdg": ("sdg", 1, 0), "t": ("t", 1, 0), "tdg": ("tdg", 1, 0),
    "sx": ("sx", 1, 0), "sxdg": ("sxdg", 1, 0), "rx": ("rx", 1, 1), "ry": ("ry", 1, 1), "rz": ("rz", 1, 1),
    "cx": ("cnot", 2, 0), "cz": ("cz", 2, 0), "cy": ("cy", 2, 0), "ch": ("ch", 2, 0), "swap": ("swap", 2, 0),
    "crx": ("crx", 2, 1), "cry": ("cry", 2, 1), "crz": ("crz", 2, 1), "cu1": ("cphase", 2, 1), "cp": ("cphase", 2, 1),
    "rxx": ("rxx", 2, 1), "rzz": ("rzz", 2, 1), "ccx": ("ccx", 3, 0), "cswap": ("cswap", 3, 0),
}

QELIB1: dict[str, QasmGate] = {
    **{name: QasmGate(name, n_qubits, n_params, _same(tyxq, n_qubits, n_params))
       for name, (tyxq, n_qubits, n_params) in _DIRECT.items()},
    "u2": QasmGate("u2", 1, 2, lambda p: [("u", (0,), (_HALF_PI, p[0], p[1]))]),
    "u0": QasmGate("u0", 1, 1, lambda p: [("id", (0,), ())]),
    "cu3": QasmGate("cu3", 2, 3, lambda p: _controlled_u3(*p)),
    "cu": QasmGate("cu", 2, 4, lambda p: [("phase", (0,), (p[3],)), *_controlled_u3(p[0], p[1], p[2])]),
    "csx": QasmGate("csx", 2, 0, lambda p: [("h", (1,), ()), ("cphase", (0, 1), (_HALF_PI,)), ("h", (1,), ())]),
    "rccx": QasmGate("rccx", 3, 0, _relative_phase_toffoli),
    "c3x": QasmGate("c3x", 4, 0, _multi_controlled(math.pi, 4)),
    "c3sqrtx": QasmGate("c3sqrtx", 4, 0, _multi_controlled(_HALF_PI, 4)),
    "c4x": QasmGate("c4x", 5, 0, _multi_controlled(math.pi, 5)),
}
"""The gates ``include "qelib1.inc"`` brings in, by their QASM names."""
