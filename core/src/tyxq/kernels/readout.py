"""Readout error: probabilities as a misreading measurement reports them.

Each misread qubit ``j`` of the measured ones has a confusion matrix
``M[measured, true]``; independent misreadings multiply the probability
vector by ``⊗_j M_j``, applied one qubit at a time as a ``2 × 2``
contraction of a three-axis view.

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> flips = [np.array([[0.9, 0.2], [0.1, 0.8]]), None]
    >>> misread_probabilities(NumpyBackend(), np.array([[0.0, 0.0, 1.0, 0.0]]), flips).round(6).tolist()
    [[0.2, 0.0, 0.8, 0.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..backends.protocol import Array, Backend

__all__ = ["misread_probabilities"]


def misread_probabilities(backend: Backend, probs: Array, confusions: Sequence[np.ndarray | None]) -> Array:
    """Apply ``confusions[j]`` (``None``: read correctly) to qubit ``j`` of ``probs`` ``(B, 2**k)``."""
    batch, k = backend.shape(probs)[0], len(confusions)
    for j, confusion in enumerate(confusions):
        if confusion is None:
            continue
        view = backend.reshape(probs, (batch * 2**j, 2, 2 ** (k - j - 1)))
        matrix = backend.asarray(confusion, dtype=backend.real_dtype)
        probs = backend.reshape(backend.einsum("at,ytr->yar", matrix, view), (batch, 2**k))
    return probs
