"""Asynchronous execution: ``tyxq.submit`` returns a :class:`concurrent.futures.Future`.

Submissions run in one process-wide :class:`~concurrent.futures.ThreadPoolExecutor`,
so classical work in the caller overlaps the simulation, and several
submissions run at once (numpy and the other array libraries release the GIL
inside their kernels; a mode that waits on remote hardware releases it while
waiting). The pool has ``tyxq.set_max_workers(n)`` threads, else the number
in the environment variable ``TYXQ_MAX_WORKERS``, else one per CPU
(``os.cpu_count()``), and is created on the first submission.

Each submission runs inside a copy of the caller's :mod:`contextvars` context,
taken when it is submitted: it sees the backend, gradient method and
execution mode active in the caller at that moment, including inside a
``tyxq.use_backend(...)`` block. (``tyxq.set_backend`` inside submitted work
changes the process-wide default, as it does anywhere; use
``tyxq.use_backend`` there for a choice local to that work.)

Example:
    >>> import tyxq
    >>> from tyxq.futures import submit_call
    >>> with tyxq.use_backend("numpy", dtype="complex64"):
    ...     future = submit_call(lambda: tyxq.state(tyxq.Circuit(1).h(0)).dtype)
    >>> future.result()
    dtype('complex64')
"""

from __future__ import annotations

import contextvars
import functools
import logging
import numbers
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np

from .api import expectation
from .backends.protocol import Backend
from .context import get_backend
from .errors import ConfigurationError
from .execution.keywords import refuse_mode_options
from .execution.protocol import resolve_mode
from .remote import RemoteSelection, check_executor, portable_seed, run_with, runs_in_process

__all__ = ["default_executor", "get_max_workers", "set_max_workers", "submit", "submit_call"]

logger = logging.getLogger("tyxq")
T = TypeVar("T")

_LOCK = threading.Lock()
_POOL: ThreadPoolExecutor | None = None
_MAX_WORKERS: int | None = None


def _worker_count(value: Any, source: str) -> int:
    """``value`` (an integer, or text for an environment variable) as a positive thread count."""
    count = None
    if isinstance(value, str) and source.startswith("TYXQ_"):
        count = int(value) if value.strip().isdigit() else None
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
        count = int(value)
    if count is None or count < 1:
        raise ConfigurationError(f"{source} must be a positive whole number of threads, not {value!r}")
    return count


def get_max_workers() -> int:
    """How many submissions can run at once: ``set_max_workers``, else ``TYXQ_MAX_WORKERS``, else the CPU count.

    Example:
        >>> import tyxq
        >>> tyxq.get_max_workers() >= 1
        True
    """
    if _MAX_WORKERS is not None:
        return _MAX_WORKERS
    text = os.environ.get("TYXQ_MAX_WORKERS", "").strip()
    return _worker_count(text, "TYXQ_MAX_WORKERS") if text else os.cpu_count() or 1


def set_max_workers(n: int | None) -> None:
    """Run up to ``n`` submissions at once (overrides ``TYXQ_MAX_WORKERS``; ``None`` restores the default).

    Submissions already made finish in the pool they were given to; later
    ones go to a pool of the new size.

    Example:
        >>> import tyxq
        >>> tyxq.set_max_workers(2)
        >>> tyxq.get_max_workers()
        2
        >>> tyxq.set_max_workers(None)
    """
    global _MAX_WORKERS, _POOL
    count = None if n is None else _worker_count(n, "set_max_workers(n)")
    with _LOCK:
        _MAX_WORKERS = count
        if _POOL is not None:
            _POOL.shutdown(wait=False)
            _POOL = None
    logger.info("submissions run in up to %d threads", get_max_workers())


def default_executor() -> ThreadPoolExecutor:
    """tyxq's own thread pool (created on first use), where ``submit`` and ``map`` run work by default.

    Example:
        >>> import tyxq
        >>> from tyxq.futures import default_executor
        >>> default_executor() is default_executor()
        True
    """
    global _POOL
    with _LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=get_max_workers(), thread_name_prefix="tyxq")
        return _POOL


def submit_call(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
    """Run ``fn(*args, **kwargs)`` in tyxq's pool, in a copy of the caller's context; returns its future.

    Example:
        >>> import tyxq
        >>> from tyxq.futures import submit_call
        >>> circuit = tyxq.Circuit(2).h(0).cnot(0, 1)
        >>> round(float(submit_call(tyxq.expectation, circuit, tyxq.Z(0) @ tyxq.Z(1)).result()), 12)
        1.0
    """
    context = contextvars.copy_context()
    return default_executor().submit(context.run, fn, *args, **kwargs)


def submit(
    circuit_or_fn: Any, observable: Any, /, *args: Any, executor: Executor | None = None, **kwargs: Any
) -> Future[Any]:
    """``tyxq.expectation(circuit_or_fn, observable, *args, **kwargs)``, computed in the background.

    The arguments are those of :func:`tyxq.expectation` (parameters,
    ``mode=``, ``shots=``, ``seed=``); the result, or the exception, arrives
    through the returned future, as an array of the caller's backend. The
    backend, gradient method and execution mode are the caller's at the
    time of the call.

    ``executor`` is any :class:`concurrent.futures.Executor`: ``None`` for
    tyxq's thread pool, a ``ThreadPoolExecutor`` (both share the caller's
    objects, seed generators included), or one that runs work in other
    processes, a ``ProcessPoolExecutor`` or a Dask cluster's
    ``distributed.Client(...).get_executor()``. There the backend is
    recreated from its name and options, the mode object travels pickled
    (a noisy mode with its ``NoiseModel``), and a seed that is a generator
    or ``None`` becomes an int drawn in the caller (``tyxq.remote``); the
    function must be picklable (see :mod:`tyxq.parallel`). Mode options
    given as keywords are refused here, at the call, as by the verbs.

    Example:
        >>> import tyxq
        >>> futures = [tyxq.submit(tyxq.Circuit(1).ry(0, angle), tyxq.Z(0)) for angle in (0.0, 3.141592653589793)]
        >>> [round(float(future.result()), 12) for future in futures]
        [1.0, -1.0]
    """
    logger.debug("submitting the expectation of %r", observable)
    verb_keywords = {"mode", "shots", "seed", "batch_axes"}
    refuse_mode_options("submit", kwargs.get("mode"), {k: v for k, v in kwargs.items() if k not in verb_keywords})
    if executor is None:
        return submit_call(expectation, circuit_or_fn, observable, *args, **kwargs)
    if runs_in_process(check_executor(executor)):
        return executor.submit(contextvars.copy_context().run, expectation, circuit_or_fn, observable, *args, **kwargs)
    backend = get_backend()
    mode = resolve_mode(kwargs.pop("mode", None))
    kwargs["seed"] = portable_seed(kwargs.get("seed"), mode)
    selection = RemoteSelection.capture(backend, mode)
    # bound in a partial: an executor may read keyword arguments of its own (Dask's submit takes retries=, pure=, ...)
    work = functools.partial(run_with, selection, _expectation_on_host, circuit_or_fn, observable, *args, **kwargs)
    remote = executor.submit(work)
    return _on_backend(remote, backend)


def _expectation_on_host(circuit_or_fn: Any, observable: Any, /, *args: Any, **kwargs: Any) -> np.ndarray:
    """``tyxq.expectation(...)`` as a NumPy array: a result that any process can unpickle, GPU or not."""
    return np.asarray(get_backend().to_numpy(expectation(circuit_or_fn, observable, *args, **kwargs)))


def _on_backend(remote: Future[np.ndarray], backend: Backend) -> Future[Any]:
    """A future of ``remote``'s host array as an array of ``backend``; cancelling it cancels ``remote``."""
    local: Future[Any] = Future()

    def arrived(done: Future[np.ndarray]) -> None:
        if local.cancelled():
            return
        if done.cancelled():
            local.cancel()
        elif done.exception() is not None:
            local.set_exception(done.exception())
        else:
            local.set_result(backend.asarray(done.result(), dtype=backend.real_dtype))

    def cancelled(future: Future[Any]) -> None:
        if future.cancelled():
            remote.cancel()

    local.add_done_callback(cancelled)
    remote.add_done_callback(arrived)
    return local
