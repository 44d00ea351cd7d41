"""tyxq's own plugin: every built-in backend, execution mode and gradient method, through the public hooks.

The records name their classes directly: this module sits above the layers
that define them (backends, execution, gradients), so nothing is looked up
by name at run time. ``tyxq/__init__.py`` hands this module to the plugin
manager (:func:`tyxq.plugins.manager.provide_builtins`), which registers it
first, as the plugin ``builtin`` of the distribution ``tyxq``, before any
entry point. Its names are reserved (:data:`tyxq.plugins.reserved.RESERVED_NAMES`).

Example:
    >>> [record.name for record in tyxq_execution_modes()]
    ['statevector', 'shots', 'density_matrix', 'trajectories']
"""

from __future__ import annotations

from collections.abc import Iterator

from .backends.numpy_backend import NumpyBackend
from .execution.density_matrix import DensityMatrixMode
from .execution.shots import ShotsMode
from .execution.statevector import StatevectorMode
from .execution.trajectories import TrajectoriesMode
from .gradients.adjoint import AdjointGradient
from .gradients.auto import AutoGradient
from .gradients.autograd import AutogradGradient
from .gradients.finite_difference import FiniteDifferenceGradient
from .gradients.parameter_shift import ParameterShiftGradient
from .plugins.hookspec import hookimpl
from .plugins.types import BackendPlugin, ExecutionModePlugin, GradientPlugin

__all__ = ["tyxq_backends", "tyxq_execution_modes", "tyxq_gradient_methods"]


@hookimpl
def tyxq_backends() -> Iterator[BackendPlugin]:
    """The ``numpy`` backend."""
    yield BackendPlugin(
        name="numpy",
        factory=NumpyBackend,
        description="NumPy on the CPU, complex64 or complex128; exact gradients via adjoint",
        capabilities=NumpyBackend.capabilities,
    )


@hookimpl
def tyxq_gradient_methods() -> Iterator[GradientPlugin]:
    """``auto``, ``autograd``, ``adjoint``, ``parameter_shift`` and ``finite_difference``."""
    yield GradientPlugin(
        name="auto",
        factory=AutoGradient,
        description="autograd where the backend has it, else adjoint (exact modes) or parameter shift",
    )
    yield GradientPlugin(
        name="autograd",
        factory=AutogradGradient,
        description="the backend's own automatic differentiation",
        exact_modes_only=True,
        requires_autodiff=True,
    )
    yield GradientPlugin(
        name="adjoint",
        factory=AdjointGradient,
        description="reverse-mode adjoint method: one forward and one backward pass, exact",
        exact_modes_only=True,
        pure_modes_only=True,  # a mixed state has no statevector to walk back
    )
    yield GradientPlugin(
        name="parameter_shift",
        factory=ParameterShiftGradient,
        description="exact shift rules, shifted circuits run as one batch; works with shots",
    )
    yield GradientPlugin(
        name="finite_difference",
        factory=FiniteDifferenceGradient,
        description="central differences, step chosen for the dtype",
        exact=False,
    )


@hookimpl
def tyxq_execution_modes() -> Iterator[ExecutionModePlugin]:
    """``statevector``, ``shots``, ``density_matrix`` and ``trajectories``."""
    yield ExecutionModePlugin(
        name="statevector",
        factory=StatevectorMode,
        description="exact expectations and probabilities from the statevector",
        takes_shots=StatevectorMode.takes_shots,
    )
    yield ExecutionModePlugin(
        name="shots",
        factory=ShotsMode,
        description="estimates from a given number of shots per measured group, seeded",
        takes_shots=ShotsMode.takes_shots,  # read from the class, declared once
    )
    yield ExecutionModePlugin(
        name="density_matrix",
        factory=DensityMatrixMode,
        description="exact results of a noisy circuit's mixed state (channels, noise=NoiseModel); 2n qubits' memory",
        takes_shots=DensityMatrixMode.takes_shots,
    )
    yield ExecutionModePlugin(
        name="trajectories",
        factory=TrajectoriesMode,
        description="noisy circuits estimated from seeded, batched wavefunction trajectories; statevector memory",
        takes_shots=TrajectoriesMode.takes_shots,
    )
