"""tyxq's own plugin: the built-ins register through the very hooks third parties use.

The gradient methods and execution modes live in layers above the plugin
manager, so this module cannot import them: ``tyxq/__init__.py`` hands their
classes over with :func:`provide_builtin_factories` when tyxq is imported,
before any plugin is looked up. No module is imported by name at run time.

The names of the built-ins, and of those the core will ship soon, are
:data:`RESERVED_NAMES`: a plugin registering one of them is listed as a
*conflict* and ignored, so the built-in keeps working.

Example:
    >>> sorted(RESERVED_NAMES["mode"])
    ['density_matrix', 'shots', 'statevector', 'trajectories']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..backends.numpy_backend import NumpyBackend
from .hookspec import hookimpl
from .types import BackendPlugin, ExecutionModePlugin, GradientPlugin

__all__ = [
    "RESERVED_NAMES",
    "provide_builtin_factories",
    "tyxq_backends",
    "tyxq_execution_modes",
    "tyxq_gradient_methods",
]

RESERVED_NAMES: dict[str, frozenset[str]] = {
    "backend": frozenset({"numpy"}),
    "gradient": frozenset({"auto", "autograd", "adjoint", "parameter_shift", "finite_difference"}),
    "mode": frozenset({"statevector", "shots", "density_matrix", "trajectories"}),
}
"""Per kind, the names only tyxq itself registers: its built-ins and those it will ship next."""

_FACTORIES: dict[str, Callable[..., Any]] = {}


def provide_builtin_factories(**factories: Callable[..., Any]) -> None:
    """Give the built-in records their factories, by plugin name (called once, by ``tyxq/__init__.py``)."""
    _FACTORIES.update(factories)


def _factory(name: str) -> Callable[..., Any]:
    return _FACTORIES[name]


@hookimpl
def tyxq_backends() -> Iterator[BackendPlugin]:
    yield BackendPlugin(
        name="numpy",
        factory=NumpyBackend,
        description="NumPy on the CPU, complex64 or complex128; exact gradients via adjoint",
        capabilities=NumpyBackend.capabilities,
    )


@hookimpl
def tyxq_gradient_methods() -> Iterator[GradientPlugin]:
    yield GradientPlugin(
        name="auto",
        factory=_factory("auto"),
        description="autograd where the backend has it, else adjoint (exact modes) or parameter shift",
    )
    yield GradientPlugin(
        name="autograd",
        factory=_factory("autograd"),
        description="the backend's own automatic differentiation",
        exact_modes_only=True,
        requires_autodiff=True,
    )
    yield GradientPlugin(
        name="adjoint",
        factory=_factory("adjoint"),
        description="reverse-mode adjoint method: one forward and one backward pass, exact",
        exact_modes_only=True,
        pure_modes_only=True,  # a mixed state has no statevector to walk back
    )
    yield GradientPlugin(
        name="parameter_shift",
        factory=_factory("parameter_shift"),
        description="exact shift rules, shifted circuits run as one batch; works with shots",
    )
    yield GradientPlugin(
        name="finite_difference",
        factory=_factory("finite_difference"),
        description="central differences, step chosen for the dtype",
        exact=False,
    )


@hookimpl
def tyxq_execution_modes() -> Iterator[ExecutionModePlugin]:
    yield ExecutionModePlugin(
        name="statevector",
        factory=_factory("statevector"),
        description="exact expectations and probabilities from the statevector",
    )
    yield ExecutionModePlugin(
        name="shots",
        factory=_factory("shots"),
        description="estimates from a given number of shots per measured group, seeded",
        takes_shots=True,
    )
    yield ExecutionModePlugin(
        name="density_matrix",
        factory=_factory("density_matrix"),
        description="exact results of a noisy circuit's mixed state (channels, noise=NoiseModel); 2n qubits' memory",
    )
    yield ExecutionModePlugin(
        name="trajectories",
        factory=_factory("trajectories"),
        description="noisy circuits estimated from seeded, batched wavefunction trajectories; statevector memory",
    )
