"""What the modes that simulate a statevector share: probabilities read off a state, in any measured basis.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> plus = np.full((1, 2), 2 ** -0.5, dtype=complex)
    >>> measured = state_distributions(NumpyBackend(), plus, 1, 1)
    >>> measured(None).round(6).tolist(), measured(tyxq.Circuit(1).h(0)).round(6).tolist()
    ([[0.5, 0.5]], [[1.0, 0.0]])
"""

from __future__ import annotations

from collections.abc import Callable

from ..backends.protocol import Array, Backend
from ..circuit import Circuit
from ..kernels.measure import rotated_state, state_marginals
from .dynamic import widened

__all__ = ["state_distributions"]


def state_distributions(backend: Backend, psi: Array, width: int, n: int) -> Callable[[Circuit | None], Array]:
    """The probabilities ``(B, 2**n)`` of the first ``n`` qubits of ``psi`` ``(B, 2**width)`` after a basis change.

    ``width`` exceeds ``n`` where the simulated circuit holds measured bits
    on extra qubits (:mod:`tyxq.deferral`); they are summed out. Each basis
    change rotates a copy of ``psi`` (``None``: the computational basis).
    """
    user = None if width == n else tuple(range(n))

    def measured(rotation: Circuit | None) -> Array:
        state = psi if rotation is None else rotated_state(backend, widened(rotation, width), psi)
        return state_marginals(backend, state, width, user)

    return measured
