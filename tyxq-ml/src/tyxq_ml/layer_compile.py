"""``TorchLayer(compile=...)``: the layer's circuit function compiled by ``torch.compile``.

What is compiled is ``circuit_fn`` itself, the part of a forward pass that
builds the circuit and asks tyxq for its outputs; the layer's checks, the
selection of backend and mode (context variables, which dynamo cannot trace)
and the bridge stay eager around it. The first forward pass runs
``circuit_fn`` eagerly under the layer's read check
(:mod:`tyxq_ml.reads`); compilation happens on the second, and again
where torch's guards see a new dtype, device or shape. While compiling,
dynamo warns that it traces through ``functools.lru_cache``-wrapped
functions rather than their caches: tyxq's cached functions (permutation
tables, observable readings) are pure functions of their arguments, so
tracing them gives what the cache would.

The spellings:

- ``compile=False`` (the default): eager.
- ``compile=True``: ``torch.compile`` with the backend that measured best
  on each device type (below), and where it cannot compile (no C++
  compiler, an unsupported Python, a backend that refuses the graph) one
  ``RuntimeWarning`` and eager runs from then on.
- ``compile={...}``: ``torch.compile``'s keyword arguments (``backend``,
  ``mode``, ``fullgraph``, ``dynamic``, ``options``) and ``fallback``:
  ``"eager"`` (the default, as above) or ``"error"`` (a
  :class:`~tyxq.errors.CapabilityError` instead of the eager run).

The default backends, where neither ``backend`` nor ``mode`` is given: on
CUDA, inductor with ``mode="reduce-overhead"``, which records the kernels
of each traced graph of the fixed-shape plan once as a CUDA graph and
replays it: one launch per graph instead of one per kernel. On the CPU,
``aot_eager``: inductor generates no code for complex operators (torch
warns "Torchinductor does not support code generation for complex
operators") and runs them as the eager kernels do, so it adds compile
time and gains nothing; ``aot_eager`` (dynamo's graphs, torch's kernels)
compiled in 0.69–0.83× inductor's time and ran within the noise of it
(0.92–1.09× its throughput) in ``benchmarks/bench_compile.py``.
Neither beats eager on the QML layer of 9 qubits on the CPU
(``docs/performance.md``): tyxq's selection (context variables) and plan
cache (a lock) split each trace into three graphs, and what remains per
step is the kernels themselves.

Every option is checked when the layer is built: an unknown key, a
``fallback`` other than ``"eager"``/``"error"``, ``backend`` and ``mode``
together, or a backend other than tyxq's ``torch`` is a
:class:`~tyxq_ml.errors.LayerError` naming the option. So is an execution
mode that samples (``shots``, trajectories), when the layer is built with it
or at the call that runs in it: its draws are not a graph.

Example:
    >>> compiled = CompiledCircuit.choose({"backend": "aot_eager"}, backend="torch")
    >>> compiled.torch_options("cpu"), compiled.fallback
    ({'backend': 'aot_eager'}, 'eager')
    >>> CompiledCircuit.choose(True, backend="torch").torch_options("cuda")
    {'mode': 'reduce-overhead'}
    >>> CompiledCircuit.choose(False, backend="torch") is None
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import LayerError

__all__ = ["TORCH_COMPILE_KEYS", "CompiledCircuit"]

TORCH_COMPILE_KEYS = ("backend", "mode", "fullgraph", "dynamic", "options")
"""The ``torch.compile`` keyword arguments a layer's ``compile={...}`` passes on."""

_FALLBACKS = ("eager", "error")


def _check_options(compile: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(compile) - {*TORCH_COMPILE_KEYS, "fallback"})
    if unknown:
        raise LayerError(
            f"compile= has no option {', '.join(map(repr, unknown))}; it takes {', '.join(TORCH_COMPILE_KEYS)} "
            "(torch.compile's keyword arguments) and fallback"
        )
    if "backend" in compile and "mode" in compile:
        raise LayerError(
            f"compile= gives both backend={compile['backend']!r} and mode={compile['mode']!r}; torch.compile takes "
            "one of them: a mode ('reduce-overhead', 'max-autotune') is an option of the inductor backend"
        )
    fallback = compile.get("fallback", "eager")
    if fallback not in _FALLBACKS:
        raise LayerError(
            f"compile={{'fallback': {fallback!r}}} is not an option; use 'eager' (warn once and run uncompiled "
            "where torch.compile cannot compile) or 'error' (raise a CapabilityError)"
        )
    return dict(compile)


@dataclass
class CompiledCircuit:
    """A layer's ``circuit_fn`` compiled once per device type, with the options of ``compile=``.

    The compiled functions are not pickled or deep-copied: a copied layer compiles again on its first calls.
    """

    options: dict[str, Any]
    fallback: str
    _compiled: dict[str, Callable[..., Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def choose(cls, compile: Any, *, backend: str) -> CompiledCircuit | None:
        """The checked ``compile=`` of a layer on ``backend``; ``None`` for an eager layer."""
        if compile is False or compile is None:
            return None
        if compile is True:
            options: dict[str, Any] = {}
        elif isinstance(compile, Mapping):
            options = _check_options(compile)
        else:
            raise LayerError(
                f"compile={compile!r} is not an option; use False (eager), True (torch.compile, eager with a "
                "warning where it cannot compile) or a dict of torch.compile options, e.g. {'backend': 'aot_eager'}"
            )
        if backend != "torch":
            raise LayerError(
                f"compile= compiles the simulation with torch.compile, which runs on tyxq's torch backend; this "
                f"layer runs on backend={backend!r}: use backend='torch', or drop compile="
            )
        fallback = options.pop("fallback", "eager")
        return cls(options=options, fallback=fallback)

    @staticmethod
    def check_mode(mode: Any) -> None:
        """Refuse a mode that samples: its draws (seeded generators) are no graph torch.compile could trace."""
        if not mode.exact:
            raise LayerError(
                f"compile= compiles the simulation of exact modes, and mode {mode.name!r} samples (shots or "
                "trajectories, drawn from a seeded generator, which torch.compile cannot trace): build the layer "
                "without compile=, or run it in an exact mode (statevector, density_matrix without shots)"
            )

    def torch_options(self, device_type: str) -> dict[str, Any]:
        """``torch.compile``'s keyword arguments on a device of this type (the module's defaults filled in)."""
        if "backend" in self.options or "mode" in self.options:
            return dict(self.options)
        default = {"mode": "reduce-overhead"} if device_type == "cuda" else {"backend": "aot_eager"}
        return {**self.options, **default}

    def function(self, circuit_fn: Callable[..., Any], device_type: str) -> Callable[..., Any]:
        """The layer's ``circuit_fn`` compiled for ``device_type`` (made on first use, then kept)."""
        compiled = self._compiled.get(device_type)
        if compiled is None:
            from tyxq_torch.compile import jit  # torch's compiler is loaded by the first compiled call only

            compiled = jit(circuit_fn, fallback=self.fallback, **self.torch_options(device_type))
            self._compiled[device_type] = compiled
        return compiled

    def describe(self) -> str:
        """The ``compile=`` a layer was built with, for its ``repr``."""
        return (
            repr({**self.options, "fallback": self.fallback}) if self.options else f"True (fallback={self.fallback!r})"
        )

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options, "fallback": self.fallback, "_compiled": {}}

    def __deepcopy__(self, memo: dict[int, Any]) -> CompiledCircuit:
        return CompiledCircuit(options=dict(self.options), fallback=self.fallback)
