"""tyxq.map on a Dask cluster: a parameter sweep on one worker process and on two, measured in one run.

Workload: 2,048 parameter sets of a 14-qubit circuit (2 layers of [RY on every
qubit; CNOT(i, i+1) for i < 13], 28 parameters) and H = Σ Z_i Z_{i+1}, on the
numpy backend in complex128, as ``tyxq.map(..., chunk=32)``: 64 tasks, each
one batched simulation of 32 states (8 MiB, so that two workers' states and
their temporaries share a 32 MiB L3 cache; chunks of 128 states, 32 MiB each,
make both workers wait on memory instead). The clusters are
``distributed.LocalCluster(n_workers=k, processes=True, threads_per_worker=1)``
on loopback; each worker's array library runs on one thread (Dask's nanny
sets ``OMP_NUM_THREADS=1``), so the workers, not threads, use the cores. Only
the public call ``tyxq.map`` is timed, after one untimed warm-up call per
cluster (workers import tyxq and build their plans there); each figure is the
best of ``--repeats`` rounds. The target: two workers at least 1.5x one on a
2-core machine. The ratio cannot beat the parallelism the machine has free,
so the run also measures that ceiling: the same pure-Python loop run twice
in one process and once in each of two processes.

Run: ``nox -s bench`` or ``python benchmarks/bench_dask.py [--sets 2048] [--repeats 2] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from distributed import Client, LocalCluster

import tyxq

QUBITS, LAYERS, CHUNK = 14, 2, 32
HAMILTONIAN = sum(tyxq.Z(q) @ tyxq.Z(q + 1) for q in range(QUBITS - 1))


def ansatz(p: np.ndarray) -> tyxq.Circuit:
    """The benchmark circuit of one parameter set ``p`` of shape ``(LAYERS * QUBITS,)``."""
    circuit = tyxq.Circuit(QUBITS)
    for layer in range(LAYERS):
        for qubit in range(QUBITS):
            circuit.ry(qubit, p[layer * QUBITS + qubit])
        for qubit in range(QUBITS - 1):
            circuit.cnot(qubit, qubit + 1)
    return circuit


def sweep(workers: int, sets: np.ndarray, repeats: int) -> tuple[float, np.ndarray]:
    """Best seconds of ``tyxq.map`` over ``sets`` on a local cluster of ``workers`` processes, and its values."""
    with (
        LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(workers, timeout=120)
        executor = client.get_executor()
        tyxq.map(ansatz, sets[: CHUNK * workers], HAMILTONIAN, chunk=CHUNK, executor=executor)  # warm-up
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            values = tyxq.map(ansatz, sets, HAMILTONIAN, chunk=CHUNK, executor=executor)
            best = min(best, time.perf_counter() - start)
    return best, values


def spin(iterations: int) -> int:
    total = 0
    for i in range(iterations):
        total += i
    return total


def free_parallelism(iterations: int = 5_000_000) -> float:
    """How much faster two processes run two pure-Python loops than one process runs both, now."""
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(spin, [1, 1])  # the processes are up
        start = time.perf_counter()
        spin(iterations)
        spin(iterations)
        serial = time.perf_counter() - start
        start = time.perf_counter()
        pool.map(spin, [iterations, iterations])
        return serial / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/dask.json"))
    args = parser.parse_args()
    sets = np.random.default_rng(0).uniform(0.0, 2 * np.pi, size=(args.sets, LAYERS * QUBITS))
    load_before = os.getloadavg()[0]
    one_s, one_values = sweep(1, sets, args.repeats)
    two_s, two_values = sweep(2, sets, args.repeats)
    ceiling = free_parallelism()
    if not np.array_equal(one_values, two_values):
        raise SystemExit("one worker and two workers gave different values: the sweep is not worker-independent")
    result: dict[str, Any] = {
        "qubits": QUBITS,
        "sets": args.sets,
        "chunk": CHUNK,
        "cpus": os.cpu_count(),
        "one_worker_s": one_s,
        "two_workers_s": two_s,
        "one_worker_sets_per_s": args.sets / one_s,
        "two_workers_sets_per_s": args.sets / two_s,
        "ratio": one_s / two_s,
        "free_parallelism": ceiling,
        "load_average_1min": [load_before, os.getloadavg()[0]],  # other work on the machine takes from the ratio
    }
    print(f"tyxq.map on Dask: {args.sets} sets of a {QUBITS}-qubit circuit, chunk {CHUNK}, {os.cpu_count()} CPUs")
    print(f"{'cluster':<28}{'seconds':>10}{'sets/s':>10}")
    print(f"{'1 worker':<28}{one_s:>10.2f}{result['one_worker_sets_per_s']:>10.0f}")
    print(f"{'2 workers':<28}{two_s:>10.2f}{result['two_workers_sets_per_s']:>10.0f}")
    print(f"{'ratio (2 workers / 1)':<28}{result['ratio']:>10.2f}x  target >= 1.5x")
    print(f"{'ceiling (2 processes / 1)':<28}{ceiling:>10.2f}x  a pure-Python loop, measured just after")
    before, after = result["load_average_1min"]
    print(f"load average (1 min) before and after: {before:.1f}, {after:.1f} on {os.cpu_count()} CPUs")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
