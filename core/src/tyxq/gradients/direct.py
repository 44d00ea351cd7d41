"""A measurement made with no gradient method's interceptor: what the verbs do with it.

Three cases, in order:

- its gate angles are autograd tracers (the user's cost runs inside
  ``autograd.grad`` on numpy): the measurement becomes an autograd
  primitive differentiated by the active gradient method
  (:mod:`tyxq.gradients.autograd_numpy`);
- it samples (shots, trajectories) while the backend's autodiff tracks one
  of its parameters: refused now, naming parameter shift, since autodiff
  cannot differentiate samples (rather than an error or a zero gradient at
  ``backward``);
- otherwise its value.

``tyxq.expectation`` and ``tyxq.probabilities`` call :func:`measure_directly`
when no interceptor is active, and so does the observer of a value's axes
(:mod:`tyxq.gradients.axes`) for a gradient method that installs none.

Example:
    >>> import tyxq
    >>> from tyxq.execution import Measurement
    >>> call = Measurement(tyxq.Circuit(1).x(0), (tyxq.Hamiltonian((tyxq.Z(0),)),),
    ...                    tyxq.get_execution_mode(), tyxq.get_backend())
    >>> float(measure_directly(call))
    -1.0
"""

from __future__ import annotations

from ..backends.protocol import Array
from ..errors import GradientError
from ..execution.measurement import Measurement
from ..execution.shot_vectors import is_shot_vector
from .autograd_numpy import AutogradTape, has_traced_angles
from .routes import active_route

__all__ = ["measure_directly", "refusal_of_shot_vectors", "refuse_tracked_parameters"]


def refusal_of_shot_vectors() -> str:
    """Why a gradient method refuses a shot vector, and what to do instead."""
    return (
        "a shot vector (shots=[...]) gives one estimate per shot count, which no gradient method differentiates; "
        "differentiate with one shot count (shots=1000), and ask for the shot vector outside the gradient"
    )


def measure_directly(measurement: Measurement) -> Array:
    """The value of ``measurement`` made outside any gradient method's interceptor (module docstring)."""
    if has_traced_angles(measurement.circuit):  # inside autograd.grad on numpy
        if is_shot_vector(measurement.shots):
            raise GradientError(refusal_of_shot_vectors())
        return AutogradTape(active_route(measurement.backend)).measure(measurement)
    if not measurement.mode.exact:
        refuse_tracked_parameters(measurement)
    return measurement.value()


def refuse_tracked_parameters(measurement: Measurement) -> None:
    """A sampled value has no derivative the backend's autodiff could follow: say so now, not at ``backward``."""
    backend = measurement.backend
    is_tracked = getattr(backend, "is_tracked", None)
    if is_tracked is None:
        return
    circuit = measurement.circuit
    values = [(op.name, value) for op in circuit.ops for value in (*op.params, op.matrix)]
    for name, value in [*values, ("the initial state", circuit.inputs)]:
        if backend.is_array(value) and is_tracked(value):
            raise GradientError(
                f"{name} has a value that the {backend.name} backend's autodiff is tracking, but mode "
                f"{measurement.mode.name!r} samples (shots or trajectories), and autodiff cannot differentiate "
                "samples. "
                "Differentiate with parameter shift: tyxq.value_and_grad(fn, method='parameter_shift'), "
                "or TorchLayer(..., gradient='parameter_shift') (gradient='auto' chooses it); or detach "
                "the parameters if no gradient is wanted"
            )
