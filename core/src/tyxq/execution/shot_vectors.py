"""Shot vectors: ``shots=[100, 1000, 10000]`` gives one estimate per entry, from one stream of shots.

A shot vector is a list (or tuple) of shot counts, checked by
:func:`tyxq.arguments.check_shot_vector`. Every verb that draws
shots (``tyxq.expectation``, ``tyxq.probabilities``, ``tyxq.sample``,
``tyxq.counts``) draws ``sum(shots)`` shots once, from the call's generator,
and cuts them into **consecutive, non-overlapping slices** in the order
given: entry ``j`` is estimated from shots ``[s_0 + … + s_{j-1}, s_0 + … + s_j)``.
So with one seed ``shots=[100, 1000]`` uses exactly the 1,100 shots that
``shots=1100`` draws, the first 100 for the first estimate. An expectation's
groups of qubit-wise commuting terms each draw ``sum(shots)`` shots, as
each draws ``shots`` for one count.

The result is a tuple with one entry per shot count, each what the verb
returns for that count alone (PennyLane's convention for shot vectors), so
``np.stack`` makes an array of same-shaped estimates.

Shot vectors give several estimates, not one value: the gradient methods,
``tyxq.variance``, ``tyxq.map`` and ``TorchLayer`` refuse them by name, and
an exact mode refuses them as it refuses one shot count.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(1).h(0)
    >>> small, large = tyxq.probabilities(c, mode="shots", shots=[10, 1000], seed=3)
    >>> small.tolist(), large.round(3).tolist()
    ([0.7, 0.3], [0.499, 0.501])
    >>> both = tyxq.sample(c, [10, 1000], seed=3)
    >>> (both[0].tolist() + both[1].tolist()) == tyxq.sample(c, 1010, seed=3).tolist()
    True
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import CapabilityError
from ..kernels.sampling import frequencies

__all__ = [
    "bounds",
    "is_shot_vector",
    "refuse_unsupported",
    "slice_frequencies",
    "split_draws",
    "supports",
]


def is_shot_vector(shots: Any) -> bool:
    """Whether ``shots`` asks for a shot vector (a list or tuple) rather than one count."""
    return isinstance(shots, (list, tuple))


def supports(mode: Any) -> bool:
    """Whether ``mode`` estimates shot vectors (tyxq's modes do; a third-party mode says so with ``shot_vectors``)."""
    return bool(getattr(mode, "shot_vectors", False))


def refuse_unsupported(mode: Any, verb: str) -> None:
    """A :class:`~tyxq.errors.CapabilityError` for a mode that does not estimate shot vectors."""
    if not supports(mode):
        raise CapabilityError(
            f"{verb} was given a shot vector, which the {getattr(mode, 'name', type(mode).__name__)!r} mode does "
            "not estimate (a mode says so with shot_vectors = True, as those built on tyxq.execution."
            "BaseExecutionMode do); call it once per shot count instead"
        )


def bounds(vector: tuple[int, ...]) -> list[tuple[int, int]]:
    """The ``[start, end)`` of each entry's slice of the ``sum(vector)`` shots drawn.

    Example:
        >>> bounds((2, 3, 1))
        [(0, 2), (2, 5), (5, 6)]
    """
    ends = list(itertools.accumulate(vector))
    return list(zip([0, *ends[:-1]], ends, strict=True))


def split_draws(indices: np.ndarray, vector: tuple[int, ...]) -> list[np.ndarray]:
    """The consecutive slices ``(B, s_j)`` of draws ``(B, sum(vector))``, one per entry."""
    return [indices[:, start:end] for start, end in bounds(vector)]


def slice_frequencies(backend: Backend, indices: np.ndarray, vector: tuple[int, ...], dim: int) -> Array:
    """Observed frequencies of each slice, stacked slice-major: ``(S × B, dim)`` from draws ``(B, sum(vector))``."""
    parts = [frequencies(backend, part, dim) for part in split_draws(indices, vector)]
    return parts[0] if len(parts) == 1 else backend.concatenate(parts, axis=0)
