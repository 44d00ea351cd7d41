"""The gate table: every gate tyxq knows, one entry each.

A :class:`GateSpec` says how many qubits and parameters a gate takes, how the
kernels should apply it (``dense``, ``diagonal`` or ``permutation``), how to
build its matrix on any backend (batched over a leading parameter axis), its
generators (for the adjoint method) and its parameter-shift rules. Adding a
gate is adding one entry to :data:`GATES`; ``Circuit`` grows the matching
method by itself.

Conventions: ``rx(θ) = exp(-iθX/2)`` and likewise for ``ry rz rxx ryy rzz``
and the controlled rotations; ``phase(θ) = diag(1, e^{iθ})``;
``u(θ, φ, λ)`` is OpenQASM's ``U``. For a multi-qubit gate the first qubit
argument is the most significant bit of the matrix's row index (so in
``cnot(c, t)`` the control is the first qubit).

Example:
    >>> from tyxq.gates import GATES
    >>> spec = GATES["rx"]
    >>> spec.n_qubits, spec.n_params, spec.kind
    (1, 1, 'dense')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .backends.protocol import Array, Backend
from .errors import UnknownGateError

__all__ = ["GATES", "GateSpec", "ShiftRule", "gate_spec", "TWO_TERM", "FOUR_TERM"]

ShiftRule = tuple[tuple[float, float], ...]
"""Pairs ``(coefficient, shift)``: ``df/dθ = Σ c · f(θ + s)``."""

TWO_TERM: ShiftRule = ((0.5, math.pi / 2), (-0.5, -math.pi / 2))
"""Exact for generators whose eigenvalues differ by 1 (``rx``, ``phase``, ...)."""

_D1 = (math.sqrt(2) + 1) / (4 * math.sqrt(2))
_D2 = (math.sqrt(2) - 1) / (4 * math.sqrt(2))
FOUR_TERM: ShiftRule = ((_D1, math.pi / 2), (-_D1, -math.pi / 2), (-_D2, 3 * math.pi / 2), (_D2, -3 * math.pi / 2))
"""Exact for generators with eigenvalues {0, ±1/2} (controlled rotations)."""

Builder = Callable[..., Array]


@dataclass(frozen=True)
class GateSpec:
    """One gate of the table.

    Attributes:
        name: canonical lower-case name.
        n_qubits: number of qubits it acts on.
        n_params: number of real parameters.
        kind: ``"dense"`` (applied as a matrix product), ``"diagonal"``
            (applied as an elementwise product) or ``"permutation"`` (a
            reordering of amplitudes).
        build: ``build(backend, *params)`` returns the matrix, shape
            ``(..., d, d)``, or for diagonal gates the diagonal, shape
            ``(..., d)``, where ``...`` is the parameters' batch shape.
        generators: per parameter, the Hermitian ``G`` with
            ``dU/dθ = -i G U``; ``None`` where no single generator exists.
        shift_rules: per parameter, the exact parameter-shift rule.
        inverse: maps parameters to ``(name, params)`` of the inverse gate;
            ``None`` for self-inverse gates.
        aliases: other names the circuit and OpenQASM accept.
        permutation: for permutation gates, ``permutation[i]`` is the basis
            state that basis state ``i`` is sent to.
    """

    name: str
    n_qubits: int
    n_params: int
    kind: Literal["dense", "diagonal", "permutation"]
    build: Builder
    generators: tuple[np.ndarray | None, ...] = ()
    shift_rules: tuple[ShiftRule, ...] = ()
    inverse: Callable[[tuple[Any, ...]], tuple[str, tuple[Any, ...]]] | None = None
    aliases: tuple[str, ...] = ()
    permutation: tuple[int, ...] | None = None
    derivative: Callable[[Backend, tuple[Any, ...], int], Array] | None = field(default=None, repr=False)

    @property
    def dim(self) -> int:
        return 2**self.n_qubits

    def matrix(self, backend: Backend, params: Sequence[Any] = ()) -> Array:
        """The full matrix ``(..., d, d)``, also for diagonal gates."""
        built = self.build(backend, *params)
        if self.kind == "diagonal":
            return built[..., :, None] * backend.eye(self.dim)
        return built


# --- helpers that build matrices from entries, batched over parameters -------------------


def _entries(backend: Backend, rows: Sequence[Sequence[Any]]) -> Array:
    """Stack scalar-or-array entries into a matrix of shape ``(..., rows, cols)``."""
    batch_shape: tuple[int, ...] = ()
    for row in rows:
        for entry in row:
            if backend.is_array(entry) and backend.shape(entry):
                batch_shape = backend.shape(entry)
    filled = [
        [backend.broadcast_to(backend.asarray(entry, dtype=backend.complex_dtype), batch_shape) for entry in row]
        for row in rows
    ]
    return backend.stack([backend.stack(row, axis=-1) for row in filled], axis=-2)


def _vector(backend: Backend, entries: Sequence[Any]) -> Array:
    return _entries(backend, [entries])[..., 0, :]


def _phase(backend: Backend, angle: Array) -> Array:
    """``exp(i·angle)`` as a complex array of the backend's dtype."""
    return backend.cast(backend.cos(angle), backend.complex_dtype) + 1j * backend.cast(
        backend.sin(angle), backend.complex_dtype
    )


def _constant(matrix: npt.ArrayLike) -> Builder:
    constant = np.array(matrix, dtype=np.complex128)

    def build(backend: Backend) -> Array:
        return backend.asarray(constant, dtype=backend.complex_dtype)

    return build


def _constant_diagonal(values: Sequence[complex]) -> Builder:
    constant = np.array(values, dtype=np.complex128)

    def build(backend: Backend) -> Array:
        return backend.asarray(constant, dtype=backend.complex_dtype)

    return build


def _permutation_matrix(permutation: Sequence[int]) -> np.ndarray:
    matrix = np.zeros((len(permutation), len(permutation)), dtype=np.complex128)
    for source, destination in enumerate(permutation):
        matrix[destination, source] = 1
    return matrix


def _cs(backend: Backend, theta: Array) -> tuple[Array, Array]:
    half = theta / 2
    return backend.cos(half), backend.sin(half)


def _rx(backend: Backend, theta: Array) -> Array:
    c, s = _cs(backend, theta)
    return _entries(backend, [[c, -1j * s], [-1j * s, c]])


def _ry(backend: Backend, theta: Array) -> Array:
    c, s = _cs(backend, theta)
    return _entries(backend, [[c, -s], [s, c]])


def _rz(backend: Backend, theta: Array) -> Array:
    return _vector(backend, [_phase(backend, -theta / 2), _phase(backend, theta / 2)])


def _phase_gate(backend: Backend, theta: Array) -> Array:
    return _vector(backend, [1.0, _phase(backend, theta)])


def _u(backend: Backend, theta: Array, phi: Array, lam: Array) -> Array:
    c, s = _cs(backend, theta)
    return _entries(
        backend,
        [
            [c, -_phase(backend, lam) * s],
            [_phase(backend, phi) * s, _phase(backend, phi + lam) * c],
        ],
    )


def _u_derivative(backend: Backend, params: tuple[Any, ...], index: int) -> Array:
    theta, phi, lam = params
    c, s = _cs(backend, theta)
    e_phi, e_lam, e_both = _phase(backend, phi), _phase(backend, lam), _phase(backend, phi + lam)
    if index == 0:
        rows = [[-s / 2, -e_lam * c / 2], [e_phi * c / 2, -e_both * s / 2]]
    elif index == 1:
        rows = [[0.0, 0.0], [1j * e_phi * s, 1j * e_both * c]]
    else:
        rows = [[0.0, -1j * e_lam * s], [0.0, 1j * e_both * c]]
    return _entries(backend, rows)


def _two_qubit_rotation(pauli: np.ndarray) -> Builder:
    """``exp(-iθ P⊗P/2) = cos(θ/2) I - i sin(θ/2) P⊗P``."""
    pp = np.kron(pauli, pauli)

    def build(backend: Backend, theta: Array) -> Array:
        c, s = _cs(backend, theta)
        return _entries(
            backend, [[(c if i == j else 0.0) - 1j * s * pp[i, j] for j in range(4)] for i in range(4)]
        )

    return build


def _rzz(backend: Backend, theta: Array) -> Array:
    minus, plus = _phase(backend, -theta / 2), _phase(backend, theta / 2)
    return _vector(backend, [minus, plus, plus, minus])


def _controlled(single: Builder) -> Builder:
    def build(backend: Backend, *params: Array) -> Array:
        m = single(backend, *params)
        zero = m[..., 0, 0] * 0
        one = zero + 1
        return _entries(
            backend,
            [
                [one, zero, zero, zero],
                [zero, one, zero, zero],
                [zero, zero, m[..., 0, 0], m[..., 0, 1]],
                [zero, zero, m[..., 1, 0], m[..., 1, 1]],
            ],
        )

    return build


def _crz(backend: Backend, theta: Array) -> Array:
    return _vector(backend, [1.0, 1.0, _phase(backend, -theta / 2), _phase(backend, theta / 2)])


def _cphase(backend: Backend, theta: Array) -> Array:
    return _vector(backend, [1.0, 1.0, 1.0, _phase(backend, theta)])


def _negate(name: str) -> Callable[[tuple[Any, ...]], tuple[str, tuple[Any, ...]]]:
    return lambda params: (name, tuple(-p for p in params))


def _named(name: str) -> Callable[[tuple[Any, ...]], tuple[str, tuple[Any, ...]]]:
    return lambda params: (name, params)


_I2 = np.eye(2)
_X = np.array([[0, 1], [1, 0]], dtype=np.complex128)
_Y = np.array([[0, -1j], [1j, 0]], dtype=np.complex128)
_Z = np.diag([1.0, -1.0]).astype(np.complex128)
_P1 = np.diag([0.0, 1.0]).astype(np.complex128)
_SQ = 1 / math.sqrt(2)
_H = np.array([[_SQ, _SQ], [_SQ, -_SQ]], dtype=np.complex128)
_SX = np.array([[1 + 1j, 1 - 1j], [1 - 1j, 1 + 1j]], dtype=np.complex128) / 2
_ISWAP = np.array([[1, 0, 0, 0], [0, 0, 1j, 0], [0, 1j, 0, 0], [0, 0, 0, 1]], dtype=np.complex128)


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
        inverse=_negate(name), aliases=aliases,
    )


def _permutation_gate(name: str, permutation: tuple[int, ...], aliases: tuple[str, ...] = ()) -> GateSpec:
    n_qubits = int(math.log2(len(permutation)))
    return GateSpec(
        name, n_qubits, 0, "permutation", _constant(_permutation_matrix(permutation)),
        aliases=aliases, permutation=permutation,
    )


_SPECS: list[GateSpec] = [
    GateSpec("id", 1, 0, "diagonal", _constant_diagonal([1, 1]), aliases=("i",)),
    GateSpec("h", 1, 0, "dense", _constant(_H)),
    _permutation_gate("x", (1, 0)),
    GateSpec("y", 1, 0, "dense", _constant(_Y)),
    GateSpec("z", 1, 0, "diagonal", _constant_diagonal([1, -1])),
    GateSpec("s", 1, 0, "diagonal", _constant_diagonal([1, 1j]), inverse=_named("sdg")),
    GateSpec("sdg", 1, 0, "diagonal", _constant_diagonal([1, -1j]), inverse=_named("s")),
    GateSpec("t", 1, 0, "diagonal", _constant_diagonal([1, np.exp(1j * math.pi / 4)]), inverse=_named("tdg")),
    GateSpec("tdg", 1, 0, "diagonal", _constant_diagonal([1, np.exp(-1j * math.pi / 4)]), inverse=_named("t")),
    GateSpec("sx", 1, 0, "dense", _constant(_SX), inverse=_named("sxdg")),
    GateSpec("sxdg", 1, 0, "dense", _constant(_SX.conj().T), inverse=_named("sx")),
    _rotation("rx", 1, "dense", _rx, _X / 2),
    _rotation("ry", 1, "dense", _ry, _Y / 2),
    _rotation("rz", 1, "diagonal", _rz, _Z / 2),
    _rotation("phase", 1, "diagonal", _phase_gate, -_P1, aliases=("p", "u1")),
    GateSpec(
        "u", 1, 3, "dense", _u, generators=(None, None, None), shift_rules=(TWO_TERM, TWO_TERM, TWO_TERM),
        inverse=lambda p: ("u", (-p[0], -p[2], -p[1])), aliases=("u3",), derivative=_u_derivative,
    ),
    _permutation_gate("cnot", (0, 1, 3, 2), aliases=("cx",)),
    GateSpec("cz", 2, 0, "diagonal", _constant_diagonal([1, 1, 1, -1])),
    GateSpec("cy", 2, 0, "dense", _constant(np.block([[_I2, np.zeros((2, 2))], [np.zeros((2, 2)), _Y]]))),
    GateSpec("ch", 2, 0, "dense", _constant(np.block([[_I2, np.zeros((2, 2))], [np.zeros((2, 2)), _H]]))),
    _permutation_gate("swap", (0, 2, 1, 3)),
    GateSpec("iswap", 2, 0, "dense", _constant(_ISWAP), inverse=_named("iswapdg")),
    GateSpec("iswapdg", 2, 0, "dense", _constant(_ISWAP.conj().T), inverse=_named("iswap")),
    _rotation("rxx", 2, "dense", _two_qubit_rotation(_X), np.kron(_X, _X) / 2),
    _rotation("ryy", 2, "dense", _two_qubit_rotation(_Y), np.kron(_Y, _Y) / 2),
    _rotation("rzz", 2, "diagonal", _rzz, np.kron(_Z, _Z) / 2),
    _rotation("crx", 2, "dense", _controlled(_rx), np.kron(_P1, _X / 2), FOUR_TERM),
    _rotation("cry", 2, "dense", _controlled(_ry), np.kron(_P1, _Y / 2), FOUR_TERM),
    _rotation("crz", 2, "diagonal", _crz, np.kron(_P1, _Z / 2), FOUR_TERM),
    _rotation("cphase", 2, "diagonal", _cphase, -np.kron(_P1, _P1), aliases=("cp", "cu1")),
    _permutation_gate("ccx", (0, 1, 2, 3, 4, 5, 7, 6), aliases=("toffoli",)),
    _permutation_gate("cswap", (0, 1, 2, 3, 4, 6, 5, 7), aliases=("fredkin",)),
]

GATES: dict[str, GateSpec] = {spec.name: spec for spec in _SPECS}
"""Canonical name → spec. ``"unitary"`` (any matrix) is handled by ``Circuit`` itself."""

_ALIASES: dict[str, str] = {alias: spec.name for spec in _SPECS for alias in spec.aliases}


def gate_spec(name: str) -> GateSpec:
    """Look a gate up by name or alias, case-insensitively.

    Example:
        >>> gate_spec("CX").name
        'cnot'
    """
    key = name.lower()
    key = _ALIASES.get(key, key)
    try:
        return GATES[key]
    except KeyError:
        known = ", ".join([*sorted(GATES), "unitary"])
        raise UnknownGateError(
            f"unknown gate {name!r}; tyxq knows: {known}. "
            "For any other matrix use Circuit.unitary(matrix, qubits)"
        ) from None
