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
reproducible shots) or ``None`` (fresh entropy), turned into a generator by
:func:`tyxq.arguments.make_rng`.

Example:
    >>> import numpy as np
    >>> from tyxq.arguments import make_rng
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> probs = np.array([[0.5, 0.0, 0.0, 0.5]])
    >>> indices = draw_indices(NumpyBackend(), probs, 6, make_rng(3))
    >>> sorted(set(indices[0].tolist()))
    [0, 3]
"""

from __future__ import annotations

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import ShotsError
from .memory import check_samples_fit

__all__ = [
    "counts_from_indices",
    "draw_indices",
    "frequencies",
    "indices_to_bits",
    "inverse_cdf",
]


def draw_indices(backend: Backend, probs: Array, shots: int, rng: np.random.Generator) -> np.ndarray:
    """``shots`` basis-state indices per row of ``probs`` ``(B, K)``: a host int64 array ``(B, shots)``.

    Rows need not be normalised (each is scaled by its own sum); negative
    rounding noise counts as zero. Members are drawn in order from ``rng``.
    Each shot is the first state whose cumulative probability exceeds
    its uniform number times the row's total, found by :func:`inverse_cdf`.
    """
    check_samples_fit(backend.shape(probs)[0], shots)
    host = np.asarray(backend.to_numpy(backend.detach(probs)), dtype=np.float64)
    batch = host.shape[0]
    cumulative = np.maximum(host, 0.0)
    np.cumsum(cumulative, axis=1, out=cumulative)
    indices = np.empty((batch, shots), dtype=np.int64)
    for b in range(batch):
        total = cumulative[b, -1]
        if not 0.0 < total < np.inf:  # also catches NaN
            raise ShotsError(
                f"batch member {b} has no probability to sample from (total {total}); its state is zero or "
                "not finite: check the circuit's inputs and parameters"
            )
        # a uniform rounded up to the total lands past the end: it belongs to the last state with probability
        last = host.shape[1] - 1 if host[b, -1] > 0 else int(np.flatnonzero(host[b] > 0)[-1])
        np.minimum(inverse_cdf(cumulative[b], rng.random(shots)), last, out=indices[b])
    return indices


GUIDE_MIN_STATES = 256
"""Below this many states a plain binary search is as fast as building a guide table."""


def inverse_cdf(cumulative: np.ndarray, uniforms: np.ndarray, *, guide: bool | None = None) -> np.ndarray:
    """For each uniform ``u`` in [0, 1): the number of entries of ``cumulative`` at most ``u × total``.

    ``cumulative`` is the running sum of non-negative probabilities, with a
    positive finite total; the result is an integer array of ``uniforms``' shape.

    Exactly ``np.searchsorted(cumulative, uniforms * cumulative[-1], side="right")``
    (the same float64 products, the same comparisons), found in expected
    constant time per shot instead of a binary search over all ``K`` states,
    whose cache misses cost most of a sampling call at 16 qubits.

    The guide table (Chen and Asau's method) splits [0, 1) into ``M``
    buckets, ``M`` a power of two at least ``2K``, so that the bucket of
    ``u`` is ``floor(u × M)`` exactly. Because rounding is monotonic, every
    ``u`` of bucket ``j`` has ``u × total`` between the bucket's edges
    ``E_j = (j / M) × total`` and ``E_{j+1}``, both computed with the same
    float64 operation; so its answer lies between the answers at the two
    edges, which the table holds. Those cost one pass over ``cumulative``
    (each entry's first edge at or above it, by a rounded guess corrected
    against the edges themselves). Where the cumulative values inside a
    bucket are all equal (one state, or one state followed by states of
    probability zero) one comparison settles every shot of the bucket; the
    few shots whose bucket holds several distinct values (states rarer than
    ``1 / M``) are found by a binary search between the bucket's edges. ``guide`` forces the table
    on or off (``None``: on when there are many states and at least one
    shot per eight states).

    Example:
        >>> c = np.cumsum([0.25, 0.0, 0.5, 0.25])
        >>> u = np.array([0.0, 0.2499, 0.25, 0.74, 0.75, 0.9999])
        >>> inverse_cdf(c, u, guide=True).tolist()
        [0, 0, 2, 2, 3, 3]
    """
    k = cumulative.shape[0]
    total = cumulative[-1]
    scaled = uniforms * total
    if guide is None:
        guide = k >= GUIDE_MIN_STATES and 8 * uniforms.shape[0] >= k
    guide = guide and total >= np.finfo(np.float64).tiny * 4 * k  # total / M must not lose bits as a subnormal
    if not guide:
        return np.searchsorted(cumulative, scaled, side="right")
    buckets = 1 << int(2 * k - 1).bit_length()  # the power of two at least 2K
    at_edge, crowded = _guide_table(cumulative, buckets)
    bucket = (uniforms * buckets).astype(np.intp)  # exact: a power-of-two scaling, then the floor
    start, end = at_edge[bucket], at_edge[bucket + 1]
    # every value inside the bucket is cumulative[start] (unless crowded): the shot passes it or not;
    # start < K, since E_j < total for every bucket j and no value exceeds the total
    passed = (end > start) & (cumulative[start] <= scaled)
    result = np.where(passed, end, start)
    if crowded is not None:
        rare = np.flatnonzero(crowded[bucket])
        result[rare] = _bisect(cumulative, scaled[rare], start[rare], end[rare])
    return result


def _bisect(cumulative: np.ndarray, scaled: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The number of ``cumulative`` values at most each ``scaled``, known to lie in ``[low, high]``.

    A binary search of all the shots at once, as many halvings as the widest
    range needs (a crowded bucket seldom holds more than a few states).
    """
    while True:
        open_ = high > low
        if not open_.any():
            return low
        middle = (low + high) >> 1  # low <= middle < high where the range is open
        passed = open_ & (cumulative[np.minimum(middle, cumulative.shape[0] - 1)] <= scaled)
        low = np.where(passed, middle + 1, low)
        high = np.where(open_ & ~passed, middle, high)


def _guide_table(cumulative: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray | None]:
    """``at_edge[j]``, the number of cumulative values at most ``E_j``, and the crowded buckets.

    A bucket is crowded when it holds several distinct cumulative values
    (``crowded`` is ``None`` when none is). Each value's first edge at or
    above it is guessed by rounding up ``c / (total / M)``: that quotient
    is within a unit in the last place of the exact one, far less than one
    bucket, so the guess is at most one edge away, and one step down then
    one step up, compared with the edges themselves, make it exact.
    """
    step = cumulative[-1] / buckets  # exact (a power of two), so j × step is (j / M) × total to the last bit
    first = np.ceil(cumulative / step).astype(np.intp)  # at most M + 1, since no value exceeds the total
    first -= (first - 1) * step >= cumulative  # E_{-1} is negative: a value (never negative) stays put
    first += first * step < cumulative
    counts = np.int32 if buckets < 2**31 else np.int64  # a smaller table stays in cache
    at_edge = np.cumsum(np.bincount(first, minlength=buckets + 1), dtype=counts)
    # the values of bucket j are those with first == j + 1 (zeros, with first == 0, lie below every bucket)
    shared = (first[1:] == first[:-1]) & (cumulative[1:] != cumulative[:-1]) & (first[1:] > 0)
    if not shared.any():
        return at_edge, None
    crowded = np.zeros(buckets, dtype=bool)
    crowded[first[1:][shared] - 1] = True
    return at_edge, crowded


_BYTE_BITS = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).view(np.uint64)[:, 0].copy()
"""For each byte value, its 8 bits (most significant first) as 8 int8 0/1 values packed in one uint64."""


def indices_to_bits(indices: np.ndarray, k: int) -> np.ndarray:
    """Unpack basis-state indices into ``k`` bits, most significant first: int8, shape ``(*indices.shape, k)``.

    Each byte of an index is looked up in a 256-entry table of its 8 bits,
    packed as one 8-byte word: one gather per byte, with no intermediate
    array of single bits (16 qubits, 100,000 shots: 0.3 ms, against 0.7 ms
    for ``np.unpackbits`` of the big-endian bytes).

    Example:
        >>> indices_to_bits(np.array([1, 2]), 2).tolist()
        [[0, 1], [1, 0]]
    """
    indices = np.asarray(indices)
    nbytes = max(1, (k + 7) // 8)
    words = np.empty((*indices.shape, nbytes), dtype=np.uint64)
    for j in range(nbytes):
        np.take(_BYTE_BITS, (indices >> (8 * (nbytes - 1 - j))) & 255, out=words[..., j])
    bits = words.view(np.int8)
    return bits if 8 * nbytes == k else np.ascontiguousarray(bits[..., 8 * nbytes - k :])


COUNT_TABLE_LIMIT = 2**24
"""Up to this many states (or four per shot) counts are tallied in a table of all states, not by sorting."""


def counts_from_indices(indices: np.ndarray, k: int) -> dict[str, int]:
    """``{"bitstring": count}`` for one row of sampled indices, sorted by bitstring.

    Counts are tallied with ``np.bincount`` over all ``2**k`` states where
    that table is small (else ``np.unique`` sorts the shots); only the
    distinct outcomes are then written as bitstrings, all at once: their
    bits as ASCII digits, one space after each, decoded and split in C.

    Example:
        >>> counts_from_indices(np.array([3, 0, 3]), 2)
        {'00': 1, '11': 2}
    """
    if 2**k <= max(COUNT_TABLE_LIMIT, 4 * indices.shape[0]):
        table = np.bincount(indices, minlength=2**k)
        values = np.flatnonzero(table)
        tallies = table[values]
    else:
        values, tallies = np.unique(indices, return_counts=True)
    if k == 0:
        return {"0": int(tallies.sum())}  # no measured qubit: one outcome, labelled as format(0, "b") writes it
    digits = np.empty((values.shape[0], k + 1), dtype=np.uint8)
    np.add(indices_to_bits(values, k), ord("0"), out=digits[:, :k], casting="unsafe")
    digits[:, k] = ord(" ")
    labels = digits.tobytes().decode("ascii").split()
    return dict(zip(labels, tallies.tolist(), strict=True))


def frequencies(backend: Backend, indices: np.ndarray, dim: int) -> Array:
    """Observed frequencies ``(B, dim)`` of sampled indices ``(B, shots)``, in the backend's real dtype."""
    shots = indices.shape[1]
    table = np.stack([np.bincount(row, minlength=dim) for row in indices]) / shots
    return backend.asarray(table, dtype=backend.real_dtype)
