"""The memo of recent states: single calls on one circuit share one simulation, and no change goes unseen.

Every value is checked against the dense reference simulator (``tests/core/reference.py``),
simulated afresh from the parameters as they are at the time of the call; the number of
simulations is read from ``tyxq.execution.memo_info()``, the calling thread's counts.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.execution import memo_info
from tyxq.execution.recent import RECENT_CIRCUITS, recent_state

from ..reference import pauli_matrix, simulate

N = 3


def built(a: Any, b: Any, c: Any) -> tyxq.Circuit:
    return tyxq.Circuit(N).ry(0, a).ry(1, b).cnot(0, 1).rx(2, c).cnot(1, 2)


def reference_state(a: float, b: float, c: float) -> np.ndarray:
    return simulate(
        N, [("ry", (0,), (a,)), ("ry", (1,), (b,)), ("cnot", (0, 1), ()), ("rx", (2,), (c,)), ("cnot", (1, 2), ())]
    )


def reference_z(psi: np.ndarray) -> list[float]:
    return [float(np.real(psi.conj() @ pauli_matrix(N, {q: "Z"}) @ psi)) for q in range(N)]


def single_calls(circuit: tyxq.Circuit) -> np.ndarray:
    """The list of single calls the memo serves, one observable each."""
    return np.array([tyxq.expectation(circuit, tyxq.Z(q)) for q in range(N)])


def counts() -> tuple[int, int]:
    info = memo_info()
    return info.misses, info.hits


def since(start: tuple[int, int]) -> tuple[int, int]:
    misses, hits = counts()
    return misses - start[0], hits - start[1]


@pytest.fixture(autouse=True)
def numpy_complex128() -> Any:
    with tyxq.use_backend("numpy", dtype="complex128") as backend:
        yield backend


def test_a_list_of_single_calls_simulates_once_and_matches_the_reference() -> None:
    circuit, start = built(0.3, -1.1, 0.7), counts()
    values = single_calls(circuit)
    assert since(start) == (1, N - 1)
    np.testing.assert_allclose(values, reference_z(reference_state(0.3, -1.1, 0.7)), atol=1e-12)


def test_the_counted_misses_are_the_simulations_run() -> None:
    runs = []
    circuit = built(0.1, 0.2, 0.3)

    def simulated() -> np.ndarray:
        runs.append(1)
        return reference_state(0.1, 0.2, 0.3).reshape(1, -1)

    backend, start = tyxq.get_backend(), counts()
    for _ in range(5):
        recent_state(backend, circuit, simulated)
    assert len(runs) == 1 and since(start) == (1, 4)


def test_every_verb_that_reads_the_state_shares_it() -> None:
    circuit, start = built(0.4, 0.5, -0.6), counts()
    psi = reference_state(0.4, 0.5, -0.6)
    np.testing.assert_allclose(tyxq.probabilities(circuit), np.abs(psi) ** 2, atol=1e-12)
    xx = pauli_matrix(N, {0: "X", 2: "X"})
    assert float(tyxq.expectation(circuit, tyxq.X(0) @ tyxq.X(2))) == pytest.approx(np.real(psi.conj() @ xx @ psi))
    rho = np.outer(psi, psi.conj())
    np.testing.assert_allclose(tyxq.density_matrix(circuit), rho, atol=1e-12)
    assert since(start) == (1, 2)


def test_an_append_makes_a_new_state() -> None:
    circuit = built(0.3, 0.2, 0.1)
    single_calls(circuit)
    start = counts()
    circuit.ry(2, 0.9)
    psi = simulate(N, [("ry", (2,), (0.9,))], reference_state(0.3, 0.2, 0.1))
    np.testing.assert_allclose(single_calls(circuit), reference_z(psi), atol=1e-12)
    assert since(start) == (1, N - 1)


def test_numpy_parameters_changed_in_place_are_compared_by_value() -> None:
    batch = np.array([0.2, 1.4])  # a batched angle: the circuit holds this very array
    circuit = built(batch, 0.5, 0.3)
    first = single_calls(circuit)
    batch[1] = -2.5
    second = single_calls(circuit)
    for values, angle in ((first, 1.4), (second, -2.5)):
        np.testing.assert_allclose(values[:, 1], reference_z(reference_state(angle, 0.5, 0.3)), atol=1e-12)
    start = counts()
    batch[1] = -2.5  # the same value written again: nothing changed
    single_calls(circuit)
    assert since(start) == (0, N)


def test_an_initial_state_and_a_matrix_changed_in_place_are_seen() -> None:
    inputs = np.zeros(2**N, dtype=complex)
    inputs[0] = 1
    matrix = np.eye(2, dtype=complex)
    circuit = tyxq.Circuit(N, inputs).unitary(1, matrix)
    np.testing.assert_allclose(single_calls(circuit), [1.0, 1.0, 1.0], atol=1e-12)
    inputs[0], inputs[4] = 0, 1  # |100⟩
    np.testing.assert_allclose(single_calls(circuit), [-1.0, 1.0, 1.0], atol=1e-12)
    matrix[:] = [[0, 1], [1, 0]]  # X on qubit 1
    np.testing.assert_allclose(single_calls(circuit), [-1.0, -1.0, 1.0], atol=1e-12)


def test_a_new_initial_state_object_is_seen() -> None:
    circuit = tyxq.Circuit(1).h(0)
    assert float(tyxq.expectation(circuit, tyxq.X(0))) == pytest.approx(1.0)
    circuit.inputs = np.array([0, 1], dtype=complex)
    assert float(tyxq.expectation(circuit, tyxq.X(0))) == pytest.approx(-1.0)


def test_another_backend_or_dtype_simulates_its_own_state() -> None:
    circuit = built(0.3, 0.2, 0.1)
    single_calls(circuit)
    with tyxq.use_backend("numpy", dtype="complex64"):
        start = counts()
        single = tyxq.probabilities(circuit)
        assert single.dtype == np.float32
        assert since(start) == (1, 0)
    np.testing.assert_allclose(single, np.abs(reference_state(0.3, 0.2, 0.1)) ** 2, atol=1e-6)


def test_modes_that_sample_or_simulate_a_density_matrix_never_read_it() -> None:
    circuit = built(0.3, 0.2, 0.1)
    exact = single_calls(circuit)
    start = counts()
    sampled = [float(tyxq.expectation(circuit, tyxq.Z(q), mode=tyxq.ShotsMode(shots=400, seed=q))) for q in range(N)]
    mixed = [float(tyxq.expectation(circuit, tyxq.Z(q), mode="density_matrix")) for q in range(N)]
    assert since(start) == (0, 0)
    assert not np.allclose(sampled, exact, atol=1e-9), "the shots mode returned the kept exact values"
    np.testing.assert_allclose(sampled, exact, atol=4 * np.sqrt(1 / 400))
    np.testing.assert_allclose(mixed, reference_z(reference_state(0.3, 0.2, 0.1)), atol=1e-12)


def test_state_returns_an_array_of_its_own() -> None:
    circuit = built(0.3, 0.2, 0.1)
    single_calls(circuit)
    start = counts()
    psi = tyxq.state(circuit)
    psi[:] = 0  # the caller owns it: the kept state is not touched
    assert since(start) == (0, 0)
    np.testing.assert_allclose(single_calls(circuit), reference_z(reference_state(0.3, 0.2, 0.1)), atol=1e-12)


def test_each_thread_keeps_its_own_states() -> None:
    barrier, errors = threading.Barrier(2), []

    def work(offset: float) -> None:
        try:
            angles = np.array([offset, 0.5])
            circuit = built(angles, -offset, 0.25)
            barrier.wait()
            start = counts()
            for step in range(20):
                angles[1] = 0.1 * step + offset  # changed in place between the lists
                values = single_calls(circuit)
                expected = reference_z(reference_state(0.1 * step + offset, -offset, 0.25))
                np.testing.assert_allclose(values[:, 1], expected, atol=1e-12)
            assert since(start) == (20, 20 * (N - 1))  # this thread's own counts
        except BaseException as error:  # noqa: BLE001  # re-raised in the main thread below
            errors.append(error)

    with tyxq.use_backend("numpy", dtype="complex128"):  # the selection is per context: each thread sets its own
        threads = [threading.Thread(target=lambda o=o: _on_numpy(work, o)) for o in (0.3, -0.9)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors


def _on_numpy(work: Any, offset: float) -> None:
    with tyxq.use_backend("numpy", dtype="complex128"):
        work(offset)


def test_only_the_last_few_circuits_are_kept_and_a_collected_circuit_drops_its_state() -> None:
    circuits = [built(0.1 * k, 0.2, 0.3) for k in range(RECENT_CIRCUITS + 1)]
    for circuit in circuits:
        tyxq.expectation(circuit, tyxq.Z(0))
    assert memo_info().kept == RECENT_CIRCUITS
    start = counts()
    tyxq.expectation(circuits[0], tyxq.Z(0))  # the oldest was dropped
    assert since(start) == (1, 0)
    del circuits, circuit
    gc.collect()
    assert memo_info().kept == 0


def test_large_states_are_not_kept() -> None:
    angles = np.linspace(0, 1, 1024)
    circuit = tyxq.Circuit(11).ry(0, angles)  # 1024 × 2**11 amplitudes: twice the largest kept
    before = memo_info()
    values = [tyxq.expectation(circuit, tyxq.Z(0)) for _ in range(2)]
    after = memo_info()
    assert (after.misses - before.misses, after.hits - before.hits, after.skipped - before.skipped) == (0, 0, 2)
    np.testing.assert_allclose(values[1], np.cos(angles), atol=1e-12)


def test_inside_an_evaluation_block_the_block_memo_serves() -> None:
    circuit = built(0.3, 0.2, 0.1)
    start = counts()
    with tyxq.evaluation():
        single_calls(circuit)
    assert since(start) == (0, 0)
