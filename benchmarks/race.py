"""Interleaved timing of several contenders on one workload: medians, spreads and first calls from one run.

A contender is a name and a ``prepare`` function that builds everything it
needs (circuits, compiled functions, devices) and returns a ``step``: the
call being timed. For each contender the race records

- the **first call**: ``prepare()`` plus the first ``step()``, wall time,
  which holds any tracing or compilation (``jax.jit``, ``torch.compile``)
  and every cache filled on first use;
- after two warm-up calls, **``runs`` timed rounds**, each the mean of
  ``inner`` calls, with the contenders **interleaved** round by round (the
  order rotates each round), so a load that comes and goes on a shared
  machine touches every contender alike;
- the **median** of the rounds and their **spread** (fastest and slowest).

A contender whose library is missing is reported ``not installed``; one
that raises is reported with its error, and the race goes on.

Example:
    >>> import time
    >>> results = race([Contender("sleep", lambda: lambda: time.sleep(0.001))], runs=5)
    >>> results["sleep"]["median_s"] >= 0.001, len(results["sleep"]["rounds_s"])
    (True, 5)
"""

from __future__ import annotations

import statistics
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Contender", "race"]


@dataclass(frozen=True)
class Contender:
    """One simulator's way of running a workload: ``prepare()`` returns the step to time, ``inner`` calls a round."""

    name: str
    prepare: Callable[[], Callable[[], Any]]
    inner: int = 1


def _failure(error: BaseException) -> dict[str, Any]:
    if isinstance(error, ImportError):
        return {"error": f"not installed ({error.name})"}
    text = str(error).splitlines()[0] if str(error) else ""
    return {"error": f"{type(error).__name__}: {text}"}


def _timed_round(step: Callable[[], Any], inner: int) -> float:
    start = time.perf_counter()
    for _ in range(inner):
        step()
    return (time.perf_counter() - start) / inner


def race(contenders: Sequence[Contender], runs: int = 5) -> dict[str, dict[str, Any]]:
    """Time every contender's first call, then ``runs`` interleaved rounds; see the module docstring."""
    results: dict[str, dict[str, Any]] = {}
    steps: dict[str, Callable[[], Any]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # peers' deprecation chatter would bury the table
        for contender in contenders:
            try:
                start = time.perf_counter()
                step = contender.prepare()
                step()
                first = time.perf_counter() - start
                step()
                step()
            except Exception as error:  # noqa: BLE001 - a contender's failure is reported, not fatal to the race
                results[contender.name] = _failure(error)
                continue
            steps[contender.name] = step
            results[contender.name] = {"first_s": first, "rounds_s": []}
        running = [c for c in contenders if c.name in steps]
        for round_ in range(runs):
            shift = round_ % len(running) if running else 0
            for contender in [*running[shift:], *running[:shift]]:
                try:
                    seconds = _timed_round(steps[contender.name], contender.inner)
                except Exception as error:  # noqa: BLE001 - reported like a failure in prepare
                    results[contender.name] = _failure(error)
                    running = [c for c in running if c.name != contender.name]
                    continue
                results[contender.name]["rounds_s"].append(seconds)
    for row in results.values():
        if row.get("rounds_s"):
            row["median_s"] = statistics.median(row["rounds_s"])
            row["min_s"], row["max_s"] = min(row["rounds_s"]), max(row["rounds_s"])
    return results
