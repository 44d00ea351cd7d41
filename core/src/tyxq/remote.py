"""Running tyxq work in another process: the caller's selection travels as names and options.

A thread of the caller's process sees the caller's backend and execution
mode through a copy of its :mod:`contextvars` context. A worker process (a
:class:`~concurrent.futures.ProcessPoolExecutor`'s, or a Dask worker on
another machine) cannot share those objects, so :class:`RemoteSelection`
captures them as data: the backend's registered name with its ``dtype`` and
``device`` options, and the execution mode's registered name with its
constructor options (each read from the attribute of the same name, as the
built-in ``shots`` mode keeps ``shots`` and ``seed``). The worker recreates
them from the plugins installed there, so every worker needs the same tyxq
distributions as the caller.

Randomness cannot travel as a generator either (a pickled generator is a
copy, and the caller's would not advance), so :func:`portable_seed` turns
the caller's seed into an int in the caller: an int is kept; a
``numpy.random.Generator`` gives an int drawn from it (advancing it, as a
local call would); ``None`` gives an int drawn from the mode's own generator
where it has one (the ``shots`` mode's ``next_seed``), else fresh entropy.

Example:
    >>> import tyxq
    >>> from tyxq.remote import RemoteSelection, run_with
    >>> with tyxq.use_backend("numpy", dtype="complex64"), tyxq.use_execution_mode("shots", shots=10):
    ...     selection = RemoteSelection.capture(tyxq.get_backend(), tyxq.get_execution_mode())
    >>> selection.backend_options, selection.mode_options
    ((('device', 'cpu'), ('dtype', 'complex64')), (('seed', None), ('shots', 10)))
    >>> run_with(selection, lambda: (tyxq.get_backend().complex_dtype, tyxq.get_execution_mode().shots))
    ('complex64', 10)
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from .backends.protocol import Backend
from .context import available_backends, available_execution_modes, backend_instance, use_backend, use_execution_mode
from .errors import ConfigurationError
from .kernels.sampling import make_rng
from .plugins.manager import get_plugin_manager

__all__ = ["RemoteSelection", "check_executor", "portable_seed", "run_with", "runs_in_process"]

T = TypeVar("T")
Options = tuple[tuple[str, Any], ...]

_IN_PROCESS_HINT = "run it in this process instead: executor=None (tyxq's thread pool) or a ThreadPoolExecutor"


@dataclass(frozen=True)
class RemoteSelection:
    """A backend and an execution mode as registered names and options, recreated in a worker by :meth:`activated`."""

    backend: str
    backend_options: Options
    mode: str
    mode_options: Options

    @classmethod
    def capture(cls, backend: Backend, mode: Any) -> RemoteSelection:
        """The selection of ``backend`` and ``mode``; :class:`ConfigurationError` if a worker could not recreate it."""
        if backend.name not in available_backends():
            raise ConfigurationError(
                f"the backend object {backend!r} is not a registered backend ({backend.name!r} is not in "
                f"{available_backends()}), so a worker process cannot create it by name; register it through the "
                f"tyxq_backends hook, or {_IN_PROCESS_HINT}"
            )
        if mode.name not in available_execution_modes():
            raise ConfigurationError(
                f"the execution mode {mode!r} is not a registered mode ({mode.name!r} is not in "
                f"{available_execution_modes()}), so a worker process cannot create it by name; register it through "
                f"the tyxq_execution_modes hook, or {_IN_PROCESS_HINT}"
            )
        backend_options = (("device", backend.device), ("dtype", backend.complex_dtype))
        return cls(backend.name, backend_options, mode.name, _mode_options(mode))

    @contextlib.contextmanager
    def activated(self) -> Iterator[Backend]:
        """Make this selection the active one inside a ``with`` block (a fresh mode object each time)."""
        mode = get_plugin_manager().create("mode", self.mode, **dict(self.mode_options))
        with use_backend(backend_instance(self.backend, **dict(self.backend_options))) as backend:
            with use_execution_mode(mode):
                yield backend


def _mode_options(mode: Any) -> Options:
    """The constructor options of ``mode``, each read from the attribute of the same name."""
    options = []
    for parameter in inspect.signature(type(mode)).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if not hasattr(mode, parameter.name):
            raise ConfigurationError(
                f"the execution mode {mode!r} cannot be recreated in a worker process: its constructor option "
                f"{parameter.name!r} is not kept as an attribute of the same name. Keep every constructor option "
                f"as an attribute (self.{parameter.name} = {parameter.name}), or {_IN_PROCESS_HINT}"
            )
        options.append((parameter.name, getattr(mode, parameter.name)))
    return tuple(sorted(options))


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
