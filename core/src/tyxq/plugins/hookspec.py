"""The hooks a tyxq plugin implements (pluggy project ``"tyxq"``).

A plugin is a module (or any object) with functions marked
``@tyxq.plugins.hookimpl``, published as an entry point in the group
``tyxq``::

    # pyproject.toml of the distribution "tyxq-mybackend"
    [project.entry-points.tyxq]
    mybackend = "tyxq_mybackend.plugin"

Each hook returns an iterable of records (:mod:`tyxq.plugins.types`). Keep
the plugin module light: import heavy libraries inside the factories, never
at module level, so that ``tyxq.available_backends()`` stays fast and never
imports torch. tyxq registers its built-ins through these same hooks, first;
a plugin that fails to import, or implements a hook tyxq does not have, is
reported as *broken* by ``tyxq plugins`` and skipped with a warning.

Every object a factory makes is checked against its protocol when it is
created (:mod:`tyxq.plugins.contracts`: a missing member is a
:class:`~tyxq.errors.BrokenPluginError` naming it and the distribution), and
the shapes and dtypes of a third-party mode's and gradient method's answers
when they return (:mod:`tyxq.plugins.outputs`).
"""

# mypy: disable-error-code="empty-body"
# (the spec methods are documentation and signatures; pluggy never calls them)

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from .types import BackendPlugin, ExecutionModePlugin, GradientPlugin

__all__ = ["PROJECT_NAME", "TyxqSpecs", "hookimpl", "hookspec"]

PROJECT_NAME = "tyxq"
"""The pluggy project name and the entry-point group tyxq reads."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""The marker on tyxq's hook specifications (this module); plugins use :data:`hookimpl`."""
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""The marker a plugin puts on its hook functions: ``@tyxq.plugins.hookimpl``."""


class TyxqSpecs:
    """The hook specifications."""

    @hookspec
    def tyxq_backends(self) -> Iterable[BackendPlugin]:
        """Register numeric backends.

        Example: a backend on CuPy, in ``tyxq_cupy/plugin.py``::

            from tyxq.plugins import BackendPlugin, hookimpl

            @hookimpl
            def tyxq_backends():
                yield BackendPlugin(
                    name="cupy",
                    factory="tyxq_cupy.backend:CupyBackend",  # imported on first use
                    description="CuPy arrays on one NVIDIA GPU",
                    capabilities={"autodiff": False, "devices": ("cuda",)},
                    tyxq_versions=">=0.1,<0.2",  # checked when "cupy" is selected
                    install_hint="pip install cupy-cuda12x",  # shown if the factory cannot be imported
                )

        ``CupyBackend(dtype="complex128", device="cuda")`` implements
        :class:`tyxq.backends.Backend`; ``tyxq.set_backend("cupy", dtype=...)``
        passes its options to it. ``capabilities`` takes a
        :class:`tyxq.backends.BackendCapabilities` or a mapping of its fields.
        """

    @hookspec
    def tyxq_gradient_methods(self) -> Iterable[GradientPlugin]:
        """Register gradient methods.

        Example: a forward-difference method, in ``tyxq_forward/plugin.py``::

            import numpy as np
            from tyxq.gradients import EvaluationGradient
            from tyxq.plugins import GradientPlugin, hookimpl

            class ForwardDifference(EvaluationGradient):  # the base evaluates; this class moves and divides
                name = "forward_difference"

                def __init__(self, step=None):
                    self.step = step  # None: the square root of the machine epsilon, scaled by |x|

                def estimate(self, evaluations):
                    grads = []
                    for index, point in enumerate(evaluations.points):
                        grad = np.zeros_like(point)
                        for k in range(point.size):
                            moved = point.copy()
                            moved.flat[k] += self.step or np.sqrt(evaluations.eps[index]) * max(1.0, abs(point.flat[k]))
                            total, stored = evaluations.at(evaluations.moved(index, moved))
                            grad.flat[k] = (total - evaluations.total) / (stored[index].flat[k] - point.flat[k])
                        grads.append(grad)
                    return grads

            @hookimpl
            def tyxq_gradient_methods():
                yield GradientPlugin(
                    name="forward_difference",
                    factory=ForwardDifference,
                    description="one-sided differences, n+1 evaluations",
                    exact=False,
                )

        :class:`~tyxq.gradients.EvaluationGradient` supplies ``supports``
        (every backend and mode), the checks of ``argnums``, the arguments
        as float64 host arrays (``evaluations.points``), the evaluations with
        common random numbers (``evaluations.at``, which also returns the
        points as stored after rounding) and the gradients as arrays of the
        backend. It passes the conformance kit with the tolerance its truncation and
        rounding errors need (``exact=False`` obliges a test to state one),
        in ``tests/test_conformance.py``::

            from tyxq.testing import GradientMethodConformance

            class TestForwardDifference(GradientMethodConformance):
                gradient_name = "forward_difference"
                gradient_tolerance = {"complex128": 1e-5, "complex64": 5e-2}
        """

    @hookspec
    def tyxq_execution_modes(self) -> Iterable[ExecutionModePlugin]:
        """Register execution modes.

        Example: a mode that adds global depolarising noise, written on the
        base class in ``tyxq_noisy/mode.py``::

            from tyxq.execution import BaseExecutionMode, StatevectorMode

            class DepolarizedMode(BaseExecutionMode):
                name = "depolarized"
                pure = False  # a mixed state: tyxq.state refuses it
                accepts_shots = True  # estimates from shots when given a count

                def __init__(self, p=0.0, shots=None, seed=None):
                    self.p = p  # options kept under their names: the mode is a value
                    self._exact = StatevectorMode()
                    super().__init__(shots=shots, seed=seed)

                def distribution(self, circuit, qubits=None, *, backend, rng, bits=None):
                    probs = self._exact.distribution(circuit, qubits, backend=backend, rng=rng)
                    return (1 - self.p) * probs + self.p / backend.shape(probs)[1]

        and registered in ``tyxq_noisy/plugin.py``::

            from tyxq.plugins import ExecutionModePlugin, hookimpl

            @hookimpl
            def tyxq_execution_modes():
                yield ExecutionModePlugin(
                    name="depolarized",
                    factory="tyxq_noisy.mode:DepolarizedMode",
                    description="exact expectations shrunk by a global depolarising channel",
                    takes_shots=False,  # as the class says
                )

        ``DepolarizedMode(**options)`` implements
        :class:`tyxq.execution.ExecutionMode` through
        :class:`tyxq.execution.BaseExecutionMode`.
        """
