"""Applying an observable to a batch of statevectors: ``H|ψ⟩``.

The adjoint gradient starts its backward pass from ``H|ψ⟩`` (for several
observables weighted by a cotangent, from ``Σ_k w_bk H_k|ψ_b⟩``). Z-only terms
(and the constant) combine into one real diagonal, applied as one
elementwise product; each term with an X or Y is applied Pauli by Pauli to a
copy of the state and added with its coefficient.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..backends.protocol import Array, Backend
from ..observables import Hamiltonian, Observable, PauliString, as_hamiltonian
from .apply import apply_diagonal, apply_matrix

__all__ = ["apply_observable", "apply_weighted_observables", "z_diagonal"]

_PAULI = {
    "X": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
}
_Z = np.array([1, -1], dtype=np.complex128)


@lru_cache(maxsize=64)
def z_diagonal(n: int, terms: tuple[PauliString, ...]) -> np.ndarray:
    """The diagonal ``(2**n,)`` of a sum of Z-only Pauli strings (constants included).

    Example:
        >>> import tyxq
        >>> z_diagonal(2, ((2 * tyxq.Z(0)), tyxq.I())).tolist()
        [3.0, 3.0, -1.0, -1.0]
    """
    states = np.arange(2**n, dtype=np.int64)
    diagonal = np.zeros(2**n, dtype=np.float64)
    for term in terms:
        mask = 0
        for qubit in term.qubits:
            mask |= 1 << (n - 1 - qubit)
        parity = np.zeros_like(states)
        masked = states & mask
        while mask:
            parity ^= masked & 1
            masked >>= 1
            mask >>= 1
        diagonal = diagonal + term.coefficient.real * (1 - 2 * parity)
    return diagonal


def apply_observable(backend: Backend, psi: Array, n: int, observable: Observable) -> Array:
    """``H|ψ⟩`` for each state of ``psi`` ``(B, 2**n)``; returns a new ``(B, 2**n)`` array.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> zero = np.array([[1, 0]], dtype=complex)
        >>> apply_observable(NumpyBackend(), zero, 1, tyxq.X(0) + 2 * tyxq.Z(0)).real.tolist()
        [[2.0, 1.0]]
    """
    hamiltonian = as_hamiltonian(observable, n)
    z_terms = tuple(t for t in hamiltonian.terms if all(p == "Z" for _, p in t.paulis))
    result: Array | None = None
    if z_terms:
        diagonal = backend.asarray(z_diagonal(n, z_terms), dtype=backend.complex_dtype)
        result = psi * diagonal
    for term in hamiltonian.terms:
        if term in z_terms:
            continue
        image = psi
        for qubit, pauli in term.paulis:
            if pauli == "Z":
                image = apply_diagonal(backend, image, n, [qubit], backend.asarray(_Z, dtype=backend.complex_dtype))
            else:
                image = apply_matrix(
                    backend, image, n, [qubit], backend.asarray(_PAULI[pauli], dtype=backend.complex_dtype)
                )
        scaled = image * term.coefficient.real
        result = scaled if result is None else result + scaled
    if result is None:  # the zero observable
        return backend.zeros(backend.shape(psi))
    return result


def apply_weighted_observables(
    backend: Backend, psi: Array, n: int, observables: Sequence[Observable], weights: Array
) -> Array:
    """``Σ_k w_bk H_k|ψ_b⟩`` for each state of ``psi`` ``(B, 2**n)``, with real ``weights`` ``(B, K)``.

    The Z-only parts of all observables become one diagonal per batch member
    (one product of the weights with a ``(K, 2**n)`` table); the other terms
    are applied one by one and scaled per member.

    Example:
        >>> import numpy as np, tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> zero = np.array([[1, 0]], dtype=complex)
        >>> weights = np.array([[1.0, 3.0]])
        >>> apply_weighted_observables(NumpyBackend(), zero, 1, [tyxq.X(0), tyxq.Z(0)], weights).real.tolist()
        [[3.0, 1.0]]
    """
    hamiltonians = [as_hamiltonian(o, n) for o in observables]
    z_parts = [tuple(t for t in h.terms if all(p == "Z" for _, p in t.paulis)) for h in hamiltonians]
    table = np.stack([z_diagonal(n, part) if part else np.zeros(2**n) for part in z_parts])
    diagonals = backend.matmul(weights, backend.asarray(table, dtype=backend.real_dtype))
    result = psi * backend.cast(diagonals, backend.complex_dtype)
    for k, (hamiltonian, part) in enumerate(zip(hamiltonians, z_parts, strict=True)):
        others = tuple(t for t in hamiltonian.terms if t not in part)
        if others:
            image = apply_observable(backend, psi, n, Hamiltonian(others))
            result = result + image * backend.cast(backend.reshape(weights[:, k], (-1, 1)), backend.complex_dtype)
    return result
