"""tyxq beside PennyLane, TensorCircuit-NG, Qiskit Aer and qulacs on the same workloads, in one run, one table.

Workloads (``--only`` picks some, by these names):

- ``qml``: the QML layer of ``bench_torch.py`` (9 qubits, RX(x) encoding,
  2 layers of [CNOT chain; RX(w), RY(w)], ⟨Z_i⟩ for all 9, batch 64,
  forward plus backward to the 36 weights): through ``tyxq_ml.TorchLayer``
  with the several-observable call and with a list of 9 single calls, the
  list in plain PyTorch code (no layer), and the layer in complex64;
  peers: TensorCircuit-NG (jax, ``vectorized_value_and_grad`` under
  ``jit``, complex128 and complex64) and PennyLane ``default.qubit``
  (torch, backprop, broadcasting).
- ``vqe``: the batched VQE gradient of ``bench_torch.py`` (12 qubits,
  Σ ZZ + Σ X, 4 layers of [RZZ; RX], energy and gradient for 16 parameter
  sets): tyxq on torch (autograd through one batched circuit) and on numpy
  (``tyxq.value_and_grad(..., method="adjoint")``); peers: TensorCircuit-NG
  on its documented VQE path, the sparse Pauli-sum expectation
  (``tc.templates.measurements.operator_expectation`` over
  ``tc.quantum.PauliStringSum2COO``) under ``jit`` + ``vmap``, and, as an
  extra labelled row, its weaker configuration of 23 ``expectation_ps``
  contractions; PennyLane ``default.qubit`` (torch, backprop).
- ``circuit22``: the 22-qubit circuit of ``bench_core.py`` (H layer, CNOT
  chain, RZ layer: 65 gates) from a dense random state, numpy; peers:
  PennyLane ``lightning.qubit``, qulacs, Qiskit Aer (statevector); and the
  65-pass in-place memory floor of ``bench_core.py`` measured in the same run.
- ``shots``: 100,000 shots from 16 qubits, the circuit included: H on
  every qubit, a CNOT ladder, RY on every qubit, as ``tyxq.sample`` (an
  integer array) and ``tyxq.counts`` (a dict of bitstrings), and the
  circuit alone (``tyxq.state``); a second ``sample`` row keeps the earlier,
  nearly free circuit (H and RZ on every qubit, one CNOT). Peers:
  TensorCircuit-NG (jax; ``sample_int`` under ``jit``, ``count_dict_bin``,
  ``state`` under ``jit``), qulacs (``QuantumState.sampling``; a
  ``Counter`` of bitstrings), Qiskit Aer (``get_memory``; ``get_counts``).
- ``first24``: the 24-qubit circuit from |0⟩ (H on every qubit, CNOT
  ladder, RZ and RX on every qubit: 95 gates), its first call in a fresh
  process (imports excluded), with the process's peak memory; peer: qulacs.
- ``dm``: the density-matrix workload of ``bench_noise.py`` (10 qubits,
  4 layers of RX, RY and a CNOT ladder, depolarizing after every gate on
  each of its qubits, ⟨Σ Z⟩), tyxq's ``density_matrix`` mode on numpy;
  peers: PennyLane ``default.mixed`` and Qiskit Aer
  ``AerSimulator(method="density_matrix")`` with a ``NoiseModel``.

Timing (:mod:`race`): every figure is the **median of ``--runs`` rounds
(at least 5) with tyxq and its peers interleaved** round by round, printed
with its spread (fastest–slowest round) and the **first call** (building,
tracing and compiling included) beside the steady state. Ratios are tyxq's
median time over the best peer's, measured in this run. Threads are pinned
the same way for everyone before any library loads: the script re-executes
itself with ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``,
``MKL_NUM_THREADS`` and XLA's CPU flags set to ``--threads`` (default 1),
and sets torch's threads and Qiskit Aer's ``max_parallel_threads`` to it.
Everything is complex128 unless a row says complex64 (PennyLane's QML
layer takes float32 weights). A peer that is not installed says so, one
that fails says why; the benchmark runs with whatever is installed.

``--malloc-thresholds`` runs everyone under one more process setting, glibc's
malloc thresholds raised (:data:`MALLOC_TUNABLES`), the allocator tuning a
user sets with one environment variable; the header says which allocator a
table was measured with.

Run: ``nox -s bench-peers`` (installs the peers) or
``python benchmarks/bench_peers.py [--runs N] [--threads N] [--only shots,dm] [--malloc-thresholds]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


MALLOC_TUNABLES = "glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432"
"""``--malloc-thresholds``: glibc keeps up to 256 MiB of freed memory and maps only blocks of 32 MiB or more.

By default glibc maps every block over its (adaptive) threshold afresh and hands freed
memory back to the kernel, so a statevector-sized temporary costs its page faults on
every call: on this VM, a quarter to a third of a small circuit's time. Both thresholds
must be set (setting one turns glibc's adaptation of the other off).
"""


def pin_threads(threads: int, malloc_thresholds: bool = False) -> None:
    """Re-execute this script with every library's threads pinned to ``threads`` (set before any of them loads).

    With ``malloc_thresholds`` the process (every contender alike) runs with :data:`MALLOC_TUNABLES`.
    """
    marker = f"{threads}{' malloc' if malloc_thresholds else ''}"
    if os.environ.get("TYXQ_BENCH_PINNED") == marker:
        return
    env = dict(os.environ, TYXQ_BENCH_PINNED=marker, **{name: str(threads) for name in THREAD_VARIABLES})
    eigen = "false" if threads == 1 else "true"
    env["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen={eigen} intra_op_parallelism_threads={threads}"
    if malloc_thresholds:
        env["GLIBC_TUNABLES"] = MALLOC_TUNABLES
    else:
        env.pop("GLIBC_TUNABLES", None)
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


import numpy as np  # noqa: E402 - after pin_threads is defined; main() pins before any timing
import torch  # noqa: E402

import tyxq  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import bench_core  # noqa: E402 - sibling scripts, not a package
import bench_noise  # noqa: E402
import bench_torch  # noqa: E402
from race import Contender, race  # noqa: E402

N_QML, B_QML = bench_torch.QML_QUBITS, bench_torch.QML_BATCH
N_VQE, L_VQE, B_VQE = bench_torch.VQE_QUBITS, bench_torch.VQE_LAYERS, bench_torch.VQE_BATCH

THREADS = 1
"""Threads of every library (``--threads``): torch's, Qiskit Aer's ``max_parallel_threads``, OpenMP's, XLA's."""

Step = Callable[[], Any]


# --- noisy circuits: the density_matrix mode (numpy), PennyLane default.mixed, Qiskit Aer ---------------

N_NOISE, L_NOISE, P_NOISE = 10, 4, 0.01


def noisy_circuit() -> tyxq.Circuit:
    return bench_noise.layered_circuit(N_NOISE, L_NOISE, np.random.default_rng(0))


VALUES: dict[str, float] = {}
"""⟨Σ Z⟩ of the noisy workload as each simulator computed it (printed under the table: they must agree)."""


def tyxq_noise() -> Step:
    circuit, observable = noisy_circuit(), bench_noise.total_z(N_NOISE)
    mode = tyxq.DensityMatrixMode(noise=tyxq.NoiseModel().add("depolarizing", P_NOISE))

    def step() -> Any:
        with tyxq.use_backend("numpy", dtype="complex128"):
            return tyxq.expectation(circuit, observable, mode=mode)

    VALUES["tyxq"] = float(step())
    return step


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


def aer_noise() -> Step:
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

    def step() -> float:
        return float(simulator.run(circuit).result().data()["expectation_value"].real)

    VALUES["qiskit-aer"] = step()
    return step


def pennylane_noise() -> Step:
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
    return run


# --- the QML layer: tyxq, PennyLane, TensorCircuit-NG -----------------------------------------------------


def qml_inputs(real: torch.dtype) -> torch.Tensor:
    return torch.rand(B_QML, N_QML, generator=torch.Generator().manual_seed(0), dtype=real) * np.pi


def tyxq_layer(dtype: str, listed: bool, compile: bool = False) -> Callable[[], Step]:
    """``TorchLayer`` forward plus backward, as the README writes it (several observables, or a list of calls).

    With ``compile=True`` the layer's circuit function runs under ``torch.compile``
    (``TorchLayer(..., compile=True)``): its first call checks the reads eagerly, the
    second compiles, and both are in the first-call figure.
    """

    def prepare() -> Step:
        from tyxq_ml import TorchLayer

        real = bench_torch.REAL[dtype]
        fn = bench_torch.qml_outputs_listed if listed else bench_torch.qml_outputs
        layer, x = TorchLayer(fn, {"w": (2, N_QML, 2)}, dtype=real, compile=compile), qml_inputs(real)

        def step() -> None:
            layer.zero_grad()
            layer(x).sum().backward()

        if compile:
            step()  # the eager first call: the race's first step is the one that compiles
        return step

    return prepare


def tyxq_plain_list() -> Step:
    """The list of 9 single calls in plain PyTorch code, no layer: the backend chosen as the README says."""
    x = qml_inputs(torch.float64)
    w = torch.randn(2, N_QML, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(1), requires_grad=True)

    def step() -> None:
        w.grad = None
        with tyxq.use_backend("torch", dtype="complex128"):
            torch.stack(bench_torch.qml_outputs_listed(x, w), -1).sum().backward()

    return step


def pennylane_qml() -> Step:
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

    x = qml_inputs(torch.float32)
    w = torch.randn(2, N_QML, 2, requires_grad=True)

    def step() -> None:
        w.grad = None
        torch.stack(layer(x, w), -1).sum().backward()

    return step


def tensorcircuit_qml(dtype: str) -> Callable[[], Step]:
    def prepare() -> Step:
        import tensorcircuit as tc

        backend = tc.set_backend("jax")
        tc.set_dtype(dtype)

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
        real = np.float32 if dtype == "complex64" else np.float64
        x = backend.convert_to_tensor(np.random.default_rng(0).random((B_QML, N_QML)).astype(real))
        w = backend.convert_to_tensor(np.random.default_rng(1).standard_normal((2, N_QML, 2)).astype(real))

        def step() -> None:
            _, grad = value_and_grad(x, w)
            grad.block_until_ready()

        return step

    return prepare


# --- the batched VQE gradient -------------------------------------------------------------------------


def vqe_params() -> np.ndarray:
    return np.random.default_rng(2).standard_normal((B_VQE, bench_torch.VQE_PARAMS))


def tyxq_vqe_torch() -> Step:
    hamiltonian = bench_torch.tfim(N_VQE)
    params = torch.tensor(vqe_params(), requires_grad=True)

    def step() -> None:
        params.grad = None
        with tyxq.use_backend("torch", dtype="complex128"):
            bench_torch.vqe_energy(params, hamiltonian).sum().backward()

    return step


def tyxq_vqe_adjoint() -> Step:
    hamiltonian = bench_torch.tfim(N_VQE)
    params = vqe_params()

    def energy(theta: np.ndarray) -> Any:
        return bench_torch.vqe_energy(theta, hamiltonian)

    value_and_grad = tyxq.value_and_grad(energy, method="adjoint")

    def step() -> Any:
        with tyxq.use_backend("numpy", dtype="complex128"):
            return value_and_grad(params)

    return step


def pennylane_vqe() -> Step:
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

    params = torch.tensor(vqe_params(), requires_grad=True)

    def step() -> None:
        params.grad = None
        energy(params).sum().backward()

    return step


def tensorcircuit_vqe(sparse: bool) -> Callable[[], Step]:
    """TC-NG's VQE energy: the sparse Pauli-sum expectation (``sparse``), or one ``expectation_ps`` per term."""

    def prepare() -> Step:
        import tensorcircuit as tc

        backend = tc.set_backend("jax")
        tc.set_dtype("complex128")
        structures = [[3 if k in (i, i + 1) else 0 for k in range(N_VQE)] for i in range(N_VQE - 1)]
        structures += [[1 if k == i else 0 for k in range(N_VQE)] for i in range(N_VQE)]
        operator = tc.quantum.PauliStringSum2COO(structures, [1.0] * len(structures))

        def circuit(params: Any) -> Any:
            c = tc.Circuit(N_VQE)
            k = 0
            for _ in range(L_VQE):
                for q in range(N_VQE - 1):
                    c.rzz(q, q + 1, theta=params[k])
                    k += 1
                for q in range(N_VQE):
                    c.rx(q, theta=params[k])
                    k += 1
            return c

        def energy(params: Any) -> Any:
            c = circuit(params)
            if sparse:
                return backend.real(tc.templates.measurements.operator_expectation(c, operator))
            total = sum(backend.real(c.expectation_ps(z=[q, q + 1])) for q in range(N_VQE - 1))
            return total + sum(backend.real(c.expectation_ps(x=[q])) for q in range(N_VQE))

        value_and_grad = backend.jit(backend.vectorized_value_and_grad(energy))
        params = backend.convert_to_tensor(vqe_params())

        def step() -> None:
            _, grad = value_and_grad(params)
            grad.block_until_ready()

        return step

    return prepare


# --- 22 qubits, 65 gates, from a dense state ----------------------------------------------------

N_BIG = 22


def dense_state(n: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    psi = rng.standard_normal(2**n) + 1j * rng.standard_normal(2**n)
    return psi / np.linalg.norm(psi)


def tyxq_circuit22() -> Step:
    circuit = bench_core.layered_circuit(N_BIG, dense_state(N_BIG))

    def step() -> Any:
        with tyxq.use_backend("numpy", dtype="complex128"):
            return tyxq.state(circuit)

    return step


def lightning_circuit22() -> Step:
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

    return run


def qulacs_gates(n: int, circuit: tyxq.Circuit) -> Any:
    """A tyxq circuit of H/CNOT/RZ/RX/RY as a qulacs circuit; tyxq's qubit q is qulacs's n - 1 - q."""
    from qulacs import QuantumCircuit

    out = QuantumCircuit(n)
    rotations = {"rz": out.add_RZ_gate, "rx": out.add_RX_gate, "ry": out.add_RY_gate}
    for op in circuit.ops:
        qubits = [n - 1 - q for q in op.qubits]
        if op.name == "h":
            out.add_H_gate(qubits[0])
        elif op.name == "cnot":
            out.add_CNOT_gate(*qubits)
        elif op.name in rotations:  # qulacs's rotations turn the other way: RZ(θ) = exp(+iθZ/2)
            rotations[op.name](qubits[0], -float(op.params[0]))
        else:
            raise ValueError(f"no qulacs gate for {op.name}")
    return out


def qulacs_circuit22() -> Step:
    from qulacs import QuantumState

    psi = dense_state(N_BIG)
    gates = qulacs_gates(N_BIG, bench_core.layered_circuit(N_BIG, None))
    state = QuantumState(N_BIG)

    def step() -> None:
        state.load(psi)
        gates.update_quantum_state(state)

    return step


def aer_circuit22() -> Step:
    from qiskit import QuantumCircuit
    from qiskit_aer import AerSimulator

    circuit = QuantumCircuit(N_BIG)
    circuit.initialize(dense_state(N_BIG))  # a random state: qubit order does not matter to the timing
    circuit.compose(qiskit_circuit(bench_core.layered_circuit(N_BIG, None)), inplace=True)
    circuit.save_statevector()
    simulator = AerSimulator(method="statevector", max_parallel_threads=THREADS)
    return lambda: simulator.run(circuit).result().get_statevector()


def floor_circuit22() -> Step:
    """The 65-pass in-place memory floor of ``bench_core.py``: one in-place pass over the state per gate, raced like
    a contender (each timed call makes all the passes)."""
    psi = dense_state(N_BIG)
    passes = len(bench_core.layered_circuit(N_BIG, psi))
    work = psi.copy()

    def all_passes() -> None:
        for _ in range(passes):
            work.__imul__(1.000001)

    return all_passes


# --- 100,000 shots from 16 qubits, the circuit included -------------------------------------------

N_SHOTS, SHOTS = 16, 100_000
LADDER_ANGLES = np.random.default_rng(3).uniform(0, np.pi, N_SHOTS)


def ladder_circuit() -> tyxq.Circuit:
    """H on every qubit, a CNOT ladder, RY on every qubit: the shot rows' circuit."""
    circuit = tyxq.Circuit(N_SHOTS).h(range(N_SHOTS))
    circuit.cnot(range(N_SHOTS - 1), range(1, N_SHOTS))
    return circuit.ry(range(N_SHOTS), LADDER_ANGLES)


def light_circuit() -> tyxq.Circuit:
    """The earlier shot circuit, nearly free: H and RZ on every qubit, one CNOT (kept as a second row)."""
    return tyxq.Circuit(N_SHOTS).h(range(N_SHOTS)).rz(range(N_SHOTS), 0.3).cnot(0, N_SHOTS - 1)


def tyxq_shots(verb: str, build: Callable[[], tyxq.Circuit]) -> Callable[[], Step]:
    """``tyxq.sample`` / ``tyxq.counts`` / ``tyxq.state`` of the circuit ``build()`` makes, built inside each call."""

    def prepare() -> Step:
        def step() -> Any:
            with tyxq.use_backend("numpy", dtype="complex128"):
                circuit = build()
                if verb == "state":
                    return tyxq.state(circuit)
                return getattr(tyxq, verb)(circuit, SHOTS, seed=1)

        return step

    return prepare


def tensorcircuit_shots(verb: str, build: Callable[[], tyxq.Circuit]) -> Callable[[], Step]:
    def prepare() -> Step:
        import jax
        import tensorcircuit as tc

        tc.set_backend("jax")
        tc.set_dtype("complex128")
        ops = build().ops
        angles = jax.numpy.asarray([float(op.params[0]) for op in ops if op.params])

        def circuit(theta: Any) -> Any:  # the angles are an argument: XLA must not fold the circuit into a constant
            c, k = tc.Circuit(N_SHOTS), 0
            for op in ops:
                if op.params:
                    getattr(c, op.name)(*op.qubits, theta=theta[k])
                    k += 1
                else:
                    getattr(c, op.name)(*op.qubits)
            return c

        if verb == "counts":  # a dict of bitstrings is host-side Python: outside jit, as TensorCircuit-NG requires
            return lambda: circuit(angles).sample(
                batch=SHOTS, allow_state=True, format="count_dict_bin", jittable=False
            )
        if verb == "state":
            state = jax.jit(lambda theta: circuit(theta).state())
            return lambda: state(angles).block_until_ready()

        @jax.jit
        def sample(key: Any, theta: Any) -> Any:
            status = jax.random.uniform(key, (SHOTS,), dtype=jax.numpy.float64)
            return circuit(theta).sample(batch=SHOTS, allow_state=True, format="sample_int", status=status)

        keys = iter(jax.random.split(jax.random.PRNGKey(0), 100_000))
        return lambda: sample(next(keys), angles).block_until_ready()

    return prepare


def qulacs_shots(verb: str, build: Callable[[], tyxq.Circuit]) -> Callable[[], Step]:
    def prepare() -> Step:
        from qulacs import QuantumState

        gates = qulacs_gates(N_SHOTS, build())
        state = QuantumState(N_SHOTS)

        def step() -> Any:
            state.set_zero_state()
            gates.update_quantum_state(state)
            if verb == "state":
                return state
            samples = state.sampling(SHOTS, 1)
            if verb == "counts":
                return {format(k, f"0{N_SHOTS}b"): v for k, v in sorted(Counter(samples).items())}
            return samples

        return step

    return prepare


def aer_shots(verb: str, build: Callable[[], tyxq.Circuit]) -> Callable[[], Step]:
    def prepare() -> Step:
        from qiskit_aer import AerSimulator

        circuit = qiskit_circuit(build())
        simulator = AerSimulator(method="statevector", max_parallel_threads=THREADS)
        if verb == "state":
            circuit.save_statevector()
            return lambda: simulator.run(circuit).result().get_statevector()
        circuit.measure_all()
        counts = verb == "counts"

        def step() -> Any:
            result = simulator.run(circuit, shots=SHOTS, seed_simulator=1, memory=not counts).result()
            return result.get_counts() if counts else result.get_memory()

        return step

    return prepare


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


def fresh_call(name: str) -> dict[str, float]:
    """One first call of ``FRESH[name]`` in a new interpreter (imports excluded) and that process's peak memory."""
    prologue = (
        "import json, time\nimport numpy as np\n"
        f"N = {N_FRESH}\nANGLES = np.random.default_rng(5).uniform(0, np.pi, (2, N)).tolist()\n"
    )
    # the process's own peak (VmHWM): getrusage's ru_maxrss would carry this parent's across the exec
    epilogue = (
        "\npeak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]"
        "\nprint(json.dumps({'seconds': seconds, 'peak_mib': int(peak) / 1024}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prologue + FRESH[name] + epilogue], capture_output=True, text=True, check=False
    )
    if done.returncode:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        if last.startswith("ModuleNotFoundError"):
            raise ImportError(last, name=last.split("'")[1] if "'" in last else name)
        raise RuntimeError(last)
    return json.loads(done.stdout.strip().splitlines()[-1])


def fresh_race(runs: int) -> dict[str, dict[str, Any]]:
    """``runs`` fresh processes per contender, interleaved: the median first call and the largest peak memory."""
    results: dict[str, dict[str, Any]] = {name: {"rounds_s": [], "peak_mib": 0.0} for name in FRESH}
    for _ in range(runs):
        for name in list(results):
            if "error" in results[name]:
                continue
            try:
                figures = fresh_call(name)
            except ImportError as error:
                results[name] = {"error": f"not installed ({error.name})"}
                continue
            except RuntimeError as error:
                results[name] = {"error": f"RuntimeError: {error}"}
                continue
            results[name]["rounds_s"].append(figures["seconds"])
            results[name]["peak_mib"] = max(results[name]["peak_mib"], figures["peak_mib"])
    for row in results.values():
        if row.get("rounds_s"):
            row["median_s"] = statistics.median(row["rounds_s"])
            row["min_s"], row["max_s"] = min(row["rounds_s"]), max(row["rounds_s"])
            row["first_s"] = row["rounds_s"][0]
    return results


# --- the workloads: contenders raced together, and the rows printed from the race ----------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: tyxq's contender ``ours`` against the fastest of ``peers`` in the same race."""

    title: str
    ours: str
    peers: tuple[str, ...]
    target: str = ""


@dataclass(frozen=True)
class Workload:
    contenders: tuple[Contender, ...]
    rows: tuple[Row, ...]
    notes: str


QML_PEERS = ("TC-NG c128", "PennyLane")
VQE_PEERS = ("TC-NG sparse sum", "PennyLane")
SHOT_PEERS = ("TC-NG", "qulacs", "Qiskit Aer")


def shot_contenders(verb: str, build: Callable[[], tyxq.Circuit], suffix: str = "") -> list[Contender]:
    inner = 5 if verb != "counts" else 2
    return [
        Contender(f"tyxq {verb}{suffix}", tyxq_shots(verb, build), inner),
        Contender(f"TC-NG {verb}{suffix}", tensorcircuit_shots(verb, build), inner),
        Contender(f"qulacs {verb}{suffix}", qulacs_shots(verb, build), inner),
        Contender(f"Qiskit Aer {verb}{suffix}", aer_shots(verb, build), 1),
    ]


def shot_row(title: str, verb: str, suffix: str = "", target: str = "") -> Row:
    return Row(title, f"tyxq {verb}{suffix}", tuple(f"{peer} {verb}{suffix}" for peer in SHOT_PEERS), target)


WORKLOADS: dict[str, Workload] = {
    "qml": Workload(
        (
            Contender("tyxq layer c128", tyxq_layer("complex128", listed=False), 20),
            Contender("tyxq layer list c128", tyxq_layer("complex128", listed=True), 20),
            Contender("tyxq plain list c128", tyxq_plain_list, 5),
            Contender("tyxq layer c64", tyxq_layer("complex64", listed=False), 20),
            Contender("tyxq compiled c128", tyxq_layer("complex128", listed=False, compile=True), 20),
            Contender("tyxq compiled c64", tyxq_layer("complex64", listed=False, compile=True), 20),
            Contender("TC-NG c128", tensorcircuit_qml("complex128"), 20),
            Contender("TC-NG c64", tensorcircuit_qml("complex64"), 20),
            Contender("PennyLane", pennylane_qml, 3),
        ),
        (
            Row("QML 9q b64, TorchLayer, 9 observables, c128", "tyxq layer c128", QML_PEERS, "time <= 1.25x"),
            Row("  the same, a list of 9 single calls", "tyxq layer list c128", QML_PEERS),
            Row("  the list in plain PyTorch code, no layer", "tyxq plain list c128", QML_PEERS),
            Row("  TorchLayer, 9 observables, complex64", "tyxq layer c64", ("TC-NG c64",), "time <= 1.25x"),
            Row("  TorchLayer(compile=True), c128", "tyxq compiled c128", QML_PEERS, "time <= 1x"),
            Row("  TorchLayer(compile=True), complex64", "tyxq compiled c64", ("TC-NG c64",), "time <= 1x"),
        ),
        "forward + backward to 36 weights, batch 64; tyxq: TorchLayer on torch, eager, and compile=True "
        "(torch.compile, aot_eager on the CPU; its first call includes compiling); TC-NG: jax, "
        "vectorized_value_and_grad under jit (its documented fast path); PennyLane: default.qubit, torch "
        "backprop, broadcasting, float32 weights",
    ),
    "vqe": Workload(
        (
            Contender("tyxq torch", tyxq_vqe_torch, 3),
            Contender("tyxq numpy adjoint", tyxq_vqe_adjoint, 1),
            Contender("TC-NG sparse sum", tensorcircuit_vqe(sparse=True), 3),
            Contender("TC-NG 23 expectation_ps", tensorcircuit_vqe(sparse=False), 3),
            Contender("PennyLane", pennylane_vqe, 1),
        ),
        (
            Row("VQE 12q x 16 sets, energy + gradient, torch", "tyxq torch", VQE_PEERS, "time <= 0.8x"),
            Row("  numpy, adjoint", "tyxq numpy adjoint", VQE_PEERS),
            Row("  (TC-NG's weaker configuration, for reference)", "tyxq torch", ("TC-NG 23 expectation_ps",)),
        ),
        "tyxq torch: one batched circuit, autograd; tyxq numpy: value_and_grad(method='adjoint'); TC-NG: "
        "jit + vmap over operator_expectation of a PauliStringSum2COO (its VQE tutorials' path), and, as a weaker "
        "labelled row, 23 expectation_ps contractions; PennyLane: default.qubit, torch backprop",
    ),
    "circuit22": Workload(
        (
            Contender("tyxq", tyxq_circuit22),
            Contender("memory floor", floor_circuit22),
            Contender("PennyLane", lightning_circuit22),
            Contender("qulacs", qulacs_circuit22),
            Contender("Qiskit Aer", aer_circuit22),
        ),
        (
            Row("22 qubits, 65 gates, from a dense state", "tyxq", ("PennyLane", "qulacs", "Qiskit Aer")),
            Row("  against the 65-pass in-place memory floor", "tyxq", ("memory floor",)),
        ),
        "tyxq: numpy; PennyLane: lightning.qubit; Aer: statevector method",
    ),
    "shots": Workload(
        (
            *shot_contenders("sample", ladder_circuit),
            *shot_contenders("counts", ladder_circuit),
            *shot_contenders("state", ladder_circuit),
            *shot_contenders("sample", light_circuit, " (light)"),
        ),
        (
            shot_row("100k shots, 16q H + CNOT ladder + RY, sample", "sample", target="time <= 1x"),
            shot_row("  the same, counts", "counts", target="time <= 1x"),
            shot_row("  the circuit alone (state)", "state", target="tyxq <= 3 ms"),
            shot_row("100k shots, 16q H + RZ + 1 CNOT, sample", "sample", " (light)"),
        ),
        "circuit built and simulated inside every call; TC-NG: the angles passed to the jitted function (else XLA "
        "folds the whole circuit into a constant), sample_int and state under jit, count_dict_bin outside jit "
        "(as it requires); qulacs: sampling() (a Counter for counts); Aer: statevector method, "
        "get_memory() / get_counts()",
    ),
    "dm": Workload(
        (
            Contender("tyxq", tyxq_noise),
            Contender("PennyLane", pennylane_noise),
            Contender("Qiskit Aer", aer_noise),
        ),
        (Row("density matrix, 10 qubits, depolarizing", "tyxq", ("PennyLane", "Qiskit Aer")),),
        "tyxq: density_matrix mode, numpy; PennyLane: default.mixed; Aer: density_matrix method, NoiseModel",
    ),
}

FRESH_ROW = Row("24 qubits from |0>, first call, fresh process", "tyxq", ("qulacs",))
FRESH_NOTES = "95 gates, imports excluded, a new interpreter per run; tyxq: numpy"


# --- the table --------------------------------------------------------------------------------------


def _figure(row: dict[str, Any] | None) -> str:
    if row is None:
        return "-"
    if "median_s" in row:
        return f"{row['median_s'] * 1e3:.2f} ({row['min_s'] * 1e3:.2f}-{row['max_s'] * 1e3:.2f})"
    return "not installed" if row["error"].startswith("not installed") else "failed"


def _first(row: dict[str, Any] | None) -> str:
    return f"{row['first_s'] * 1e3:.0f}" if row is not None and "first_s" in row else "-"


def table_lines(rows: list[tuple[Row, dict[str, dict[str, Any]]]]) -> list[str]:
    """The table: medians and spreads in ms, the first calls, the best peer and the ratio of medians."""
    widths = (48, 22, 9, 26, 22, 9, 12)
    header = ("row (ms: median (fastest-slowest))", "tyxq", "1st call", "best peer", "its median", "1st call")
    lines = [" ".join(f"{h:<{w}}" for h, w in zip((*header, "tyxq / peer"), widths, strict=True))]
    for row, results in rows:
        ours = results.get(row.ours)
        timed = {name: results[name] for name in row.peers if "median_s" in results.get(name, {})}
        best = min(timed, key=lambda name: timed[name]["median_s"]) if timed else None
        ratio = ""
        if best is not None and ours is not None and "median_s" in ours:
            ratio = f"{ours['median_s'] / timed[best]['median_s']:.2f}x"
        peer = results.get(best) if best is not None else None
        cells = (row.title, _figure(ours), _first(ours), best or "(none ran)", _figure(peer), _first(peer), ratio)
        line = " ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True))
        lines.append(f"{line} {row.target}".rstrip())
    return lines


def note_lines(key: str, notes: str, results: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"  {key}: {notes}"]
    for name, row in results.items():
        if "error" in row:
            lines.append(f"    {name}: {row['error'][:110]}")
        if "peak_mib" in row:
            state_mib = 16 * 2**N_FRESH / 2**20
            lines.append(f"    {name}: peak memory {row['peak_mib']:.0f} MiB (the state alone: {state_mib:.0f} MiB)")
    if key == "qml":
        for name, row in results.items():
            if "median_s" in row:
                lines.append(f"    {name}: {B_QML / row['median_s']:,.0f} samples/s")
    if key == "dm" and VALUES:
        lines.append("    <sum Z>: " + ", ".join(f"{name} {value:.10f}" for name, value in VALUES.items()))
    return lines


def main() -> None:
    global THREADS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="threads of every library (default 1)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved timed rounds per figure (at least 5)")
    choices = [*WORKLOADS, "first24"]
    parser.add_argument("--only", default=None, help=f"comma-separated workloads among {','.join(choices)}")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/peers.json"))
    parser.add_argument(
        "--malloc-thresholds", action="store_true", help=f"run everyone with GLIBC_TUNABLES={MALLOC_TUNABLES}"
    )
    args = parser.parse_args()
    chosen = choices if args.only is None else [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in choices]
    if unknown:
        parser.error(f"unknown workloads {unknown}; choose among {','.join(choices)}")
    if args.runs < 5:
        parser.error("--runs is at least 5: a median of fewer rounds is no figure")
    pin_threads(args.threads, args.malloc_thresholds)
    THREADS = args.threads
    torch.set_num_threads(args.threads)
    rows: list[tuple[Row, dict[str, dict[str, Any]]]] = []
    notes: list[str] = []
    allocator = f"GLIBC_TUNABLES={MALLOC_TUNABLES}" if args.malloc_thresholds else "glibc malloc's defaults"
    saved: dict[str, Any] = {"threads": args.threads, "runs": args.runs, "allocator": allocator, "workloads": {}}
    for key in chosen:
        if key == "first24":
            results = fresh_race(args.runs)
            rows.append((FRESH_ROW, results))
            notes += note_lines(key, FRESH_NOTES, results)
        else:
            workload = WORKLOADS[key]
            results = race(workload.contenders, runs=args.runs)
            rows += [(row, results) for row in workload.rows]
            notes += note_lines(key, workload.notes, results)
        saved["workloads"][key] = results
    saved["noise_values"] = VALUES
    print(
        f"tyxq and its peers, one run: medians of {args.runs} interleaved rounds, {args.threads} thread(s) for every "
        f"library (OMP, BLAS, XLA, torch, Aer), CPU; allocator: {allocator}"
    )
    print("\n".join(table_lines(rows)))
    print("notes:")
    print("\n".join(notes))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(saved, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
