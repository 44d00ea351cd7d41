"""The standard gates: Paulis, Cliffords, rotations and their controlled forms, ``u``, SWAP and Toffoli.

Conventions: ``rx(θ) = exp(-iθX/2)`` and likewise for ``ry rz rxx ryy rzz``
and the controlled rotations; ``phase(θ) = diag(1, e^{iθ})``;
``u(θ, φ, λ)`` is OpenQASM's ``U``, ``phase(φ)·ry(θ)·phase(λ)``.

Example:
    >>> [spec.name for spec in SPECS][:4]
    ['id', 'h', 'x', 'y']
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np

from ..backends.protocol import Array, Backend
from .builders import (
    I2,
    ISWAP,
    P1,
    SX,
    H,
    X,
    Y,
    Z,
    constant,
    constant_diagonal,
    controlled_rotation,
    diagonal_rotation,
    entries,
    full_angle_phase,
    half_angle_rotation,
    half_angles,
    named,
    negated,
    pauli_rotation,
    permutation_matrix,
    phase_of,
)
from .shift_rules import FOUR_TERM, TWO_TERM
from .spec import Builder, GateSpec, ShiftRule

__all__ = ["SPECS"]

def _u(backend: Backend, theta: Array, phi: Array, lam: Array) -> Array:
    c, s = half_angles(backend, theta)
    return entries(
        backend,
        [
            [c, -phase_of(backend, lam) * s],
            [phase_of(backend, phi) * s, phase_of(backend, phi + lam) * c],
        ],
    )


def _u_derivative(backend: Backend, params: tuple[Any, ...], index: int) -> Array:
    theta, phi, lam = params
    c, s = half_angles(backend, theta)
    e_phi, e_lam, e_both = phase_of(backend, phi), phase_of(backend, lam), phase_of(backend, phi + lam)
    if index == 0:
        rows = [[-s / 2, -e_lam * c / 2], [e_phi * c / 2, -e_both * s / 2]]
    elif index == 1:
        rows = [[0.0, 0.0], [1j * e_phi * s, 1j * e_both * c]]
    else:
        rows = [[0.0, -1j * e_lam * s], [0.0, 1j * e_both * c]]
    return entries(backend, rows)


def _rotation(
    name: str,
    n_qubits: int,
    apply_as: Literal["dense", "diagonal"],
    build: Builder,
    generator: np.ndarray,
    doc: str,
    rule: ShiftRule = TWO_TERM,
    aliases: tuple[str, ...] = (),
) -> GateSpec:
    return GateSpec(
        name, n_qubits, ("theta",), apply_as, build, generators=(generator,), shift_rules=(rule,),
        inverse=negated(name), aliases=aliases, doc=doc,
    )


def _permutation_gate(name: str, permutation: tuple[int, ...], doc: str, aliases: tuple[str, ...] = ()) -> GateSpec:
    n_qubits = int(math.log2(len(permutation)))
    return GateSpec(
        name, n_qubits, (), "permutation", constant(permutation_matrix(permutation)),
        aliases=aliases, permutation=permutation, doc=doc,
    )


def _fixed(
    name: str, n_qubits: int, apply_as: Literal["dense", "diagonal"], build: Builder, doc: str, **more: Any
) -> GateSpec:
    return GateSpec(name, n_qubits, (), apply_as, build, doc=doc, **more)


SPECS: list[GateSpec] = [
    _fixed("id", 1, "diagonal", constant_diagonal([1, 1]), "The identity.", aliases=("i",)),
    _fixed("h", 1, "dense", constant(H), "The Hadamard gate."),
    _permutation_gate("x", (1, 0), "The Pauli X gate (NOT)."),
    _fixed("y", 1, "dense", constant(Y), "The Pauli Y gate."),
    _fixed("z", 1, "diagonal", constant_diagonal([1, -1]), "The Pauli Z gate."),
    _fixed("s", 1, "diagonal", constant_diagonal([1, 1j]), "The S gate, √Z.", inverse=named("sdg")),
    _fixed("sdg", 1, "diagonal", constant_diagonal([1, -1j]), "The inverse of S.", inverse=named("s")),
    _fixed("t", 1, "diagonal", constant_diagonal([1, np.exp(1j * math.pi / 4)]), "The T gate.", inverse=named("tdg")),
    _fixed("tdg", 1, "diagonal", constant_diagonal([1, np.exp(-1j * math.pi / 4)]), "T's inverse.", inverse=named("t")),
    _fixed("sx", 1, "dense", constant(SX), "The √X gate.", inverse=named("sxdg")),
    _fixed("sxdg", 1, "dense", constant(SX.conj().T), "The inverse of √X.", inverse=named("sx")),
    _rotation("rx", 1, "dense", pauli_rotation(X), X / 2, "The X rotation ``exp(-iθX/2)``."),
    _rotation("ry", 1, "dense", pauli_rotation(Y), Y / 2, "The Y rotation ``exp(-iθY/2)``."),
    _rotation("rz", 1, "diagonal", diagonal_rotation([1, -1]), Z / 2, "The Z rotation ``exp(-iθZ/2)``."),
    _rotation(
        "phase", 1, "diagonal", full_angle_phase([1, 0], [0, 1]), -P1, "The phase gate ``diag(1, e^{iθ})``.",
        aliases=("p", "u1"),
    ),
    GateSpec(
        "u", 1, ("theta", "phi", "lam"), "dense", _u, generators=(None, None, None),
        shift_rules=(TWO_TERM, TWO_TERM, TWO_TERM), inverse=lambda p: ("u", (-p[0], -p[2], -p[1])), aliases=("u3",),
        derivative=_u_derivative, spectra=((-0.5, 0.5), (-1.0, 0.0), (-1.0, 0.0)),
        doc="OpenQASM's ``U(θ, φ, λ) = phase(φ)·ry(θ)·phase(λ)``:\n"
        "``[[cos(θ/2), -e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]]``.",
    ),
    _permutation_gate("cnot", (0, 1, 3, 2), "The controlled NOT: X on the second qubit where the first is 1.", ("cx",)),
    _fixed("cz", 2, "diagonal", constant_diagonal([1, 1, 1, -1]), "The controlled Z."),
    _fixed("cy", 2, "dense", constant(np.block([[I2, np.zeros((2, 2))], [np.zeros((2, 2)), Y]])), "The controlled Y."),
    _fixed("ch", 2, "dense", constant(np.block([[I2, np.zeros((2, 2))], [np.zeros((2, 2)), H]])), "The controlled H."),
    _permutation_gate("swap", (0, 2, 1, 3), "Exchanges the two qubits."),
    _fixed("iswap", 2, "dense", constant(ISWAP), "The iSWAP gate.", inverse=named("iswapdg")),
    _fixed("iswapdg", 2, "dense", constant(ISWAP.conj().T), "The inverse of iSWAP.", inverse=named("iswap")),
    _rotation(
        "rxx", 2, "dense", pauli_rotation(np.kron(X, X)), np.kron(X, X) / 2, "The Ising XX rotation ``exp(-iθX⊗X/2)``.",
        aliases=("ising_xx",),
    ),
    _rotation(
        "ryy", 2, "dense", pauli_rotation(np.kron(Y, Y)), np.kron(Y, Y) / 2, "The Ising YY rotation ``exp(-iθY⊗Y/2)``.",
        aliases=("ising_yy",),
    ),
    _rotation(
        "rzz", 2, "diagonal", diagonal_rotation([1, -1, -1, 1]), np.kron(Z, Z) / 2,
        "The Ising ZZ rotation ``exp(-iθZ⊗Z/2)``.", aliases=("ising_zz",),
    ),
    _rotation("crx", 2, "dense", controlled_rotation(X), np.kron(P1, X / 2), "The controlled X rotation.", FOUR_TERM),
    _rotation("cry", 2, "dense", controlled_rotation(Y), np.kron(P1, Y / 2), "The controlled Y rotation.", FOUR_TERM),
    _rotation(
        "crz", 2, "diagonal", half_angle_rotation([0, 0, 1, 1], [0, 0, -1j, 1j], offset=[1, 1, 0, 0]),
        np.kron(P1, Z / 2), "The controlled Z rotation.", FOUR_TERM,
    ),
    _rotation(
        "cphase", 2, "diagonal", full_angle_phase([1, 1, 1, 0], [0, 0, 0, 1]), -np.kron(P1, P1),
        "The controlled phase ``diag(1, 1, 1, e^{iθ})``.", aliases=("cp", "cu1"),
    ),
    _permutation_gate(
        "ccx", (0, 1, 2, 3, 4, 5, 7, 6), "The Toffoli gate: X on the third qubit where both others are 1.", ("toffoli",)
    ),
    _permutation_gate(
        "cswap", (0, 1, 2, 3, 4, 6, 5, 7), "The Fredkin gate: swaps the other two where the first is 1.", ("fredkin",)
    ),
]
