"""Memory and first-call benchmark: peak memory of ``tyxq.state`` against the state's size, in fresh processes.

Each measurement runs in a new Python process (so the peak is this call's
alone and the call is the first of the process): it builds the circuit,
reads its resident memory, calls ``tyxq.state(circuit)`` once on numpy
(complex128), and reports

- the first call's time (plan compilation included; the best of ``--repeats`` fresh
  processes, the libraries taken in turn so that both see the same machine load),
- ``(peak RSS - RSS before the call) / state size``, the peak from
  ``resource.getrusage(RUSAGE_SELF).ru_maxrss``: 1.0 means the simulation
  needed nothing beyond the state itself.

Circuits: ``issue`` (H on every qubit, a CNOT ladder, RZ and RX on every
qubit: 95 gates for 24 qubits, from |0⟩) and ``core`` (bench_core.py's
circuit, 65 gates for 22 qubits, from a dense random state passed as
``inputs``, which is not counted: the RSS before the call includes it).
If qulacs is importable (it is never a tyxq dependency), it runs the
``issue`` circuit the same way, in its own fresh process, for comparison.

Run: ``python benchmarks/bench_memory.py [--qubits 24 26] [--json out.json]``; a 30-qubit state
(16 GiB in complex128) only with ``--qubits 30`` and the memory for it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

_CHILD = r"""
import json, resource, sys, time
import numpy as np
kind, library, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()

if library == "tyxq":
    import tyxq
    inputs = None
    if kind == "core":
        rng = np.random.default_rng(0)
        inputs = rng.standard_normal(2**n) + 1j * rng.standard_normal(2**n)
        inputs /= np.linalg.norm(inputs)
    circuit = tyxq.Circuit(n, inputs=inputs).h(range(n))
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    circuit.rz(range(n), 0.37)
    if kind == "issue":
        circuit.rx(range(n), 0.21)
    gates = len(circuit)
    before = rss()
    with tyxq.use_backend("numpy", dtype="complex128"):
        start = time.perf_counter()
        psi = tyxq.state(circuit)
        seconds = time.perf_counter() - start
    norm = float(np.vdot(psi, psi).real)
else:
    import qulacs
    from qulacs import gate
    circuit = qulacs.QuantumCircuit(n)
    for q in range(n):
        circuit.add_H_gate(q)
    for q in range(n - 1):
        circuit.add_CNOT_gate(q, q + 1)
    for q in range(n):
        circuit.add_RZ_gate(q, 0.37)
    for q in range(n):
        circuit.add_RX_gate(q, 0.21)
    gates = circuit.get_gate_count()
    before = rss()
    start = time.perf_counter()
    state = qulacs.QuantumState(n)
    circuit.update_quantum_state(state)
    seconds = time.perf_counter() - start
    norm = state.get_squared_norm()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"gates": gates, "seconds": seconds, "before": before, "peak": peak, "norm": norm}))
"""


def measure(kind: str, library: str, n_qubits: int) -> dict[str, Any]:
    """One fresh process: the first call's time and peak memory beyond what the process held before it."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, library, str(n_qubits)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    state = 16 * 2**n_qubits
    result["state_bytes"] = state
    result["ratio"] = (result["peak"] - result["before"]) / state
    return result


def has_qulacs() -> bool:
    found = subprocess.run([sys.executable, "-c", "import qulacs"], capture_output=True, check=False)
    return found.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qubits", type=int, nargs="+", default=[24, 26])
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per case, taken in turn (best time)")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/memory.json"))
    args = parser.parse_args()
    peers = has_qulacs()
    rows = []
    cases = [("core", "tyxq", 22)]
    for n in args.qubits:
        cases += [("issue", "tyxq", n)] + ([("issue", "qulacs", n)] if peers else [])
    print(f"{'circuit':<22}{'library':<8}{'state':>10}{'first call (s)':>16}{'peak / state':>14}")
    for kind, library, n in cases:
        runs = [measure(kind, library, n) for _ in range(1 if n >= 28 else args.repeats)]
        done = [r for r in runs if "error" not in r]
        result = min(done, key=lambda r: r["seconds"]) if done else runs[0]
        if done:
            result["ratio"] = max(r["ratio"] for r in done)  # the worst peak of the runs
            result["all_seconds"] = [r["seconds"] for r in done]
        result.update(kind=kind, library=library, qubits=n)
        rows.append(result)
        label = f"{n}q {kind} ({result.get('gates', '?')} gates)"
        if "error" in result:
            print(f"{label:<22}{library:<8}  failed: {result['error']}")
            continue
        size = f"{result['state_bytes'] / 2**30:.2f} GiB"
        print(f"{label:<22}{library:<8}{size:>10}{result['seconds']:>16.3f}{result['ratio']:>13.2f}x")
    if not peers:
        print("qulacs is not installed: no peer column (pip install qulacs to compare)")
    by_key = {(r["kind"], r["library"], r["qubits"]): r for r in rows if "error" not in r}
    for n in args.qubits:
        ours, theirs = by_key.get(("issue", "tyxq", n)), by_key.get(("issue", "qulacs", n))
        if ours and theirs:
            print(f"{n}q first call, tyxq / qulacs: {ours['seconds'] / theirs['seconds']:.2f}x")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
