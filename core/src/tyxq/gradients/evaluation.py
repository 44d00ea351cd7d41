"""A base for gradient methods that only evaluate the function: finite differences, SPSA and the like.

Such a method needs no shift rule, no autodiff and no access to the circuit:
it calls the user's function at moved arguments and combines the values.
:class:`EvaluationGradient` writes what they all share, so a subclass
writes only :meth:`~EvaluationGradient.estimate`:

- ``supports`` answers ``None``: evaluating works on every backend and in
  every mode;
- ``argnums`` is checked, and each differentiated argument read once into a
  float64 host array (integer and complex arguments are refused by name);
- every evaluation runs with **common random numbers** (the ``k``-th
  sampled measurement of each evaluation gets the same seed, see
  :class:`~tyxq.gradients.common.CommonRandomNumbers`) and its
  own state memo, so in a mode that samples the moved values differ by the
  move, not by fresh shot noise;
- a moved argument is rebuilt in the argument's own form (a Python float
  stays a float, an array keeps its dtype and backend), and the values
  actually stored are handed back, so a quotient divides by the step taken
  after rounding;
- the gradients are returned as arrays of the backend in the argument's
  dtype, one per ``argnums`` entry.

Example:
    >>> import numpy as np, tyxq
    >>> class Forward(EvaluationGradient):
    ...     name = "forward"
    ...     def estimate(self, evaluations):
    ...         grads = []
    ...         for i, point in enumerate(evaluations.points):
    ...             grad = np.zeros(point.shape)
    ...             for k in range(point.size):
    ...                 moved = point.copy()
    ...                 moved.flat[k] += 1e-7
    ...                 total, stored = evaluations.at(evaluations.moved(i, moved))
    ...                 grad.flat[k] = (total - evaluations.total) / (stored[i].flat[k] - point.flat[k])
    ...             grads.append(grad)
    ...         return grads
    >>> energy = lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t[0]), tyxq.Z(0))
    >>> value, grad = tyxq.value_and_grad(energy, method=Forward())(np.array([0.3]))
    >>> bool(abs(grad[0] + np.sin(0.3)) < 1e-6)
    True
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..arguments import short
from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.interception import intercept_measurements
from ..execution.memo import evaluation
from .arguments import as_gradient, host_argument, normalize_argnums, pack, rebuild_argument, with_replaced
from .common import CommonRandomNumbers

__all__ = ["EvaluationGradient", "Evaluations"]


class Evaluations:
    """The user's function at one set of arguments, ready to be evaluated at moved ones.

    Attributes:
        value: ``fn(*args)`` as the function returned it (the value the
            method returns beside its gradient).
        total: the sum of the entries of ``value``, a float (what :meth:`at`
            returns at moved arguments).
        points: each differentiated argument's values, a float64 host array
            (shape ``()`` for a number); moved copies of these go to :meth:`at`.
        dtypes: each differentiated argument's dtype (``"float64"`` for a
            Python number).
        eps: per argument, the machine epsilon of the coarser of its dtype and
            the backend's real dtype.
        shots: the largest shot (or trajectory) count of the sampled
            measurements made by the first evaluation; ``None`` if it sampled none.
    """

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], positions: tuple[int, ...], backend: Backend):
        self.fn = fn
        self.args = args
        self.positions = positions
        self.backend = backend
        self.points = [host_argument(backend, args[p], p) for p in positions]
        self.dtypes = [backend.dtype_name(args[p]) if backend.is_array(args[p]) else "float64" for p in positions]
        real_eps = float(np.finfo(backend.real_dtype).eps)
        self.eps = [max(float(np.finfo(dtype).eps), real_eps) for dtype in self.dtypes]
        self._common = CommonRandomNumbers()
        self.value = self._evaluate(args)
        self.total = float(np.sum(self.host(self.value)))
        self.shots = self._common.largest_shots()

    def _evaluate(self, args: tuple[Any, ...]) -> Any:
        with intercept_measurements(self._common.restart()), evaluation():
            return self.fn(*args)

    def moved(self, index: int, values: np.ndarray) -> list[np.ndarray]:
        """``points`` with the ``index``-th differentiated argument's values replaced by ``values``."""
        return [values if i == index else point for i, point in enumerate(self.points)]

    def at(self, points: Sequence[np.ndarray]) -> tuple[float, list[np.ndarray]]:
        """The sum of the function's entries at ``points`` (see :meth:`values_at`), and the points stored."""
        values, stored = self.values_at(points)
        return float(np.sum(values)), stored

    def values_at(self, points: Sequence[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The value (float64, host) with the differentiated arguments at ``points``, and the points stored.

        An entry of ``points`` that is the very array in ``self.points`` passes
        the original argument unchanged; others are rebuilt in the
        argument's form, and the values that form holds (after rounding to
        its dtype) are returned in its place.
        """
        rebuilt, stored = [], []
        for p, original, given in zip(self.positions, self.points, points, strict=True):
            if given is original:
                rebuilt.append(self.args[p])
                stored.append(original)
                continue
            value = rebuild_argument(self.backend, self.args[p], given)
            rebuilt.append(value)
            host = value if isinstance(value, float) else self.backend.to_numpy(value)
            stored.append(np.asarray(host, dtype=np.float64))
        return self.host(self._evaluate(with_replaced(self.args, self.positions, rebuilt))), stored

    def host(self, out: Any) -> np.ndarray:
        """A value of the function as a float64 host array; anything that is no real number is a named error."""
        host = self.backend.to_numpy(self.backend.detach(out)) if self.backend.is_array(out) else out
        try:
            values = np.asarray(host, dtype=np.float64)
        except (TypeError, ValueError):
            values = None
        if values is None or out is None or isinstance(out, (str, bytes)) or np.iscomplexobj(np.asarray(host)):
            raise GradientError(
                f"the function differentiated returned {short(out)} (a {type(out).__name__}); a gradient needs a "
                "real number or a real array of them, such as tyxq.expectation(...) or a sum of expectations"
            )
        return values


class EvaluationGradient(abc.ABC):
    """Base of gradient methods that only evaluate the function; a subclass writes ``estimate`` (module docstring).

    Subclasses set ``name`` (the registered name) and register like any
    gradient method, with ``exact=False`` in their record unless their
    estimate is exact.
    """

    name: str

    def supports(self, backend: Backend, mode: Any) -> str | None:
        """Always ``None``: a method that only evaluates the function works on every backend and in every mode."""
        return None

    @abc.abstractmethod
    def estimate(self, evaluations: Evaluations) -> Sequence[np.ndarray]:
        """The gradient, one float64 host array shaped like each entry of ``evaluations.points``."""

    def value_and_grad(
        self, fn: Callable[..., Array], argnums: int | tuple[int, ...] = 0, *, backend: Backend, mode: Any
    ) -> Callable[..., tuple[Array, Any]]:
        """A function ``(*args) -> (fn(*args), gradient)``, the gradient from ``estimate``."""

        def run(*args: Any) -> tuple[Array, Any]:
            positions = normalize_argnums(argnums, len(args))
            evaluations = Evaluations(fn, args, positions, backend)
            grads = self.estimate(evaluations)
            arrays = [as_gradient(backend, args[p], g) for p, g in zip(positions, grads, strict=True)]
            return evaluations.value, pack(arrays, argnums)

        return run
