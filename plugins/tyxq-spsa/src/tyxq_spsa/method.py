"""SPSA: simultaneous-perturbation stochastic approximation of a gradient.

All parameters move at once. For a random direction ``Δ`` with independent
Rademacher entries (``±1`` with probability ½ each) and a step ``c``::

    ĝ = (f(θ + cΔ) − f(θ − cΔ)) / (2c) · Δ          (1/Δ_i = Δ_i for ±1)

Each sample costs **two evaluations of the function, however many parameters
it has**, which is why SPSA is the gradient of choice on hardware, where
every evaluation is a batch of shots. The estimate averages ``samples``
independent directions (default 1, the classic SPSA step).

Bias and variance. Since ``E[Δ_i Δ_j] = δ_ij``, the estimate is unbiased up
to the central difference's own error: exactly unbiased for quadratics, and
biased by ``O(c²)`` (third derivatives) otherwise. Its variance, for a
function that is locally linear, is ``Σ_{j≠i} g_j² / samples`` in component
``i``: other components leak in with random signs, and averaging ``samples``
directions divides that by ``samples``. With shots, the evaluations of one
gradient draw with common random numbers (tyxq's
:class:`~tyxq.gradients.EvaluationGradient` gives the ``k``-th sampled
measurement of every evaluation one seed), so ``f(θ + cΔ)`` and
``f(θ − cΔ)`` differ only in the shots the move flips: a difference's shot
noise is of order ``sqrt(|∂f/∂Δ| / (2c · shots))`` instead of
``sqrt(Var[f] / (2c²))``. That noise is shared between the samples of one
gradient, so it does not shrink like ``1 / samples``; the next gradient draws
fresh seeds. A larger ``c`` still trades bias for variance.

Reproducibility. The directions come from a NumPy generator owned by the
method object, created from ``seed`` (an int, a ``numpy.random.Generator``
or ``None``). Each gradient advances it, so an optimisation loop gets fresh
directions at every step, and the same seed replays the same sequence.
``tyxq.use_gradient_method("spsa", seed=7)`` keeps one object per option set.

Example:
    >>> import numpy as np, tyxq
    >>> method = SPSAGradient(samples=2000, seed=1)
    >>> def energy(theta):
    ...     return tyxq.expectation(tyxq.Circuit(2).ry(0, theta[0]).ry(1, theta[1]).cnot(0, 1), tyxq.Z(1))
    >>> backend, mode = tyxq.get_backend(), tyxq.get_execution_mode()
    >>> value, grad = method.value_and_grad(energy, backend=backend, mode=mode)(np.array([0.4, 1.1]))
    >>> exact = [-np.sin(0.4) * np.cos(1.1), -np.cos(0.4) * np.sin(1.1)]
    >>> bool(np.all(np.abs(grad - exact) < 0.05))
    True
"""

from __future__ import annotations

import math
import numbers
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from tyxq import GradientError
from tyxq.gradients import EvaluationGradient, Evaluations

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_STEP", "SPSAGradient"]

DEFAULT_SAMPLES = 1
"""Directions averaged per gradient by default: the classic SPSA step (two evaluations)."""

DEFAULT_STEP = 0.1
"""The perturbation size ``c`` by default: small bias (``~c²/6`` of the third derivative), shot noise tamed."""


class SPSAGradient(EvaluationGradient):
    """``method="spsa"``: the simultaneous-perturbation estimate (module docstring).

    Built on tyxq's :class:`~tyxq.gradients.EvaluationGradient`, which checks
    ``argnums``, reads and rebuilds the arguments, evaluates the function
    with common random numbers and answers ``supports``; this class only
    draws directions and combines the values.

    Args:
        samples: directions averaged per gradient (``2 * samples + 1``
            evaluations of the function in all); the variance falls like
            ``1 / samples``.
        step: the perturbation size ``c`` (in the units of the arguments).
        seed: an int, a ``numpy.random.Generator`` or ``None``, seeding the
            generator that draws the directions.
    """

    name = "spsa"
    samples: int
    step: float
    seed: Any

    def __init__(self, samples: int = DEFAULT_SAMPLES, step: float = DEFAULT_STEP, seed: Any = None) -> None:
        if isinstance(samples, bool) or not isinstance(samples, numbers.Integral) or samples < 1:
            raise GradientError(f"samples must be a positive integer (directions averaged), got {samples!r}")
        if isinstance(step, bool) or not isinstance(step, numbers.Real) or not math.isfinite(step) or step <= 0:
            raise GradientError(f"step must be a positive finite number (the perturbation size c), got {step!r}")
        try:
            self._generator: np.random.Generator = np.random.default_rng(seed)
        except TypeError:
            raise GradientError(
                f"seed must be an int, a numpy.random.Generator or None, got a {type(seed).__name__}"
            ) from None
        self.samples = int(samples)
        self.step = float(step)
        self.seed = seed
        self._lock: threading.Lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SPSAGradient(samples={self.samples}, step={self.step}, seed={self.seed!r})"

    def directions(self, shapes: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
        """One Rademacher direction (entries ±1) per shape, drawn together from the method's generator."""
        with self._lock:
            return [self._generator.integers(0, 2, size=shape).astype(np.float64) * 2 - 1 for shape in shapes]

    def estimate(self, evaluations: Evaluations) -> list[np.ndarray]:
        """The average over ``samples`` directions Δ of ``(f(θ + cΔ) − f(θ − cΔ)) / (θ⁺ − θ⁻)``, per element."""
        points = evaluations.points
        sums = [np.zeros_like(point) for point in points]
        for _ in range(self.samples):
            deltas = self.directions([point.shape for point in points])
            f_plus, high = evaluations.at([p + self.step * d for p, d in zip(points, deltas, strict=True)])
            f_minus, low = evaluations.at([p - self.step * d for p, d in zip(points, deltas, strict=True)])
            for k, (up, down) in enumerate(zip(high, low, strict=True)):
                taken = up - down  # the steps actually taken: 2cΔ_i, after rounding to the dtype
                if np.any(taken == 0):
                    raise GradientError(
                        f"step={self.step} vanishes when added to arguments of dtype {evaluations.dtypes[k]} "
                        "this large; pass a larger step, or the arguments in float64"
                    )
                sums[k] += (f_plus - f_minus) / taken
        return [total / self.samples for total in sums]
