"""tyxq beside PennyLane, TensorCircuit-NG, Qiskit Aer and qulacs on the same workloads, in one run, one table.

Workloads (``--only`` picks some, by these names):

- ``qml``: the QML layer of ``bench_torch.py`` (9 qubits, RX(x) encoding,
  2 layers of [CNOT chain; RX(w), RY(w)], ⟨Z_i⟩ for all 9, batch 64,
  forward plus backward to the 36 weights) through ``tyxq_ml.TorchLayer``;
  peers: PennyLane ``default.qubit`` (torch, backprop, broadcasting) and
  TensorCircuit-NG (jax, ``vectorized_value_and_grad`` under ``jit``).
- ``vqe``: the batched VQE gradient of ``bench_torch.py`` (12 qubits,
  Σ ZZ + Σ X, 4 layers of [RZZ; RX], energy and gradient for 16 parameter
  sets); same peers.
- ``circuit22``: the 22-qubit circuit of ``bench_core.py`` (H layer, CNOT
  chain, RZ layer: 65 gates) from a dense random state, numpy; peers:
  PennyLane ``lightning.qubit``, qulacs, Qiskit Aer (statevector); and the
  65-pass in-place memory floor of ``bench_core.py`` measured in the same run.
- ``sample`` and ``counts``: 100,000 shots from 16 qubits, the circuit
  (H on every qubit, RZ on every qubit, one CNOT) included, as
  ``tyxq.sample`` (an integer array) and as ``tyxq.counts`` (a dict of
  bitstrings); peers: TensorCircuit-NG (jax; ``sample_int`` under ``jit``,
  ``count_dict_bin``), qulacs (``QuantumState.sampling``; a ``Counter`` of
  bitstrings), Qiskit Aer (``get_memory``; ``get_counts``).
- ``first24``: the 24-qubit circuit from |0⟩ (H on every qubit, CNOT
  ladder, RZ and RX on every qubit: 95 gates), its first call in a fresh
  process (imports excluded), with the process's peak memory; peer: qulacs.
- ``dm``: the density-matrix workload of ``bench_noise.py`` (10 qubits,
  4 layers of RX, RY and a CNOT ladder, depolarizing after every gate on
  each of its qubits, ⟨Σ Z⟩), tyxq's ``density_matrix`` mode on numpy;
  peers: PennyLane ``default.mixed`` and Qiskit Aer
  ``AerSimulator(method="density_matrix")`` with a ``NoiseModel``.

Everything is complex128 (PennyLane's QML layer takes float32 weights).
Each figure is the best of ``--repeats`` rounds after warming up; ratios
are tyxq's time over the best peer's, measured in this run. A peer that is
not installed says so in its column, one that fails says why; the benchmark
runs with whatever is installed. ``--threads`` sets torch's threads and
Qiskit Aer's; qulacs and PennyLane Lightning follow ``OMP_NUM_THREADS``,
JAX uses XLA's own CPU threads.

Run: ``nox -s bench-peers`` (installs the peers) or
``python benchmarks/bench_peers.py [--repeats N] [--threads N] [--only sample,counts,dm]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

import tyxq

sys.path.insert(0, str(Path(__file__).parent))
import bench_core  # sibling scripts, not a package
import bench_noise
import bench_torch

N_QML, B_QML = bench_torch.QML_QUBITS, bench_torch.QML_BATCH
N_VQE, L_VQE, B_VQE = bench_torch.VQE_QUBITS, bench_torch.VQE_LAYERS, bench_torch.VQE_BATCH


def timed(step: Callable[[], Any], repeats: int, inner: int) -> float:
    return bench_torch.best_of(step, repeats, inner)


THREADS = 1
"""Qiskit Aer's ``max_parallel_threads`` (``--threads``)."""


# --- noisy circuits: the density_matrix mode (numpy), PennyLane default.mixed, Qiskit Aer ---------------

N_NOISE, L_NOISE, P_NOISE = 10, 4, 0.01


def noisy_circuit() -> tyxq.Circuit:
    return bench_noise.layered_circuit(N_NOISE, L_NOISE, np.random.default_rng(0))


VALUES: dict[str, float] = {}
"""⟨Σ Z⟩ of the noisy workload as each simulator computed it (printed under the table: they must agree)."""


def tyxq_noise(repeats: int) -> float:
    circuit, observable = noisy_circuit(), bench_noise.total_z(N_NOISE)
    model = tyxq.NoiseModel().add("depolarizing", P_NOISE)
    with tyxq.use_backend("numpy", dtype="complex128"), tyxq.use_execution_mode("density_matrix", noise=model):
        VALUES["tyxq"] = float(tyxq.expectation(circuit, observable))
        return timed(lambda: tyxq.expectation(circuit, observable), repeats, inner=1)


def qiskit_circuit(circuit: tyxq.Circuit) -> Any:
    """A tyxq circuit of H, CNOT and rotations as a Qiskit circuit; tyxq's qubit q is Qiskit's n - 1 - q."""
    from qiskit import QuantumCircuit

    n = circuit.n_qubits
    out = QuantumCircuit(n)
    for op in circuit.ops:
        qubits = [n - 1 - q for q in op.qubits]
        if op.name == "cnot":
            out.cx(*qubits)
        elif op.name == "h":
            out.h(*qubits)
        else:
            getattr(out, op.name)(float(op.params[0]), *qubits)
    return out


def aer_noise(repeats: int) -> float:
    from qiskit.quantum_info import SparsePauliOp
    from qiskit_aer import AerSimulator
    from qiskit_aer.noise import NoiseModel, depolarizing_error

    one = depolarizing_error(P_NOISE, 1)  # (1 - p) ρ + p I/2, as tyxq's depolarizing(p)
    noise = NoiseModel()
    noise.add_all_qubit_quantum_error(one, ["rx", "ry"])
    noise.add_all_qubit_quantum_error(one.tensor(one), ["cx"])  # the channel on each of the CNOT's qubits
    circuit = qiskit_circuit(noisy_circuit())
    total_z = SparsePauliOp.from_sparse_list([("Z", [q], 1.0) for q in range(N_NOISE)], N_NOISE)
    circuit.save_expectation_value(total_z, range(N_NOISE))
    simulator = AerSimulator(method="density_matrix", noise_model=noise, max_parallel_threads=THREADS)

    def run() -> float:
        return float(simulator.run(circuit).result().data()["expectation_value"].real)

    VALUES["qiskit-aer"] = run()
    return timed(run, repeats, inner=1)


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

    VALUES["pennylane"] = float(run())
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


# --- 22 qubits, 65 gates, from a dense state ----------------------------------------------------

N_BIG = 22


def dense_state(n: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    psi = rng.standard_normal(2**n) + 1j * rng.standard_normal(2**n)
    return psi / np.linalg.norm(psi)


def tyxq_circuit22(repeats: int) -> float:
    circuit = bench_core.layered_circuit(N_BIG, dense_state(N_BIG))
    with tyxq.use_backend("numpy", dtype="complex128"):
        return timed(lambda: tyxq.state(circuit), repeats, inner=1)


def floor_circuit22(repeats: int) -> float:
    psi = dense_state(N_BIG)
    return bench_core.memory_floor(psi, len(bench_core.layered_circuit(N_BIG, psi)), repeats)


def lightning_circuit22(repeats: int) -> float:
    import pennylane as qml

    psi = dense_state(N_BIG)
    device = qml.device("lightning.qubit", wires=N_BIG)

    @qml.qnode(device)
    def run() -> Any:
        qml.StatePrep(psi, wires=range(N_BIG))
        for q in range(N_BIG):
            qml.Hadamard(wires=q)
        for q in range(N_BIG - 1):
            qml.CNOT(wires=[q, q + 1])
        for q in range(N_BIG):
            qml.RZ(0.37, wires=q)
        return qml.state()

    return timed(run, repeats, inner=1)


def qulacs_gates(n: int, circuit: tyxq.Circuit) -> Any:
    """A tyxq circuit of H/CNOT/RZ/RX as a qulacs circuit; tyxq's qubit q is qulacs's n - 1 - q."""
    from qulacs import QuantumCircuit

    out = QuantumCircuit(n)
    for op in circuit.ops:
        qubits = [n - 1 - q for q in op.qubits]
        if op.name == "h":
            out.add_H_gate(qubits[0])
        elif op.name == "cnot":
            out.add_CNOT_gate(*qubits)
        elif op.name == "rz":  # qulacs's rotations turn the other way: RZ(θ) = exp(+iθZ/2)
            out.add_RZ_gate(qubits[0], -float(op.params[0]))
        elif op.name == "rx":
            out.add_RX_gate(qubits[0], -float(op.params[0]))
        else:
            raise ValueError(f"no qulacs gate for {op.name}")
    return out


def qulacs_circuit22(repeats: int) -> float:
    from qulacs import QuantumState

    psi = dense_state(N_BIG)
    gates = qulacs_gates(N_BIG, bench_core.layered_circuit(N_BIG, None))
    state = QuantumState(N_BIG)

    def run() -> None:
        state.load(psi)
        gates.update_quantum_state(state)

    return timed(run, repeats, inner=1)


def aer_circuit22(repeats: int) -> float:
    from qiskit import QuantumCircuit
    from qiskit_aer import AerSimulator

    circuit = QuantumCircuit(N_BIG)
    circuit.initialize(dense_state(N_BIG))  # a random state: qubit order does not matter to the timing
    circuit.compose(qiskit_circuit(bench_core.layered_circuit(N_BIG, None)), inplace=True)
    circuit.save_statevector()
    simulator = AerSimulator(method="statevector", max_parallel_threads=THREADS)
    return timed(lambda: simulator.run(circuit).result().get_statevector(), repeats, inner=1)


# --- 100,000 shots from 16 qubits, the circuit included -------------------------------------------

N_SHOTS, SHOTS = 16, 100_000


def shots_circuit() -> tyxq.Circuit:
    """bench_core's sampling circuit: H and RZ on every qubit, one CNOT."""
    return tyxq.Circuit(N_SHOTS).h(range(N_SHOTS)).rz(range(N_SHOTS), 0.3).cnot(0, N_SHOTS - 1)


def tyxq_sample(repeats: int) -> float:
    circuit = shots_circuit()
    with tyxq.use_backend("numpy", dtype="complex128"):
        return timed(lambda: tyxq.sample(circuit, SHOTS, seed=1), repeats, inner=5)


def tyxq_counts(repeats: int) -> float:
    circuit = shots_circuit()
    with tyxq.use_backend("numpy", dtype="complex128"):
        return timed(lambda: tyxq.counts(circuit, SHOTS, seed=1), repeats, inner=5)


def tensorcircuit_shots(counts: bool) -> Callable[[int], float]:
    def run(repeats: int) -> float:
        import jax
        import tensorcircuit as tc

        tc.set_backend("jax")
        tc.set_dtype("complex128")

        def circuit() -> Any:
            c = tc.Circuit(N_SHOTS)
            for q in range(N_SHOTS):
                c.h(q)
            for q in range(N_SHOTS):
                c.rz(q, theta=0.3)
            c.cnot(0, N_SHOTS - 1)
            return c

        if counts:  # a dict of bitstrings is host-side Python: outside jit, as TensorCircuit-NG requires
            return timed(
                lambda: circuit().sample(batch=SHOTS, allow_state=True, format="count_dict_bin", jittable=False),
                repeats,
                inner=1,
            )

        @jax.jit
        def sample(key: Any) -> Any:
            status = jax.random.uniform(key, (SHOTS,), dtype=jax.numpy.float64)
            return circuit().sample(batch=SHOTS, allow_state=True, format="sample_int", status=status)

        keys = iter(jax.random.split(jax.random.PRNGKey(0), 10_000))
        return timed(lambda: sample(next(keys)).block_until_ready(), repeats, inner=5)

    return run


def qulacs_shots(counts: bool) -> Callable[[int], float]:
    def run(repeats: int) -> float:
        from qulacs import QuantumState

        gates = qulacs_gates(N_SHOTS, shots_circuit())
        state = QuantumState(N_SHOTS)

        def step() -> Any:
            state.set_zero_state()
            gates.update_quantum_state(state)
            samples = state.sampling(SHOTS, 1)
            if counts:
                return {format(k, f"0{N_SHOTS}b"): v for k, v in sorted(Counter(samples).items())}
            return samples

        return timed(step, repeats, inner=5)

    return run


def aer_shots(counts: bool) -> Callable[[int], float]:
    def run(repeats: int) -> float:
        from qiskit_aer import AerSimulator

        circuit = qiskit_circuit(shots_circuit())
        circuit.measure_all()
        simulator = AerSimulator(method="statevector", max_parallel_threads=THREADS)

        def step() -> Any:
            result = simulator.run(circuit, shots=SHOTS, seed_simulator=1, memory=not counts).result()
            return result.get_counts() if counts else result.get_memory()

        return timed(step, repeats, inner=1)

    return run


# --- 24 qubits from |0⟩: the first call in a fresh process ----------------------------------------

N_FRESH = 24
FRESH = {
    "tyxq": """
import tyxq
c = tyxq.Circuit(N).h(range(N))
for q in range(N - 1):
    c.cnot(q, q + 1)
c.rz(range(N), ANGLES[0]).rx(range(N), ANGLES[1])
with tyxq.use_backend("numpy", dtype="complex128"):
    start = time.perf_counter()
    tyxq.state(c)
    seconds = time.perf_counter() - start
""",
    "qulacs": """
from qulacs import QuantumCircuit, QuantumState
c = QuantumCircuit(N)
for q in range(N):
    c.add_H_gate(q)
for q in range(N - 1):  # tyxq's qubit q is qulacs's N - 1 - q
    c.add_CNOT_gate(N - 1 - q, N - 2 - q)
for q in range(N):
    c.add_RZ_gate(N - 1 - q, -ANGLES[0][q])
for q in range(N):
    c.add_RX_gate(N - 1 - q, -ANGLES[1][q])
start = time.perf_counter()
state = QuantumState(N)
c.update_quantum_state(state)
seconds = time.perf_counter() - start
""",
}


def fresh(name: str) -> Callable[[int], dict[str, float]]:
    """The first call of ``FRESH[name]`` in a new interpreter (imports excluded) and the process's peak memory."""

    def run(repeats: int) -> dict[str, float]:
        prologue = (
            "import json, time\nimport numpy as np\n"
            f"N = {N_FRESH}\nANGLES = np.random.default_rng(5).uniform(0, np.pi, (2, N)).tolist()\n"
        )
        # the process's own peak (VmHWM): getrusage's ru_maxrss would carry this parent's across the exec
        epilogue = (
            "\npeak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]"
            "\nprint(json.dumps({'seconds': seconds, 'peak_mib': int(peak) / 1024}))\n"
        )
        best: dict[str, float] = {}
        for _ in range(repeats):
            done = subprocess.run(
                [sys.executable, "-c", prologue + FRESH[name] + epilogue], capture_output=True, text=True, check=False
            )
            if done.returncode:
                last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
                if last.startswith("ModuleNotFoundError"):
                    raise ImportError(last, name=last.split("'")[1] if "'" in last else name)
                raise RuntimeError(last)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            if not best or figures["seconds"] < best["seconds"]:
                best = figures
        return best

    return run


# --- the table --------------------------------------------------------------------------------------


def run_peer(fn: Callable[[int], Any], repeats: int) -> dict[str, Any]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = fn(repeats)
        return value if isinstance(value, dict) else {"seconds": value}
    except ImportError as error:
        return {"error": f"not installed ({error.name})"}
    except Exception as error:  # noqa: BLE001 - a peer's failure is reported, not fatal to the comparison
        return {"error": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"}


PEERS = ("PennyLane", "TensorCircuit-NG", "qulacs", "Qiskit Aer")


def tyxq_qml(repeats: int) -> float:
    return float(bench_torch.qml("complex128", repeats)["seconds_per_batch"])


def tyxq_vqe(repeats: int) -> float:
    return float(bench_torch.vqe("complex128", repeats)["batched_s"])


Workload = tuple[str, Callable[[int], Any], dict[str, Callable[[int], Any]], str]
WORKLOADS: dict[str, Workload] = {
    "qml": (
        "QML layer, 9 qubits, batch 64, fwd+bwd",
        tyxq_qml,
        {"PennyLane": pennylane_qml, "TensorCircuit-NG": tensorcircuit_qml},
        "tyxq: TorchLayer, torch; PennyLane: default.qubit, torch backprop, float32 weights; TC-NG: jax jit + vmap",
    ),
    "vqe": (
        "batched VQE gradient, 12 qubits x 16 sets",
        tyxq_vqe,
        {"PennyLane": pennylane_vqe, "TensorCircuit-NG": tensorcircuit_vqe},
        "tyxq: torch, one batched circuit, autograd; PennyLane: default.qubit, torch; TC-NG: jax jit + vmap",
    ),
    "circuit22": (
        "22 qubits, 65 gates, from a dense state",
        tyxq_circuit22,
        {"PennyLane": lightning_circuit22, "qulacs": qulacs_circuit22, "Qiskit Aer": aer_circuit22},
        "tyxq: numpy; PennyLane: lightning.qubit; Aer: statevector method",
    ),
    "sample": (
        "100k shots, 16 qubits, as tyxq.sample",
        tyxq_sample,
        {"TensorCircuit-NG": tensorcircuit_shots(False), "qulacs": qulacs_shots(False), "Qiskit Aer": aer_shots(False)},
        "circuit included; TC-NG: sample_int under jit; qulacs: sampling(); Aer: get_memory()",
    ),
    "counts": (
        "100k shots, 16 qubits, as tyxq.counts",
        tyxq_counts,
        {"TensorCircuit-NG": tensorcircuit_shots(True), "qulacs": qulacs_shots(True), "Qiskit Aer": aer_shots(True)},
        "circuit included; TC-NG: count_dict_bin; qulacs: a Counter of sampling(); Aer: get_counts()",
    ),
    "first24": (
        "24 qubits from |0>, first call, fresh process",
        fresh("tyxq"),
        {"qulacs": fresh("qulacs")},
        "95 gates, imports excluded; tyxq: numpy",
    ),
    "dm": (
        "density matrix, 10 qubits, depolarizing",
        tyxq_noise,
        {"PennyLane": pennylane_noise, "Qiskit Aer": aer_noise},
        "tyxq: density_matrix mode, numpy; PennyLane: default.mixed; Aer: density_matrix method, NoiseModel",
    ),
}


def _cell(row: dict[str, Any]) -> str:
    if "seconds" in row:
        return f"{row['seconds']:.4f}"
    return "not installed" if row["error"].startswith("not installed") else "failed"


def print_table(result: dict[str, Any]) -> None:
    widths = [46, 9, *[17] * len(PEERS), 0]
    header = ["workload (seconds)", "tyxq", *PEERS, "tyxq / best peer"]
    print(" ".join(f"{h:<{w}}" for h, w in zip(header, widths, strict=True)))
    for entry in result["workloads"].values():
        cells = [entry["title"], _cell(entry["tyxq"])]
        times = {}
        for peer in PEERS:
            row = entry["peers"].get(peer)
            cells.append("-" if row is None else _cell(row))
            if row is not None and "seconds" in row:
                times[peer] = row["seconds"]
        ratio = ""
        if times and "seconds" in entry["tyxq"]:
            best = min(times, key=times.__getitem__)
            ratio = f"{entry['tyxq']['seconds'] / times[best]:.2f}x ({best})"
        cells.append(ratio)
        print(" ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True)))
    print("notes:")
    for key, entry in result["workloads"].items():
        print(f"  {key}: {WORKLOADS[key][3]}")
        for name, row in [("tyxq", entry["tyxq"]), *entry["peers"].items()]:
            if "error" in row:
                print(f"    {name}: {row['error'][:110]}")
            if "peak_mib" in row:
                state_mib = 16 * 2**N_FRESH / 2**20
                print(f"    {name}: peak memory {row['peak_mib']:.0f} MiB (the state alone: {state_mib:.0f} MiB)")
        if "floor_s" in entry and "seconds" in entry["tyxq"]:
            print(
                f"    the 65-pass in-place memory floor: {entry['floor_s']:.4f} s; "
                f"tyxq {entry['tyxq']['seconds'] / entry['floor_s']:.2f}x the floor"
            )
        if key == "dm" and VALUES:
            print("    <sum Z>: " + ", ".join(f"{name} {value:.10f}" for name, value in VALUES.items()))


def main() -> None:
    global THREADS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default=None, help=f"comma-separated workloads among {','.join(WORKLOADS)}")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/peers.json"))
    args = parser.parse_args()
    chosen = list(WORKLOADS) if args.only is None else [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workloads {unknown}; choose among {','.join(WORKLOADS)}")
    if args.threads:
        torch.set_num_threads(args.threads)
        THREADS = args.threads
    result: dict[str, Any] = {"threads": torch.get_num_threads(), "workloads": {}}
    for key in chosen:
        title, ours, peers, _ = WORKLOADS[key]
        entry: dict[str, Any] = {"title": title, "tyxq": run_peer(ours, args.repeats)}
        entry["peers"] = {name: run_peer(fn, args.repeats) for name, fn in peers.items()}
        if key == "circuit22":
            entry["floor_s"] = floor_circuit22(args.repeats)
        result["workloads"][key] = entry
    result["noise_values"] = VALUES
    omp = os.environ.get("OMP_NUM_THREADS", "unset")
    print(f"tyxq and its peers, one run ({result['threads']} torch threads, OMP_NUM_THREADS={omp}, CPU)")
    print_table(result)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
