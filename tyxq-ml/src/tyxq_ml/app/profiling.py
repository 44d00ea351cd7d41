"""Where training time goes: a stopwatch with named stages.

``Stages`` adds up wall-clock time per stage name across a run. To split a
``loss.backward()`` into its classical and quantum parts, :meth:`Stages.backward`
marks the moment the gradient reaches the quantum layer's output (a tensor
hook): everything before it is the classical head's backward, everything
after it the circuit's.

Example:
    >>> import time
    >>> stages = Stages()
    >>> with stages("quantum forward"):
    ...     time.sleep(0.01)
    >>> stages.seconds["quantum forward"] > 0.005
    True
    >>> print(stages.table().splitlines()[0])
    stage                    seconds   share
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import torch

__all__ = ["Stages"]


class Stages:
    """Accumulated seconds per stage name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.last_output: torch.Tensor | None = None

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    @contextlib.contextmanager
    def watch(self, module: torch.nn.Module, name: str, *, inside: str) -> Iterator[None]:
        """Inside the block, time ``module``'s forward passes as stage ``name``, moving that time out of ``inside``.

        The module's latest output is kept in :attr:`last_output` (for :meth:`backward`).
        """
        started: list[float] = []

        def before(_module: torch.nn.Module, _inputs: Any) -> None:
            started.append(time.perf_counter())

        def after(_module: torch.nn.Module, _inputs: Any, output: torch.Tensor) -> None:
            seconds = time.perf_counter() - started.pop()
            self.seconds[name] += seconds
            self.seconds[inside] -= seconds
            self.last_output = output

        handles = [module.register_forward_pre_hook(before), module.register_forward_hook(after)]
        try:
            yield
        finally:
            for handle in handles:
                handle.remove()

    def backward(self, loss: torch.Tensor, quantum_output: torch.Tensor | None) -> None:
        """``loss.backward()``, timed as "classical backward" up to ``quantum_output`` and "quantum backward" after."""
        start = time.perf_counter()
        reached: list[float] = []
        handle = None
        if quantum_output is not None and quantum_output.requires_grad:
            handle = quantum_output.register_hook(lambda grad: reached.append(time.perf_counter()))
        try:
            loss.backward()
        finally:
            if handle is not None:
                handle.remove()
        end = time.perf_counter()
        middle = reached[0] if reached else end
        self.seconds["classical backward"] += middle - start
        self.seconds["quantum backward"] += end - middle

    def table(self) -> str:
        """The stages, longest first, with seconds and share of the total."""
        total = sum(self.seconds.values()) or 1.0
        lines = [f"{'stage':<24} {'seconds':>7} {'share':>7}"]
        for name, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            lines.append(f"{name:<24} {seconds:>7.3f} {seconds / total:>7.1%}")
        lines.append(f"{'total':<24} {sum(self.seconds.values()):>7.3f}")
        return "\n".join(lines)
