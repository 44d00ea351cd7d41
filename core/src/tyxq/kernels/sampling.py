"""Sampling measurement outcomes: reproducible with a seed or a generator.

Bitstrings put qubit 0 (or the first listed qubit) leftmost. Sampling draws
basis-state indices from the probabilities with the backend's ``choice``
(one cumulative sum and one sorted search, so 100,000 shots cost a few
milliseconds), then unpacks the indices into bits.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import ShotsError

if TYPE_CHECKING:
    from ..circuit import Circuit

__all__ = ["check_shots", "sample_indices", "indices_to_bits", "sample", "counts", "counts_from_indices"]


def check_shots(shots: Any) -> int:
    """``shots`` as an int, or :class:`ShotsError` if it is not a positive integer."""
    if isinstance(shots, bool) or not isinstance(shots, numbers.Integral) or shots <= 0:
        raise ShotsError(f"shots must be a positive integer, got {shots!r}; for exact values use the statevector")
    return int(shots)


def sample_indices(backend: Backend, probs: Array, shots: int, seed: Any = None) -> np.ndarray:
    """Draw ``shots`` basis-state indices per row of ``probs`` ``(B, 2**k)``: a host array ``(B, shots)``."""
    rng = backend.rng(seed)
    batch, dim = backend.shape(probs)
    rows = [backend.to_numpy(backend.choice(rng, dim, shots, probs[b])) for b in range(batch)]
    return np.stack(rows).astype(np.int64, copy=False)


def indices_to_bits(indices: np.ndarray, k: int) -> np.ndarray:
    """Unpack basis-state indices into ``k`` bits, most significant first.

    Example:
        >>> indices_to_bits(np.array([1, 2]), 2).tolist()
        [[0, 1], [1, 0]]
    """
    shifts = np.arange(k - 1, -1, -1, dtype=np.int64)
    return ((indices[..., None] >> shifts) & 1).astype(np.int8)


def counts_from_indices(indices: np.ndarray, k: int) -> dict[str, int]:
    """``{"bitstring": count}`` for one row of sampled indices, sorted by bitstring."""
    values, frequencies = np.unique(indices, return_counts=True)
    return {format(int(v), f"0{k}b"): int(f) for v, f in zip(values, frequencies, strict=True)}


def _sampled(circuit: Circuit, shots: int, seed: Any, qubits: Sequence[int] | None) -> tuple[Backend, np.ndarray, int]:
    from ..api import get_backend
    from .measure import probabilities

    shots = check_shots(shots)
    probs = probabilities(circuit, qubits)
    backend = get_backend()
    k = circuit.n_qubits if qubits is None else len(qubits)
    table = backend.reshape(probs, (-1, 2**k))
    return backend, sample_indices(backend, table, shots, seed), k


def sample(circuit: Circuit, shots: int, seed: Any = None, qubits: Sequence[int] | None = None) -> Any:
    """Measured bitstrings of ``circuit``: ``(shots, k)`` 0/1 array, ``(B, shots, k)`` if batched."""
    backend, indices, k = _sampled(circuit, shots, seed, qubits)
    bits = indices_to_bits(indices, k)
    return backend.asarray(bits if circuit.batch_size is not None else bits[0])


def counts(
    circuit: Circuit, shots: int, seed: Any = None, qubits: Sequence[int] | None = None
) -> dict[str, int] | list[dict[str, int]]:
    """How often each bitstring was measured; a list of dicts if the circuit is batched."""
    _, indices, k = _sampled(circuit, shots, seed, qubits)
    tables = [counts_from_indices(row, k) for row in indices]
    return tables if circuit.batch_size is not None else tables[0]
