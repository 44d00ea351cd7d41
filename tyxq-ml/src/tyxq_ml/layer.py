"""``TorchLayer``: a parameterised circuit as a ``torch.nn.Module``.

The layer owns the circuit's trainable weights as ``nn.Parameter``s, so
everything PyTorch users expect works unchanged: ``parameters()``, any
optimiser, ``state_dict``/``load_state_dict``, ``.to(device)``, ``.double()``,
``nn.Sequential``. The weights' dtype chooses the simulation's precision
(float32 → complex64, float64 → complex128) and their device the device.

``circuit_fn(inputs, **weights)`` builds a :class:`tyxq.Circuit` and returns
its outputs: one array, or a list of arrays that are stacked along a new last
axis. Ask for them with ``tyxq.expectation`` (a list of observables gives all
of them from one simulation) and ``tyxq.probabilities``, which run in the
layer's execution mode. Each forward pass is one :func:`tyxq.evaluation`, so
outputs asked of one circuit one by one share its simulation in exact modes.
A batch of inputs ``(B, F)`` becomes batched gate angles (``inputs[:, i]`` is
one angle per sample), so the whole batch runs as one batched simulation.

The execution mode (see :mod:`tyxq_ml.layer_modes`): by default the layer runs in
the **active** mode, read once at the start of each forward pass like every
verb, so ``with tyxq.use_execution_mode(tyxq.DensityMatrixMode(noise=m)):
layer(x)`` gives the noisy outputs; ``mode=`` fixes one, as a mode object with
its options (``mode=tyxq.DensityMatrixMode(noise=m)``, the documented
spelling) or as a name (the shorthand for a mode's defaults). A mode the
layer cannot serve is refused by name, never ignored.

How gradients flow back (see :mod:`tyxq_ml.bridge`):

- ``gradient="auto"`` (the default) chooses, on torch in the statevector
  mode, the adjoint sweep for each circuit it applies to (unitary, without
  mid-circuit measurement or conditions) whose autograd recording (one
  state per plan step, batch included) would exceed
  ``tyxq.kernels.adjoint.KEEP_LIMIT`` (2**20) amplitudes, and autograd for the
  others (faster where its recording fits, see ``docs/performance.md``);
  ``autograd`` in other exact modes on a backend with autodiff, and
  ``parameter_shift`` for modes that sample;
- ``backend="torch", gradient="autograd"``: torch records the simulation
  itself, and ``loss.backward()`` differentiates through it;
- ``backend="torch", gradient="adjoint"``: each expectation is one
  ``torch.autograd.Function`` around the compiled plan: its forward keeps
  only the final state, its backward sweeps the plan's fused steps in
  reverse, batched, for all the outputs at once (``tyxq.kernels.adjoint``);
- any other gradient method (``parameter_shift``, ``finite_difference``,
  ``adjoint`` on another backend), execution mode (``shots``) or backend: a
  ``torch.autograd.Function`` runs the circuit on that backend (arrays cross
  through DLPack) and asks tyxq's gradient method for the vector-Jacobian
  product in ``backward``.

``compile=True`` compiles ``circuit_fn`` with ``torch.compile`` from the
second call on (an eager fallback with one warning where it cannot; CUDA
graphs on CUDA): see :mod:`tyxq_ml.layer_compile`, and
``docs/performance.md`` for what it gains (on the CPU, nothing yet).

Example:
    >>> import math, torch, tyxq
    >>> from tyxq_ml import TorchLayer
    >>> def circuit(inputs, weights):
    ...     c = tyxq.Circuit(2)
    ...     c.rx(0, math.pi * inputs[:, 0]).rx(1, math.pi * inputs[:, 1])
    ...     c.cnot(0, 1).ry(0, weights[0]).ry(1, weights[1])
    ...     return tyxq.expectation(c, [tyxq.Z(0), tyxq.Z(1)])
    >>> _ = torch.manual_seed(0)
    >>> layer = TorchLayer(circuit, {"weights": 2})
    >>> out = layer(torch.rand(5, 2))
    >>> out.shape, out.dtype
    (torch.Size([5, 2]), torch.float32)
    >>> out.sum().backward()
    >>> layer.weights.grad.shape
    torch.Size([2])
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

import tyxq
from tyxq.errors import BackendError

from .bridge import CircuitRunner, run_circuit
from .errors import LayerError
from .gradient_paths import report_on_backward, unreachable_weights
from .layer_compile import CompiledCircuit
from .layer_modes import LayerMode, check_backend_serves, gradient_for
from .layer_options import check_choice, check_signature, check_weight_name, state_dict_differences, weight_shape
from .reads import ReadCheck

__all__ = ["COMPLEX_OF", "TorchLayer", "uniform_angles"]

COMPLEX_OF = {torch.float32: "complex64", torch.float64: "complex128"}
"""The statevector dtype a layer simulates in, by the dtype of its weights."""


def uniform_angles(tensor: torch.Tensor) -> torch.Tensor:
    """Fill ``tensor`` in place with angles drawn uniformly from [0, 2π) (the default ``init``).

    Example:
        >>> w = uniform_angles(torch.empty(1000))
        >>> bool((w >= 0).all() and (w < 2 * math.pi).all())
        True
    """
    return nn.init.uniform_(tensor, 0.0, 2 * math.pi)


class TorchLayer(nn.Module):
    """A circuit with trainable weights, as a PyTorch module.

    Args:
        circuit_fn: ``circuit_fn(inputs, **weights)`` → outputs (an array or a
            list of arrays of the backend it runs on), one row per sample:
            read features as columns, ``inputs[:, i]``. Its parameters must
            be ``inputs`` and the names of ``weight_shapes`` (checked when
            the layer is built).
        weight_shapes: the name and shape of every trainable weight tensor;
            each becomes a keyword argument of ``circuit_fn``.
        backend: the name of the tyxq backend that simulates (any installed one).
        gradient: ``auto`` (on torch in the statevector mode the adjoint
            sweep where a circuit allows it and autograd's recording would
            not fit in ``KEEP_LIMIT`` amplitudes, autograd elsewhere;
            ``autograd`` in other exact modes on a backend with autodiff,
            ``parameter_shift`` where the mode samples),
            ``autograd``, ``adjoint``, ``parameter_shift``,
            ``finite_difference`` or an installed plugin's method.
        mode: ``None`` (the default): the active execution mode, read at each
            forward pass; a mode object with its options
            (``tyxq.DensityMatrixMode(noise=model)``,
            ``tyxq.ShotsMode(shots=1000, seed=1)``); or a mode's name, the
            shorthand for its defaults. See :mod:`tyxq_ml.layer_modes`.
        shots: the shot count of a mode given by name that takes shots.
        seed: seeds the shots of a mode given by name: the layer then owns
            that mode, whose generator advances with every forward and
            backward pass, so a run is reproducible while successive batches
            see fresh samples. A layer given a mode object draws from that
            object's generator, and a layer reading the active mode from the
            active mode's (``shots=`` and ``seed=`` are then refused).
        init: fills a weight tensor in place (any ``torch.nn.init`` function);
            :func:`~tyxq_ml.layer.uniform_angles` by default.
        dtype: the weights' dtype, ``torch.float32`` (complex64 simulation)
            or ``torch.float64`` (complex128); ``.double()`` switches later.
        input_width: the number of input features (columns) the layer takes;
            by default the width of the first inputs. Inputs of another width
            are refused. On the first call (torch backend) the layer also
            checks what ``circuit_fn`` reads (:mod:`tyxq_ml.reads`): an index
            into the batch axis (``inputs[0]``), outside a declared weight
            shape or the inputs, a weight element or (without
            ``input_width``) an input column never read, is a
            :class:`~tyxq_ml.errors.LayerError`. Outputs whose first axis is
            not the batch are refused at every call.
        strict: a weight that torch cannot differentiate the outputs by
            (``circuit_fn`` read it as ``float(w[0])``) is a warning on the
            first backward (:mod:`tyxq_ml.gradient_paths`); with
            ``strict=True`` it is a ``LayerError``.
        compile: ``False`` (eager, the default); ``True``: ``circuit_fn``
            compiled by ``torch.compile`` from the second call on, with a
            warning and eager runs where it cannot compile; or a dict of
            ``torch.compile`` options and ``fallback`` (``"eager"`` or
            ``"error"``), e.g. ``{"backend": "inductor"}``. Unless a backend
            or mode is given: CUDA graphs (``mode="reduce-overhead"``) on
            CUDA, ``aot_eager`` on the CPU. Torch backend only; see
            :mod:`tyxq_ml.layer_compile`.

    Example:
        >>> import torch, tyxq
        >>> from tyxq_ml import TorchLayer
        >>> def circuit(inputs, w):
        ...     return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[:, 0]).ry(0, w[0]), tyxq.Z(0))
        >>> model = torch.nn.Sequential(TorchLayer(circuit, {"w": 1}), torch.nn.Tanh()).double()
        >>> model(torch.zeros(3, 1, dtype=torch.float64)).dtype
        torch.float64
        >>> noisy = TorchLayer(circuit, {"w": 1}, mode=tyxq.DensityMatrixMode(noise=tyxq.NoiseModel()))
        >>> noisy.mode.name
        'density_matrix'
    """

    def __init__(
        self,
        circuit_fn: Callable[..., Any],
        weight_shapes: Mapping[str, int | Sequence[int]],
        *,
        backend: str = "torch",
        gradient: str = "auto",
        mode: Any = None,
        shots: int | None = None,
        seed: int | None = None,
        init: Callable[[torch.Tensor], Any] = uniform_angles,
        dtype: torch.dtype = torch.float32,
        input_width: int | None = None,
        strict: bool = False,
        compile: bool | Mapping[str, Any] = False,
    ) -> None:
        super().__init__()
        if dtype not in COMPLEX_OF:
            raise LayerError(f"dtype={dtype} is not supported; use torch.float32 (complex64) or torch.float64")
        if input_width is not None and (
            isinstance(input_width, bool) or not isinstance(input_width, (int, np.integer)) or input_width < 0
        ):
            raise LayerError(f"input_width={input_width!r}; give the number of input features, a non-negative int")
        if not callable(circuit_fn):
            raise LayerError(f"circuit_fn is a {type(circuit_fn).__name__}; pass the function that builds the circuit")
        self.input_width = None if input_width is None else int(input_width)
        self._reads = ReadCheck(self.input_width)
        self.circuit_fn = circuit_fn
        self.backend_name = check_choice("backend", backend, tyxq.available_backends())
        self.gradient = check_choice("gradient", gradient, tyxq.available_gradient_methods())
        self.strict = bool(strict)
        self._compiled_circuit = CompiledCircuit.choose(compile, backend=self.backend_name)
        self._paths_checked = False
        shapes = {check_weight_name(name): weight_shape(name, shape) for name, shape in weight_shapes.items()}
        self.weight_names: tuple[str, ...] = tuple(shapes)
        check_signature(circuit_fn, self.weight_names)
        self.shots, self.seed = shots, seed
        self._given_mode = mode
        self._layer_mode = LayerMode.choose(mode, shots=shots, seed=seed)
        self._autodiff = tyxq.context.backend_instance(self.backend_name, dtype=COMPLEX_OF[dtype]).capabilities.autodiff
        check_backend_serves(self.gradient, autodiff=self._autodiff, backend=self.backend_name)
        if self.mode is not None:
            self.gradient = self._gradient_for(self.mode)
            if self._compiled_circuit is not None:
                self._compiled_circuit.check_mode(self.mode)
        for name, shape in shapes.items():
            if hasattr(self, name):
                raise LayerError(
                    f"weight name {name!r} is an attribute of TorchLayer, so the layer cannot hold a weight of that "
                    "name; rename it in weight_shapes and in circuit_fn"
                )
            weight = nn.Parameter(torch.empty(shape, dtype=dtype))
            with torch.no_grad():
                init(weight)
            self.register_parameter(name, weight)
        # moves and casts with the module (.to, .double), so the layer knows its dtype and device without weights
        self.register_buffer("_anchor", torch.empty(0, dtype=dtype), persistent=False)

    @property
    def mode(self) -> Any:
        """The execution mode every call runs in, or ``None``: the active mode, read at each call."""
        return self._layer_mode.fixed

    def _gradient_for(self, mode: Any) -> str:
        where = self._layer_mode.describe(mode)
        return gradient_for(self.gradient, mode, autodiff=self._autodiff, backend=self.backend_name, where=where)

    def __getstate__(self) -> dict[str, Any]:
        # a mode the layer created from a name may hold a lock (shots), which cannot be copied or pickled: a copied
        # or unpickled layer makes a fresh one from the same options (its shots start again from ``seed``); a mode
        # object given by the user travels as it is
        state = dict(self.__dict__)
        if isinstance(self._given_mode, str):
            state.pop("_layer_mode", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        if "_layer_mode" not in state:
            self._layer_mode = LayerMode.choose(self._given_mode, shots=self.shots, seed=self.seed)

    def extra_repr(self) -> str:
        mode = "None (the active mode)" if self.mode is None else repr(self.mode)
        shots = f", shots={self.shots}" if self.shots is not None else ""
        shots += f", input_width={self.input_width}" if self.input_width is not None else ""
        if self._compiled_circuit is not None:
            shots += f", compile={self._compiled_circuit.describe()}"
        return f"backend={self.backend_name!r}, gradient={self.gradient!r}, mode={mode}{shots}"

    @property
    def complex_dtype(self) -> str:
        """The statevector dtype of the simulation, following the weights' dtype."""
        return COMPLEX_OF[self._anchor.dtype]

    def _check_inputs(self, inputs: Any) -> None:
        if not isinstance(inputs, torch.Tensor):
            raise LayerError(
                f"TorchLayer takes a torch.Tensor of inputs, got {type(inputs).__name__}; wrap it with torch.as_tensor"
            )
        if inputs.ndim == 0:
            raise LayerError("TorchLayer takes inputs of shape (batch, features), got a 0-d tensor")
        width = inputs.shape[-1]
        if self.input_width is not None and width != self.input_width:
            declared = "declared with input_width" if self._reads.input_width is not None else "first called with"
            raise LayerError(
                f"the inputs have {width} features (shape {tuple(inputs.shape)}), but this layer was {declared} "
                f"{self.input_width}: pass inputs of width {self.input_width}, or build another layer for the new width"
            )
        anchor = self._anchor
        if anchor.dtype not in COMPLEX_OF:
            raise BackendError(
                f"the layer's weights are {anchor.dtype}; tyxq simulates with float32 or float64 angles: "
                "call layer.float() or layer.double()"
            )
        if inputs.dtype != anchor.dtype:
            raise BackendError(
                f"inputs are {inputs.dtype}, but the layer's weights are {anchor.dtype} (it simulates in "
                f"{self.complex_dtype}); cast the inputs with inputs.to({anchor.dtype}) or the layer with "
                f"layer.to({inputs.dtype})"
            )
        if inputs.device != anchor.device:
            raise BackendError(
                f"inputs are on {inputs.device}, but the layer's weights are on {anchor.device}; move one of "
                f"them: layer.to({str(inputs.device)!r}) or inputs.to({str(anchor.device)!r})"
            )
        for name in self.weight_names:
            weight = getattr(self, name)
            if weight.dtype != anchor.dtype or weight.device != anchor.device:
                raise BackendError(
                    f"weight {name!r} is {weight.dtype} on {weight.device}, the others {anchor.dtype} on "
                    f"{anchor.device}; move the whole layer with layer.to(...) rather than single weights"
                )

    def runner(self) -> CircuitRunner:
        """What :func:`tyxq_ml.bridge.run_circuit` needs to run this layer once, in this call's mode.

        The mode is the layer's own, or the active one read here (once per call); a mode the layer cannot serve
        with its gradient method is a :class:`~tyxq_ml.errors.LayerError`.
        """
        mode = self._layer_mode.current()
        return CircuitRunner(
            circuit_fn=self._circuit_fn_to_run(mode),
            weight_names=self.weight_names,
            backend=self.backend_name,
            backend_options={"dtype": self.complex_dtype, "device": str(self._anchor.device)},
            gradient=self._gradient_for(mode),
            mode=mode,
            reads=self._reads,
        )

    def _circuit_fn_to_run(self, mode: Any) -> Callable[..., Any]:
        """``circuit_fn``, compiled where ``compile=`` asks, once the first call has checked its reads eagerly."""
        if self._compiled_circuit is None:
            return self.circuit_fn
        self._compiled_circuit.check_mode(mode)
        if not self._reads.done:
            return self.circuit_fn
        return self._compiled_circuit.function(self.circuit_fn, self._anchor.device.type)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """Run the circuit on ``inputs`` (one batched simulation); returns a tensor of outputs."""
        self._check_inputs(inputs)
        weights = {name: getattr(self, name) for name in self.weight_names}
        runner = self.runner()
        outputs = run_circuit(runner, inputs, *weights.values())
        if self.input_width is None:
            self.input_width = inputs.shape[-1]  # the first inputs that ran fix the width
        if not self._paths_checked and outputs.requires_grad and self._chain_by_autograd(runner):
            self._paths_checked = True  # once: the first call that records a graph
            graph = outputs if runner.direct else self._probe(runner, inputs, weights)
            report_on_backward(outputs, unreachable_weights(graph, weights), strict=self.strict)
        return outputs

    @staticmethod
    def _chain_by_autograd(runner: CircuitRunner) -> bool:
        """Whether torch's autograd differentiates what ``circuit_fn`` computes from the weights.

        So it is on the torch backend with ``autograd``, ``adjoint``, ``auto`` and ``parameter_shift`` (adjoint
        and parameter shift differentiate the gates and leave the classical chain to autograd); methods that
        run the function again with other weights (``finite_difference``, plugins') see every read of them.
        """
        return runner.backend == "torch" and runner.gradient in ("autograd", "adjoint", "auto", "parameter_shift")

    @staticmethod
    def _probe(runner: CircuitRunner, inputs: torch.Tensor, weights: Mapping[str, torch.Tensor]) -> torch.Tensor:
        """The outputs once more through torch's autograd (on the first call only), for their graph."""
        exact = runner.mode if runner.mode.exact else tyxq.StatevectorMode()
        probe = dataclasses.replace(runner, gradient="autograd", mode=exact, reads=None)
        return run_circuit(probe, inputs, *weights.values())

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True, assign: bool = False) -> Any:
        """``nn.Module.load_state_dict``; with ``strict``, weights of other names are a ``LayerError`` naming them.

        Weights of other shapes are one whatever ``strict`` says (also when a model holding the layer loads).
        """
        if strict:
            self._refuse(self._differences(state_dict, "", shapes_only=False), "")
        return super().load_state_dict(state_dict, strict=strict, assign=assign)

    def _load_from_state_dict(
        self,
        state_dict: Mapping[str, Any],
        prefix: str,
        local_metadata: dict[str, Any],
        strict: bool,
        missing_keys: list[str],
        unexpected_keys: list[str],
        error_msgs: list[str],
    ) -> None:
        self._refuse(self._differences(state_dict, prefix, shapes_only=True), prefix)
        super()._load_from_state_dict(
            state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs
        )

    def _differences(self, state_dict: Mapping[str, Any], prefix: str, *, shapes_only: bool) -> list[str]:
        own = {name: tuple(getattr(self, name).shape) for name in self.weight_names}
        given = {
            key[len(prefix) :]: tuple(value.shape)
            for key, value in state_dict.items()
            if key.startswith(prefix) and "." not in key[len(prefix) :] and hasattr(value, "shape")
        }
        return [d for d in state_dict_differences(own, given) if not shapes_only or "has shape" in d]

    def _refuse(self, differences: list[str], prefix: str) -> None:
        if not differences:
            return
        own = {name: tuple(getattr(self, name).shape) for name in self.weight_names}
        where = f" (at {prefix[:-1]!r})" if prefix else ""
        raise LayerError(
            f"the state_dict does not fit this TorchLayer{where}: {'; '.join(differences)}. Load a state_dict "
            f"saved from a layer with the same weight_shapes ({own}), or build this layer with the weight_shapes "
            "of the one that saved it"
        )
