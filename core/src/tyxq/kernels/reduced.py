"""Reduced density matrices: the state of some qubits, from statevectors or from density matrices.

Both reductions bring the kept qubits to the front in the order asked (the
first listed qubit is the most significant bit of a row index, as for
probabilities), fold the kept and the traced-out qubits into one axis each,
and contract the traced axis in one fixed-size ``einsum``: no einsum alphabet
limits the qubit count, and everything is backend arithmetic, so autodiff
differentiates through it.

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> bell = np.array([[1, 0, 0, 1]], dtype=complex) / np.sqrt(2)
    >>> reduced_from_states(NumpyBackend(), bell, 2, (0,)).real.round(6).tolist()
    [[[0.5, 0.0], [0.0, 0.5]]]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..backends.protocol import Array, Backend

__all__ = ["reduced_from_densities", "reduced_from_states"]


def _order(n: int, qubits: Sequence[int]) -> tuple[list[int], int, int]:
    """The axis order (kept qubits first, in the order given), and the kept and traced dimensions."""
    kept = list(qubits)
    traced = [q for q in range(n) if q not in kept]
    return kept + traced, 2 ** len(kept), 2 ** len(traced)


def reduced_from_states(backend: Backend, psi: Array, n: int, qubits: Sequence[int]) -> Array:
    """``Tr_rest |ψ⟩⟨ψ|`` on ``qubits`` for each state of ``psi`` ``(B, 2**n)``: ``(B, 2**k, 2**k)``."""
    batch = backend.shape(psi)[0]
    order, kept, traced = _order(n, qubits)
    tensor = backend.reshape(psi, (batch, *([2] * n)))
    if order != list(range(n)):
        tensor = backend.transpose(tensor, (0, *(1 + q for q in order)))
    folded = backend.reshape(tensor, (batch, kept, traced))
    return backend.einsum("bit,bjt->bij", folded, backend.conj(folded))


def reduced_from_densities(backend: Backend, rho: Array, n: int, qubits: Sequence[int]) -> Array:
    """``Tr_rest ρ`` on ``qubits`` for each matrix of ``rho`` ``(B, 2**n, 2**n)``: ``(B, 2**k, 2**k)``.

    Example:
        >>> import numpy as np
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> rho = np.kron(np.diag([1.0, 0.0]), np.diag([0.25, 0.75])).astype(complex)[None]
        >>> reduced_from_densities(NumpyBackend(), rho, 2, (1,)).real.tolist()
        [[[0.25, 0.0], [0.0, 0.75]]]
    """
    batch = backend.shape(rho)[0]
    order, kept, traced = _order(n, qubits)
    if order == list(range(n)) and traced == 1:
        return rho
    tensor = backend.reshape(rho, (batch, *([2] * (2 * n))))
    if order != list(range(n)):
        tensor = backend.transpose(tensor, (0, *(1 + q for q in order), *(1 + n + q for q in order)))
    folded = backend.reshape(tensor, (batch, kept, traced, kept, traced))
    return backend.einsum("bitjt->bij", folded)
