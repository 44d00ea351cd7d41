"""Gates without an OpenQASM 2 name, as exact sequences of gates that have one.

``multi_rz[k]`` is a CNOT ladder that computes the parity into its last
qubit, ``rz`` there, and the ladder undone. A controlled gate
``ctrl[values]:base`` is written as follows: controls that must hold 0 are
flipped with ``x`` before and after; a one-qubit base ``U = V·diag(e^{iα},
e^{iβ})·V†`` becomes ``V†``, a phase ``e^{iα}`` on the controls all being 1
and a phase ``e^{i(β-α)}`` on controls and target all being 1 (each a
:func:`~tyxq.qasm.qelib1.multi_controlled_phase` of CNOTs and phase gates),
then ``V``; a multi-qubit base is a product of *segments* ``before · core ·
after`` with ``after = before⁻¹`` (a Pauli rotation is a basis change and a
ladder around one ``rz``), so only each core needs the controls. The
multi-controlled phases have ``2^m - 1`` terms for ``m`` qubits: exact, and
long for many controls.

Example:
    >>> for call in expand("multi_rz[3]", (0, 1, 2), (0.5,)):
    ...     print(call)
    ('cnot', (0, 2), ())
    ('cnot', (1, 2), ())
    ('rz', (2,), (0.5,))
    ('cnot', (1, 2), ())
    ('cnot', (0, 2), ())
"""

from __future__ import annotations

import cmath
import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

from ..backends.numpy_backend import NumpyBackend
from ..errors import QasmError
from ..gates import GATES, controlled_name, gate_spec, split_controlled
from .names import QASM_NAMES
from .qelib1 import TyxqCall, multi_controlled_phase

__all__ = ["expand", "pauli_rotation", "pauli_terms"]

Segment = tuple[list[TyxqCall], list[TyxqCall]]
"""``(before, core)``: the gate is ``before⁻¹ · core · before``; only ``core`` needs controls."""

_HOST = NumpyBackend()
_CHANGE = {"X": (("h",),), "Y": (("sdg",), ("h",)), "Z": ()}
_UNDO = {"X": (("h",),), "Y": (("h",), ("s",)), "Z": ()}


def pauli_rotation(pauli: str, qubits: Sequence[int], angle: float) -> Segment:
    """``exp(-i·angle·P/2)`` for a Pauli string on ``qubits``: basis changes and a CNOT ladder around one ``rz``.

    Example:
        >>> pauli_rotation("XZ", (0, 1), 0.3)
        ([('h', (0,), ()), ('cnot', (0, 1), ())], [('rz', (1,), (0.3,))])
    """
    support = [(q, p) for q, p in zip(qubits, pauli, strict=True) if p != "I"]
    before: list[TyxqCall] = [(gate, (q,), ()) for q, p in support for (gate,) in _CHANGE[p]]
    *rest, last = [q for q, _ in support]
    before += [("cnot", (q, last), ()) for q in rest]
    return before, [("rz", (last,), (angle,))]


def _undo(before: list[TyxqCall]) -> list[TyxqCall]:
    inverse = {"h": "h", "cnot": "cnot", "sdg": "s", "s": "sdg", "x": "x"}
    return [(inverse[name], qubits, params) for name, qubits, params in reversed(before)]


def pauli_terms(matrix: np.ndarray) -> dict[str, float]:
    """The real Pauli decomposition ``{string: coefficient}`` of a Hermitian matrix (first letter = first qubit).

    Example:
        >>> pauli_terms(np.diag([1.0, -1.0]))
        {'Z': 1.0}
    """
    k = int(math.log2(len(matrix)))
    single = {
        "I": np.eye(2),
        "X": np.array([[0, 1], [1, 0]]),
        "Y": np.array([[0, -1j], [1j, 0]]),
        "Z": np.diag([1, -1]),
    }
    terms = {}
    for letters in itertools.product("IXYZ", repeat=k):
        product = np.ones((1, 1))
        for letter in letters:
            product = np.kron(product, single[letter])
        value = float(np.real(np.trace(product @ matrix))) / 2**k
        if abs(value) > 1e-12:
            terms["".join(letters)] = value
    return terms


def _rotations(generator: np.ndarray, theta: float) -> list[Segment]:
    """``exp(-iθG)`` as rotations about ``G``'s Pauli terms (which must commute)."""
    k = int(math.log2(len(generator)))
    return [pauli_rotation(p, range(k), 2 * c * theta) for p, c in pauli_terms(generator).items() if set(p) != {"I"}]


def _swap(params: Sequence[float]) -> list[Segment]:
    return [([("cnot", (0, 1), ())], [("cnot", (1, 0), ())])]


def _xx_yy(angle: float) -> list[Segment]:
    return [pauli_rotation("XX", (0, 1), angle), pauli_rotation("YY", (0, 1), angle)]


_ROOTS: dict[str, Callable[[Sequence[float]], list[Segment]]] = {
    "swap": _swap,
    "rxx": lambda p: [pauli_rotation("XX", (0, 1), p[0])],
    "ryy": lambda p: [pauli_rotation("YY", (0, 1), p[0])],
    "rzz": lambda p: [pauli_rotation("ZZ", (0, 1), p[0])],
    "iswap": lambda p: _xx_yy(-math.pi / 2),
    "iswapdg": lambda p: _xx_yy(math.pi / 2),
    "sqrt_iswap": lambda p: _xx_yy(-math.pi / 4),
    "sqrt_iswapdg": lambda p: _xx_yy(math.pi / 4),
    "iswap_pow": lambda p: _xx_yy(-math.pi / 2 * p[0]),
    "fsim": lambda p: [*_xx_yy(p[0]), ([], [("cphase", (0, 1), (-p[1],))])],
    "ecr": lambda p: [pauli_rotation("ZX", (0, 1), math.pi / 2), ([], [("x", (0,), ())])],
    "single_excitation": lambda p: _rotations(np.asarray(GATES["single_excitation"].generators[0]), p[0]),
    "double_excitation": lambda p: _rotations(np.asarray(GATES["double_excitation"].generators[0]), p[0]),
}


def _segments(name: str, n_qubits: int, params: Sequence[float]) -> list[Segment]:
    if name.startswith("multi_rz["):
        return [pauli_rotation("Z" * n_qubits, range(n_qubits), params[0])]
    if name not in _ROOTS:
        raise QasmError(f"gate {name!r} has no OpenQASM 2.0 decomposition in tyxq yet; add one to tyxq.qasm.decompose")
    return _ROOTS[name](params)


def _place(calls: Sequence[TyxqCall], qubits: Sequence[int]) -> list[TyxqCall]:
    return [(name, tuple(qubits[p] for p in positions), params) for name, positions, params in calls]


def _u3_of(matrix: np.ndarray) -> tuple[float, float, float]:
    """``(θ, φ, λ)`` with ``matrix = e^{iγ}·u(θ, φ, λ)`` for some global phase ``γ``."""
    a, b, c = matrix[0, 0], matrix[1, 0], matrix[0, 1]
    gamma = cmath.phase(a) if abs(a) > 1e-12 else 0.0
    theta = 2 * math.atan2(abs(b), abs(a))
    if abs(b) < 1e-12:
        return theta, 0.0, cmath.phase(matrix[1, 1]) - gamma
    return theta, cmath.phase(b) - gamma, cmath.phase(-c) - gamma


def _controlled_one_qubit(controls: Sequence[int], target: int, matrix: np.ndarray) -> list[TyxqCall]:
    eigenvalues, vectors = np.linalg.eig(matrix)
    if abs(eigenvalues[0] - eigenvalues[1]) < 1e-12:
        vectors = np.eye(2)
    else:
        vectors = vectors / np.linalg.norm(vectors, axis=0)
    alpha, beta = (cmath.phase(value) for value in eigenvalues)
    turn = _u3_of(vectors)
    back = _u3_of(vectors.conj().T)
    return [
        ("u", (target,), back),
        *multi_controlled_phase(alpha, controls),
        *multi_controlled_phase(beta - alpha, [*controls, target]),
        ("u", (target,), turn),
    ]


def _controlled(values: str, root: str, qubits: Sequence[int], params: Sequence[float]) -> list[TyxqCall]:
    controls, targets = list(qubits[: len(values)]), list(qubits[len(values) :])
    flips: list[TyxqCall] = [("x", (q,), ()) for q, v in zip(controls, values, strict=True) if v == "0"]
    spec = gate_spec(root)
    on_ones = controlled_name("1" * len(values), root)
    if on_ones in QASM_NAMES:  # cnot, ccx, crz, ...: a gate of qelib1.inc once the zeros are flipped
        body = [(on_ones, tuple(qubits), tuple(params))]
    elif spec.n_qubits == 1:
        matrix = np.asarray(spec.matrix(_HOST, [np.float64(p) for p in params]))
        body = _controlled_one_qubit(controls, targets[0], matrix)
    else:
        body = []
        for before, core in _segments(root, spec.n_qubits, params):
            placed = _place(before, targets)
            body += placed
            for name, positions, inner in _place(core, targets):
                body += expand(controlled_name("1" * len(controls), name), (*controls, *positions), inner)
            body += _undo(placed)
    return [*flips, *body, *flips]


def expand(name: str, qubits: Sequence[int], params: Sequence[float]) -> list[TyxqCall]:
    """``name`` on ``qubits`` as gates with OpenQASM names (itself if it has one), with numeric parameters.

    Example:
        >>> [call[0] for call in expand("ctrl[0]:x", (0, 1), ())]
        ['x', 'cnot', 'x']
    """
    if name in QASM_NAMES:
        return [(name, tuple(qubits), tuple(params))]
    values, root = split_controlled(name)
    if values:
        return _controlled(values, root, qubits, params)
    calls: list[TyxqCall] = []
    for before, core in _segments(name, len(qubits), params):
        placed = _place(before, qubits)
        calls += [*placed, *_place(core, qubits), *_undo(placed)]
    return calls
