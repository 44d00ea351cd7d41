"""The workloads of ``bench_torch.py`` on PennyLane and TensorCircuit-NG, beside tyxq, in one run.

Same circuits, batch sizes and outputs as ``bench_torch.py``:

- QML layer: 9 qubits, RX(x) encoding, 2 layers of [CNOT chain; RX(w), RY(w)],
  ⟨Z_i⟩ for all 9, batch 64, forward plus backward to the 36 weights;
- batched VQE: 12 qubits, Σ ZZ (open chain) + Σ X, 4 layers of [RZZ; RX],
  energy and gradient for 16 parameter sets;
- noise: the density-matrix workload of ``bench_noise.py`` (10 qubits, 4
  layers of RX, RY and a CNOT ladder, depolarizing after every gate, ⟨Σ Z⟩),
  tyxq's ``density_matrix`` mode on numpy against PennyLane's ``default.mixed``.

PennyLane runs ``default.qubit`` with the torch interface and backprop
(broadcasting over the batch; float32 weights for the QML layer, float64
for VQE); TensorCircuit-NG runs its ``jax`` backend in complex128 with
``vectorized_value_and_grad`` under ``jit`` (XLA's own CPU threads, which
``--threads`` does not limit). A peer that is not installed or fails is
reported as such.

Run: ``nox -s bench-peers`` (installs the peers) or ``python benchmarks/bench_peers.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

import tyxq

sys.path.insert(0, str(Path(__file__).parent))
import bench_noise  # sibling scripts, not a package
import bench_torch

N_QML, B_QML = bench_torch.QML_QUBITS, bench_torch.QML_BATCH
N_VQE, L_VQE, B_VQE = bench_torch.VQE_QUBITS, bench_torch.VQE_LAYERS, bench_torch.VQE_BATCH


def timed(step: Callable[[], Any], repeats: int, inner: int) -> float:
    return bench_torch.best_of(step, repeats, inner)


# --- noisy circuits: the density_matrix mode (numpy) against PennyLane default.mixed ----------------

N_NOISE, L_NOISE, P_NOISE = 10, 4, 0.01


def noisy_circuit() -> tyxq.Circuit:
    return bench_noise.layered_circuit(N_NOISE, L_NOISE, np.random.default_rng(0))


def tyxq_noise(repeats: int) -> float:
    circuit, observable = noisy_circuit(), bench_noise.total_z(N_NOISE)
    model = tyxq.NoiseModel().add("depolarizing", P_NOISE)
    with tyxq.use_backend("numpy", dtype="complex128"), tyxq.use_execution_mode("density_matrix", noise=model):
        return timed(lambda: tyxq.expectation(circuit, observable), repeats, inner=1)


def pennylane_noise(repeats: int) -> float:
    import pennylane as qml

    circuit = noisy_circuit()
    gates = {"rx": qml.RX, "ry": qml.RY, "cnot": qml.CNOT}
    device = qml.device("default.mixed", wires=N_NOISE)

    @qml.qnode(device)
    def run() -> Any:
        for op in circuit.ops:
            gates[op.name](*op.params, wires=list(op.qubits))
            for q in op.qubits:  # PennyLane's p puts p/3 on each Pauli; tyxq's depolarizing(p) puts p/4
                qml.DepolarizingChannel(0.75 * P_NOISE, wires=q)
        return qml.expval(qml.sum(*(qml.PauliZ(q) for q in range(N_NOISE))))

    return timed(run, repeats, inner=1)


# --- PennyLane --------------------------------------------------------------------------------


def pennylane_qml(repeats: int) -> float:
    import pennylane as qml

    device = qml.device("default.qubit", wires=N_QML)

    @qml.qnode(device, interface="torch", diff_method="backprop")
    def layer(x: torch.Tensor, w: torch.Tensor) -> list:
        for q in range(N_QML):
            qml.RX(x[:, q], wires=q)
        for l in range(2):
            for q in range(N_QML - 1):
                qml.CNOT(wires=[q, q + 1])
            for q in range(N_QML):
                qml.RX(w[l, q, 0], wires=q)
                qml.RY(w[l, q, 1], wires=q)
        return [qml.expval(qml.PauliZ(q)) for q in range(N_QML)]

    x = torch.rand(B_QML, N_QML) * np.pi
    w = torch.randn(2, N_QML, 2, requires_grad=True)

    def step() -> None:
        w.grad = None
        torch.stack(layer(x, w), -1).sum().backward()

    return timed(step, repeats, inner=3)


def pennylane_vqe(repeats: int) -> float:
    import pennylane as qml

    device = qml.device("default.qubit", wires=N_VQE)
    hamiltonian = qml.sum(
        *[qml.PauliZ(i) @ qml.PauliZ(i + 1) for i in range(N_VQE - 1)], *[qml.PauliX(i) for i in range(N_VQE)]
    )

    @qml.qnode(device, interface="torch", diff_method="backprop")
    def energy(params: torch.Tensor) -> Any:
        angles = iter(params.T)
        for _ in range(L_VQE):
            for q in range(N_VQE - 1):
                qml.IsingZZ(next(angles), wires=[q, q + 1])
            for q in range(N_VQE):
                qml.RX(next(angles), wires=q)
        return qml.expval(hamiltonian)

    params = torch.randn(B_VQE, bench_torch.VQE_PARAMS, dtype=torch.float64, requires_grad=True)

    def step() -> None:
        params.grad = None
        energy(params).sum().backward()

    return timed(step, repeats, inner=1)


# --- TensorCircuit-NG on jax -------------------------------------------------------------------


def tensorcircuit_qml(repeats: int) -> float:
    import tensorcircuit as tc

    backend = tc.set_backend("jax")
    tc.set_dtype("complex128")

    def outputs(x: Any, w: Any) -> Any:
        circuit = tc.Circuit(N_QML)
        for q in range(N_QML):
            circuit.rx(q, theta=x[q])
        for l in range(2):
            for q in range(N_QML - 1):
                circuit.cnot(q, q + 1)
            for q in range(N_QML):
                circuit.rx(q, theta=w[l, q, 0])
                circuit.ry(q, theta=w[l, q, 1])
        return backend.stack([backend.real(circuit.expectation_ps(z=[q])) for q in range(N_QML)])

    def loss(x: Any, w: Any) -> Any:
        return backend.sum(outputs(x, w))

    value_and_grad = backend.jit(backend.vectorized_value_and_grad(loss, argnums=1, vectorized_argnums=0))
    x = backend.convert_to_tensor(np.random.default_rng(0).random((B_QML, N_QML)))
    w = backend.convert_to_tensor(np.random.default_rng(1).standard_normal((2, N_QML, 2)))

    def step() -> None:
        _, grad = value_and_grad(x, w)
        grad.block_until_ready()

    return timed(step, repeats, inner=10)


def tensorcircuit_vqe(repeats: int) -> float:
    import tensorcircuit as tc

    backend = tc.set_backend("jax")
    tc.set_dtype("complex128")

    def energy(params: Any) -> Any:
        circuit = tc.Circuit(N_VQE)
        k = 0
        for _ in range(L_VQE):
            for q in range(N_VQE - 1):
                circuit.rzz(q, q + 1, theta=params[k])
                k += 1
            for q in range(N_VQE):
                circuit.rx(q, theta=params[k])
                k += 1
        total = sum(backend.real(circuit.expectation_ps(z=[q, q + 1])) for q in range(N_VQE - 1))
        return total + sum(backend.real(circuit.expectation_ps(x=[q])) for q in range(N_VQE))

    value_and_grad = backend.jit(backend.vectorized_value_and_grad(energy))
    params = backend.convert_to_tensor(np.random.default_rng(2).standard_normal((B_VQE, bench_torch.VQE_PARAMS)))

    def step() -> None:
        _, grad = value_and_grad(params)
        grad.block_until_ready()

    return timed(step, repeats, inner=3)


def run_peer(name: str, fn: Callable[[int], float], repeats: int) -> dict[str, Any]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return {"seconds": fn(repeats)}
    except ImportError as error:
        return {"error": f"not installed ({error.name})"}
    except Exception as error:  # noqa: BLE001 - a peer's failure is reported, not fatal to the comparison
        return {"error": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"}


def _ratio(rows: dict[str, Any], row: dict[str, Any], workload: str) -> str:
    """``row``'s speed relative to TensorCircuit-NG in complex128 (> 1: faster), measured in this run."""
    peer = rows.get("tensorcircuit-ng jax jit complex128", {})
    if "seconds" not in peer or "seconds" not in row:
        return ""
    return f"  {peer['seconds'] / row['seconds']:6.2f}x TensorCircuit-NG"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/peers.json"))
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    result: dict[str, Any] = {"threads": torch.get_num_threads()}
    dtypes = ("complex64", "complex128")
    qml_tyxq = {dtype: bench_torch.qml(dtype, args.repeats)["seconds_per_batch"] for dtype in dtypes}
    qml_listed = bench_torch.qml("complex128", args.repeats, listed=True)["seconds_per_batch"]
    vqe_tyxq = {dtype: bench_torch.vqe(dtype, args.repeats)["batched_s"] for dtype in dtypes}
    result["qml"] = {
        "tyxq torch complex64": {"seconds": qml_tyxq["complex64"]},
        "tyxq torch complex128": {"seconds": qml_tyxq["complex128"]},
        "tyxq torch complex128, 9 single calls": {"seconds": qml_listed},
        "pennylane default.qubit torch": run_peer("pennylane", pennylane_qml, args.repeats),
        "tensorcircuit-ng jax jit complex128": run_peer("tensorcircuit", tensorcircuit_qml, args.repeats),
    }
    result["vqe"] = {
        "tyxq torch complex64": {"seconds": vqe_tyxq["complex64"]},
        "tyxq torch complex128": {"seconds": vqe_tyxq["complex128"]},
        "pennylane default.qubit torch": run_peer("pennylane", pennylane_vqe, args.repeats),
        "tensorcircuit-ng jax jit complex128": run_peer("tensorcircuit", tensorcircuit_vqe, args.repeats),
    }
    result["noise"] = {
        "tyxq density_matrix numpy": {"seconds": tyxq_noise(args.repeats)},
        "pennylane default.mixed": run_peer("pennylane", pennylane_noise, args.repeats),
    }
    print(f"tyxq and its peers ({result['threads']} torch threads, CPU)")
    for workload, unit in (("qml", "samples/s"), ("vqe", "s per batch"), ("noise", "s per expectation")):
        print(f"{workload.upper()} ({unit})")
        for name, row in result[workload].items():
            if "error" in row:
                print(f"  {name:<42}{'n/a':>12}  {row['error'][:70]}")
            elif workload == "qml":
                print(f"  {name:<42}{B_QML / row['seconds']:>12,.0f}{_ratio(result[workload], row, 'qml')}")
            else:
                print(f"  {name:<42}{row['seconds']:>12.4f}{_ratio(result[workload], row, 'vqe')}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
