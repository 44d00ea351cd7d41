"""Many parameter sets on many workers: ``tyxq.map`` over any :class:`concurrent.futures.Executor`.

``tyxq.map(fn, parameter_sets, observable)`` cuts the ``N`` parameter sets
into chunks of ``chunk`` consecutive sets and evaluates each chunk as **one
batched simulation**, ``tyxq.expectation(fn, observable, chunk_array,
batch_axes=0)``, as one task of the executor; the results come back in the
order of the parameter sets. The cost model: a chunk of ``c`` sets holds
``c`` statevectors at once (``c · 2**n`` amplitudes) and sends ``c`` rows of
parameters and ``c`` results over the wire, so a chunk should be large enough
to amortise the task overhead (milliseconds on a Dask cluster) and small
enough to fit a worker's memory and to give every worker several chunks.

The executor is tyxq's thread pool by default (``executor=None``), or any
other: a ``ThreadPoolExecutor``, a ``ProcessPoolExecutor``, or a Dask
cluster's ``distributed.Client(...).get_executor()``, which spreads the
chunks over every worker of the cluster. Work sent to other processes
carries the caller's backend (name, ``dtype``, ``device``, recreated in each
worker) and execution mode (the object itself, pickled: a noisy mode with its
``NoiseModel``; ``tyxq.remote``), so
every worker needs the same tyxq distributions installed; ``fn`` and the
observable are pickled. A ``ProcessPoolExecutor`` pickles with the standard
library, which sends functions by reference, so ``fn`` must be defined at the
top level of an importable module (or be a ``functools.partial`` of one);
Dask pickles with cloudpickle, which sends lambdas and closures by value too.

Seeds. Chunk ``i`` draws its shots from
``numpy.random.default_rng(numpy.random.SeedSequence(root, spawn_key=(i,)))``,
where ``root`` is ``seed`` as an int (a generator gives an int drawn from it,
``None`` one drawn from the mode's own generator, else fresh entropy: see
``tyxq.remote.portable_seed``). So one seed gives the same results on any
executor and any number of workers; they depend on the chunk size, which
decides which sets share a chunk's generator.

Failures. A chunk whose task fails (an error in ``fn``, a worker lost, a
broken process pool) raises :class:`tyxq.ChunkError` naming the chunk's
index and its range of parameter sets, with the original exception as its
cause; the chunks not yet started are cancelled. A Dask scheduler runs the
task of a lost worker again on another one (up to its
``distributed.scheduler.allowed-failures``, 3 by default), and
``client.get_executor(retries=n)`` also retries tasks that raise.

On a cluster of many machines, start a scheduler on one, a worker on each
(one thread per worker: a chunk's batched simulation uses the cores through
the array library), and connect a client::

    dask scheduler                                    # prints tcp://10.0.0.1:8786
    dask worker tcp://10.0.0.1:8786 --nworkers 1 --nthreads 1
    dask cuda worker tcp://10.0.0.1:8786              # dask-cuda: one worker per GPU

    from distributed import Client
    with Client("tcp://10.0.0.1:8786") as client, tyxq.use_backend("torch", device="cuda"):
        energies = tyxq.map(fn, thetas, hamiltonian, executor=client.get_executor(), chunk=512)

(``dask cuda worker`` gives each worker one GPU as ``cuda:0``, so the
caller's ``device="cuda"`` or ``"cuda:0"`` means each worker's own GPU.)

Example:
    >>> import numpy as np, tyxq
    >>> thetas = np.linspace(0.0, np.pi, 5)
    >>> tyxq.map(lambda theta: tyxq.Circuit(1).ry(0, theta), thetas, tyxq.Z(0), chunk=2).round(6).tolist()
    [1.0, 0.707107, 0.0, -0.707107, -1.0]
"""

from __future__ import annotations

import contextvars
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np

from .api import expectation
from .arguments import check_count, check_shots
from .backends.protocol import Array, Backend
from .circuit import Circuit
from .context import get_backend
from .errors import ChunkError, ConfigurationError, ParameterError, ShotsError
from .execution.keywords import refuse_mode_options
from .execution.protocol import ExecutionMode, resolve_mode
from .execution.shot_vectors import is_shot_vector
from .futures import default_executor
from .observables import Observable
from .progress import progress_bar
from .remote import RemoteSelection, check_executor, portable_seed, run_with, runs_in_process

__all__ = ["DEFAULT_CHUNK", "MAX_CHUNK", "map"]

DEFAULT_CHUNK = 128
"""Parameter sets per task by default: 128 states of 14 qubits are 32 MiB in complex128."""

MAX_CHUNK = 2**20
"""The most parameter sets one task simulates as a batch (a million states: 16 GiB already at 10 qubits)."""


@dataclass(frozen=True)
class _ChunkEvaluation:
    """One chunk's batched expectation, returned as a host array with the chunk's batch axis."""

    fn: Callable[[Any], Circuit]
    observable: Observable | Sequence[Observable]
    mode: ExecutionMode | None  # None in a worker process, where the recreated selection is active
    shots: int | None

    def __call__(self, parameters: np.ndarray, seed: np.random.SeedSequence) -> np.ndarray:
        values = expectation(
            self.fn,
            self.observable,
            parameters,
            mode=self.mode,
            shots=self.shots,
            seed=np.random.default_rng(seed),
            batch_axes=0,
        )
        host = np.asarray(get_backend().to_numpy(values))
        batched_ndim = 2 if isinstance(self.observable, (list, tuple)) else 1
        # a function whose gates ignore its parameters builds an unbatched circuit, without the batch axis
        return host if host.ndim == batched_ndim else np.broadcast_to(host, (len(parameters), *host.shape))


def map(
    fn: Callable[[Any], Circuit],
    parameter_sets: Any,
    observable: Observable | Sequence[Observable],
    *,
    executor: Executor | None = None,
    chunk: int = DEFAULT_CHUNK,
    mode: str | ExecutionMode | None = None,
    shots: int | None = None,
    seed: Any = None,
    progress: bool | None = None,
    **mode_options: Any,
) -> Array:
    """⟨observable⟩ of ``fn(p)`` for every parameter set ``p``, chunk by chunk on ``executor``.

    Args:
        fn: builds the circuit of one parameter set, ``fn(parameter_sets[i])``;
            picklable for an executor of other processes (module docstring).
        parameter_sets: an array of any backend (or nested lists) whose first
            axis runs over the ``N`` sets; each set is a number or an array of
            one shape. They travel as NumPy arrays: ``map`` computes values,
            not gradients (differentiate a batched ``tyxq.expectation``).
        observable: as for :func:`tyxq.expectation`: one, or a list.
        executor: a :class:`concurrent.futures.Executor`; ``None`` for tyxq's
            thread pool.
        chunk: parameter sets per task, each task one batched simulation.
        mode, shots, seed: as for :func:`tyxq.expectation` (a mode object
            with its options, ``mode=tyxq.DensityMatrixMode(noise=model)``,
            runs on every executor); the seed is spread over the chunks as
            the module docstring says.
        progress: a bar over the chunks as they finish, through ``tqdm``
            (``pip install "tyxq[progress]"``): ``None`` shows one on a
            terminal when there is more than one chunk, ``False`` never.
        mode_options: refused, as by :func:`tyxq.expectation`: options go
            with the mode object.

    Returns:
        A real array of the active backend, ``(N,)`` for one observable and
        ``(N, K)`` for a list of ``K``, in the order of ``parameter_sets``.

    Example:
        >>> import numpy as np, tyxq
        >>> def ansatz(p):
        ...     return tyxq.Circuit(2).ry(0, p[0]).ry(1, p[1]).cnot(0, 1)
        >>> sets = np.array([[0.0, 0.0], [np.pi, 0.0], [0.0, np.pi]])
        >>> tyxq.map(ansatz, sets, [tyxq.Z(0), tyxq.Z(1)], chunk=2).round(6).tolist()
        [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]]
        >>> tyxq.map(ansatz, sets, tyxq.Z(1), mode="shots", shots=100, seed=3).tolist()
        [1.0, -1.0, -1.0]
    """
    refuse_mode_options("map", mode, mode_options)
    executor = default_executor() if executor is None else check_executor(executor)
    size = _chunk_size(chunk)
    backend = get_backend()
    parameters = _host_parameters(parameter_sets, backend)
    if is_shot_vector(shots):
        raise ShotsError(
            f"tyxq.map takes one shot count, got the shot vector shots={shots!r}: its chunks draw from separate "
            "streams; call tyxq.map once per count, or tyxq.submit / tyxq.expectation with the shot vector"
        )
    shots = None if shots is None else check_shots(shots)
    chosen = resolve_mode(mode)
    root = portable_seed(seed, chosen)
    ranges = [(start, min(start + size, len(parameters))) for start in range(0, len(parameters), size)]
    if runs_in_process(executor):
        task = _ChunkEvaluation(fn, observable, chosen, shots)
        futures = [
            executor.submit(contextvars.copy_context().run, task, parameters[start:stop], _chunk_seed(root, index))
            for index, (start, stop) in enumerate(ranges)
        ]
    else:
        task = _ChunkEvaluation(fn, observable, None, shots)
        selection = RemoteSelection.capture(backend, chosen)
        futures = [
            executor.submit(run_with, selection, task, parameters[start:stop], _chunk_seed(root, index))
            for index, (start, stop) in enumerate(ranges)
        ]
    bar = progress_bar(len(ranges), progress if progress is not None or len(ranges) > 1 else False, "tyxq.map")
    try:
        results = _gather(futures, ranges, bar)
    finally:
        bar.close()
    return backend.asarray(np.concatenate(results), dtype=backend.real_dtype)


def _chunk_seed(root: int, index: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(root, spawn_key=(index,))


def _chunk_size(chunk: Any) -> int:
    return check_count(
        "chunk",
        chunk,
        limit=MAX_CHUNK,
        error=ConfigurationError,
        too_many=f"a task simulates its chunk as one batch: use the default chunk={DEFAULT_CHUNK}, or a few thousand",
    )


def _host_parameters(parameter_sets: Any, backend: Backend) -> np.ndarray:
    """The parameter sets as a float64 NumPy array ``(N, ...)``, the form every worker can read."""
    if backend.is_array(parameter_sets):
        parameter_sets = backend.to_numpy(parameter_sets)
    try:
        host = np.asarray(parameter_sets, dtype=np.float64)
    except (ValueError, TypeError) as error:
        raise ParameterError(f"{_ragged(parameter_sets)}; {error}") from error
    if host.ndim == 0 or len(host) == 0:
        raise ParameterError(
            f"tyxq.map needs at least one parameter set along the first axis, got an array of shape {host.shape}; "
            "pass the sets stacked, e.g. numpy.array([[0.1, 0.2], [0.3, 0.4]]) for two sets of two parameters"
        )
    return host


def _ragged(parameter_sets: Any) -> str:
    """What is wrong with parameter sets that NumPy cannot stack into one array of numbers."""
    try:
        shapes = [np.shape(member) for member in parameter_sets]
    except (ValueError, TypeError):
        shapes = []
    for index, shape in enumerate(shapes):
        if shape != shapes[0]:
            return (
                f"parameter set {index} has shape {shape} but set 0 has shape {shapes[0]}; every parameter set "
                "needs the same shape (pad them, or call tyxq.map once per shape)"
            )
    return "the parameter sets must be numbers, or arrays of numbers of one shape"


def _gather(futures: list[Future[np.ndarray]], ranges: list[tuple[int, int]], bar: Any) -> list[np.ndarray]:
    """The chunks' results in order; the first failure cancels the rest and raises a :class:`ChunkError`."""
    position = {id(future): index for index, future in enumerate(futures)}
    for future in as_completed(futures):
        error = future.exception()
        if error is not None:
            for other in futures:
                other.cancel()
            index = position[id(future)]
            raise _chunk_error(error, index, *ranges[index]) from error
        bar.update(1)
    return [future.result() for future in futures]


def _chunk_error(error: BaseException, index: int, start: int, stop: int) -> ChunkError:
    cause = f"{type(error).__name__}: {error}"
    hint = "fix the cause above; a lost worker's chunk is rerun by a Dask scheduler (allowed-failures)"
    if isinstance(error, pickle.PicklingError) or "pickle" in str(error).lower():
        hint = (
            "work sent to other processes must be picklable: define fn at the top level of a module for a "
            "ProcessPoolExecutor, or use a Dask executor (cloudpickle sends lambdas and closures)"
        )
    return ChunkError(
        f"chunk {index} of tyxq.map (parameter sets {start} to {stop - 1}) failed: {cause}\n{hint}",
        index,
        start,
        stop,
    )
