"""Common random numbers: the ``k``-th sampled measurement of every evaluation of a function gets one seed.

Methods that difference a function's values (:mod:`tyxq.gradients.evaluation`)
evaluate it at moved arguments; in a mode that samples, fresh shots at each
evaluation would bury the difference in shot noise. With one seed per
sampled measurement, shared by every evaluation, the moved values differ
only where a probability boundary moved past a drawn uniform number
(:mod:`tyxq.kernels.sampling`).
"""

from __future__ import annotations

import numbers
from dataclasses import replace

import numpy as np

from ..backends.protocol import Array
from ..execution.measurement import Measurement

__all__ = ["CommonRandomNumbers"]


class CommonRandomNumbers:
    """An interceptor giving the ``k``-th sampled measurement of every evaluation one seed.

    Exact measurements pass through unchanged. Call :meth:`restart` before
    each evaluation of the function.

    Example:
        >>> import tyxq
        >>> from tyxq.execution.interception import intercept_measurements
        >>> common = CommonRandomNumbers()
        >>> c = tyxq.Circuit(1).ry(0, 1.0)
        >>> draws = []
        >>> for _ in range(2):
        ...     with intercept_measurements(common.restart()):
        ...         draws.append(float(tyxq.expectation(c, tyxq.Z(0), mode="shots", shots=50)))
        >>> draws[0] == draws[1], common.largest_shots()
        (True, 50)
    """

    def __init__(self) -> None:
        self.seeds: list[int] = []
        self.shots: list[int | None] = []
        self.index = 0

    def restart(self) -> CommonRandomNumbers:
        self.index = 0
        return self

    def measure(self, measurement: Measurement) -> Array:
        if measurement.mode.exact:
            return measurement.value()
        k = self.index
        self.index += 1
        if k == len(self.seeds):
            self.seeds.append(_seed_for(measurement))
            self.shots.append(_sample_count(measurement))
        return replace(measurement, seed=self.seeds[k]).value()

    def largest_shots(self) -> int | None:
        """The largest shot count of the sampled measurements seen, ``None`` if none sampled."""
        known = [s for s in self.shots if s is not None]
        return max(known) if known else None


def _sample_count(measurement: Measurement) -> int | None:
    """The shots (or, in the trajectories mode, the trajectories) averaged over by one sampled measurement."""
    if isinstance(measurement.shots, tuple):  # a shot vector (refused by every method before it gets here)
        return sum(measurement.shots)
    if measurement.shots is not None:
        return measurement.shots
    mode = measurement.mode
    return getattr(mode, "shots", None) or getattr(mode, "trajectories", None)


def _seed_for(measurement: Measurement) -> int:
    """An int seed for one measurement's common random numbers, drawn reproducibly where the caller seeded."""
    seed = measurement.seed
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return int(seed)
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63))
    next_seed = getattr(measurement.mode, "next_seed", None)
    if callable(next_seed):
        return int(next_seed())
    return int(np.random.default_rng().integers(2**63))
