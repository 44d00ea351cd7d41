"""The ``finite_difference`` gradient: central differences of any function, on any backend, in any mode.

``df/dx_k ≈ (f(x + h e_k) - f(x - h e_k)) / 2h`` with ``2N`` extra calls for
``N`` argument elements. The step balances truncation error (``∝ h²``)
against rounding error (``∝ ε/h``): ``h = ε^(1/3) · max(1, |x_k|)``, where
``ε`` is the machine epsilon of the coarser of the argument's dtype and the
backend's real dtype — about ``6e-6`` in float64 and ``5e-3`` in float32,
leaving errors near ``ε^(2/3)`` (``4e-11`` and ``2e-5`` relative). Pass
``step=`` to choose it yourself
(``tyxq.use_gradient_method("finite_difference", step=1e-4)``).

In a mode that samples, every evaluation draws with **common random
numbers**: the ``k``-th sampled measurement of each evaluation gets the same
seed (the call's int seed, or one drawn once from its generator or the
mode's), so the shifted values differ only where a probability boundary
moved past a drawn uniform number (:mod:`tyxq.kernels.sampling`). The
difference quotient then estimates the exact one with a variance near
``|dp/dθ| / (2h · shots)`` instead of ``1 / (2h² · shots)``, and the step
balances that against the ``h²`` bias: ``h = shots^(-1/5) · max(1, |x_k|)``
(0.25 at 1,000 shots) unless ``step=`` is given.

Example:
    >>> import numpy as np, tyxq
    >>> def energy(theta):
    ...     return tyxq.expectation(tyxq.Circuit(1).ry(0, theta), tyxq.Z(0))
    >>> value, grad = tyxq.value_and_grad(energy, method="finite_difference")(0.3)
    >>> bool(abs(grad + np.sin(0.3)) < 1e-9)
    True
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..errors import GradientError
from .common import CommonRandomNumbers
from .evaluation import EvaluationGradient, Evaluations

__all__ = ["CommonRandomNumbers", "FiniteDifferenceGradient", "default_step"]


def default_step(x: float, eps: float) -> float:
    """The central-difference step for a value ``x`` in a dtype with machine epsilon ``eps``.

    Example:
        >>> f"{default_step(0.5, float(np.finfo(np.float64).eps)):.2e}"
        '6.06e-06'
    """
    return eps ** (1 / 3) * max(1.0, abs(x))


class FiniteDifferenceGradient(EvaluationGradient):
    """``method="finite_difference"``: central differences with a per-dtype step (module docstring).

    Built on :class:`~tyxq.gradients.evaluation.EvaluationGradient`, which
    evaluates the function with common random numbers and rebuilds the moved
    arguments.

    Args:
        step: a fixed step for every element; ``None`` chooses one per
            element and dtype.
    """

    name = "finite_difference"

    def __init__(self, step: float | None = None) -> None:
        if step is not None and (
            isinstance(step, (bool, np.bool_)) or not isinstance(step, numbers.Real) or not 0 < step < math.inf
        ):
            raise GradientError(
                f"the finite_difference step must be a positive finite number, got {step!r}; pass e.g. step=1e-4, "
                "or leave it unset to choose one per element and dtype"
            )
        self.step = None if step is None else float(step)

    def __repr__(self) -> str:
        return f"FiniteDifferenceGradient(step={self.step!r})"

    def estimate(self, evaluations: Evaluations) -> list[np.ndarray]:
        """``(f(x + h e_k) - f(x - h e_k)) / (x_k⁺ - x_k⁻)`` per element, over the steps actually stored."""
        return [self._differences(evaluations, index, total=True) for index in range(len(evaluations.points))]

    def jacobian(self, evaluations: Evaluations) -> list[np.ndarray]:
        """Per argument, the derivative of every entry of the value: shape ``value.shape + argument.shape``."""
        return [self._differences(evaluations, index, total=False) for index in range(len(evaluations.points))]

    def _differences(self, evaluations: Evaluations, index: int, total: bool) -> np.ndarray:
        point = evaluations.points[index]
        dtype, eps = evaluations.dtypes[index], evaluations.eps[index]
        out_shape = () if total else evaluations.host(evaluations.value).shape
        jac = np.zeros((*out_shape, point.size))
        for k in range(point.size):
            h = self.step if self.step is not None else _step(float(point.flat[k]), eps, evaluations.shots)
            ends = []
            for sign in (1, -1):
                moved = point.copy()
                moved.flat[k] += sign * h
                values, stored = evaluations.values_at(evaluations.moved(index, moved))
                ends.append((np.sum(values) if total else values, float(stored[index].flat[k])))
            (f_plus, x_plus), (f_minus, x_minus) = ends
            if not x_plus - x_minus > 0:
                raise GradientError(_unresolved_step(h, float(point.flat[k]), dtype, eps))
            jac[..., k] = (f_plus - f_minus) / (x_plus - x_minus)
        return jac.reshape((*out_shape, *point.shape))


def _unresolved_step(h: float, x: float, dtype: str, eps: float) -> str:
    """Why a step ``h`` moved nothing at ``x``, and the steps that would.

    In the argument's dtype ``x ± h`` rounded back to ``x``, so both
    evaluations are the same point: the step must exceed the spacing of
    numbers near ``x`` (``ε · max(1, |x|)``).
    """
    floor = eps * max(1.0, abs(x))
    return (
        f"the finite_difference step {h:.3g} is below the resolution of {dtype} at x = {x:.6g}: x + step and "
        f"x - step are the same number, so the difference quotient is undefined. Valid steps are larger than "
        f"{floor:.3g} (ε · max(1, |x|)) and small against the scale of the function, e.g. "
        f"{default_step(x, eps):.3g}, the default (leave step unset)"
    )


def _step(x: float, eps: float, shots: int | None) -> float:
    """The rounding-limited step, or with sampled values the shot-noise-limited one (module docstring)."""
    if shots is None:
        return default_step(x, eps)
    return shots ** (-1 / 5) * max(1.0, abs(x))
