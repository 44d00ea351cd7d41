"""The user verbs ``tyxq.value_and_grad``, ``tyxq.grad`` and ``tyxq.gradcheck``.

Gradients are taken with respect to the arguments of the user's function
(which may reach gate angles through any classical processing), on the
active backend and in the active execution mode, by a gradient method
chosen by name (:mod:`tyxq.gradients`). Results are arrays of the active
backend.

Example:
    >>> import numpy as np, tyxq
    >>> def energy(weights, x):
    ...     c = tyxq.Circuit(2).ry(0, x[0] + weights[0]).ry(1, 2 * weights[1]).cnot(0, 1)
    ...     return tyxq.expectation(c, tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(1))
    >>> w, x = np.array([0.3, -0.4]), np.array([0.2])
    >>> report = tyxq.gradcheck(energy, w, x, methods=("adjoint", "parameter_shift", "finite_difference"))
    >>> report.passed
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..backends.protocol import Array
from ..context import get_backend, get_execution_mode, get_gradient_method, gradient_method_instance
from ..errors import BrokenPluginError, GradientError
from ..plugins.failures import report_advice
from ..plugins.manager import get_plugin_manager
from ..plugins.outputs import check_gradient_result
from ..plugins.types import GradientPlugin
from .arguments import normalize_argnums
from .axes import observing_axes
from .protocol import GradientMethod

__all__ = ["GradcheckResult", "grad", "gradcheck", "resolve_method", "value_and_grad"]

MethodLike = str | GradientMethod | None


def resolve_method(method: MethodLike) -> GradientMethod:
    """The gradient method meant by ``method``: the active one (``None``), one by name, or the object itself.

    Example:
        >>> resolve_method("adjoint").name
        'adjoint'
    """
    if method is None:
        return get_gradient_method()
    if isinstance(method, str):
        return gradient_method_instance(method)
    if isinstance(method, GradientMethod):
        return method
    raise GradientError(
        f"method must be a gradient method's name (see tyxq.available_gradient_methods()) or a GradientMethod, "
        f"got a {type(method).__name__}"
    )


def value_and_grad(
    fn: Callable[..., Array], argnums: int | Sequence[int] = 0, method: MethodLike = None
) -> Callable[..., tuple[Array, Any]]:
    """A function returning ``(fn(*args), gradient)`` with respect to the arguments ``argnums``.

    Args:
        fn: builds circuits from its arguments and returns expectation
            values; what it may return depends on the backend (see
            :mod:`tyxq.gradients.protocol`). The value is a scalar, or a
            batch ``(B,)`` of the values of a batched circuit's members
            (each member's own gradient, summed where they share an
            argument); any other shape, such as an observable axis
            (a list of observables), is refused: use :func:`tyxq.jacobian`
            (see :mod:`tyxq.gradients.axes`).
        argnums: the position of the differentiated argument (the gradient
            is one array shaped like it), or a tuple of positions (a tuple
            of gradients).
        method: a gradient method's name or object; ``None`` is the active
            method (``tyxq.set_gradient_method``), ``"auto"`` unless set.
            A named method is resolved now, so a wrong name fails here.

    Backend and execution mode are those active when the returned function
    is called. Unsupported combinations (``autograd`` on numpy, ``adjoint``
    through shots) raise :class:`~tyxq.errors.GradientError` naming the
    method to use instead.

    Example:
        >>> import numpy as np, tyxq
        >>> def energy(theta):
        ...     return tyxq.expectation(tyxq.Circuit(1).ry(0, theta[0]), tyxq.Z(0))
        >>> value, grad = tyxq.value_and_grad(energy, method="adjoint")(np.array([0.5]))
        >>> float(value.round(6)), grad.round(6).tolist()
        (0.877583, [-0.479426])
    """
    if not callable(fn):
        raise GradientError(f"value_and_grad needs a function, got a {type(fn).__name__}")
    fixed = None if method is None else resolve_method(method)
    observed = observing_axes(fn)

    @functools.wraps(fn)
    def run(*args: Any) -> tuple[Array, Any]:
        backend, mode = get_backend(), get_execution_mode()
        chosen = fixed if fixed is not None else resolve_method(None)
        provider = get_plugin_manager().provider("gradient", chosen)  # None for tyxq's own: trusted
        problem = chosen.supports(backend, mode)
        if provider is not None and not (problem is None or isinstance(problem, str)):
            raise BrokenPluginError(
                f"the gradient method {chosen.name!r} from {provider.origin} returned from supports a "
                f"{type(problem).__name__}, where tyxq.gradients.GradientMethod asks for None or a message (str).\n"
                f"{report_advice(provider.distribution)}"
            )
        if problem is not None:
            raise GradientError(problem)
        result = chosen.value_and_grad(observed, argnums, backend=backend, mode=mode)(*args)  # type: ignore[arg-type]
        if provider is None:
            return result
        return check_gradient_result(provider, chosen.name, result, args, argnums, backend)  # type: ignore[arg-type]

    return run


def grad(fn: Callable[..., Array], argnums: int | Sequence[int] = 0, method: MethodLike = None) -> Callable[..., Any]:
    """Like :func:`value_and_grad`, returning the gradient only.

    Example:
        >>> import tyxq
        >>> slope = tyxq.grad(lambda t: tyxq.expectation(tyxq.Circuit(1).rx(0, t), tyxq.Z(0)))
        >>> round(float(slope(0.0)), 12)
        0.0
    """
    differentiate = value_and_grad(fn, argnums, method)

    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        return differentiate(*args)[1]

    return run


_TOLERANCE = {  # (exact methods only, with an approximate one), before scaling by max(1, |gradient|)
    "float64": (1e-8, 1e-5),
    "float32": (2e-3, 5e-2),
}


@dataclass(frozen=True)
class GradcheckResult:
    """The gradients of one function by several methods and their largest disagreement.

    Attributes:
        methods: the methods compared, by name.
        gradients: per method, one float64 host array per differentiated argument.
        max_difference: the largest absolute difference between any two methods.
        worst: where it occurred: ``(method, method, "argument i element (j,)")``.
        tolerance: the bound ``passed`` compares against.
    """

    methods: tuple[str, ...]
    gradients: dict[str, tuple[np.ndarray, ...]] = field(repr=False)
    max_difference: float
    worst: tuple[str, str, str] | None
    tolerance: float

    @property
    def passed(self) -> bool:
        return self.max_difference <= self.tolerance

    def __str__(self) -> str:
        verdict = "agree" if self.passed else "DISAGREE"
        where = f" ({self.worst[0]} vs {self.worst[1]} at {self.worst[2]})" if self.worst else ""
        return (
            f"gradcheck: {', '.join(self.methods)} {verdict}: largest difference {self.max_difference:.3e}{where}, "
            f"tolerance {self.tolerance:.1e}"
        )


def gradcheck(
    fn: Callable[..., Array],
    *args: Any,
    methods: Sequence[MethodLike] = ("auto", "finite_difference"),
    argnums: int | Sequence[int] = 0,
    atol: float | None = None,
) -> GradcheckResult:
    """Differentiate ``fn`` at ``args`` with each of ``methods`` and report the largest difference.

    ``atol`` is the tolerance of :attr:`~tyxq.gradients.GradcheckResult.passed`; by default
    it follows the precision of the backend and whether an approximate
    method (``finite_difference``) takes part, scaled by
    ``max(1, max |gradient|)``. In a mode that samples shots the
    differences are statistical: pass ``atol``.

    Example:
        >>> import numpy as np, tyxq
        >>> fn = lambda p: tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]).ry(0, p[1]), tyxq.Z(0))
        >>> print(tyxq.gradcheck(fn, np.array([0.4, 0.9])))  # doctest: +ELLIPSIS
        gradcheck: auto, finite_difference agree: largest difference ...e-1..., tolerance 1.0e-05
    """
    if len(methods) < 2:
        raise GradientError(
            "gradcheck compares methods: give at least two, e.g. methods=('adjoint', 'finite_difference')"
        )
    backend, mode = get_backend(), get_execution_mode()
    if atol is None and mode.takes_shots:
        raise GradientError(
            f"mode {mode.name!r} samples shots, so gradients differ by chance: pass atol (for example a few "
            "standard errors of the estimate)"
        )
    positions = normalize_argnums(argnums, len(args))
    resolved = [resolve_method(m) for m in methods]
    names = tuple(m.name for m in resolved)
    gradients: dict[str, tuple[np.ndarray, ...]] = {}
    for method, name in zip(resolved, names, strict=True):
        result = value_and_grad(fn, argnums, method)(*args)[1]
        parts = (result,) if isinstance(argnums, int) else tuple(result)
        gradients[name] = tuple(np.asarray(backend.to_numpy(backend.detach(p)), dtype=np.float64) for p in parts)
    largest, worst = 0.0, None
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            for k, (left, right) in enumerate(zip(gradients[names[a]], gradients[names[b]], strict=True)):
                difference = np.abs(left - right)
                if difference.size and float(difference.max()) > largest:
                    largest = float(difference.max())
                    where = np.unravel_index(int(np.argmax(difference)), difference.shape)
                    worst = (names[a], names[b], f"argument {positions[k]} element {tuple(int(i) for i in where)}")
    if atol is None:
        registered = get_plugin_manager().registrations("gradient")
        exact = {
            n
            for n, found in registered.items()
            if isinstance(found[0].record, GradientPlugin) and found[0].record.exact
        }
        approximate = any(n not in exact for n in names)
        base = _TOLERANCE.get(backend.real_dtype, _TOLERANCE["float32"])[int(approximate)]
        scale = max([1.0] + [float(np.abs(g).max()) for parts in gradients.values() for g in parts if g.size])
        atol = base * scale
    return GradcheckResult(names, gradients, largest, worst, float(atol))
