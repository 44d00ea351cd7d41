"""Running a layer's circuit on a tyxq backend and bringing the gradients back into torch.autograd.

Two routes:

- **direct** (torch backend, an exact mode, the ``autograd``, ``adjoint``
  or ``auto`` gradient): the circuit function runs on the torch backend with
  the caller's tensors, so torch's own autograd records the classical code
  around the circuit. With ``autograd`` it records the simulation too; with
  ``adjoint`` each expectation (or probabilities) is one
  ``torch.autograd.Function`` whose forward runs the compiled plan without
  recording and whose backward is the adjoint sweep over the plan's steps
  from the kept final state (``tyxq.kernels.adjoint``); ``auto`` does
  the same where the adjoint applies (a pure exact mode, a circuit without
  mid-circuit measurement, conditions or channels, no tracked ``unitary``
  matrix or initial state) and autograd's recording would exceed
  ``KEEP_LIMIT`` amplitudes, and lets autograd record the others;
- **bridged** (every other combination): :class:`CircuitFunction`, a
  ``torch.autograd.Function``, hands detached inputs and weights to the
  backend through DLPack (no copy where the device allows), runs the circuit,
  and hands the outputs back the same way. Its ``backward`` asks for the
  vector-Jacobian product ``v ↦ vᵀ J``: from the backend's own ``vjp`` when
  the gradient is ``autograd`` (a JAX simulation inside a torch model), and
  otherwise as the gradient of the scalar ``Σ v · f(args)`` by the chosen
  tyxq gradient method (adjoint, parameter shift, finite differences), which
  is exactly ``vᵀ J``.

Example:
    >>> import torch, tyxq
    >>> from tyxq_ml.bridge import CircuitRunner, run_circuit
    >>> def circuit(inputs, w):
    ...     return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[:, 0] + w[0]), tyxq.Z(0))
    >>> exact = tyxq.context.execution_mode_instance("statevector")
    >>> options = {"dtype": "complex128", "device": "cpu"}
    >>> runner = CircuitRunner(circuit, ("w",), "torch", options, "parameter_shift", exact)
    >>> w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    >>> out = run_circuit(runner, torch.tensor([[0.5], [1.0]], dtype=torch.float64), w)
    >>> out.sum().backward()
    >>> round(float(w.grad[0]), 6) == round(-(torch.sin(torch.tensor(0.5)) + torch.sin(torch.tensor(1.0))).item(), 6)
    True
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch

import tyxq
from tyxq.backends.protocol import Backend
from tyxq.execution import ExecutionMode
from tyxq.execution.interception import intercept_measurements
from tyxq.gradients import AdjointGradient
from tyxq.gradients.recording import GradientTape
from tyxq.gradients.routes import adjoint_or_autodiff, method_route

from .errors import LayerError
from .reads import ReadCheck

__all__ = ["DIRECT_GRADIENTS", "CircuitFunction", "CircuitRunner", "run_circuit", "to_backend", "to_torch"]

DIRECT_GRADIENTS = ("autograd", "adjoint", "auto")
"""The gradient methods served on the direct route (on the torch backend, in exact modes)."""


@dataclass(frozen=True)
class CircuitRunner:
    """Everything needed to run a layer's circuit once: the function and the names of what runs it."""

    circuit_fn: Callable[..., Any]
    weight_names: tuple[str, ...]
    backend: str
    backend_options: dict[str, Any] = field(hash=False)
    gradient: str
    mode: ExecutionMode
    reads: ReadCheck | None = field(default=None, hash=False, compare=False)

    @property
    def direct(self) -> bool:
        """Whether the circuit function runs inside torch autograd itself (no bridge needed)."""
        return self.backend == "torch" and self.gradient in DIRECT_GRADIENTS and self.mode.exact

    def differentiated(self) -> contextlib.AbstractContextManager[Any]:
        """On the direct route, how the expectations are differentiated: the adjoint sweep or autograd."""
        if self.gradient == "adjoint":
            route = method_route(AdjointGradient(), self.backend_instance())
            assert route is not None  # a built-in method always has one
            return intercept_measurements(GradientTape(route))
        if self.gradient == "auto":
            return intercept_measurements(GradientTape(adjoint_or_autodiff()))
        return contextlib.nullcontext()

    def backend_instance(self) -> Backend:
        return tyxq.context.backend_instance(self.backend, **self.backend_options)

    @contextlib.contextmanager
    def active(self) -> Iterator[Backend]:
        """The backend and execution mode made active for the duration of a run."""
        with (
            tyxq.use_backend(self.backend_instance()) as backend,
            tyxq.use_execution_mode(self.mode),
        ):
            yield backend

    def outputs(self, backend: Backend, inputs: Any, weights: Sequence[Any]) -> Any:
        """``circuit_fn``'s outputs as one array (a list of outputs stacked along a new last axis).

        The call is one :func:`tyxq.evaluation`: outputs asked of one circuit one by one share its simulation.
        """
        named = dict(zip(self.weight_names, weights, strict=True))
        checking = self.reads.recording(inputs, named) if self.reads is not None else contextlib.nullcontext()
        with tyxq.evaluation(), checking:
            result = self.circuit_fn(inputs, **named)
        if isinstance(result, (list, tuple)):
            if not result:
                raise LayerError("circuit_fn returned an empty list; return the outputs to feed the next layer")
            result = backend.stack(list(result), axis=-1)
        elif not backend.is_array(result):
            raise LayerError(
                f"circuit_fn returned a {type(result).__name__}; return an array of the {backend.name} backend "
                "(an expectation, probabilities) or a list of them"
            )
        _check_batch(backend.shape(inputs), backend.shape(result))
        return result


def _check_batch(inputs: tuple[int, ...], outputs: tuple[int, ...]) -> None:
    """Outputs of batched inputs ``(B, F)`` must have the batch first: ``(B, ...)``."""
    if len(inputs) < 2 or (outputs and outputs[0] == inputs[0]):
        return
    raise LayerError(
        f"circuit_fn returned outputs of shape {outputs} for inputs of shape {inputs}: their first axis must be "
        f"the batch ({inputs[0]} samples). Read each feature for every sample as a column, inputs[:, i] (one "
        "angle per sample), so that the circuit runs batched, one row of outputs per sample"
    )


def to_backend(backend: Backend, tensor: torch.Tensor) -> Any:
    """``tensor`` as an array of ``backend`` through DLPack (shared memory where the device allows)."""
    return backend.from_dlpack(tensor.detach().contiguous())


def to_torch(array: Any, like: torch.Tensor) -> torch.Tensor:
    """A backend array as a torch tensor on ``like``'s device, through DLPack."""
    tensor = array if isinstance(array, torch.Tensor) else torch.from_dlpack(array)
    return tensor.to(device=like.device)


class CircuitFunction(torch.autograd.Function):
    """The bridged route: forward on any backend, backward by any tyxq gradient method."""

    @staticmethod
    def forward(ctx: Any, runner: CircuitRunner, inputs: torch.Tensor, *weights: torch.Tensor) -> torch.Tensor:
        """Run the circuit function on the runner's backend; keep what ``backward`` needs."""
        with runner.active() as backend:
            args = [to_backend(backend, t) for t in (inputs, *weights)]
            if runner.gradient == "autograd":
                out, ctx.vjp = backend.vjp(lambda *a: runner.outputs(backend, a[0], a[1:]), *args)
            else:
                out = runner.outputs(backend, args[0], args[1:])
        ctx.runner, ctx.args = runner, args
        ctx.like = inputs
        result = to_torch(out, inputs)
        return result.to(dtype=inputs.dtype) if result.is_floating_point() else result

    @staticmethod
    def backward(ctx: Any, cotangent: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        """The vector-Jacobian product with respect to the inputs and weights that need it."""
        runner: CircuitRunner = ctx.runner
        wanted = [i for i, needed in enumerate(ctx.needs_input_grad[1:]) if needed]
        grads: list[Any] = [None] * len(ctx.args)
        with runner.active() as backend:
            cot = to_backend(backend, cotangent)
            if runner.gradient == "autograd":
                for i, grad in enumerate(ctx.vjp(cot)):
                    grads[i] = grad
            elif wanted:
                for i, grad in zip(wanted, _cotangent_gradients(runner, backend, ctx.args, cot, wanted), strict=True):
                    grads[i] = grad
        like = ctx.like
        result = tuple(
            None if g is None or i not in wanted else to_torch(g, like).to(like.dtype) for i, g in enumerate(grads)
        )
        return (None, *result)


def _cotangent_gradients(
    runner: CircuitRunner, backend: Backend, args: Sequence[Any], cot: Any, wanted: Sequence[int]
) -> Sequence[Any]:
    """``vᵀ J`` for the arguments ``wanted``: the gradient of ``Σ v · f(args)`` by the runner's method."""

    def weighted(*wanted_args: Any) -> Any:
        full = list(args)
        for i, value in zip(wanted, wanted_args, strict=True):
            full[i] = value
        return backend.sum(backend.multiply(cot, runner.outputs(backend, full[0], full[1:])))

    _, grads = tyxq.value_and_grad(weighted, argnums=tuple(range(len(wanted))), method=runner.gradient)(
        *[args[i] for i in wanted]
    )
    return grads


def run_circuit(runner: CircuitRunner, inputs: torch.Tensor, *weights: torch.Tensor) -> torch.Tensor:
    """Run the layer's circuit on ``inputs`` with ``weights``, differentiably; returns a torch tensor."""
    if runner.direct:
        with runner.active() as backend, runner.differentiated():
            return runner.outputs(backend, inputs, weights)
    return CircuitFunction.apply(runner, inputs, *weights)
