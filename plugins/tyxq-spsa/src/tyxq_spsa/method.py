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
directions divides that by ``samples``. With shots, each evaluation's noise
adds ``Var[f] / (2 c² samples)``: a larger ``c`` trades bias for variance.

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
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from tyxq import GradientError
from tyxq.backends import Array, Backend

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_STEP", "SPSAGradient"]

DEFAULT_SAMPLES = 1
"""Directions averaged per gradient by default: the classic SPSA step (two evaluations)."""

DEFAULT_STEP = 0.1
"""The perturbation size ``c`` by default: small bias (``~c²/6`` of the third derivative), shot noise tamed."""


def _positions(argnums: int | Sequence[int], n_args: int) -> tuple[int, ...]:
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not positions or any(isinstance(p, bool) or not isinstance(p, int) for p in positions):
        raise GradientError(f"argnums must be an int or a non-empty tuple of ints, got {argnums!r}")
    checked = []
    for position in positions:
        if not -n_args <= position < n_args:
            raise GradientError(f"argnums={argnums!r} asks for argument {position}, but there are {n_args} arguments")
        checked.append(position % n_args)
    if len(set(checked)) != len(checked):
        raise GradientError(f"argnums={argnums!r} names an argument twice")
    return tuple(checked)


class _Argument:
    """One differentiated argument: its host values, its dtype, and how to rebuild it."""

    def __init__(self, backend: Backend, value: Any, position: int) -> None:
        self.backend = backend
        self.original = value
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            self.dtype = "float64"
        else:
            array = value if backend.is_array(value) else backend.asarray(value, dtype=backend.real_dtype)
            self.dtype = backend.dtype_name(array)
            if not self.dtype.startswith("float"):
                raise GradientError(
                    f"argument {position} has dtype {self.dtype}; spsa differentiates real floating-point "
                    f"arguments: pass it as {backend.real_dtype}, or leave it out of argnums"
                )
            value = backend.to_numpy(backend.detach(array))
        self.values = np.asarray(value, dtype=np.float64)

    def moved(self, offset: np.ndarray) -> tuple[Any, np.ndarray]:
        """The argument shifted by ``offset``, in its own form, and the host values it holds."""
        host = (self.values + offset).astype(self.dtype)
        if isinstance(self.original, numbers.Real):
            return float(host), host.astype(np.float64)
        dtype = self.dtype if self.backend.is_array(self.original) else self.backend.real_dtype
        return self.backend.asarray(host, dtype=dtype), host.astype(np.float64)

    def gradient(self, values: np.ndarray) -> Array:
        """``values`` as an array of the backend, in the argument's dtype (real dtype for numbers)."""
        dtype = self.dtype if self.backend.is_array(self.original) else self.backend.real_dtype
        return self.backend.asarray(values, dtype=dtype)


class SPSAGradient:
    """``method="spsa"``: the simultaneous-perturbation estimate (module docstring).

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

    def supports(self, backend: Backend, mode: Any) -> str | None:
        """Always ``None``: SPSA only evaluates the function, so every backend and mode will do."""
        return None

    def directions(self, shapes: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
        """One Rademacher direction (entries ±1) per shape, drawn together from the method's generator."""
        with self._lock:
            return [self._generator.integers(0, 2, size=shape).astype(np.float64) * 2 - 1 for shape in shapes]

    def value_and_grad(
        self, fn: Callable[..., Array], argnums: int | tuple[int, ...] = 0, *, backend: Backend, mode: Any
    ) -> Callable[..., tuple[Array, Any]]:
        """A function ``(*args) -> (fn(*args), SPSA estimate of the gradient)``."""

        def total(out: Any) -> float:
            host = backend.to_numpy(backend.detach(out)) if backend.is_array(out) else out
            return float(np.sum(np.asarray(host, dtype=np.float64)))

        def run(*args: Any) -> tuple[Array, Any]:
            positions = _positions(argnums, len(args))
            arguments = [_Argument(backend, args[p], p) for p in positions]
            value = fn(*args)
            sums = [np.zeros_like(a.values) for a in arguments]
            for _ in range(self.samples):
                deltas = self.directions([a.values.shape for a in arguments])
                plus = [a.moved(self.step * d) for a, d in zip(arguments, deltas, strict=True)]
                minus = [a.moved(-self.step * d) for a, d in zip(arguments, deltas, strict=True)]
                difference = total(fn(*_replaced(args, positions, [p[0] for p in plus]))) - total(
                    fn(*_replaced(args, positions, [m[0] for m in minus]))
                )
                for k, ((_, high), (_, low)) in enumerate(zip(plus, minus, strict=True)):
                    taken = high - low  # the steps actually taken: 2cΔ_i, after rounding to the dtype
                    if np.any(taken == 0):
                        raise GradientError(
                            f"step={self.step} vanishes when added to arguments of dtype {arguments[k].dtype} "
                            "this large; pass a larger step, or the arguments in float64"
                        )
                    sums[k] += difference / taken
            grads = [a.gradient(s / self.samples) for a, s in zip(arguments, sums, strict=True)]
            return value, grads[0] if isinstance(argnums, int) else tuple(grads)

        return run


def _replaced(args: Sequence[Any], positions: Sequence[int], values: Sequence[Any]) -> tuple[Any, ...]:
    new = list(args)
    for position, value in zip(positions, values, strict=True):
        new[position] = value
    return tuple(new)
