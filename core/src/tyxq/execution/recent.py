"""The memo of recent final states: outside :func:`tyxq.evaluation`, single calls on one circuit share its state.

``[tyxq.expectation(c, tyxq.Z(q)) for q in range(9)]`` in plain PyTorch or NumPy code asks
nine times for the final state of one circuit. Each thread keeps the states of the last
:data:`RECENT_CIRCUITS` circuits it simulated in the ``statevector`` mode, and a call reads a
kept state where nothing the state depends on has changed since it was simulated:

- the same circuit object with the same number of operations (operations are only ever
  appended, so an append means a new state) and the same ``inputs`` object;
- the same backend object (so the same dtype and device);
- every parameter, ``unitary`` matrix and initial state the circuit holds: a torch tensor
  by its version counter, which every in-place write bumps (an optimiser's step,
  ``w[0] = 1.0`` under ``no_grad``, a write through a view); a NumPy array, which keeps
  no counter, by value, against a copy taken when the state was simulated;
- where autograd records the parameters now, the kept state was recorded by autograd too,
  and no backward pass has reached it since (a backward frees the graph behind it, so
  the next call simulates again).

A state is not kept where it could go stale unseen, or would hold memory out of proportion:
a circuit holding an array whose writes its backend cannot count (a tensor of another
library, an inference tensor; every array on a backend without ``version``), a state of
more than :data:`RECENT_MAX_AMPLITUDES` amplitudes (batch included), a state made inside a
trace (``torch.func``, ``torch.compile``, ``jax.jit``). A write through a tensor's
``.data`` bumps no counter (autograd does not see it either) and is not seen: rebuild the
circuit after one, or run the calls inside :func:`tyxq.evaluation`, whose memo lives for
one block. A circuit that is garbage-collected drops its kept state at once.
``tyxq.state`` hands the caller an array to own and never reads this memo; modes that
sample or simulate density matrices never use it. :func:`~tyxq.execution.memo_info` counts what the
calling thread's memo did.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> before = memo_info()
    >>> values = [float(tyxq.expectation(c, tyxq.Z(q))) for q in range(2)]
    >>> after = memo_info()
    >>> after.misses - before.misses, after.hits - before.hits  # one simulation, then one read
    (1, 1)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..backends.cache import can_cache
from ..backends.protocol import Array, Backend

if TYPE_CHECKING:
    from ..circuit import Circuit

__all__ = ["RECENT_CIRCUITS", "RECENT_MAX_AMPLITUDES", "MemoInfo", "kept_probabilities", "memo_info", "recent_state"]

RECENT_CIRCUITS = 4
"""How many circuits' states each thread keeps (the least recently read is dropped first)."""

RECENT_MAX_AMPLITUDES = 2**20
"""The largest state kept, in amplitudes (batch × 2**n): 16 MiB in complex128, 20 qubits unbatched."""

_IMMUTABLE = (float, int, complex, np.generic)

Watched = list[tuple[Any, Any, bool]]
"""``(array, token, by_value)``: a NumPy array and its copy, or an array and its backend version."""


class MemoInfo(NamedTuple):
    """What the calling thread's memo of recent states did since the thread started.

    Attributes:
        hits: calls answered from a kept state.
        misses: calls that simulated and kept the state (one per simulation the memo ran).
        skipped: calls that simulated without keeping (too large, an array whose writes
            cannot be counted, inside a trace).
        kept: states kept now.
    """

    hits: int
    misses: int
    skipped: int
    kept: int


class _Kept:
    """One kept state and what it was simulated from."""

    __slots__ = (
        "__weakref__", "backend", "circuit", "inputs", "n_ops", "probabilities", "state", "tracked", "watched"
    )

    def __init__(self, backend: Backend, circuit: Circuit, watched: Watched, state: Array, tracked: bool) -> None:
        reference = weakref.ref(self)
        self.backend = backend
        self.circuit = weakref.ref(circuit, lambda _: _drop(reference))  # no cycle: the callback holds self weakly
        self.n_ops = len(circuit)
        self.inputs = circuit.inputs
        self.watched = watched
        self.state: Array | None = state
        self.probabilities: Array | None = None
        self.tracked = tracked

    def drop(self) -> None:
        """Let go of the state and the arrays (the entry itself is removed by its thread)."""
        self.state = None
        self.probabilities = None
        self.watched = []
        self.inputs = None


def _drop(reference: weakref.ref[_Kept]) -> None:
    """Drop an entry if it still exists: its circuit was collected, or a backward pass reached its state."""
    entry = reference()
    if entry is not None:
        entry.drop()


class _ThreadMemo(threading.local):
    """The kept states of one thread, least recently read first, and its counts."""

    def __init__(self) -> None:
        self.kept: list[_Kept] = []
        self.hits = 0
        self.misses = 0
        self.skipped = 0


_THREAD = _ThreadMemo()


def memo_info() -> MemoInfo:
    """What the calling thread's memo of recent states did: hits, misses (simulations), skipped calls, kept states.

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(1).ry(0, 0.5)
        >>> start = memo_info()
        >>> _ = [tyxq.expectation(c, tyxq.Z(0)), tyxq.probabilities(c)]
        >>> memo_info().hits - start.hits
        1
    """
    memo = _THREAD
    return MemoInfo(memo.hits, memo.misses, memo.skipped, sum(entry.state is not None for entry in memo.kept))


def recent_state(backend: Backend, circuit: Circuit, simulate: Callable[[], Array]) -> Array:
    """The state kept for ``circuit`` on ``backend`` if nothing it depends on changed, else ``simulate()``'s (kept).

    Callers must not write into the returned state: later calls read it.
    """
    memo = _THREAD
    if not can_cache(backend):
        memo.skipped += 1
        return simulate()
    found = _find(memo, backend, circuit)
    if found is not None:
        memo.hits += 1
        return found
    watched = None
    if (circuit.batch_size or 1) * 2**circuit.n_qubits <= RECENT_MAX_AMPLITUDES:
        watched = _watched(backend, circuit)
    if watched is None:
        memo.skipped += 1
        return simulate()
    state = simulate()
    if _keep(memo, backend, circuit, watched, state):
        memo.misses += 1
    else:
        memo.skipped += 1
    return state


def kept_probabilities(state: Array, compute: Callable[[], Array]) -> Array:
    """``compute()``, the probabilities ``|state|²``, once per state this thread keeps.

    The outside-a-block half of :func:`tyxq.execution.memo.memoized_probabilities`:
    the probabilities live and die with their kept state (an append, a write, a
    backward pass reaching the state drop both); any other state is measured afresh.
    """
    for entry in _THREAD.kept:
        if entry.state is state:
            if entry.probabilities is None:
                entry.probabilities = compute()
            return entry.probabilities
    return compute()


def _find(memo: _ThreadMemo, backend: Backend, circuit: Circuit) -> Array | None:
    """The kept state of ``circuit`` if it is still valid (moved to the most recent place); a stale one is dropped."""
    for position, entry in enumerate(memo.kept):
        if entry.circuit() is not circuit:
            continue
        state = entry.state
        if (
            state is not None
            and entry.backend is backend
            and entry.n_ops == len(circuit)
            and entry.inputs is circuit.inputs
            and _unchanged(backend, entry.watched)
            and (entry.tracked or not _records_gradients(backend, entry.watched))
        ):
            if position != len(memo.kept) - 1:
                memo.kept.append(memo.kept.pop(position))
            return state
        entry.drop()
        del memo.kept[position]
        return None
    return None


def _keep(memo: _ThreadMemo, backend: Backend, circuit: Circuit, watched: Watched, state: Array) -> bool:
    """Keep ``state``, dropping the least recently read beyond :data:`RECENT_CIRCUITS`; whether it was kept.

    A state autograd records is kept only where the backend can say when a backward pass
    reaches it: the graph behind it may be freed then.
    """
    is_tracked = getattr(backend, "is_tracked", None)
    tracked = bool(is_tracked(state)) if is_tracked is not None else False
    entry = _Kept(backend, circuit, watched, state, tracked)
    if tracked:
        watch = getattr(backend, "watch_backward", None)
        reference = weakref.ref(entry)
        if watch is None or not watch(state, lambda: _drop(reference)):
            return False
    memo.kept = [kept for kept in memo.kept if kept.state is not None and kept.circuit() is not circuit]
    memo.kept.append(entry)
    while len(memo.kept) > RECENT_CIRCUITS:
        memo.kept.pop(0).drop()
    return True


def _held_values(circuit: Circuit) -> Iterator[Any]:
    """Every value the state depends on that could be written in place: parameters, matrices, the initial state."""
    for op in circuit:
        yield from op.params
        if op.matrix is not None:
            yield op.matrix
    if circuit.inputs is not None:
        yield circuit.inputs


def _watched(backend: Backend, circuit: Circuit) -> Watched | None:
    """The arrays ``circuit`` holds, each with what will tell a later write; ``None`` where one would go unseen.

    Where the backend says which array's counter a view shares (``version_owner``:
    a torch view's base), the owner is watched once for all its views: the 36
    angles ``w[l, q, k]`` of a layer are one check, not 36.
    """
    version = getattr(backend, "version", None)
    owner_of = getattr(backend, "version_owner", None)
    watched: Watched = []
    seen: set[int] = set()
    for value in _held_values(circuit):
        if isinstance(value, _IMMUTABLE):
            continue
        if isinstance(value, np.ndarray):
            watched.append((value, value.copy(), True))
            continue
        is_array = backend.is_array(value)
        if owner_of is not None and is_array:
            value = owner_of(value)
            if id(value) in seen:
                continue
            seen.add(id(value))
        token = version(value) if version is not None and is_array else None
        if token is None:
            return None
        watched.append((value, token, False))
    return watched


def _unchanged(backend: Backend, watched: Watched) -> bool:
    """Whether no watched array was written since: NumPy arrays compared by value, others by version."""
    for value, token, by_value in watched:
        if by_value:
            if not np.array_equal(value, token):
                return False
        elif backend.version(value) != token:  # type: ignore[attr-defined]  # present: _watched asked it
            return False
    return True


def _records_gradients(backend: Backend, watched: Watched) -> bool:
    """Whether autograd records any watched array now (its outputs then need a recorded state)."""
    is_tracked = getattr(backend, "is_tracked", None)
    return is_tracked is not None and any(not by_value and is_tracked(value) for value, _, by_value in watched)
