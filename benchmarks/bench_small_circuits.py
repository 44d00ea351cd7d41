"""Small circuits where per-call costs show: a list of single calls in plain PyTorch code, and 100,000 shots.

Workloads (issue 20), each the median of ``--runs`` calls in this process:

- the QML circuit of ``bench_torch.py`` (9 qubits, batch 64, complex128) in plain PyTorch code,
  no layer: forward plus backward of the 9 outputs asked as a list of single
  ``tyxq.expectation`` calls on one circuit, and as one several-observable call. Samples per
  second and their ratio (the memo of recent states makes the list one simulation);
- ``tyxq.sample`` of 100,000 shots from 16 qubits (H on every qubit, a CNOT ladder, RY on
  every qubit) on numpy, the circuit built in each call, and that circuit alone
  (``tyxq.state``): milliseconds (one BLAS thread on the small-state path).

Torch runs on ``--torch-threads`` threads (default 1, as the profiles of issue 20 were taken);
BLAS is left as it is (``OPENBLAS_NUM_THREADS`` and the like decide: its threads on small
products are what the shots figures show). A comparison with another version of tyxq runs this
script alternately under each (``PYTHONPATH=<the other version>/core/src``) and compares the
medians of several processes.

Run: ``python benchmarks/bench_small_circuits.py [--runs 9] [--torch-threads 1]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

import tyxq

sys.path.insert(0, str(Path(__file__).parent))
import bench_torch  # a sibling script, not a package


def median_seconds(fn: Callable[[], Any], runs: int) -> float:
    fn()  # compiles the plan, warms the caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain_list(runs: int) -> tuple[float, float]:
    """Samples per second of the list of single calls and of the several-observable call."""
    batch, qubits = bench_torch.QML_BATCH, bench_torch.QML_QUBITS
    x = torch.rand(batch, qubits, dtype=torch.float64, generator=torch.Generator().manual_seed(0)) * torch.pi
    w = torch.randn(2, qubits, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(1), requires_grad=True)

    def listed() -> None:
        w.grad = None
        torch.stack(bench_torch.qml_outputs_listed(x, w), -1).sum().backward()

    def together() -> None:
        w.grad = None
        bench_torch.qml_outputs(x, w).sum().backward()

    with tyxq.use_backend("torch", dtype="complex128"):
        return batch / median_seconds(listed, runs), batch / median_seconds(together, runs)


def ladder() -> tyxq.Circuit:
    circuit = tyxq.Circuit(16).h(range(16))
    for qubit in range(15):
        circuit.cnot(qubit, qubit + 1)
    return circuit.ry(range(16), 0.3)


def shots(runs: int) -> tuple[float, float]:
    """Seconds of ``tyxq.sample`` (100,000 shots) and of ``tyxq.state``, the circuit built in each call."""
    with tyxq.use_backend("numpy", dtype="complex128"):
        return (
            median_seconds(lambda: tyxq.sample(ladder(), 100_000, seed=1), runs),
            median_seconds(lambda: tyxq.state(ladder()), runs),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed calls per figure (the median is printed)")
    parser.add_argument("--torch-threads", type=int, default=1, help="torch's intra-op threads (default 1)")
    args = parser.parse_args()
    torch.set_num_threads(args.torch_threads)
    listed, together = plain_list(args.runs)
    sample_s, state_s = shots(args.runs)
    print(f"QML list of 9 single calls, plain PyTorch: {listed:,.0f} samples/s")
    print(f"QML several-observable call, plain PyTorch: {together:,.0f} samples/s")
    print(f"list / several: {listed / together:.2f}")
    print(f"100k shots, 16q H + CNOT ladder + RY, tyxq.sample: {1000 * sample_s:.2f} ms")
    print(f"the circuit alone, tyxq.state: {1000 * state_s:.2f} ms")


if __name__ == "__main__":
    main()
