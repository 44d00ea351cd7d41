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

How gradients flow back (see :mod:`tyxq_ml.bridge`):

- ``gradient="auto"`` (the default) chooses ``autograd`` for exact modes on a
  backend with autodiff and ``parameter_shift`` for modes that sample;
- ``backend="torch", gradient="autograd"``: torch records the simulation
  itself, and ``loss.backward()`` differentiates through it;
- any other gradient method (``adjoint``, ``parameter_shift``,
  ``finite_difference``), execution mode (``shots``) or backend: a
  ``torch.autograd.Function`` runs the circuit on that backend (arrays cross
  through DLPack) and asks tyxq's gradient method for the vector-Jacobian
  product in ``backward``.

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

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

import tyxq
from tyxq.errors import BackendError
from tyxq.plugins import get_plugin_manager

from .bridge import CircuitRunner, run_circuit
from .errors import LayerError
from .reads import ReadCheck

__all__ = ["COMPLEX_OF", "TorchLayer", "uniform_angles"]

_NEED_AUTODIFF_FOR_LAYERS = ("autograd", "auto", "adjoint", "parameter_shift")
"""Gradient methods that, on a backend without autodiff, differentiate one expectation only."""

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


def _shape(name: str, shape: Any) -> tuple[int, ...]:
    dims = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0 for d in dims):
        raise LayerError(f"weight_shapes[{name!r}] is {shape!r}; give an int or a tuple of non-negative ints")
    return tuple(int(d) for d in dims)


class TorchLayer(nn.Module):
    """A circuit with trainable weights, as a PyTorch module.

    Args:
        circuit_fn: ``circuit_fn(inputs, **weights)`` → outputs (an array or a
            list of arrays of the backend it runs on).
        weight_shapes: the name and shape of every trainable weight tensor;
            each becomes a keyword argument of ``circuit_fn``.
        backend: the tyxq backend that simulates (any installed one).
        gradient: ``auto`` (``autograd`` where the backend has autodiff and
            the mode is exact, ``parameter_shift`` where the mode samples),
            ``autograd``, ``adjoint``, ``parameter_shift``,
            ``finite_difference`` or an installed plugin's method.
        mode: ``statevector`` or ``shots`` (or an installed plugin's mode).
        shots: the shot count, required by modes that take shots.
        seed: seeds the shot sampling. The layer owns its execution mode,
            whose generator advances with every forward and backward pass,
            so a run is reproducible while successive batches see fresh samples.
        init: fills a weight tensor in place (any ``torch.nn.init`` function);
            :func:`~tyxq_ml.layer.uniform_angles` by default.
        dtype: the weights' dtype, ``torch.float32`` (complex64 simulation)
            or ``torch.float64`` (complex128); ``.double()`` switches later.
        input_width: the number of input features (columns) the layer takes;
            by default the width of the first inputs. Inputs of another width
            are refused. On the first call (torch backend) the layer also
            checks what ``circuit_fn`` reads (:mod:`tyxq_ml.reads`): an index
            outside a declared weight shape or the inputs, a weight element or
            (without ``input_width``) an input column never read, is a
            :class:`~tyxq_ml.errors.LayerError`.

    Example:
        >>> import torch, tyxq
        >>> from tyxq_ml import TorchLayer
        >>> def circuit(inputs, w):
        ...     return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[:, 0]).ry(0, w[0]), tyxq.Z(0))
        >>> model = torch.nn.Sequential(TorchLayer(circuit, {"w": 1}), torch.nn.Tanh()).double()
        >>> model(torch.zeros(3, 1, dtype=torch.float64)).dtype
        torch.float64
    """

    def __init__(
        self,
        circuit_fn: Callable[..., Any],
        weight_shapes: Mapping[str, int | Sequence[int]],
        *,
        backend: str = "torch",
        gradient: str = "auto",
        mode: str = "statevector",
        shots: int | None = None,
        seed: int | None = None,
        init: Callable[[torch.Tensor], Any] = uniform_angles,
        dtype: torch.dtype = torch.float32,
        input_width: int | None = None,
    ) -> None:
        super().__init__()
        if dtype not in COMPLEX_OF:
            raise LayerError(f"dtype={dtype} is not supported; use torch.float32 (complex64) or torch.float64")
        if input_width is not None and (
            isinstance(input_width, bool) or not isinstance(input_width, (int, np.integer)) or input_width < 0
        ):
            raise LayerError(f"input_width={input_width!r}; give the number of input features, a non-negative int")
        self.input_width = None if input_width is None else int(input_width)
        self._reads = ReadCheck(self.input_width)
        self.circuit_fn = circuit_fn
        self.backend_name = backend.lower()
        self.gradient = gradient.lower()
        self.mode = mode.lower()
        self.shots = shots
        self.seed = seed
        self._complex_dtype = COMPLEX_OF[dtype]
        self._check_choices()
        self.execution_mode = self._new_execution_mode()
        self.weight_names: tuple[str, ...] = tuple(weight_shapes)
        for name, shape in weight_shapes.items():
            if not name.isidentifier() or hasattr(nn.Module, name):
                raise LayerError(f"weight name {name!r} must be a Python identifier that nn.Module does not use")
            weight = nn.Parameter(torch.empty(_shape(name, shape), dtype=dtype))
            with torch.no_grad():
                init(weight)
            self.register_parameter(name, weight)
        # moves and casts with the module (.to, .double), so the layer knows its dtype and device without weights
        self.register_buffer("_anchor", torch.empty(0, dtype=dtype), persistent=False)

    def _check_choices(self) -> None:
        for kind, name, installed in (
            ("backend", self.backend_name, tyxq.available_backends()),
            ("gradient method", self.gradient, tyxq.available_gradient_methods()),
            ("execution mode", self.mode, tyxq.available_execution_modes()),
        ):
            if name not in installed:
                raise LayerError(
                    f"TorchLayer was given {kind} {name!r}, which is not installed; installed: "
                    f'{", ".join(installed)}. Backends come with their distributions (pip install "tyxq[torch]")'
                )
        autodiff = tyxq.context.backend_instance(self.backend_name, dtype=self._complex_dtype).capabilities.autodiff
        takes_shots = get_plugin_manager().get("mode", self.mode).record.takes_shots
        exact = tyxq.context.execution_mode_instance(self.mode).exact  # trajectories sample without shots
        if self.gradient == "auto" and (autodiff or not exact):
            self.gradient = "autograd" if exact else "parameter_shift"
        if not autodiff and self.gradient in _NEED_AUTODIFF_FOR_LAYERS:
            raise LayerError(
                f"gradient={self.gradient!r} on backend {self.backend_name!r}, which has no automatic "
                "differentiation: there tyxq's gradient methods differentiate a single expectation, and a "
                "layer needs the vector-Jacobian product of all its outputs. Use gradient='finite_difference' "
                "on this backend, or backend='torch' (any gradient method)"
            )
        if takes_shots and (self.shots is None or self.shots <= 0):
            raise LayerError(f"mode={self.mode!r} estimates from samples: pass shots=N (a positive integer)")
        if not takes_shots and self.shots is not None:
            raise LayerError(f'shots={self.shots} was given, but mode={self.mode!r} is exact; use mode="shots"')
        if takes_shots and self.gradient in ("autograd", "adjoint"):
            raise LayerError(
                f"gradient={self.gradient!r} needs the exact statevector, but mode={self.mode!r} samples; "
                'use gradient="parameter_shift" (the way hardware is trained) or "finite_difference"'
            )

    def _new_execution_mode(self) -> Any:
        options = {"shots": self.shots, "seed": self.seed} if self.shots is not None else {}
        return get_plugin_manager().create("mode", self.mode, **options)

    def __getstate__(self) -> dict[str, Any]:
        # a mode may hold a lock (shots), which cannot be copied or pickled: a copied or unpickled
        # layer makes a fresh mode from the same options (its shots start again from ``seed``)
        state = dict(self.__dict__)
        state.pop("execution_mode", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self.execution_mode = self._new_execution_mode()

    def extra_repr(self) -> str:
        shots = f", shots={self.shots}" if self.shots is not None else ""
        shots += f", input_width={self.input_width}" if self.input_width is not None else ""
        return f"backend={self.backend_name!r}, gradient={self.gradient!r}, mode={self.mode!r}{shots}"

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
        """What :func:`tyxq_ml.bridge.run_circuit` needs to run this layer once."""
        return CircuitRunner(
            circuit_fn=self.circuit_fn,
            weight_names=self.weight_names,
            backend=self.backend_name,
            backend_options={"dtype": self.complex_dtype, "device": str(self._anchor.device)},
            gradient=self.gradient,
            mode=self.execution_mode,
            reads=self._reads,
        )

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """Run the circuit on ``inputs`` (one batched simulation); returns a tensor of outputs."""
        self._check_inputs(inputs)
        weights = [getattr(self, name) for name in self.weight_names]
        outputs = run_circuit(self.runner(), inputs, *weights)
        if self.input_width is None:
            self.input_width = inputs.shape[-1]  # the first inputs that ran fix the width
        return outputs
