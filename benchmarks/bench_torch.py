"""tyxq-torch benchmarks: the QML layer, the batched VQE gradient and the 22-qubit circuit, in one run.

Workloads (issue 4):

- QML layer: 9 qubits; RX(x_i) encoding; 2 layers of [CNOT(i, i+1) for i < 8;
  RX(w) and RY(w) on every qubit]; ⟨Z_i⟩ for all 9; batch 64; forward plus
  backward to the 36 weights, through ``tyxq_ml.TorchLayer`` exactly as the
  README writes it, both with the several-observable call and with a list
  of single calls. Samples per second, eager (complex64 and complex128) and
  with ``torch.compile``.
- Batched VQE gradient: 12 qubits; H = Σ Z_i Z_{i+1} (open chain) + Σ X_i;
  4 layers of [RZZ on neighbours; RX on every qubit]; energy and gradient
  for 16 parameter sets at once (a batched circuit, and ``vmap`` of the
  per-set gradient). Seconds per batch.
- The 22-qubit circuit of ``bench_core.py`` on torch CPU (complex128), as a
  ratio to the memory floor measured in the same run (65 in-place passes
  over the state, as ``bench_core.py`` defines it).

Timings on a shared machine are noisy: each figure is the best of several
rounds. With two threads on a loaded 2-core machine, torch's OpenMP threads
wait for each other; ``--threads 1`` gives steadier figures there.

Run: ``nox -s bench`` or ``python benchmarks/bench_torch.py [--threads N] [--no-compile] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

import tyxq

sys.path.insert(0, str(Path(__file__).parent))
from bench_core import layered_circuit, memory_floor  # a sibling script, not a package

QML_QUBITS, QML_BATCH = 9, 64
VQE_QUBITS, VQE_LAYERS, VQE_BATCH = 12, 4, 16
REAL = {"complex64": torch.float32, "complex128": torch.float64}


def best_of(fn: Callable[[], Any], repeats: int, inner: int) -> float:
    """Best mean time of ``inner`` calls over ``repeats`` rounds, after warming up."""
    for _ in range(3):
        fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        best = min(best, (time.perf_counter() - start) / inner)
    return best


# --- the QML layer ------------------------------------------------------------------------------


def qml_circuit(inputs: torch.Tensor, w: torch.Tensor) -> tyxq.Circuit:
    """The encoding-plus-two-layers circuit for inputs ``(B, 9)`` and weights ``(2, 9, 2)``."""
    circuit = tyxq.Circuit(QML_QUBITS)
    for qubit in range(QML_QUBITS):
        circuit.rx(qubit, inputs[:, qubit])
    for layer in range(w.shape[0]):
        for qubit in range(QML_QUBITS - 1):
            circuit.cnot(qubit, qubit + 1)
        for qubit in range(QML_QUBITS):
            circuit.rx(qubit, w[layer, qubit, 0]).ry(qubit, w[layer, qubit, 1])
    return circuit


def qml_outputs(inputs: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """The README's layer function with the several-observable call: ⟨Z_i⟩ ``(B, 9)`` from one simulation."""
    return tyxq.expectation(qml_circuit(inputs, w), [tyxq.Z(q) for q in range(QML_QUBITS)])


def qml_outputs_listed(inputs: torch.Tensor, w: torch.Tensor) -> list[torch.Tensor]:
    """The README's layer function with a list of single calls (one simulation per forward pass all the same)."""
    circuit = qml_circuit(inputs, w)
    return [tyxq.expectation(circuit, tyxq.Z(q)) for q in range(QML_QUBITS)]


def qml(dtype: str, repeats: int, listed: bool = False, compiled: bool = False) -> dict[str, Any]:
    """Samples per second of a ``TorchLayer`` forward plus backward, as the README writes it."""
    from tyxq_ml import TorchLayer  # the public layer; tyxq-ml is installed beside tyxq-torch for the benchmarks

    generator = torch.Generator().manual_seed(0)
    x = torch.rand(QML_BATCH, QML_QUBITS, generator=generator, dtype=REAL[dtype]) * np.pi
    layer = TorchLayer(qml_outputs_listed if listed else qml_outputs, {"w": (2, QML_QUBITS, 2)}, dtype=REAL[dtype])
    forward: Callable[[torch.Tensor], torch.Tensor] = layer
    compile_s = 0.0
    if compiled:
        forward = tyxq.context.backend_instance("torch", dtype=dtype).jit(layer)  # the backend's torch.compile
        start = time.perf_counter()
        forward(x).sum().backward()
        compile_s = time.perf_counter() - start

    def step() -> None:
        layer.zero_grad()
        forward(x).sum().backward()

    seconds = best_of(step, repeats, inner=20)
    return {"seconds_per_batch": seconds, "samples_per_s": QML_BATCH / seconds, "compile_s": compile_s}


# --- the batched VQE gradient -------------------------------------------------------------------


def tfim(n: int) -> tyxq.Hamiltonian:
    """Σ Z_i Z_{i+1} (open chain) + Σ X_i."""
    terms = [tyxq.Z(i) @ tyxq.Z(i + 1) for i in range(n - 1)] + [tyxq.X(i) for i in range(n)]
    return sum(terms[1:], tyxq.Hamiltonian((terms[0],)))


VQE_PARAMS = VQE_LAYERS * (2 * VQE_QUBITS - 1)


def vqe_energy(params: Any, hamiltonian: tyxq.Hamiltonian) -> Any:
    """Energy of the layered ansatz; ``params`` (a tensor or an array) is ``(P,)`` or a batch ``(B, P)`` of sets."""
    angles = iter(params.T if params.ndim == 2 else params)
    circuit = tyxq.Circuit(VQE_QUBITS)
    for _ in range(VQE_LAYERS):
        for qubit in range(VQE_QUBITS - 1):
            circuit.rzz(qubit, qubit + 1, next(angles))
        for qubit in range(VQE_QUBITS):
            circuit.rx(qubit, next(angles))
    return tyxq.expectation(circuit, hamiltonian)


def vqe(dtype: str, repeats: int) -> dict[str, Any]:
    hamiltonian = tfim(VQE_QUBITS)
    generator = torch.Generator().manual_seed(1)
    params = torch.randn(VQE_BATCH, VQE_PARAMS, generator=generator, dtype=REAL[dtype]).requires_grad_()
    with tyxq.use_backend("torch", dtype=dtype) as backend:

        def batched() -> None:
            params.grad = None
            vqe_energy(params, hamiltonian).sum().backward()

        vectorized = backend.vectorized_value_and_grad(lambda p: vqe_energy(p, hamiltonian))
        plain = params.detach()
        batched_s = best_of(batched, repeats, inner=5)
        vmap_s = best_of(lambda: vectorized(plain), repeats, inner=5)
    return {"batched_s": batched_s, "vmap_s": vmap_s}


# --- the 22-qubit circuit -----------------------------------------------------------------------


def core_circuit(n_qubits: int, repeats: int) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    psi = rng.standard_normal(2**n_qubits) + 1j * rng.standard_normal(2**n_qubits)
    psi /= np.linalg.norm(psi)
    n_gates = len(layered_circuit(n_qubits, psi))
    floor = memory_floor(psi, n_gates, repeats)
    tensor = torch.from_numpy(psi)
    with tyxq.use_backend("torch", dtype="complex128"):
        circuit = layered_circuit(n_qubits, tensor)
        torch_s = best_of(circuit.state, repeats, inner=1)
    return {
        "qubits": n_qubits,
        "gates": n_gates,
        "floor_s": floor,
        "torch_s": torch_s,
        "ratio_to_floor": torch_s / floor,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--qubits", type=int, default=22, help="qubits of the core circuit")
    parser.add_argument("--no-compile", action="store_true", help="skip the torch.compile variant")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/torch.json"))
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    result: dict[str, Any] = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    result["qml_complex64"] = qml("complex64", args.repeats)
    result["qml_complex128"] = qml("complex128", args.repeats)
    result["qml_complex128_listed"] = qml("complex128", args.repeats, listed=True)
    if not args.no_compile:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result["qml_complex64_compiled"] = qml("complex64", args.repeats, compiled=True)
        except tyxq.CapabilityError as error:
            result["qml_complex64_compiled"] = {"error": str(error)}
    result["vqe_complex128"] = vqe("complex128", args.repeats)
    result["vqe_complex64"] = vqe("complex64", args.repeats)
    result["core"] = core_circuit(args.qubits, args.repeats)

    print(f"tyxq-torch benchmarks (torch {result['torch']}, {result['threads']} threads, CPU)")
    print(f"{'workload':<46}{'value':>14}  target")
    for dtype in ("complex64", "complex128"):
        row = result[f"qml_{dtype}"]
        print(f"{'QML 9q b64 fwd+bwd, eager ' + dtype + ' (samples/s)':<46}{row['samples_per_s']:>14,.0f}  >= 10,000")
    listed = result["qml_complex128_listed"]
    print(f"{'QML, list of 9 single calls, complex128':<46}{listed['samples_per_s']:>14,.0f}")
    compiled = result.get("qml_complex64_compiled")
    if compiled is not None and "error" not in compiled:
        print(f"{'QML, torch.compile complex64 (samples/s)':<46}{compiled['samples_per_s']:>14,.0f}")
        print(f"{'QML, torch.compile: first call incl. compile (s)':<46}{compiled['compile_s']:>14.1f}")
    elif compiled is not None:
        print(f"{'QML, torch.compile':<46}{'n/a':>14}  {compiled['error'][:60]}")
    for dtype in ("complex128", "complex64"):
        row = result[f"vqe_{dtype}"]
        print(f"{'VQE 12q x16 energy+grad, batched ' + dtype + ' (s)':<46}{row['batched_s']:>14.4f}  <= 0.03")
        print(f"{'VQE 12q x16 energy+grad, vmap ' + dtype + ' (s)':<46}{row['vmap_s']:>14.4f}")
    core = result["core"]
    print(f"{str(core['qubits']) + 'q core circuit: memory floor (s)':<46}{core['floor_s']:>14.4f}")
    print(f"{'  torch CPU complex128 (s), ratio to floor':<46}{core['torch_s']:>14.4f}  {core['ratio_to_floor']:.2f}x")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
