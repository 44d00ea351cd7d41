"""tyxq.map and tyxq.submit on a real Dask cluster: two worker processes on loopback, numpy and torch.

The cluster lives for the module. Tests that kill workers run last and wait
for the nannies to bring the workers back.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import dask
import numpy as np
import pytest
import torch
from distributed import Client, LocalCluster, get_task_stream
from distributed.scheduler import KilledWorker

import tyxq

OBSERVABLES = [tyxq.Z(0), tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(2)]
SETS = np.random.default_rng(3).uniform(0.0, np.pi, size=(24, 3))
SHOTS = {"mode": "shots", "shots": 500, "seed": 21}
BACKENDS = [("numpy", "complex128"), ("torch", "complex64"), ("torch", "complex128")]
TIMEOUT = 60  # seconds: a cluster start, a worker restart, a wait for workers


def ansatz(p):
    return tyxq.Circuit(3).ry(0, p[0]).rx(1, p[1]).cnot(0, 1).ry(2, p[2]).cnot(1, 2)


def exit_once(marker: str, p):
    """Kills the worker that first runs it (the marker file says it happened), then builds the ansatz."""
    path = Path(marker)
    if not path.exists():
        path.touch()
        os._exit(1)
    return ansatz(p)


def exit_always(p):
    os._exit(1)


@pytest.fixture(scope="module")
def client():
    # one lost worker per task is forgiven (rerun elsewhere); a second makes the task fail
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with (
            LocalCluster(
                n_workers=2,
                processes=True,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                timeout=TIMEOUT,
            ) as cluster,
            Client(cluster, timeout=TIMEOUT) as client,
        ):
            client.wait_for_workers(2, timeout=TIMEOUT)
            yield client


@pytest.fixture
def executor(client):
    client.wait_for_workers(2, timeout=TIMEOUT)
    return client.get_executor()


def local_and_dask(executor, backend, dtype, **options):
    with tyxq.use_backend(backend, dtype=dtype):
        local = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=5, **options)
        remote = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=5, executor=executor, **options)
    return local, remote


@pytest.mark.parametrize(("backend", "dtype"), BACKENDS)
def test_exact_values_on_the_cluster_equal_the_local_map(executor, backend, dtype):
    local, remote = local_and_dask(executor, backend, dtype)
    assert type(remote) is type(local) and remote.dtype == local.dtype and remote.shape == (24, 2)
    tolerance = 1e-6 if dtype == "complex64" else 1e-12
    np.testing.assert_allclose(np.asarray(remote), np.asarray(local), rtol=0, atol=tolerance)


@pytest.mark.parametrize(("backend", "dtype"), BACKENDS)
def test_shot_estimates_on_the_cluster_equal_the_local_map(executor, backend, dtype):
    local, remote = local_and_dask(executor, backend, dtype, **SHOTS)
    assert type(remote) is type(local) and remote.dtype == local.dtype
    np.testing.assert_array_equal(np.asarray(remote), np.asarray(local))


NOISE = tyxq.NoiseModel().add("depolarizing", 0.05, gates=["cnot"]).add_readout_error([[0.95, 0.1], [0.05, 0.9]])
NOISY_MODES = [
    {"mode": "density_matrix"},
    {"mode": tyxq.DensityMatrixMode(noise=NOISE)},
    {"mode": tyxq.DensityMatrixMode(noise=NOISE, shots=300), "seed": 4},
    {"mode": tyxq.TrajectoriesMode(trajectories=32, noise=NOISE), "seed": 5},
]


@pytest.mark.parametrize("options", NOISY_MODES, ids=lambda options: repr(options["mode"]))
def test_noisy_modes_on_the_cluster_equal_the_local_map(executor, options):
    local, remote = local_and_dask(executor, "numpy", "complex128", **options)
    np.testing.assert_allclose(np.asarray(remote), np.asarray(local), rtol=0, atol=1e-12)


def test_a_noisy_mode_in_a_block_reaches_a_submission_on_the_cluster(executor):
    circuit = ansatz(SETS[0])
    with tyxq.use_execution_mode(tyxq.DensityMatrixMode(noise=NOISE)):
        local = tyxq.expectation(circuit, OBSERVABLES)
        remote = tyxq.submit(circuit, OBSERVABLES, executor=executor).result(timeout=TIMEOUT)
    np.testing.assert_allclose(remote, local, rtol=0, atol=1e-12)
    assert not np.allclose(local, tyxq.expectation(circuit, OBSERVABLES), atol=1e-3)


def test_the_chunks_run_on_both_workers(client, executor):
    with get_task_stream(client) as stream:
        tyxq.map(ansatz, np.tile(SETS, (4, 1)), OBSERVABLES, chunk=6, executor=executor)
    assert len({task["worker"] for task in stream.data}) == 2


def test_a_cluster_of_one_worker_gives_the_results_of_two(client, executor):
    one_worker = client.get_executor(workers=[next(iter(client.scheduler_info()["workers"]))])
    on_two = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=4, executor=executor, **SHOTS)
    on_one = tyxq.map(ansatz, SETS, OBSERVABLES, chunk=4, executor=one_worker, **SHOTS)
    np.testing.assert_array_equal(on_one, on_two)


def test_lambdas_travel_to_dask_workers(executor):
    thetas = np.linspace(0.0, np.pi, 9)
    result = tyxq.map(lambda t: tyxq.Circuit(1).ry(0, t), thetas, tyxq.Z(0), chunk=4, executor=executor)
    np.testing.assert_allclose(result, np.cos(thetas), atol=1e-12)


def test_submit_on_the_cluster_returns_the_callers_backend_array(executor):
    with tyxq.use_backend("torch", dtype="complex64"):
        local = tyxq.expectation(ansatz, OBSERVABLES, SETS[0], mode="shots", shots=100, seed=4)
        remote = tyxq.submit(ansatz, OBSERVABLES, SETS[0], mode="shots", shots=100, seed=4, executor=executor)
        value = remote.result(timeout=TIMEOUT)
    assert isinstance(value, torch.Tensor) and value.dtype == torch.float32
    assert torch.equal(value, local)


def test_torch_tensors_are_parameter_sets_too(executor):
    with tyxq.use_backend("torch"):
        from_tensor = tyxq.map(ansatz, torch.tensor(SETS), OBSERVABLES, executor=executor)
        from_array = tyxq.map(ansatz, SETS, OBSERVABLES, executor=executor)
    assert torch.equal(from_tensor, from_array)


# these two kill workers: keep them last


def test_a_chunk_whose_worker_dies_runs_again_on_another(executor, tmp_path):
    marker = tmp_path / "killed-one-worker"
    result = tyxq.map(functools.partial(exit_once, str(marker)), SETS, OBSERVABLES, chunk=6, executor=executor)
    assert marker.exists()  # a worker really died
    np.testing.assert_allclose(result, tyxq.map(ansatz, SETS, OBSERVABLES, chunk=6), atol=1e-12)


def test_a_chunk_that_kills_every_worker_it_meets_is_reported_with_its_range(executor):
    with pytest.raises(tyxq.ChunkError, match=r"chunk 0 of tyxq.map \(parameter sets 0 to 23\) failed") as caught:
        tyxq.map(exit_always, SETS, tyxq.Z(0), chunk=24, executor=executor)
    assert isinstance(caught.value.__cause__, KilledWorker)
