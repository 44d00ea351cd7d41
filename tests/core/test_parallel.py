"""tyxq.map and tyxq.submit(executor=...): chunks as batched simulations, on threads and on other processes."""

from __future__ import annotations

import functools
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest

import tyxq
from tyxq.execution import ShotsMode

OBSERVABLES = [tyxq.Z(0), tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(1)]
SETS = np.random.default_rng(11).uniform(0.0, np.pi, size=(10, 3))


def ansatz(p):
    return tyxq.Circuit(2).ry(0, p[0]).rx(1, p[1]).cnot(0, 1).ry(1, p[2])


def exit_the_worker(p):
    os._exit(3)


def fail_on_large_angles(p):
    if float(p[0]) > 2.5:
        raise ValueError("an angle above 2.5")
    return ansatz(p)


@pytest.fixture(scope="module")
def processes():
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def chunk_rng(seed, index):
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))


def test_map_equals_one_batched_simulation_of_every_set():
    expected = tyxq.expectation(ansatz, OBSERVABLES, SETS, batch_axes=0)
    result = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=3)
    assert result.shape == (10, 2)
    np.testing.assert_allclose(result, expected, atol=1e-12)


def test_map_of_one_observable_gives_one_value_per_set_in_order():
    thetas = np.linspace(0.0, np.pi, 7)
    result = tyxq.map(lambda t: tyxq.Circuit(1).ry(0, t), thetas, tyxq.Z(0), chunk=2)
    np.testing.assert_allclose(result, np.cos(thetas), atol=1e-12)


def test_each_chunk_draws_from_the_seed_sequence_spawned_by_its_index():
    result = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=4, mode="shots", shots=200, seed=9)
    expected = [
        tyxq.expectation(
            ansatz, OBSERVABLES, SETS[start : start + 4], batch_axes=0, mode="shots", shots=200, seed=chunk_rng(9, i)
        )
        for i, start in enumerate(range(0, 10, 4))
    ]
    np.testing.assert_array_equal(result, np.concatenate(expected))


def test_the_chunk_size_decides_which_sets_share_a_generator():
    by_two = tyxq.map(ansatz, SETS, tyxq.Z(1), chunk=2, mode="shots", shots=200, seed=9)
    by_five = tyxq.map(ansatz, SETS, tyxq.Z(1), chunk=5, mode="shots", shots=200, seed=9)
    assert not np.array_equal(by_two, by_five)


def test_a_generator_seed_advances_between_maps_and_reproduces_from_its_own_seed():
    first_generator, second_generator = np.random.default_rng(4), np.random.default_rng(4)
    first = [tyxq.map(ansatz, SETS, tyxq.Z(1), mode="shots", shots=100, seed=first_generator) for _ in range(2)]
    second = tyxq.map(ansatz, SETS, tyxq.Z(1), mode="shots", shots=100, seed=second_generator)
    assert not np.array_equal(first[0], first[1])
    np.testing.assert_array_equal(first[0], second)


def test_no_seed_draws_the_root_from_the_modes_own_generator():
    first = tyxq.map(ansatz, SETS, tyxq.Z(1), mode=ShotsMode(shots=100, seed=5))
    again = tyxq.map(ansatz, SETS, tyxq.Z(1), mode=ShotsMode(shots=100, seed=5))
    np.testing.assert_array_equal(first, again)


def test_a_chunk_of_equal_sets_keeps_one_value_per_set():
    result = tyxq.map(ansatz, np.ones((4, 3)), [tyxq.Z(0)], chunk=4)
    assert result.shape == (4, 1)
    np.testing.assert_allclose(result[:, 0], math.cos(1.0), atol=1e-12)


def test_results_are_arrays_of_the_callers_backend_and_dtype():
    with tyxq.use_backend("numpy", dtype="complex64"):
        result = tyxq.map(ansatz, SETS, tyxq.Z(0))
    assert result.dtype == np.float32


@pytest.mark.parametrize("executor", [None, ThreadPoolExecutor(max_workers=1)], ids=["tyxq-pool", "one-thread"])
def test_thread_executors_give_the_results_of_the_default_pool(executor):
    reference = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=3, mode="shots", shots=300, seed=1)
    result = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=3, mode="shots", shots=300, seed=1, executor=executor)
    np.testing.assert_array_equal(result, reference)


@pytest.mark.parametrize("mode", [{}, {"mode": "shots", "shots": 300, "seed": 1}], ids=["exact", "shots"])
def test_a_process_pool_gives_the_results_of_the_thread_pool(processes, mode):
    with tyxq.use_backend("numpy", dtype="complex64"):
        local = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=3, **mode)
        remote = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=3, executor=processes, **mode)
    assert remote.dtype == np.float32
    np.testing.assert_array_equal(remote, local)


def test_a_process_pool_recreates_the_callers_mode_with_its_options(processes):
    with tyxq.use_execution_mode(ShotsMode(shots=50, seed=2)):
        local = tyxq.map(ansatz, SETS, tyxq.Z(1), seed=8)
        remote = tyxq.map(ansatz, SETS, tyxq.Z(1), seed=8, executor=processes)
    assert np.all(np.round(remote * 50) % 2 == 0)  # estimates from the mode's 50 shots are multiples of 2/50
    np.testing.assert_array_equal(remote, local)


def test_partial_functions_travel_to_a_process_pool(processes):
    bound = functools.partial(fail_on_large_angles)
    result = tyxq.map(bound, SETS[SETS[:, 0] <= 2.5], tyxq.Z(0), executor=processes)
    np.testing.assert_allclose(result, np.cos(SETS[SETS[:, 0] <= 2.5, 0]), atol=1e-12)


def test_an_error_in_a_chunk_names_the_chunk_and_keeps_the_cause():
    sets = np.array([[0.1, 0, 0], [0.2, 0, 0], [0.3, 0, 0], [3.0, 0, 0], [0.4, 0, 0]])
    with pytest.raises(tyxq.ChunkError, match=r"chunk 1 of tyxq.map \(parameter sets 2 to 3\)") as caught:
        tyxq.map(fail_on_large_angles, sets, tyxq.Z(0), chunk=2)
    assert (caught.value.index, caught.value.start, caught.value.stop) == (1, 2, 4)
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_killed_worker_process_is_reported_with_its_chunk():
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        with pytest.raises(tyxq.ChunkError, match=r"parameter sets \d+ to \d+\) failed: BrokenProcessPool") as caught:
            tyxq.map(exit_the_worker, SETS, tyxq.Z(0), chunk=4, executor=pool)
    assert (caught.value.start, caught.value.stop) in [(0, 4), (4, 8), (8, 10)]
    assert isinstance(caught.value.__cause__, BrokenProcessPool)


def test_a_lambda_for_a_process_pool_is_reported_as_unpicklable(processes):
    with pytest.raises(tyxq.ChunkError, match="must be picklable"):
        tyxq.map(lambda p: ansatz(p), SETS, tyxq.Z(0), executor=processes)


def test_submit_runs_on_a_process_pool_with_the_callers_selection(processes):
    with tyxq.use_backend("numpy", dtype="complex64"):
        local = tyxq.expectation(ansatz, OBSERVABLES, SETS[0], mode="shots", shots=100, seed=6)
        remote = tyxq.submit(ansatz, OBSERVABLES, SETS[0], mode="shots", shots=100, seed=6, executor=processes)
        value = remote.result(timeout=60)
    assert value.dtype == np.float32
    np.testing.assert_array_equal(value, local)


def test_submit_on_a_process_pool_draws_a_generator_seed_in_the_caller(processes):
    generator = np.random.default_rng(0)
    futures = [
        tyxq.submit(ansatz, tyxq.Z(1), SETS[0], mode="shots", shots=100, seed=generator, executor=processes)
        for _ in range(2)
    ]
    first, second = (float(future.result(timeout=60)) for future in futures)
    assert first != second


def test_submit_on_a_thread_pool_sees_the_callers_backend():
    with ThreadPoolExecutor(max_workers=1) as pool, tyxq.use_backend("numpy", dtype="complex64"):
        future = tyxq.submit(ansatz, tyxq.Z(0), SETS[0], executor=pool)
    assert future.result(timeout=30).dtype == np.float32


def test_submit_errors_arrive_through_the_future(processes):
    future = tyxq.submit(tyxq.Circuit(1).h(0), tyxq.Z(3), executor=processes)
    assert isinstance(future.exception(timeout=60), tyxq.ObservableError)


# bad input


@pytest.mark.parametrize("executor", ["dask", 4, object()])
def test_an_executor_that_is_not_one_is_a_configuration_error(executor):
    with pytest.raises(tyxq.ConfigurationError, match=r"executor must be a concurrent\.futures\.Executor"):
        tyxq.map(ansatz, SETS, tyxq.Z(0), executor=executor)
    with pytest.raises(tyxq.ConfigurationError, match=r"executor must be a concurrent\.futures\.Executor"):
        tyxq.submit(ansatz, tyxq.Z(0), SETS[0], executor=executor)


@pytest.mark.parametrize("chunk", [0, -3, 2.5, True, "8"])
def test_a_chunk_that_is_not_a_positive_count_is_a_configuration_error(chunk):
    with pytest.raises(tyxq.ConfigurationError, match="chunk must be a whole number from 1 to"):
        tyxq.map(ansatz, SETS, tyxq.Z(0), chunk=chunk)


@pytest.mark.parametrize("sets", [np.zeros((0, 3)), [], 0.5], ids=["empty-array", "empty-list", "scalar"])
def test_no_parameter_sets_is_a_parameter_error(sets):
    with pytest.raises(tyxq.ParameterError, match="needs at least one parameter set"):
        tyxq.map(ansatz, sets, tyxq.Z(0))


def test_ragged_parameter_sets_are_a_parameter_error_naming_the_odd_set():
    with pytest.raises(tyxq.ParameterError, match=r"parameter set 2 has shape \(2,\) but set 0 has shape \(3,\)"):
        tyxq.map(ansatz, [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8]], tyxq.Z(0))


def test_parameter_sets_that_are_not_numbers_are_a_parameter_error():
    with pytest.raises(tyxq.ParameterError, match="must be numbers"):
        tyxq.map(ansatz, [["a", "b", "c"]], tyxq.Z(0))


@pytest.mark.parametrize("options", [{"shots": 0}, {"seed": -1}, {"seed": "seven"}])
def test_bad_shots_and_seeds_are_shots_errors_before_any_work(options):
    with pytest.raises(tyxq.ShotsError):
        tyxq.map(ansatz, SETS, tyxq.Z(0), mode="shots", **options)


def test_an_unregistered_backend_cannot_go_to_another_process(processes):
    class Renamed(type(tyxq.get_backend())):
        name = "renamed"

    with tyxq.use_backend(Renamed()), pytest.raises(tyxq.ConfigurationError, match="not a registered backend"):
        tyxq.map(ansatz, SETS, tyxq.Z(0), executor=processes)


def test_a_mode_whose_options_are_not_attributes_cannot_go_to_another_process(processes):
    class Forgetful(ShotsMode):
        def __init__(self, shots=None, seed=None, noise=0.0):
            super().__init__(shots, seed)

    with pytest.raises(tyxq.ConfigurationError, match="keeps its constructor option 'noise' under another name"):
        tyxq.map(ansatz, SETS, tyxq.Z(0), mode=Forgetful(shots=10), executor=processes)


NOISE = tyxq.NoiseModel().add("depolarizing", 0.1, gates=["cnot"]).add_readout_error([[0.95, 0.1], [0.05, 0.9]])
NOISY_MODES = [
    "density_matrix",
    tyxq.DensityMatrixMode(noise=NOISE),
    tyxq.TrajectoriesMode(trajectories=40, noise=NOISE),
    "trajectories",
]


@pytest.mark.parametrize("mode", NOISY_MODES, ids=repr)
def test_submit_runs_noisy_modes_in_another_process_as_here(processes, mode):
    circuit = ansatz(SETS[0])
    local = tyxq.expectation(circuit, OBSERVABLES, mode=mode, seed=4)
    remote = tyxq.submit(circuit, OBSERVABLES, executor=processes, mode=mode, seed=4).result()
    assert np.allclose(remote, local, atol=1e-12)


def test_a_noisy_mode_in_a_block_travels_to_another_process(processes):
    circuit = ansatz(SETS[1])
    mode = tyxq.DensityMatrixMode(noise=NOISE)
    with tyxq.use_execution_mode(mode):
        remote = tyxq.submit(circuit, OBSERVABLES, executor=processes).result()
    assert np.allclose(remote, tyxq.expectation(circuit, OBSERVABLES, mode=mode), atol=1e-12)
    assert not np.allclose(remote, tyxq.expectation(circuit, OBSERVABLES), atol=1e-3)


def test_shots_in_a_noisy_mode_draw_the_same_in_another_process(processes):
    circuit = ansatz(SETS[2])
    mode = tyxq.DensityMatrixMode(noise=NOISE, shots=200)
    local = tyxq.expectation(circuit, OBSERVABLES, mode=mode, seed=8)
    remote = tyxq.submit(circuit, OBSERVABLES, executor=processes, mode=mode, seed=8).result()
    assert np.array_equal(remote, local)


@pytest.mark.parametrize("mode", NOISY_MODES[1:3], ids=repr)
def test_map_runs_noisy_modes_on_processes_as_on_threads(processes, mode):
    on_threads = tyxq.map(ansatz, SETS, OBSERVABLES, mode=mode, chunk=4, seed=6)
    on_processes = tyxq.map(ansatz, SETS, OBSERVABLES, executor=processes, mode=mode, chunk=4, seed=6)
    assert np.allclose(on_processes, on_threads, atol=1e-12)


def test_a_mode_that_cannot_be_pickled_is_refused_before_any_work(processes):
    class Local(ShotsMode):  # a class defined in a function cannot be pickled by reference
        pass

    with pytest.raises(tyxq.ConfigurationError, match="cannot be sent to a worker process: pickling it failed"):
        tyxq.submit(ansatz(SETS[0]), tyxq.Z(0), executor=processes, mode=Local(shots=10))
