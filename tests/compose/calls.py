"""Running one row of the composition matrix: the mode object, the parameters, the call, and where it runs.

Every result comes back as host NumPy data (counts as dicts), with the batch
axis kept for batched rows.
"""

from __future__ import annotations

import contextlib
import functools
import zlib
from concurrent.futures import Executor
from typing import Any

import numpy as np

import tyxq
from tyxq.futures import submit_call

from .cases import CASES, N_PARAMS, ONE_OBSERVABLE, SEVERAL_OBSERVABLES, build, noise_model, observable
from .product import Row

SHOTS = 40_000
"""Shots per sampled estimate, per verb call and in the shots mode."""

TRAJECTORIES = 4_000
"""Trajectories per estimate in the trajectories mode: with a batch of 2 on 5 qubits (3, and 2 holding measured
bits) they stay under 2**18 amplitudes in all, above which the numpy backend's blocked in-place path takes
about 50x longer on such small states."""

GRADIENT_TRAJECTORIES = 1_000
"""Trajectories per estimate in gradient rows: a shift rule runs them for every shifted circuit at once, so
fewer keep the whole batch under the same 2**18 amplitudes."""

BATCH = 2

SHOT_VECTOR = (SHOTS // 4, 3 * SHOTS // 4)
"""The shot vector of the ``shot_vector:`` rows: each entry checked within its own error."""


def mode_object(row: Row) -> Any:
    """A fresh mode object with its options: seeded from the row, with the case's noise model where it has one."""
    noise = noise_model(CASES[row.case])
    options = {} if noise is None else {"noise": noise}
    if row.mode == "statevector":
        return tyxq.StatevectorMode()
    if row.mode == "shots":
        return tyxq.ShotsMode(shots=SHOTS, seed=row.seed)
    if row.mode == "density_matrix":
        return tyxq.DensityMatrixMode(**options)
    if row.mode == "density_matrix_shots":
        return tyxq.DensityMatrixMode(shots=SHOTS, seed=row.seed, **options)
    return tyxq.TrajectoriesMode(trajectories=trajectories(row), seed=row.seed, **options)


def trajectories(row: Row) -> int:
    return GRADIENT_TRAJECTORIES if row.method is not None else TRAJECTORIES


def host_parameters(row: Row) -> np.ndarray:
    """The row's parameters: ``(P,)`` or ``(BATCH, P)`` angles, fixed per circuit and batching."""
    rng = np.random.default_rng(zlib.crc32(f"{row.case}-{row.batching}".encode()))
    shape = (BATCH, N_PARAMS) if row.batching == "batched" else (N_PARAMS,)
    return rng.uniform(-np.pi, np.pi, size=shape)


def reading(row: Row) -> dict[str, list[int]]:
    """What probabilities, sample and counts read: qubits, or the case's classical bits."""
    return {key: list(value) for key, value in CASES[row.case].read.items()}


def observables(row: Row) -> Any:
    if row.verb.endswith("expectations"):
        return [observable(terms) for terms in SEVERAL_OBSERVABLES]
    return observable(ONE_OBSERVABLE)


def _host(value: Any) -> Any:
    if isinstance(value, tuple):  # a shot vector's results, one per count
        return tuple(_host(part) for part in value)
    if isinstance(value, (dict, list)) and (not value or isinstance(value, dict) or isinstance(value[0], dict)):
        return value
    return np.asarray(tyxq.get_backend().to_numpy(value))


def run(row: Row, pool: Executor) -> Any:
    """The row's call on its backend, in its place, with its mode spelled its way: host results."""
    with tyxq.use_backend(row.backend):
        backend = tyxq.get_backend()
        mode = mode_object(row)
        given = mode if row.spelling == "argument" else None
        context = tyxq.use_execution_mode(mode) if row.spelling == "context" else contextlib.nullcontext()
        params = backend.asarray(host_parameters(row), dtype=backend.real_dtype)
        with context:
            if row.place == "process":
                return _in_process(row, given, params, pool)
            call = functools.partial(_call, row, given, params)
            if row.place == "thread" and row.verb in ("expectation", "expectations"):
                circuit = build(row.case, params)
                return _host(tyxq.submit(circuit, observables(row), mode=given, seed=row.seed).result())
            return call() if row.place == "inline" else submit_call(call).result()


def _call(row: Row, mode: Any, params: Any) -> Any:
    """The verb itself, inline (or inside a submitted task)."""
    if row.method is not None:
        obs = observables(row)

        def energy(p: Any) -> Any:
            return tyxq.expectation(build(row.case, p), obs, mode=mode)

        value, gradient = tyxq.value_and_grad(energy, method=row.method)(params)
        return _host(value), _host(gradient)
    circuit = build(row.case, params)
    if row.shot_vector:
        return _shot_vector_call(row, mode, circuit)
    if row.verb == "state":
        return _host(tyxq.state(circuit, mode=mode))
    if row.verb == "density_matrix":
        return _host(tyxq.density_matrix(circuit, qubits=[2, 0], mode=mode))
    if row.verb == "probabilities":
        return _host(tyxq.probabilities(circuit, mode=mode, seed=row.seed, **reading(row)))
    if row.verb in ("expectation", "expectations"):
        return _host(tyxq.expectation(circuit, observables(row), mode=mode, seed=row.seed))
    if row.verb == "sample":
        return _host(tyxq.sample(circuit, SHOTS, mode=mode, seed=row.seed, **reading(row)))
    if row.verb == "counts":
        return tyxq.counts(circuit, SHOTS, mode=mode, seed=row.seed, **reading(row))
    raise ValueError(f"unknown verb {row.verb!r}")


def _shot_vector_call(row: Row, mode: Any, circuit: tyxq.Circuit) -> Any:
    """The row's verb given :data:`SHOT_VECTOR`: a tuple of host results, one per count."""
    verb = row.verb.split(":", 1)[1]
    shots = list(SHOT_VECTOR)
    if verb == "probabilities":
        return _host(tyxq.probabilities(circuit, mode=mode, shots=shots, seed=row.seed, **reading(row)))
    if verb == "expectations":
        return _host(tyxq.expectation(circuit, observables(row), mode=mode, shots=shots, seed=row.seed))
    if verb == "sample":
        return _host(tyxq.sample(circuit, shots, mode=mode, seed=row.seed, **reading(row)))
    return tyxq.counts(circuit, shots, mode=mode, seed=row.seed, **reading(row))


def _in_process(row: Row, mode: Any, params: Any, pool: Executor) -> Any:
    """``tyxq.submit`` (one parameter set) or ``tyxq.map`` (a batch) on the spawned process pool."""
    fn = functools.partial(build, row.case)
    if row.batching == "unbatched":
        return _host(tyxq.submit(fn, observables(row), params, executor=pool, mode=mode, seed=row.seed).result())
    return _host(tyxq.map(fn, params, observables(row), executor=pool, chunk=1, mode=mode, seed=row.seed))
