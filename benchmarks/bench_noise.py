"""Noise benchmark: the density-matrix mode at 10 qubits, and batched trajectories against one call per trajectory.

The circuit: ``layers`` layers of RX and RY on every qubit followed by a CNOT
ladder, with a depolarizing channel (p = 0.01) after every gate on each of
its qubits, given as a ``tyxq.NoiseModel``; the observable is ``Σ_i Z_i``.

- ``density_matrix``: one exact expectation at 10 qubits (a 20-qubit vector).
- ``trajectories``: 1,000 trajectories of the same circuit at 14 qubits in one
  call (one batched simulation), against 1,000 calls of the mode with one
  trajectory each (the loop a user would otherwise write); the ratio is the
  speed-up of batching.

Run: ``python benchmarks/bench_noise.py [--dm-qubits 10] [--qubits 14] [--trajectories 1000] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

import tyxq


def layered_circuit(n: int, layers: int, rng: np.random.Generator) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n)
    for _ in range(layers):
        circuit.rx(range(n), rng.uniform(0, np.pi, n)).ry(range(n), rng.uniform(0, np.pi, n))
        for q in range(n - 1):
            circuit.cnot(q, q + 1)
    return circuit


def total_z(n: int) -> tyxq.Hamiltonian:
    return tyxq.Hamiltonian(tuple(tyxq.Z(q) for q in range(n)))


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run(dm_qubits: int, qubits: int, trajectories: int, layers: int) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    model = tyxq.NoiseModel().add("depolarizing", 0.01)
    results: dict[str, Any] = {"layers": layers, "depolarizing_p": 0.01}

    circuit = layered_circuit(dm_qubits, layers, rng)
    with tyxq.use_backend("numpy", dtype="complex128"), tyxq.use_execution_mode(tyxq.DensityMatrixMode(noise=model)):
        seconds, value = timed(lambda: float(tyxq.expectation(circuit, total_z(dm_qubits))))
    results["density_matrix"] = {"qubits": dm_qubits, "seconds": seconds, "value": value}

    circuit = layered_circuit(qubits, layers, rng)
    observable = total_z(qubits)
    with tyxq.use_backend("numpy", dtype="complex128"):
        batched_mode = tyxq.TrajectoriesMode(trajectories=trajectories, seed=1, noise=model)
        batched, batched_value = timed(lambda: float(tyxq.expectation(circuit, observable, mode=batched_mode)))
        single_mode = tyxq.TrajectoriesMode(trajectories=1, seed=1, noise=model)
        looped, looped_values = timed(
            lambda: [float(tyxq.expectation(circuit, observable, mode=single_mode)) for _ in range(trajectories)]
        )
    results["trajectories"] = {
        "qubits": qubits,
        "trajectories": trajectories,
        "batched_seconds": batched,
        "one_call_per_trajectory_seconds": looped,
        "speedup": looped / batched,
        "batched_value": batched_value,
        "looped_value": float(np.mean(looped_values)),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dm-qubits", type=int, default=10)
    parser.add_argument("--qubits", type=int, default=14)
    parser.add_argument("--trajectories", type=int, default=1000)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = run(args.dm_qubits, args.qubits, args.trajectories, args.layers)
    dm, tr = results["density_matrix"], results["trajectories"]
    print(
        f"density_matrix, {dm['qubits']} qubits, {args.layers} layers: {dm['seconds']:.3f} s  "
        f"(⟨ΣZ⟩ = {dm['value']:.6f})"
    )
    print(
        f"trajectories, {tr['qubits']} qubits, {tr['trajectories']} trajectories: "
        f"batched {tr['batched_seconds']:.2f} s, "
        f"one call per trajectory {tr['one_call_per_trajectory_seconds']:.2f} s, speed-up {tr['speedup']:.1f}x  "
        f"(⟨ΣZ⟩ {tr['batched_value']:.4f} and {tr['looped_value']:.4f})"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
