"""Running tyxq work in another process: the caller's backend travels by name, its mode as a value.

A thread of the caller's process sees the caller's backend and execution
mode through a copy of its :mod:`contextvars` context. A worker process (a
:class:`~concurrent.futures.ProcessPoolExecutor`'s, or a Dask worker on
another machine) cannot share those objects, so :class:`RemoteSelection`
captures them as data: the backend's registered name with its ``dtype`` and
``device`` options (the worker creates it from the plugins installed there),
and the execution mode object itself, pickled. A mode with its options is a
value: the built-in modes, and every mode written on
:class:`~tyxq.execution.BaseExecutionMode`, pickle as their class and
constructor options, so a noisy mode's ``NoiseModel`` travels with it and
the worker rebuilds what it derives from it. Every worker needs the same
tyxq distributions as the caller (the mode's class is imported there).

Randomness cannot travel as a generator either (a pickled generator is a
copy, and the caller's would not advance), so :func:`portable_seed` turns
the caller's seed into an int in the caller: an int is kept; a
``numpy.random.Generator`` gives an int drawn from it (advancing it, as a
local call would); ``None`` gives an int drawn from the mode's own generator
where it has one (the ``shots`` mode's ``next_seed``), else fresh entropy.

Example:
    >>> import tyxq
    >>> from tyxq.remote import RemoteSelection, run_with
    >>> with tyxq.use_backend("numpy", dtype="complex64"), tyxq.use_execution_mode(tyxq.ShotsMode(shots=10)):
    ...     selection = RemoteSelection.capture(tyxq.get_backend(), tyxq.get_execution_mode())
    >>> selection.backend_options, selection.mode
    ((('device', 'cpu'), ('dtype', 'complex64')), ShotsMode(shots=10, seed=None))
    >>> run_with(selection, lambda: (tyxq.get_backend().complex_dtype, tyxq.get_execution_mode().shots))
    ('complex64', 10)
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from .arguments import make_rng
from .backends.protocol import Backend
from .context import available_backends, backend_instance, use_backend, use_execution_mode
from .errors import ConfigurationError
from .execution.protocol import ExecutionMode

__all__ = ["RemoteSelection", "check_executor", "portable_seed", "run_with", "runs_in_process"]

T = TypeVar("T")
Options = tuple[tuple[str, Any], ...]

_IN_PROCESS_HINT = "run it in this process instead: executor=None (tyxq's thread pool) or a ThreadPoolExecutor"


@dataclass(frozen=True)
class RemoteSelection:
    """A backend as its registered name and options, and an execution mode as itself; :meth:`activated` in a worker."""

    backend: str
    backend_options: Options
    mode: ExecutionMode

    @classmethod
    def capture(cls, backend: Backend, mode: ExecutionMode) -> RemoteSelection:
        """The selection of ``backend`` and ``mode``; :class:`ConfigurationError` if a worker could not recreate it."""
        if backend.name not in available_backends():
            raise ConfigurationError(
                f"the backend object {backend!r} is not a registered backend ({backend.name!r} is not in "
                f"{available_backends()}), so a worker process cannot create it by name; register it through the "
                f"tyxq_backends hook, or {_IN_PROCESS_HINT}"
            )
        try:
            pickle.dumps(mode)
        except Exception as error:  # any failure to pickle is reported the same way
            raise ConfigurationError(
                f"the execution mode {mode!r} cannot be sent to a worker process: pickling it failed "
                f"({type(error).__name__}: {error}). Write the mode on tyxq.execution.BaseExecutionMode, which pickles "
                f"a mode as its constructor options (each kept as the attribute of the same name), or "
                f"{_IN_PROCESS_HINT}"
            ) from error
        backend_options = (("device", backend.device), ("dtype", backend.complex_dtype))
        return cls(backend.name, backend_options, mode)

    @contextlib.contextmanager
    def activated(self) -> Iterator[Backend]:
        """Make this selection the active one inside a ``with`` block."""
        with use_backend(backend_instance(self.backend, **dict(self.backend_options))) as backend:
            with use_execution_mode(self.mode):
                yield backend


def run_with(selection: RemoteSelection, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` with ``selection`` active: what a worker process runs (it pickles by reference)."""
    with selection.activated():
        return fn(*args, **kwargs)


def portable_seed(seed: Any, mode: Any) -> int:
    """The caller's ``seed`` as an int that a worker can use: see the module docstring for the rules.

    Example:
        >>> import numpy as np, tyxq
        >>> portable_seed(7, tyxq.get_execution_mode())
        7
        >>> generator = np.random.default_rng(0)
        >>> portable_seed(generator, None) != portable_seed(generator, None)  # the generator advanced
        True
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63))
    if seed is not None:
        make_rng(seed)  # a ShotsError naming the accepted seeds, raised here rather than in a worker
        return int(seed)
    next_seed = getattr(mode, "next_seed", None)
    if callable(next_seed):
        return int(next_seed())
    return int(np.random.default_rng().integers(2**63))


def check_executor(executor: Any) -> Executor:
    """``executor`` if it is a :class:`concurrent.futures.Executor`, else a :class:`ConfigurationError`."""
    if not isinstance(executor, Executor):
        raise ConfigurationError(
            f"executor must be a concurrent.futures.Executor, got a {type(executor).__name__}; pass None for "
            "tyxq's thread pool, a ProcessPoolExecutor, or a Dask cluster's distributed.Client(...).get_executor()"
        )
    return executor


def runs_in_process(executor: Executor) -> bool:
    """Whether ``executor`` runs work in this process's threads, where the caller's objects can be shared."""
    return isinstance(executor, ThreadPoolExecutor)
