"""One evaluation's memo of final states: repeated exact calls on one circuit simulate it once.

A function that asks ``tyxq.expectation(c, Z(0))``, then ``tyxq.expectation(c, Z(1))``,
... of the same circuit would pay one simulation per call. Inside an
:func:`evaluation` block the exact modes keep the final state of each
circuit they simulate, keyed by the circuit object, its number of
operations (a circuit grows by appending) and the backend, and later calls
on it read that state. The block is one evaluation of the user's function:
``tyxq.value_and_grad``, ``tyxq_ml.TorchLayer`` and ``tyxq.map`` open one
around each evaluation, so a parameter changed in place between evaluations
is always seen. Modes that sample never read the memo: every call draws
its own shots.

Outside a block, the memo of recent states (:mod:`tyxq.execution.recent`)
serves the same calls: it keeps the last few states of each thread, and
checks before each read that the circuit, its backend and the arrays it
holds did not change since.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> with tyxq.evaluation():
    ...     values = [float(tyxq.expectation(c, tyxq.Z(q))) for q in range(2)]  # one simulation
    >>> values
    [0.0, 0.0]
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..backends.cache import can_cache
from ..backends.protocol import Array, Backend
from .recent import kept_probabilities, recent_state

if TYPE_CHECKING:
    from ..circuit import Circuit

__all__ = ["evaluation", "memoized_probabilities", "memoized_state"]

_MEMO: contextvars.ContextVar[dict[tuple[Any, ...], tuple[Any, ...]] | None] = contextvars.ContextVar(
    "tyxq_evaluation_memo", default=None
)


@contextlib.contextmanager
def evaluation() -> Iterator[None]:
    """Share final states between the exact calls made inside the block (one evaluation of a function)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def memoized_state(backend: Backend, circuit: Circuit, simulate: Callable[[], Array], *, recent: bool = True) -> Array:
    """``simulate()``, or the state an earlier call of this evaluation got for the same circuit and backend.

    Outside an :func:`evaluation` block, the memo of recent states answers where
    ``recent`` (:func:`tyxq.execution.recent.recent_state`); ``recent=False`` simulates
    there (``tyxq.state``, whose caller owns the array it gets). Callers must not
    write into the returned state: later calls read it.
    """
    memo = _MEMO.get()
    if memo is None:
        return recent_state(backend, circuit, simulate) if recent else simulate()
    key = (id(circuit), len(circuit), id(backend))
    found = memo.get(key)
    if found is not None and found[0] is circuit and found[1] is backend:
        return found[2]
    state = simulate()
    memo[key] = (circuit, backend, state)  # holding the objects keeps their ids from being reused
    return state


def memoized_probabilities(backend: Backend, state: Array, compute: Callable[[], Array]) -> Array:
    """``compute()``, the probabilities ``|state|²``, once per state a memo holds.

    Nine single ``⟨Z_q⟩`` calls on one circuit then square its state once, and
    under autograd their backward passes meet in one ``|ψ|²`` node instead of
    nine. Inside an :func:`evaluation` block the probabilities live as long as
    the block; outside one, as long as the kept state
    (:func:`tyxq.execution.recent.kept_probabilities`). While a transform traces
    (``torch.compile``, ``jax.jit``: the backend's ``can_cache`` is false) nothing is
    kept: a trace must not depend on which state object it meets.
    """
    if not can_cache(backend):
        return compute()
    memo = _MEMO.get()
    if memo is None:
        return kept_probabilities(state, compute)
    key = ("probabilities", id(state))
    found = memo.get(key)
    if found is not None and found[0] is state:
        return found[1]
    probabilities = compute()
    memo[key] = (state, probabilities)  # holding the state keeps its id from being reused
    return probabilities
