"""Helpers that build gate matrices from their entries on any backend, batched over a leading parameter axis.

Example:
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> rx = pauli_rotation(X)
    >>> rx(NumpyBackend(), np.array([0.0, np.pi])).shape
    (2, 2, 2)
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..backends.cache import cached
from ..backends.protocol import Array, Backend
from .spec import Builder, Inverse

I2 = np.eye(2)
X = np.array([[0, 1], [1, 0]], dtype=np.complex128)
Y = np.array([[0, -1j], [1j, 0]], dtype=np.complex128)
Z = np.diag([1.0, -1.0]).astype(np.complex128)
P1 = np.diag([0.0, 1.0]).astype(np.complex128)
_SQ = 1 / math.sqrt(2)
H = np.array([[_SQ, _SQ], [_SQ, -_SQ]], dtype=np.complex128)
SX = np.array([[1 + 1j, 1 - 1j], [1 - 1j, 1 + 1j]], dtype=np.complex128) / 2
ISWAP = np.array([[1, 0, 0, 0], [0, 0, 1j, 0], [0, 1j, 0, 0], [0, 0, 0, 1]], dtype=np.complex128)


def entries(backend: Backend, rows: Sequence[Sequence[Any]]) -> Array:
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


def phase_of(backend: Backend, angle: Array) -> Array:
    """``exp(i·angle)`` as a complex array of the backend's dtype."""
    return backend.cast(backend.cos(angle), backend.complex_dtype) + 1j * backend.cast(
        backend.sin(angle), backend.complex_dtype
    )


_ON_BACKEND: weakref.WeakKeyDictionary[Any, dict[int, Array]] = weakref.WeakKeyDictionary()


def on_backend(backend: Backend, constant: np.ndarray) -> Array:
    """``constant`` (a module-level complex128 array) as a complex array of ``backend``, made once per backend."""
    arrays = _ON_BACKEND.setdefault(backend, {})
    return cached(backend, arrays, id(constant), lambda: backend.asarray(constant, dtype=backend.complex_dtype))


def combination(
    backend: Backend, terms: Sequence[tuple[Array, np.ndarray]], offset: np.ndarray | None = None
) -> Array:
    """``offset + Σ coefficient · constant``: real coefficients of shape ``(...)`` times constant arrays.

    Four to eight array operations for any batch shape, where building
    entry by entry takes a dozen or more.
    """
    result = None if offset is None else on_backend(backend, offset)
    for coefficient, constant in terms:
        shape = backend.shape(coefficient)
        term = backend.reshape(coefficient, (*shape, *(1,) * constant.ndim)) * on_backend(backend, constant)
        result = term if result is None else result + term
    return result


def half_angle_rotation(cosine_part: Any, sine_part: Any, offset: Any = None) -> Builder:
    """``offset + cos(θ/2) · cosine_part + sin(θ/2) · sine_part``: every rotation ``exp(-iθP/2)``."""
    cosine_part = np.asarray(cosine_part, dtype=np.complex128)
    sine_part = np.asarray(sine_part, dtype=np.complex128)
    offset = None if offset is None else np.asarray(offset, dtype=np.complex128)

    def build(backend: Backend, theta: Array) -> Array:
        c, s = half_angles(backend, theta)
        return combination(backend, [(c, cosine_part), (s, sine_part)], offset)

    return build


def full_angle_phase(offset: Any, phase_part: Any) -> Builder:
    """``offset + e^{iθ} · phase_part``: the phase gates."""
    offset = np.asarray(offset, dtype=np.complex128)
    phase_part = np.asarray(phase_part, dtype=np.complex128)
    sine_part = 1j * phase_part

    def build(backend: Backend, theta: Array) -> Array:
        return combination(backend, [(backend.cos(theta), phase_part), (backend.sin(theta), sine_part)], offset)

    return build


def constant(matrix: npt.ArrayLike) -> Builder:
    constant = np.array(matrix, dtype=np.complex128)

    def build(backend: Backend) -> Array:
        return backend.asarray(constant, dtype=backend.complex_dtype)

    return build


def constant_diagonal(values: Sequence[complex]) -> Builder:
    constant = np.array(values, dtype=np.complex128)

    def build(backend: Backend) -> Array:
        return backend.asarray(constant, dtype=backend.complex_dtype)

    return build


def permutation_matrix(permutation: Sequence[int]) -> np.ndarray:
    matrix = np.zeros((len(permutation), len(permutation)), dtype=np.complex128)
    for source, destination in enumerate(permutation):
        matrix[destination, source] = 1
    return matrix


def half_angles(backend: Backend, theta: Array) -> tuple[Array, Array]:
    half = theta / 2
    return backend.cos(half), backend.sin(half)



def pauli_rotation(pauli: np.ndarray) -> Builder:
    """``exp(-iθP/2) = cos(θ/2) I - i sin(θ/2) P`` for a Pauli product ``P``."""
    return half_angle_rotation(np.eye(len(pauli)), -1j * pauli)


def diagonal_rotation(signs: Sequence[float]) -> Builder:
    """``exp(-iθZ…Z/2)`` as a diagonal: ``cos(θ/2) - i sin(θ/2) · signs``."""
    return half_angle_rotation(np.ones(len(signs)), -1j * np.asarray(signs))


def controlled_rotation(pauli: np.ndarray) -> Builder:
    """``|0⟩⟨0| ⊗ I + |1⟩⟨1| ⊗ exp(-iθP/2)``."""
    p0, p1 = np.diag([1.0, 0.0]), np.diag([0.0, 1.0])
    return half_angle_rotation(np.kron(p1, np.eye(2)), np.kron(p1, -1j * pauli), offset=np.kron(p0, np.eye(2)))


def negated(name: str) -> Inverse:
    return lambda params: (name, tuple(-p for p in params))


def named(name: str) -> Inverse:
    return lambda params: (name, params)
