"""Core benchmark: the 22-qubit circuit on numpy against this machine's memory floor, and sampling.

The circuit: H on every qubit, a CNOT chain, RZ on every qubit (65 gates for
22 qubits), complex128, starting from a dense random state so nothing can be
folded away. The floor is 65 × one in-place pass over the state at the speed
numpy scales it (``psi *= 1.000001``), measured in the same run. numpy
simulates a state this large in place, block by block (tyxq.kernels.blocked):
the first run costs what later ones do, plus compiling the plan. Peak memory
and the first call at 24 and 26 qubits are in bench_memory.py.

Run: ``nox -s bench`` or ``python benchmarks/bench_core.py [--qubits 22] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import tyxq
from tyxq.kernels.plan import compile_plan


def best_of(fn: Callable[[], Any], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def layered_circuit(n: int, inputs: Any) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n, inputs=inputs).h(range(n))
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    return circuit.rz(range(n), 0.37)


def memory_floor(psi: np.ndarray, passes: int, repeats: int) -> float:
    work = psi.copy()

    def one_pass() -> None:
        work.__imul__(1.000001)

    return passes * best_of(one_pass, repeats)


def run(n_qubits: int, repeats: int) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    psi = rng.standard_normal(2**n_qubits) + 1j * rng.standard_normal(2**n_qubits)
    psi /= np.linalg.norm(psi)
    circuit = layered_circuit(n_qubits, psi)
    n_gates = len(circuit)
    floor = memory_floor(psi, n_gates, repeats)
    with tyxq.use_backend("numpy", dtype="complex128"):
        cold_start = time.perf_counter()
        tyxq.state(circuit)
        cold = time.perf_counter() - cold_start
        warm = best_of(lambda: tyxq.state(circuit), repeats)
    plan_steps = len(compile_plan(circuit).steps)

    def sampler() -> tyxq.Circuit:  # built in each call: a circuit used again would read its kept state
        return tyxq.Circuit(16).h(range(16)).rz(range(16), 0.3).cnot(0, 15)

    tyxq.sample(sampler(), 10, seed=0)
    sampling = best_of(lambda: tyxq.sample(sampler(), 100_000, seed=1), repeats)
    return {
        "qubits": n_qubits,
        "gates": n_gates,
        "plan_steps": plan_steps,
        "floor_s": floor,
        "numpy_cold_s": cold,
        "numpy_warm_s": warm,
        "ratio_to_floor": warm / floor,
        "sample_100k_16q_s": sampling,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qubits", type=int, default=22)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/core.json"))
    args = parser.parse_args()
    result = run(args.qubits, args.repeats)
    print(f"{'measure':<34}{'value':>12}")
    print(f"{'circuit':<34}{str(result['qubits']) + 'q, ' + str(result['gates']) + ' gates':>12}")
    print(f"{'plan steps':<34}{result['plan_steps']:>12}")
    print(f"{'memory floor (s)':<34}{result['floor_s']:>12.4f}")
    print(f"{'numpy, first run incl. plan (s)':<34}{result['numpy_cold_s']:>12.4f}")
    print(f"{'numpy, steady state (s)':<34}{result['numpy_warm_s']:>12.4f}")
    print(f"{'numpy / floor':<34}{result['ratio_to_floor']:>12.2f}x")
    print(f"{'sample 100k shots, 16 qubits (ms)':<34}{1000 * result['sample_100k_16q_s']:>12.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
