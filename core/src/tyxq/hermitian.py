"""``Hermitian``: an observable given as a Hermitian matrix on chosen qubits.

A :class:`Hermitian` is data: the qubits (first listed = most significant
bit of a row index, as for ``Circuit.unitary`` and ``qubits=``), the matrix,
and its eigendecomposition ``H = V diag(λ) V†``, computed once on the host.
The verbs measure it **in its eigenbasis**, in every mode alike: the circuit
is run with ``unitary(qubits, V†)`` appended, the probabilities ``p`` of those
qubits are read, and ``⟨H⟩ = p · λ``. In an exact mode ``p`` is exact, so
the value is exact; in the ``shots`` mode ``p`` holds the observed
frequencies, so each shot reads one eigenvalue. The matrix is a constant:
gradients flow to the circuit's parameters, not to the matrix.

Example:
    >>> import numpy as np, tyxq
    >>> h = tyxq.Hermitian([0], np.array([[1.0, 1.0], [1.0, -1.0]]))
    >>> h.eigenvalues.round(6).tolist()
    [-1.414214, 1.414214]
    >>> round(float(tyxq.expectation(tyxq.Circuit(1), h)), 12)
    1.0
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import ObservableError

__all__ = ["Hermitian"]

HERMITIAN_TOLERANCE = 1e-8  # relative to the largest entry: rounding in a user's matrix passes, a typo does not


def _checked_qubits(qubits: int | Sequence[int]) -> tuple[int, ...]:
    iterate = getattr(qubits, "__iter__", list)  # what cannot be iterated reads as no qubits, refused below
    listed: list[Any] = [qubits] if isinstance(qubits, numbers.Integral) else list(iterate())
    if (
        isinstance(qubits, str)
        or not listed
        or len(set(listed)) != len(listed)
        or any(isinstance(q, bool) or not isinstance(q, numbers.Integral) or q < 0 for q in listed)
    ):
        raise ObservableError(
            f"Hermitian takes the qubits first, as distinct non-negative integers, got {qubits!r}: "
            "write tyxq.Hermitian([0, 1], matrix)"
        )
    return tuple(int(q) for q in listed)


def _checked_matrix(matrix: Any, k: int) -> np.ndarray:
    if getattr(matrix, "requires_grad", False) is True:
        raise ObservableError(
            "the matrix of a Hermitian observable is a constant, but this one requires grad; pass "
            "matrix.detach(), and put the trainable part in the circuit"
        )
    try:
        dense = np.array(matrix, dtype=complex)
    except (TypeError, ValueError) as error:
        raise ObservableError(f"cannot read the matrix of a Hermitian observable as numbers: {error}") from error
    d = 2**k
    if dense.shape != (d, d):
        raise ObservableError(
            f"a Hermitian on {k} qubit(s) needs a {d}×{d} matrix, got shape {dense.shape}; "
            "give one row and column per basis state of the listed qubits"
        )
    if not np.all(np.isfinite(dense)):
        raise ObservableError("the matrix of a Hermitian observable has NaN or infinite entries")
    violation = float(np.max(np.abs(dense - dense.conj().T)))
    if violation > HERMITIAN_TOLERANCE * max(1.0, float(np.max(np.abs(dense)))):
        raise ObservableError(
            f"the matrix is not Hermitian: max |H − H†| = {violation:.3g}; an observable must equal its "
            "conjugate transpose. Use (H + H.conj().T) / 2 if H was meant to be symmetric"
        )
    return (dense + dense.conj().T) / 2


class Hermitian:
    """The observable ``matrix`` acting on ``qubits`` (qubits first, like every tyxq call).

    Args:
        qubits: one qubit or a list of ``k`` distinct qubits; the first is
            the most significant bit of a row index.
        matrix: a ``2**k × 2**k`` Hermitian matrix (anything NumPy reads),
            checked to ``max |H − H†| ≤ 1e-8 · max(1, max |H|)``.

    Raises:
        ObservableError: bad qubits, a wrong shape, or a matrix that is not
            Hermitian (the message quotes ``max |H − H†|``).

    It is used wherever an observable is, alone or in a list with Pauli
    observables: :func:`tyxq.expectation` and :func:`tyxq.variance`. See
    the module docstring for how it is measured.

    Example:
        >>> import numpy as np, tyxq
        >>> projector = tyxq.Hermitian([0, 1], np.diag([1.0, 0, 0, 0]))
        >>> round(float(tyxq.expectation(tyxq.Circuit(2).h(0), projector)), 12)
        0.5
    """

    __array_ufunc__ = None  # keep NumPy from broadcasting over the object

    def __init__(self, qubits: int | Sequence[int], matrix: Any) -> None:
        self.qubits = _checked_qubits(qubits)
        self.matrix = _checked_matrix(matrix, len(self.qubits))
        eigenvalues, eigenvectors = np.linalg.eigh(self.matrix)
        self.eigenvalues: np.ndarray = eigenvalues
        self.rotation: np.ndarray = eigenvectors.conj().T
        """``V†``: measuring basis state ``j`` after it reads the eigenvalue ``λ_j``."""

    def __repr__(self) -> str:
        return f"Hermitian(qubits={list(self.qubits)}, eigenvalues={np.round(self.eigenvalues, 6).tolist()})"
