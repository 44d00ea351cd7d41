"""tyxq's own plugin: the built-ins register through the very hooks third parties use.

The names of the built-ins, and of those the core will ship soon, are
:data:`RESERVED_NAMES`: a plugin registering one of them is listed as a
*conflict* and ignored, so the built-in keeps working.

Example:
    >>> sorted(RESERVED_NAMES["mode"])
    ['density_matrix', 'shots', 'statevector', 'trajectories']
"""

from __future__ import annotations

from collections.abc import Iterator

from ..backends.numpy_backend import NumpyBackend
from .hookspec import hookimpl
from .types import BackendPlugin, ExecutionModePlugin, GradientPlugin

__all__ = ["RESERVED_NAMES", "tyxq_backends", "tyxq_execution_modes", "tyxq_gradient_methods"]

RESERVED_NAMES: dict[str, frozenset[str]] = {
    "backend": frozenset({"numpy"}),
    "gradient": frozenset({"auto", "autograd", "adjoint", "parameter_shift", "finite_difference"}),
    "mode": frozenset({"statevector", "shots", "density_matrix", "trajectories"}),
}
"""Per kind, the names only tyxq itself registers: its built-ins and those it will ship next."""


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
        factory="tyxq.gradients.auto:AutoGradient",
        description="autograd where the backend has it, else adjoint (exact modes) or parameter shift",
    )
    yield GradientPlugin(
        name="autograd",
        factory="tyxq.gradients.autograd:AutogradGradient",
        description="the backend's own automatic differentiation",
        exact_modes_only=True,
        requires_autodiff=True,
    )
    yield GradientPlugin(
        name="adjoint",
        factory="tyxq.gradients.adjoint:AdjointGradient",
        description="reverse-mode adjoint method: one forward and one backward pass, exact",
        exact_modes_only=True,
    )
    yield GradientPlugin(
        name="parameter_shift",
        factory="tyxq.gradients.parameter_shift:ParameterShiftGradient",
        description="exact shift rules, shifted circuits run as one batch; works with shots",
    )
    yield GradientPlugin(
        name="finite_difference",
        factory="tyxq.gradients.finite_difference:FiniteDifferenceGradient",
        description="central differences, step chosen for the dtype",
        exact=False,
    )


@hookimpl
def tyxq_execution_modes() -> Iterator[ExecutionModePlugin]:
    yield ExecutionModePlugin(
        name="statevector",
        factory="tyxq.execution.statevector:StatevectorMode",
        description="exact expectations and probabilities from the statevector",
    )
    yield ExecutionModePlugin(
        name="shots",
        factory="tyxq.execution.shots:ShotsMode",
        description="estimates from a given number of shots per measured group, seeded",
        takes_shots=True,
    )
