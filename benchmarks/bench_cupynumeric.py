"""The core benchmark's 22-qubit circuit on the cupynumeric backend beside numpy, as a ratio.

Same circuit as ``bench_core.py`` (H on every qubit, a CNOT chain, RZ on
every qubit, from a dense random state), complex128, on whatever Legate was
started with (``LEGATE_CONFIG`` or the ``legate`` launcher: CPUs here, GPUs
where there are some). Legate runs operations asynchronously, so each timing
ends with a blocking execution fence; numpy and cupynumeric runs alternate,
so a busy machine slows both alike. Without an NVIDIA driver the script
re-runs itself through the stand-in driver (:mod:`tyxq_cupynumeric.standin`).

Run: ``nox -s bench`` (with the backend installed) or
``python benchmarks/bench_cupynumeric.py [--qubits 22] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench_core import best_of, layered_circuit

import tyxq

_CHILD = "TYXQ_BENCH_CUPYNUMERIC_CHILD"


def run(n_qubits: int, repeats: int) -> dict[str, Any]:
    from legate.core import get_legate_runtime

    rng = np.random.default_rng(0)
    psi = rng.standard_normal(2**n_qubits) + 1j * rng.standard_normal(2**n_qubits)
    psi /= np.linalg.norm(psi)
    circuit = layered_circuit(n_qubits, psi)
    with tyxq.use_backend("numpy", dtype="complex128"):
        expected = tyxq.state(circuit)
    with tyxq.use_backend("cupynumeric", dtype="complex128") as backend:
        fence = get_legate_runtime().issue_execution_fence

        def state() -> Any:
            result = tyxq.state(circuit)
            fence(block=True)
            return result

        start = time.perf_counter()
        result = state()
        cold = time.perf_counter() - start
        error = float(np.max(np.abs(backend.to_numpy(result) - expected)))
    numpy_warm = warm = float("inf")
    for _ in range(repeats):  # interleaved, so that a busy machine slows both alike
        with tyxq.use_backend("numpy", dtype="complex128"):
            numpy_warm = min(numpy_warm, best_of(lambda: tyxq.state(circuit), 1))
        with tyxq.use_backend(backend):
            warm = min(warm, best_of(state, 1))
    machine = backend.machine
    return {
        "qubits": n_qubits,
        "gates": len(circuit),
        "legate": f"{machine.processors} {machine.target} processor(s) on {machine.nodes} node(s)",
        "numpy_warm_s": numpy_warm,
        "cupynumeric_cold_s": cold,
        "cupynumeric_warm_s": warm,
        "cupynumeric_over_numpy": warm / numpy_warm,
        "max_abs_difference": error,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qubits", type=int, default=22)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/cupynumeric.json"))
    args = parser.parse_args()
    if importlib.util.find_spec("tyxq_cupynumeric") is None:
        print("cupynumeric benchmark not run: tyxq-cupynumeric is not installed (pip install ./tyxq-cupynumeric)")
        return 0
    if not os.environ.get(_CHILD):
        from tyxq_cupynumeric import standin

        os.environ[_CHILD] = "1"
        return standin.run([sys.executable, *sys.argv], standin.default_directory())
    result = run(args.qubits, args.repeats)
    print(f"{'measure':<38}{'value':>16}")
    print(f"{'circuit':<38}{str(result['qubits']) + 'q, ' + str(result['gates']) + ' gates':>16}")
    print(f"{'legate machine':<38}{result['legate']:>16}")
    print(f"{'numpy, steady state (s)':<38}{result['numpy_warm_s']:>16.4f}")
    print(f"{'cupynumeric, first run (s)':<38}{result['cupynumeric_cold_s']:>16.4f}")
    print(f"{'cupynumeric, steady state (s)':<38}{result['cupynumeric_warm_s']:>16.4f}")
    print(f"{'cupynumeric / numpy':<38}{result['cupynumeric_over_numpy']:>15.2f}x")
    print(f"{'max |cupynumeric - numpy|':<38}{result['max_abs_difference']:>16.1e}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
