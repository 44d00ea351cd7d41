"""Drawing measurement outcomes: the one sampling path of every verb and mode.

Every shot tyxq draws comes from :func:`draw_indices`: the probabilities of
each batch member are brought to the host in float64, summed cumulatively,
and each shot is the basis state whose cumulative interval holds one
uniform number of a NumPy generator (inverse-CDF sampling). ``tyxq.sample``,
``tyxq.counts``, the ``shots`` mode's probabilities and every group of its
expectation estimates all draw this way, so one seed gives the same
outcomes through every spelling on one backend. Across backends the same
seed draws the same uniform numbers; the outcomes agree wherever the
backends' probabilities agree to the last bit, and may differ in the rare
shot that falls on a boundary the two backends round differently
(complex64 against complex128, say).

Inverse-CDF sampling also makes draws *coupled*: the same seed at nearby
parameters gives the same shots except where a probability boundary moved
past a uniform number, which is what finite differences of sampled values
need (common random numbers).

Seeds: an ``int`` (every call with it draws the same shots), a
``numpy.random.Generator`` (advanced by each call, so a loop draws fresh,
reproducible shots) or ``None`` (fresh entropy).

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> probs = np.array([[0.5, 0.0, 0.0, 0.5]])
    >>> indices = draw_indices(NumpyBackend(), probs, 6, make_rng(3))
    >>> sorted(set(indices[0].tolist()))
    [0, 3]
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import ShotsError
from .memory import check_samples_fit

__all__ = [
    "MAX_SHOTS",
    "check_shots",
    "counts_from_indices",
    "draw_indices",
    "frequencies",
    "indices_to_bits",
    "make_rng",
]

MAX_SHOTS = 2**40
"""The largest shot count accepted in one call: 8 TiB of int64 indices, far beyond any machine's memory."""


def check_shots(shots: Any) -> int:
    """``shots`` as an int, or :class:`ShotsError` if it is not a positive integer within :data:`MAX_SHOTS`.

    Example:
        >>> check_shots(1000)
        1000
    """
    if isinstance(shots, bool) or not isinstance(shots, numbers.Integral) or shots <= 0:
        raise ShotsError(f"shots must be a positive integer, got {shots!r}; for exact values use the statevector")
    if int(shots) > MAX_SHOTS:
        raise ShotsError(
            f"shots={shots} is more than tyxq draws in one call ({MAX_SHOTS}); split the work into several calls "
            "with a numpy.random.Generator as the seed, which advances between them"
        )
    return int(shots)


def make_rng(seed: Any) -> np.random.Generator:
    """The generator for a seed: an int ≥ 0, a ``numpy.random.Generator`` (used as is) or ``None``.

    Example:
        >>> make_rng(5).random() == make_rng(5).random()
        True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or int(seed) < 0:
        raise ShotsError(
            f"seed must be a non-negative integer, a numpy.random.Generator or None, got {seed!r}; "
            "for example seed=7, or seed=numpy.random.default_rng(7) to draw fresh shots on every call"
        )
    return np.random.default_rng(int(seed))


def draw_indices(backend: Backend, probs: Array, shots: int, rng: np.random.Generator) -> np.ndarray:
    """``shots`` basis-state indices per row of ``probs`` ``(B, K)``: a host int64 array ``(B, shots)``.

    Rows need not be normalised (each is scaled by its own sum); negative
    rounding noise counts as zero. Members are drawn in order from ``rng``.
    """
    check_samples_fit(backend.shape(probs)[0], shots)
    host = np.asarray(backend.to_numpy(backend.detach(probs)), dtype=np.float64)
    batch = host.shape[0]
    cumulative = np.cumsum(np.clip(host, 0.0, None), axis=1)
    indices = np.empty((batch, shots), dtype=np.int64)
    for b in range(batch):
        total = cumulative[b, -1]
        if not total > 0.0:  # also catches NaN
            raise ShotsError(
                f"batch member {b} has no probability to sample from (total {total}); its state is zero or "
                "not finite: check the circuit's inputs and parameters"
            )
        uniforms = rng.random(shots)
        uniforms *= total
        # a uniform rounded up to the total lands past the end: it belongs to the last state with probability
        last = int(np.flatnonzero(host[b] > 0)[-1])
        np.minimum(np.searchsorted(cumulative[b], uniforms, side="right"), last, out=indices[b])
    return indices


def indices_to_bits(indices: np.ndarray, k: int) -> np.ndarray:
    """Unpack basis-state indices into ``k`` bits, most significant first.

    Example:
        >>> indices_to_bits(np.array([1, 2]), 2).tolist()
        [[0, 1], [1, 0]]
    """
    shifts = np.arange(k - 1, -1, -1, dtype=np.int64)
    return ((indices[..., None] >> shifts) & 1).astype(np.int8)


def counts_from_indices(indices: np.ndarray, k: int) -> dict[str, int]:
    """``{"bitstring": count}`` for one row of sampled indices, sorted by bitstring.

    Example:
        >>> counts_from_indices(np.array([3, 0, 3]), 2)
        {'00': 1, '11': 2}
    """
    values, frequencies = np.unique(indices, return_counts=True)
    return {format(int(v), f"0{k}b"): int(f) for v, f in zip(values, frequencies, strict=True)}


def frequencies(backend: Backend, indices: np.ndarray, dim: int) -> Array:
    """Observed frequencies ``(B, dim)`` of sampled indices ``(B, shots)``, in the backend's real dtype."""
    shots = indices.shape[1]
    table = np.stack([np.bincount(row, minlength=dim) for row in indices]) / shots
    return backend.asarray(table, dtype=backend.real_dtype)
