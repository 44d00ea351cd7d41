"""The update rules: one step of gradient descent, Adam and the quantum natural gradient.

Each rule works on arrays of the active backend with its own arithmetic
(so numpy, torch and jax parameters stay on their backend) and on a batch
``(B, P)`` of parameter sets as on one set ``(P,)``: every member is stepped
by its own gradient (and, for QNG, its own metric).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import ParameterError

__all__ = ["AdamRule", "GradientDescentRule", "NaturalGradientRule", "natural_gradient_step"]


def _positive(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or value <= 0:
        raise ParameterError(f"{name} must be a positive number, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class GradientDescentRule:
    """``θ ← θ − η ∇E``."""

    stepsize: float

    def initial_memory(self, backend: Backend, params: Array) -> dict[str, Any]:
        return {}

    def update(
        self, backend: Backend, params: Array, gradient: Array, memory: dict[str, Any], step: int
    ) -> tuple[Array, dict[str, Any]]:
        return params - self.stepsize * gradient, memory


@dataclass(frozen=True)
class AdamRule:
    """Adam (Kingma and Ba, 2015) with bias-corrected first and second moments."""

    stepsize: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def initial_memory(self, backend: Backend, params: Array) -> dict[str, Any]:
        return {"m": backend.zeros_like(params), "v": backend.zeros_like(params)}

    def update(
        self, backend: Backend, params: Array, gradient: Array, memory: dict[str, Any], step: int
    ) -> tuple[Array, dict[str, Any]]:
        m = self.beta1 * memory["m"] + (1 - self.beta1) * gradient
        v = self.beta2 * memory["v"] + (1 - self.beta2) * gradient * gradient
        t = step + 1
        m_hat, v_hat = m / (1 - self.beta1**t), v / (1 - self.beta2**t)
        return params - self.stepsize * m_hat / (backend.sqrt(v_hat) + self.eps), {"m": m, "v": v}


def natural_gradient_step(
    params: np.ndarray, gradient: np.ndarray, metric: np.ndarray, stepsize: float, lam: float
) -> np.ndarray:
    """``θ − η (g + λI)⁻¹ ∇E`` for one set ``(P,)`` or each member of a batch ``(B, P)`` with ``(B, P, P)`` metrics.

    Example:
        >>> import numpy as np
        >>> natural_gradient_step(np.zeros(2), np.array([1.0, 1.0]), np.diag([0.25, 0.5]), 0.1, 0.0).tolist()
        [-0.4, -0.2]
    """
    regularised = metric + lam * np.eye(metric.shape[-1])
    return params - stepsize * np.linalg.solve(regularised, gradient[..., None])[..., 0]


@dataclass(frozen=True)
class NaturalGradientRule:
    """The quantum natural gradient: gradient descent preconditioned by the Fubini–Study metric."""

    stepsize: float
    lam: float
    metric: Callable[[Any], Array]

    def initial_memory(self, backend: Backend, params: Array) -> dict[str, Any]:
        return {}

    def update(
        self, backend: Backend, params: Array, gradient: Array, memory: dict[str, Any], step: int
    ) -> tuple[Array, dict[str, Any]]:
        def host(a: Array) -> np.ndarray:
            return np.asarray(backend.to_numpy(backend.detach(a)), dtype=np.float64)

        metric = host(self.metric(params))
        stepped = natural_gradient_step(host(params), host(gradient), metric, self.stepsize, self.lam)
        return backend.asarray(stepped, dtype=backend.real_dtype), memory


def check_rate(stepsize: Any, lam: Any = None) -> tuple[float, float]:
    """The step size and regulariser, checked: positive, and non-negative."""
    lam_value = 0.0 if lam is None else lam
    if isinstance(lam_value, bool) or not isinstance(lam_value, (int, float, np.floating, np.integer)) or lam_value < 0:
        raise ParameterError(f"lam (the regulariser added to the metric) must be a number >= 0, got {lam!r}")
    return _positive("stepsize", stepsize), float(lam_value)
