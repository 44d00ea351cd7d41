"""The in-place, cache-blocked statevector path against the dense references, with its block sizes forced small.

Large states on numpy are simulated in place, row by row (tyxq.kernels.blocked);
here every state takes that path (INPLACE_MIN = 1) with rows of a few qubits
and temporaries of a few amplitudes, so gates inside a row, across rows
(full passes), batched and not, all run, and every kernel method is chosen.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tyxq
import tyxq.kernels.blocked as blocked
import tyxq.kernels.inplace as inplace
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.gates import GATES
from tyxq.kernels.plan import compile_plan

from .reference import apply_tensor, full_operator, gate_matrix, simulate, simulate_tensor
from .test_random_circuits import BATCH, build, circuits, member

SMALL = [(3, 4), (1, 2), (4, 32)]
"""(row qubits, amplitudes per temporary) the random circuits run with."""


def small_blocks(monkeypatch: pytest.MonkeyPatch, row_qubits: int, block: int) -> None:
    monkeypatch.setattr(blocked, "INPLACE_MIN", 1)
    monkeypatch.setattr(blocked, "BLOCK_QUBITS", row_qubits)
    monkeypatch.setattr(inplace, "BLOCK", block)
    monkeypatch.setattr(inplace, "RIGHT_MIN", 4)
    monkeypatch.setattr(inplace, "WIDE_MAX", 4)
    monkeypatch.setattr(inplace, "RIGHT_MIN_REAL", 4)
    monkeypatch.setattr(inplace, "WIDE_MAX_REAL", 4)
    monkeypatch.setattr(blocked, "FUSE_MAX", 6)


@pytest.mark.parametrize(("row_qubits", "block"), SMALL)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=circuits(batched=True))
def test_random_circuits_in_place_match_the_dense_reference(
    monkeypatch: pytest.MonkeyPatch, row_qubits: int, block: int, case: tuple[int, list]
) -> None:
    small_blocks(monkeypatch, row_qubits, block)
    n, gates = case
    circuit = build(n, gates)
    assert blocked.runs_in_place(NumpyBackend(), 2**n)
    state = tyxq.state(circuit)
    if circuit.batch_size is None:
        np.testing.assert_allclose(state, simulate(n, gates), atol=1e-10)
        return
    for b in range(BATCH):
        np.testing.assert_allclose(state[b], simulate(n, member(gates, b)), atol=1e-10)


def _random_gates(rng: np.random.Generator, n: int, count: int, batch: int | None) -> list:
    names = sorted(name for name, spec in GATES.items() if spec.n_qubits <= 4)
    gates = []
    for _ in range(count):
        name = names[rng.integers(len(names))]
        spec = GATES[name]
        qubits = tuple(int(q) for q in rng.permutation(n)[: spec.n_qubits])
        params = tuple(
            rng.uniform(-3, 3, batch) if batch and rng.random() < 0.5 else float(rng.uniform(-3, 3))
            for _ in range(spec.n_params)
        )
        gates.append((name, qubits, params))
    return gates


@pytest.mark.parametrize(("n", "batch", "seed"), [(12, None, 0), (14, 2, 1), (16, None, 2), (16, 2, 3)])
def test_large_random_circuits_in_place_match_the_tensor_reference(
    monkeypatch: pytest.MonkeyPatch, n: int, batch: int | None, seed: int
) -> None:
    small_blocks(monkeypatch, 6, 64)
    fused: list[tuple[int, ...]] = []

    class Counted(blocked._Fused):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            fused.append(self.targets)

    monkeypatch.setattr(blocked, "_Fused", Counted)
    rng = np.random.default_rng(seed)
    layer = [("h", (q,), ()) for q in range(n)] + [("cnot", (q, q + 1), ()) for q in range(n - 1)]
    gates = layer + _random_gates(rng, n, 30, batch)
    circuit = build(n, gates)
    passes = blocked.schedule(compile_plan(circuit), 6)
    assert any(p.blocked for p in passes) and any(not p.blocked for p in passes)
    state = tyxq.state(circuit)
    assert fused  # the H layer's last two blocks in a row are fused into one product
    for b in range(batch or 1):
        expected = simulate_tensor(n, member(gates, b) if batch else gates)
        np.testing.assert_allclose(state[b] if batch else state, expected, atol=1e-10)


def test_the_tensor_reference_agrees_with_the_dense_one() -> None:
    gates = _random_gates(np.random.default_rng(5), 5, 20, None)
    np.testing.assert_allclose(simulate_tensor(5, gates), simulate(5, gates), atol=1e-12)


@pytest.mark.parametrize(
    ("m", "targets", "controls", "method"),
    [
        (6, (4, 5), None, "tall"),  # R = 1
        (6, (3, 4), None, "tall"),  # d·R = 8 ≤ WIDE_MAX: widened by I_2
        (8, (1, 2), None, "columns"),  # R = 32 ≥ RIGHT_MIN
        (8, (2, 3, 4), None, "stacked"),  # R = 8, d·R = 64: between the two
        (6, (5, 1), None, "stacked"),  # targets apart
        (6, (2,), {0: 1, 5: 0}, "stacked"),  # controlled
        (6, (4, 5), None, "real tall"),  # a real matrix on the real view: R = 2, widened by I_2
        (8, (1, 2), None, "real columns"),
        (6, (5, 1), {3: 1}, "real stacked"),
    ],
)
def test_every_dense_method_matches_the_full_operator(
    monkeypatch: pytest.MonkeyPatch, m: int, targets: tuple, controls: dict | None, method: str
) -> None:
    monkeypatch.setattr(inplace, "BLOCK", 16)
    monkeypatch.setattr(inplace, "RIGHT_MIN", 16)
    monkeypatch.setattr(inplace, "RIGHT_MIN_REAL", 16)
    rng = np.random.default_rng(7)
    d = 2 ** len(targets)
    real = method.startswith("real")
    matrix = np.linalg.qr(rng.standard_normal((d, d)) + (0 if real else 1j) * rng.standard_normal((d, d)))[0]
    matrix = matrix.astype(complex)
    psi = rng.standard_normal((2, 2**m)) + 1j * rng.standard_normal((2, 2**m))
    kernel = inplace.Dense(NumpyBackend(), m, targets, matrix, controls)
    assert kernel.method == method
    expected = psi.copy()
    kernel.apply(psi)
    qubits = (*(controls or {}), *targets)
    operator = matrix
    for value in reversed(list((controls or {}).values())):  # the first control ends outermost: |v⟩⟨v| ⊗ U + …
        size = operator.shape[0]
        block = [operator, np.eye(size)] if value == 0 else [np.eye(size), operator]
        operator = np.block([[block[0], np.zeros((size, size))], [np.zeros((size, size)), block[1]]])
    full = full_operator(m, qubits, operator)
    np.testing.assert_allclose(psi, expected @ full.T, atol=1e-12)


def test_permutation_gates_move_amplitudes_in_place_as_their_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inplace, "BLOCK", 8)
    rng = np.random.default_rng(3)
    psi = rng.standard_normal((1, 2**6)) + 0j
    for name, qubits in [("cnot", (4, 1)), ("swap", (0, 5)), ("ccx", (5, 0, 2)), ("cswap", (3, 5, 1))]:
        permutation = GATES[name].permutation
        assert permutation is not None
        expected = full_operator(6, qubits, GATES[name].build(NumpyBackend())) @ psi[0]
        inplace.apply_permutation_gate(NumpyBackend(), psi, 6, qubits, permutation)
        np.testing.assert_allclose(psi[0], expected, atol=1e-15)


def test_the_schedule_moves_gates_on_other_qubits_ahead_and_keeps_the_rest_in_order() -> None:
    circuit = tyxq.Circuit(6).h(range(6))
    for q in range(5):
        circuit.cnot(q, q + 1)
    circuit.rz(range(6), 0.3).rx(range(6), 0.2)
    passes = blocked.schedule(compile_plan(circuit), 3)
    shown = [str(p) for p in passes]
    assert shown == [
        "full: dense q[0, 1, 2]",
        "full: rows q[0, 1, 2]",  # CNOTs on outer qubits only: one reordering of whole rows
        "blocked: dense q[3, 4, 5]; permutation q[2, 3, 4, 5]",
        "full: dense q[0, 1, 2]",
        "blocked: dense q[3, 4, 5]",
    ]


def test_no_array_of_the_states_size_is_allocated_besides_the_state(monkeypatch: pytest.MonkeyPatch) -> None:
    small_blocks(monkeypatch, 8, 256)
    monkeypatch.setattr(blocked, "FUSE_MAX", 4)  # a fused 64 × 64 matrix would be a sixteenth of this small state
    # the BLAS thread limit scans every loaded library (Python objects of a size that grows with them, not
    # with the state): left out here, where what is measured is the kernels' arrays
    monkeypatch.setattr(blocked, "one_blas_thread", contextlib.nullcontext)
    n = 16
    circuit = tyxq.Circuit(n).h(range(n))
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    circuit.rz(range(n), 0.37).rx(range(n), 0.21).swap(0, n - 1).ccx(n - 1, 0, 5)
    compile_plan(circuit)
    tyxq.state(circuit)  # caches the constant operators
    tracemalloc.start()
    try:
        tyxq.state(circuit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    state = 16 * 2**n
    assert state <= peak < state + state // 4  # numpy reports its array buffers to tracemalloc


def test_one_blas_thread_restores_the_limit_after_concurrent_runs() -> None:
    from threadpoolctl import threadpool_info

    from tyxq.kernels.threads import one_blas_thread

    def blas_threads() -> list[int]:
        return [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]

    def run() -> None:
        with one_blas_thread():
            pass

    before = blas_threads()
    with one_blas_thread():  # from the main thread (see tyxq.kernels.threads for other threads)
        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert blas_threads() == [1] * len(before)  # the threads that left did not lift the limit held here
    assert blas_threads() == before  # restored once the last one left


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_inputs_and_expectations_in_place_match_the_reference(
    monkeypatch: pytest.MonkeyPatch, data: st.DataObject
) -> None:
    small_blocks(monkeypatch, 3, 4)
    n, gates = data.draw(circuits(batched=False))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    inputs = rng.standard_normal(2**n) + 1j * rng.standard_normal(2**n)
    inputs /= np.linalg.norm(inputs)
    circuit = build(n, gates)
    circuit = tyxq.Circuit(n, inputs=inputs).append(circuit)
    expected = simulate(n, gates, inputs)
    np.testing.assert_allclose(tyxq.state(circuit), expected, atol=1e-10)
    value = tyxq.expectation(circuit, tyxq.X(0) + tyxq.Z(n - 1))
    paulis = full_operator(n, (0,), np.array([[0, 1], [1, 0]])) + full_operator(n, (n - 1,), np.diag([1, -1]))
    assert value == pytest.approx(np.vdot(expected, paulis @ expected).real, abs=1e-10)


@pytest.mark.parametrize("batched", [False, True])
def test_controlled_gates_in_place_match_their_subspace_matrices(
    monkeypatch: pytest.MonkeyPatch, batched: bool
) -> None:
    small_blocks(monkeypatch, 4, 16)  # controls and targets on both sides of the row boundary (qubit 6)
    n, rng = 10, np.random.default_rng(11 + batched)
    bases = {"rz": 1, "rx": 1, "ry": 1, "h": 0, "x": 0, "phase": 1, "rzz": 1, "swap": 0}
    circuit = tyxq.Circuit(n).h(range(n))
    expected = [simulate_tensor(n, [("h", (q,), ()) for q in range(n)]) for _ in range(2 if batched else 1)]
    for _ in range(24):
        base = sorted(bases)[rng.integers(len(bases))]
        width = 2 if base in ("rzz", "swap") else 1
        controls = int(rng.integers(1, 3))
        qubits = tuple(int(q) for q in rng.permutation(n)[: controls + width])
        values = "".join(str(int(v)) for v in rng.integers(0, 2, controls))
        angles = rng.uniform(-3, 3, 2) if batched and bases[base] else float(rng.uniform(-3, 3))
        circuit.apply(f"ctrl[{values}]:{base}", *qubits, params=(angles,) if bases[base] else ())
        for b, psi in enumerate(expected):
            angle = (angles[b] if isinstance(angles, np.ndarray) else angles,) if bases[base] else ()
            unitary = gate_matrix(base, angle)
            full = np.eye(2 ** (controls + width), dtype=complex)
            at = int(values, 2) * unitary.shape[0]
            full[at : at + unitary.shape[0], at : at + unitary.shape[0]] = unitary
            expected[b] = apply_tensor(n, qubits, full, psi)
    state = tyxq.state(circuit)
    for b, psi in enumerate(expected):
        np.testing.assert_allclose(state[b] if state.ndim == 2 else state, psi, atol=1e-10)



def test_a_blas_loaded_after_the_first_run_is_limited_too() -> None:
    program = (
        "from tyxq.kernels.threads import one_blas_thread\n"
        "from threadpoolctl import threadpool_info\n"
        "with one_blas_thread():\n"
        "    pass\n"
        "import scipy.linalg  # its own OpenBLAS, loaded after the first limit\n"
        "with one_blas_thread():\n"
        "    print(sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))\n"
    )
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[1]"
