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
    kind: Literal["dense", "diagonal"],
    build: Builder,
    generator: np.ndarray,
    rule: ShiftRule = TWO_TERM,
    aliases: tuple[str, ...] = (),
) -> GateSpec:
    return GateSpec(
        name, n_qubits, 1, kind, build, generators=(generator,), shift_rules=(rule,),
        inverse=negated(name), aliases=aliases,
    )


def _permutation_gate(name: str, permutation: tuple[int, ...], aliases: tuple[str, ...] = ()) -> GateSpec:
    n_qubits = int(math.log2(len(permutation)))
    return GateSpec(
        name, n_qubits, 0, "permutation", constant(permutation_matrix(permutation)),
        aliases=aliases, permutation=permutation,
    )


SPECS: list[GateSpec] = [
    GateSpec("id", 1, 0, "diagonal", constant_diagonal([1, 1]), aliases=("i",)),
    GateSpec("h", 1, 0, "dense", constant(H)),
    _permutation_gate("x", (1, 0)),
    GateSpec("y", 1, 0, "dense", constant(Y)),
    GateSpec("z", 1, 0, "diagonal", constant_diagonal([1, -1])),
    GateSpec("s", 1, 0, "diagonal", constant_diagonal([1, 1j]), inverse=named("sdg")),
    GateSpec("sdg", 1, 0, "diagonal", constant_diagonal([1, -1j]), inverse=named("s")),
    GateSpec("t", 1, 0, "diagonal", constant_diagonal([1, np.exp(1j * math.pi / 4)]), inverse=named("tdg")),
    GateSpec("tdg", 1, 0, "diagonal", constant_diagonal([1, np.exp(-1j * math.pi / 4)]), inverse=named("t")),
    GateSpec("sx", 1, 0, "dense", constant(SX), inverse=named("sxdg")),
    GateSpec("sxdg", 1, 0, "dense", constant(SX.conj().T), inverse=named("sx")),
    _rotation("rx", 1, "dense", pauli_rotation(X), X / 2),
    _rotation("ry", 1, "dense", pauli_rotation(Y), Y / 2),
    _rotation("rz", 1, "diagonal", diagonal_rotation([1, -1]), Z / 2),
    _rotation("phase", 1, "diagonal", full_angle_phase([1, 0], [0, 1]), -P1, aliases=("p", "u1")),
    GateSpec(
        "u", 1, 3, "dense", _u, generators=(None, None, None), shift_rules=(TWO_TERM, TWO_TERM, TWO_TERM),
        inverse=lambda p: ("u", (-p[0], -p[2], -p[1])), aliases=("u3",), derivative=_u_derivative,
        spectra=((-0.5, 0.5), (-1.0, 0.0), (-1.0, 0.0)),
    ),
    _permutation_gate("cnot", (0, 1, 3, 2), aliases=("cx",)),
    GateSpec("cz", 2, 0, "diagonal", constant_diagonal([1, 1, 1, -1])),
    GateSpec("cy", 2, 0, "dense", constant(np.block([[I2, np.zeros((2, 2))], [np.zeros((2, 2)), Y]]))),
    GateSpec("ch", 2, 0, "dense", constant(np.block([[I2, np.zeros((2, 2))], [np.zeros((2, 2)), H]]))),
    _permutation_gate("swap", (0, 2, 1, 3)),
    GateSpec("iswap", 2, 0, "dense", constant(ISWAP), inverse=named("iswapdg")),
    GateSpec("iswapdg", 2, 0, "dense", constant(ISWAP.conj().T), inverse=named("iswap")),
    _rotation("rxx", 2, "dense", pauli_rotation(np.kron(X, X)), np.kron(X, X) / 2, aliases=("ising_xx",)),
    _rotation("ryy", 2, "dense", pauli_rotation(np.kron(Y, Y)), np.kron(Y, Y) / 2, aliases=("ising_yy",)),
    _rotation("rzz", 2, "diagonal", diagonal_rotation([1, -1, -1, 1]), np.kron(Z, Z) / 2, aliases=("ising_zz",)),
    _rotation("crx", 2, "dense", controlled_rotation(X), np.kron(P1, X / 2), FOUR_TERM),
    _rotation("cry", 2, "dense", controlled_rotation(Y), np.kron(P1, Y / 2), FOUR_TERM),
    _rotation(
        "crz", 2, "diagonal", half_angle_rotation([0, 0, 1, 1], [0, 0, -1j, 1j], offset=[1, 1, 0, 0]),
        np.kron(P1, Z / 2), FOUR_TERM,
    ),
    _rotation(
        "cphase", 2, "diagonal", full_angle_phase([1, 1, 1, 0], [0, 0, 0, 1]), -np.kron(P1, P1),
        aliases=("cp", "cu1"),
    ),
    _permutation_gate("ccx", (0, 1, 2, 3, 4, 5, 7, 6), aliases=("toffoli",)),
    _permutation_gate("cswap", (0, 1, 2, 3, 4, 6, 5, 7), aliases=("fredkin",)),
]
