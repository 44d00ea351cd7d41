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
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.interception import intercept_measurements
from ..execution.measurement import Measurement
from ..execution.memo import evaluation
from ..execution.protocol import ExecutionMode
from .arguments import as_gradient, host_argument, normalize_argnums, pack, rebuild_argument, with_replaced

__all__ = ["CommonRandomNumbers", "FiniteDifferenceGradient", "default_step"]


def default_step(x: float, eps: float) -> float:
    """The central-difference step for a value ``x`` in a dtype with machine epsilon ``eps``.

    Example:
        >>> f"{default_step(0.5, float(np.finfo(np.float64).eps)):.2e}"
        '6.06e-06'
    """
    return eps ** (1 / 3) * max(1.0, abs(x))


class FiniteDifferenceGradient:
    """``method="finite_difference"``: central differences with a per-dtype step (module docstring).

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

    def supports(self, backend: Backend, mode: ExecutionMode) -> str | None:
        return None

    def value_and_grad(
        self, fn: Callable[..., Array], argnums: int | tuple[int, ...] = 0, *, backend: Backend, mode: ExecutionMode
    ) -> Callable[..., tuple[Array, Any]]:
        def run(*args: Any) -> tuple[Array, Any]:
            common = CommonRandomNumbers()

            def evaluate(args: tuple[Any, ...]) -> Any:
                with intercept_measurements(common.restart()), evaluation():
                    return fn(*args)

            def total(args: tuple[Any, ...]) -> float:
                out = evaluate(args)
                host = backend.to_numpy(backend.detach(out)) if backend.is_array(out) else out
                return float(np.sum(np.asarray(host, dtype=np.float64)))

            positions = normalize_argnums(argnums, len(args))
            value = evaluate(args)
            shots = common.largest_shots()
            grads = []
            for position in positions:
                original = args[position]
                host = host_argument(backend, original, position)
                dtype = backend.dtype_name(original) if backend.is_array(original) else "float64"
                eps = max(float(np.finfo(dtype).eps), float(np.finfo(backend.real_dtype).eps))
                grad = np.zeros(host.shape)
                for k in range(host.size):
                    h = self.step if self.step is not None else _step(float(host.flat[k]), eps, shots)
                    ends = []
                    for sign in (1, -1):
                        moved = host.copy()
                        moved.flat[k] += sign * h
                        rebuilt = rebuild_argument(backend, original, moved)
                        ends.append((total(with_replaced(args, [position], [rebuilt])), _entry(backend, rebuilt, k)))
                    (f_plus, x_plus), (f_minus, x_minus) = ends
                    if not x_plus - x_minus > 0:
                        raise GradientError(_unresolved_step(h, float(host.flat[k]), dtype, eps))
                    grad.flat[k] = (f_plus - f_minus) / (x_plus - x_minus)
                grads.append(as_gradient(backend, original, grad))
            return value, pack(grads, argnums)

        return run


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


def _entry(backend: Backend, value: Any, k: int) -> float:
    """Element ``k`` of ``value`` as stored (so the difference quotient divides by the step actually taken)."""
    if isinstance(value, float):
        return value
    return float(np.asarray(backend.to_numpy(value), dtype=np.float64).flat[k])
