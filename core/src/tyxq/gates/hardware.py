"""Chemistry and hardware gates: Givens rotations, fSim, powers of iSWAP, ``u2`` and the echoed cross-resonance gate.

Conventions (the first qubit is the most significant bit of the matrix index):

- ``single_excitation(φ)`` rotates ``|01⟩, |10⟩``: ``|01⟩ → cos(φ/2)|01⟩ + sin(φ/2)|10⟩``
  (PennyLane's ``SingleExcitation``); ``double_excitation(φ)`` does the same
  to ``|0011⟩, |1100⟩`` (PennyLane's ``DoubleExcitation``). Both are Givens
  rotations: they conserve the number of ones, as fermionic excitations must.
- ``fsim(θ, φ)`` is Google's (Cirq's ``FSimGate``): ``cos θ`` and
  ``-i sin θ`` between ``|01⟩`` and ``|10⟩``, and ``e^{-iφ}`` on ``|11⟩``.
- ``iswap_pow(t) = iSWAP^t = exp(i t π/4 (XX + YY))``; ``sqrt_iswap`` is
  ``iswap_pow(1/2)`` and ``sqrt_iswapdg`` its inverse.
- ``u2(φ, λ) = u(π/2, φ, λ)``; ``ecr = (X⊗I - Y⊗X)/√2`` (PennyLane's ``ECR``,
  Qiskit's with the qubit order of tyxq).

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> spec = {s.name: s for s in SPECS}["single_excitation"]
    >>> np.round(spec.build(NumpyBackend(), np.pi).real, 3).tolist()[1]
    [0.0, 0.0, -1.0, 0.0]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from .builders import X, Y, constant, entries, half_angle_rotation, half_angles, named, negated, phase_of
from .shift_rules import TWO_TERM, shift_rule
from .spec import Builder, GateSpec

__all__ = ["SPECS"]

_XX_YY = np.kron(X, X) + np.kron(Y, Y)
_P11 = np.diag([0.0, 0.0, 0.0, 1.0]).astype(np.complex128)


def _givens(n_qubits: int, low: int, high: int) -> tuple[Builder, np.ndarray]:
    """The rotation of basis states ``low → cos(φ/2)|low⟩ + sin(φ/2)|high⟩``, and its generator."""
    dim = 2**n_qubits
    rotated = np.zeros((dim, dim))
    rotated[low, low] = rotated[high, high] = 1
    sine = np.zeros((dim, dim))
    sine[high, low], sine[low, high] = 1, -1
    generator = np.zeros((dim, dim), dtype=np.complex128)
    generator[low, high], generator[high, low] = -0.5j, 0.5j
    return half_angle_rotation(rotated, sine, offset=np.eye(dim) - rotated), generator


def _fsim(backend: Backend, theta: Array, phi: Array) -> Array:
    c, s = backend.cos(theta), backend.sin(theta)
    return entries(
        backend,
        [
            [1.0, 0.0, 0.0, 0.0],
            [0.0, c, -1j * s, 0.0],
            [0.0, -1j * s, c, 0.0],
            [0.0, 0.0, 0.0, phase_of(backend, -phi)],
        ],
    )


def _iswap_pow(backend: Backend, t: Array) -> Array:
    c, s = half_angles(backend, math.pi * t)
    return entries(backend, [[1.0, 0.0, 0.0, 0.0], [0.0, c, 1j * s, 0.0], [0.0, 1j * s, c, 0.0], [0.0, 0.0, 0.0, 1.0]])


def _u2(backend: Backend, phi: Array, lam: Array) -> Array:
    root = 1 / math.sqrt(2)
    return entries(
        backend,
        [[root, -root * phase_of(backend, lam)], [root * phase_of(backend, phi), root * phase_of(backend, phi + lam)]],
    )


def _u2_derivative(backend: Backend, params: tuple[Any, ...], index: int) -> Array:
    phi, lam = params
    root = 1j / math.sqrt(2)
    both = root * phase_of(backend, phi + lam)
    if index == 0:
        return entries(backend, [[0.0, 0.0], [root * phase_of(backend, phi), both]])
    return entries(backend, [[0.0, -root * phase_of(backend, lam)], [0.0, both]])


def _givens_gate(name: str, n_qubits: int, low: int, high: int, doc: str) -> GateSpec:
    build, generator = _givens(n_qubits, low, high)
    rule = shift_rule(tuple(np.linalg.eigvalsh(generator)), name)
    return GateSpec(
        name, n_qubits, ("phi",), "dense", build, generators=(generator,), shift_rules=(rule,), inverse=negated(name),
        doc=doc,
    )


_R = 1 / math.sqrt(2)
_SQRT_ISWAP = np.array([[1, 0, 0, 0], [0, _R, 1j * _R, 0], [0, 1j * _R, _R, 0], [0, 0, 0, 1]])
_ECR = (np.kron(X, np.eye(2)) - np.kron(Y, X)) / math.sqrt(2)

SPECS: list[GateSpec] = [
    _givens_gate(
        "single_excitation", 2, 0b01, 0b10,
        "The Givens rotation of ``|01⟩, |10⟩``: ``|01⟩ → cos(φ/2)|01⟩ + sin(φ/2)|10⟩`` (PennyLane's SingleExcitation).",
    ),
    _givens_gate(
        "double_excitation", 4, 0b0011, 0b1100,
        "The Givens rotation of ``|0011⟩, |1100⟩`` (PennyLane's DoubleExcitation).",
    ),
    GateSpec(
        "fsim",
        2,
        ("theta", "phi"),
        "dense",
        _fsim,
        generators=(_XX_YY / 2, _P11),
        shift_rules=(shift_rule((-1.0, 0.0, 1.0), "fsim"), TWO_TERM),
        inverse=lambda p: ("fsim", (-p[0], -p[1])),
        doc="Google's fSim (Cirq's FSimGate): ``cos θ`` and ``-i sin θ`` between ``|01⟩`` and ``|10⟩``, "
        "``e^{-iφ}`` on ``|11⟩``.",
    ),
    GateSpec(
        "iswap_pow",
        2,
        ("t",),
        "dense",
        _iswap_pow,
        generators=(-math.pi / 4 * _XX_YY,),
        shift_rules=(shift_rule((-math.pi / 2, 0.0, math.pi / 2), "iswap_pow"),),
        inverse=negated("iswap_pow"),
        doc="A power of iSWAP: ``iSWAP^t = exp(i t π/4 (X⊗X + Y⊗Y))``.",
    ),
    GateSpec(
        "sqrt_iswap", 2, (), "dense", constant(_SQRT_ISWAP), inverse=named("sqrt_iswapdg"), doc="The root of iSWAP."
    ),
    GateSpec(
        "sqrt_iswapdg", 2, (), "dense", constant(_SQRT_ISWAP.conj().T), inverse=named("sqrt_iswap"),
        doc="The inverse of sqrt_iswap.",
    ),
    GateSpec(
        "u2",
        1,
        ("phi", "lam"),
        "dense",
        _u2,
        generators=(None, None),
        shift_rules=(TWO_TERM, TWO_TERM),
        inverse=lambda p: ("u2", (-p[1] - math.pi, math.pi - p[0])),
        derivative=_u2_derivative,
        spectra=((-1.0, 0.0), (-1.0, 0.0)),
        doc="``u2(φ, λ) = u(π/2, φ, λ)``.",
    ),
    GateSpec(
        "ecr", 2, (), "dense", constant(_ECR), doc="The echoed cross-resonance ``(X⊗I - Y⊗X)/√2`` (PennyLane's ECR)."
    ),
]
