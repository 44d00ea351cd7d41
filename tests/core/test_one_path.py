"""One path from circuit to result: every spelling samples alike, no silent reading, several observables at once."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import numpy as np
import pytest

import tyxq

from .backend_matrix import active, host, on
from .reference import pauli_matrix, simulate

# --- one sampling path -------------------------------------------------------------------------------


def spread() -> tyxq.Circuit:
    """Five qubits whose distribution has at least 16 outcomes above 1 %."""
    c = tyxq.Circuit(5)
    for q, angle in enumerate([0.9, 1.3, 2.0, 1.1, 1.7]):
        c.ry(q, angle)
    return c.cnot(0, 3).crx(2, 4, 0.8)


def test_the_distribution_under_test_is_spread_out() -> None:
    probs = tyxq.probabilities(spread())
    assert int(np.sum(probs > 0.01)) >= 16


def test_one_seed_gives_one_set_of_counts_through_every_spelling(backend_name: str) -> None:
    shots, seed = 3000, 1234
    with active(backend_name) as backend:
        circuit = spread()
        spellings = {
            "counts": tyxq.counts(circuit, shots, seed=seed),
            "counts in the shots mode": tyxq.counts(circuit, mode="shots", shots=shots, seed=seed),
            "counts with the shots mode active": _in_shots_mode(lambda: tyxq.counts(circuit, seed=seed), shots),
            "sample": _tally(host(backend, tyxq.sample(circuit, shots, seed=seed))),
            "probabilities in the shots mode": _frequencies_to_counts(
                host(backend, tyxq.probabilities(circuit, mode="shots", shots=shots, seed=seed)), shots
            ),
            "counts of a function": tyxq.counts(lambda: spread(), shots, seed=seed),
        }
    first = spellings["counts"]
    assert sum(first.values()) == shots and len(first) >= 16
    for name, table in spellings.items():
        assert table == first, f"{name} drew other shots than tyxq.counts from the same seed"


def test_the_z_terms_of_a_shots_estimate_come_from_the_same_shots() -> None:
    circuit, shots, seed = spread(), 2000, 77
    table = tyxq.counts(circuit, shots, seed=seed)
    from_counts = sum(count * (1 - 2 * int(bits[0])) for bits, count in table.items()) / shots
    estimate = float(tyxq.expectation(circuit, tyxq.Z(0), mode="shots", shots=shots, seed=seed))
    assert estimate == pytest.approx(from_counts, abs=1e-12)


def _in_shots_mode(call: Any, shots: int) -> Any:
    with tyxq.use_execution_mode("shots", shots=shots):
        return call()


def _tally(bits: np.ndarray) -> dict[str, int]:
    return dict(sorted(Counter("".join(str(int(b)) for b in row) for row in bits).items()))


def _frequencies_to_counts(frequencies: np.ndarray, shots: int) -> dict[str, int]:
    n = int(np.log2(frequencies.size))
    return {format(i, f"0{n}b"): round(f * shots) for i, f in enumerate(frequencies) if f > 0}


# --- the verbs and the modes ---------------------------------------------------------------------------


def test_state_in_a_mode_without_one_is_a_named_error() -> None:
    with pytest.raises(tyxq.CapabilityError, match='mode="statevector"'):
        tyxq.state(tyxq.Circuit(1).h(0), mode="shots")


def test_verbs_honour_the_active_mode() -> None:
    circuit = tyxq.Circuit(1).ry(0, 1.4)
    exact = float(tyxq.expectation(circuit, "Z"))
    with tyxq.use_execution_mode("shots", shots=50, seed=3):
        sampled = float(tyxq.expectation(circuit, "Z"))
    assert exact == pytest.approx(np.cos(1.4), abs=1e-12)
    assert sampled != exact and sampled * 50 == pytest.approx(round(sampled * 50), abs=1e-9)


def test_the_circuit_keeps_no_execution_methods() -> None:
    for name in ("state", "probabilities", "expectation", "expectation_ps", "sample", "counts", "to_qasm", "from_qasm"):
        assert not hasattr(tyxq.Circuit, name), f"Circuit.{name} is a second spelling of a verb"


# --- several observables, one simulation ---------------------------------------------------------------

OBSERVABLES = [tyxq.Z(0), tyxq.X(1) @ tyxq.Z(2), 0.5 * tyxq.Y(0) + tyxq.Z(1) @ tyxq.Z(2) - 0.25, "XYZ"]


def ansatz(p: Any) -> tyxq.Circuit:
    return tyxq.Circuit(3).ry(0, p[0]).rx(1, p[1]).cnot(0, 2).crz(1, 2, p[2]).ry(2, 2 * p[0]).h(1)


def test_several_observables_equal_single_calls(backend_name: str) -> None:
    p = np.array([0.3, -1.2, 0.8])
    with active(backend_name) as backend:
        together = host(backend, tyxq.expectation(ansatz(on(backend, p)), OBSERVABLES))
        singles = [float(host(backend, tyxq.expectation(ansatz(on(backend, p)), o))) for o in OBSERVABLES]
    assert together.shape == (len(OBSERVABLES),)
    np.testing.assert_allclose(together, singles, atol=1e-12)


def test_several_observables_of_a_batch_give_b_by_k() -> None:
    ps = np.array([[0.3, -1.2, 0.8], [1.0, 0.1, -0.5]])
    values = tyxq.expectation(ansatz, OBSERVABLES, ps, batch_axes=0)
    assert values.shape == (2, len(OBSERVABLES))
    np.testing.assert_allclose(values[1], tyxq.expectation(ansatz(ps[1]), OBSERVABLES), atol=1e-12)


def _dense(observable: Any) -> np.ndarray:
    hamiltonian = tyxq.observables.as_hamiltonian(observable, 3)
    total = np.zeros((8, 8), dtype=complex)
    for term in hamiltonian.terms:
        total += term.coefficient * (pauli_matrix(3, dict(term.paulis)) if term.paulis else np.eye(8))
    return total


def test_several_observables_in_the_shots_mode_have_the_analytic_variance() -> None:
    """Each observable's estimate is unbiased with the variance of its groups, each group given the full shots."""
    p = np.array([0.3, -1.2, 0.8])
    gates = [
        ("ry", (0,), (p[0],)),
        ("rx", (1,), (p[1],)),
        ("cnot", (0, 2), ()),
        ("crz", (1, 2), (p[2],)),
        ("ry", (2,), (2 * p[0],)),
        ("h", (1,), ()),
    ]
    psi = simulate(3, gates)
    shots, repeats = 200, 300
    generator = np.random.default_rng(5)
    estimates = np.array(
        [tyxq.expectation(ansatz(p), OBSERVABLES, mode="shots", shots=shots, seed=generator) for _ in range(repeats)]
    )
    for k, observable in enumerate(OBSERVABLES):
        groups = _measured_groups(observable)
        mean = float(np.real(np.conj(psi) @ _dense(observable) @ psi))
        variance = 0.0
        for group in groups:
            first = float(np.real(np.conj(psi) @ group @ psi))
            variance += (float(np.real(np.conj(psi) @ group @ group @ psi)) - first**2) / shots
        assert abs(estimates[:, k].mean() - mean) < 4 * np.sqrt(variance / repeats) + 1e-12
        if variance > 0:
            assert 0.7 < estimates[:, k].var(ddof=1) / variance < 1.4


def _measured_groups(observable: Any) -> list[np.ndarray]:
    """The dense operators the shots mode measures as independent groups (Z-only terms together, then X/Y groups)."""
    hamiltonian = tyxq.observables.as_hamiltonian(observable, 3)
    terms = [t for t in hamiltonian.terms if t.paulis]
    z_only = [t for t in terms if all(p == "Z" for _, p in t.paulis)]
    groups = [z_only] if z_only else []
    for _, members in tyxq.kernels.measure.qubitwise_groups(terms):
        groups.append([terms[i] for i in members])
    return [sum(t.coefficient * pauli_matrix(3, dict(t.paulis)) for t in group) for group in groups]


@pytest.mark.parametrize("method", ["adjoint", "parameter_shift", "auto"])
def test_every_method_differentiates_several_observables(backend_name: str, method: str) -> None:
    p = np.array([0.3, -1.2, 0.8])

    def total(q: Any) -> Any:
        return tyxq.expectation(ansatz(q), OBSERVABLES)

    with active(backend_name) as backend:
        jac = tyxq.jacobian(total, method=method)(on(backend, p))
        reference = tyxq.jacobian(total, method="finite_difference")(on(backend, p))
        with pytest.raises(tyxq.GradientError, match="observable axis"):  # grad no longer sums the list
            tyxq.value_and_grad(total, method=method)(on(backend, p))
    assert host(backend, jac).shape == (len(OBSERVABLES), 3)
    np.testing.assert_allclose(host(backend, jac), host(backend, reference), atol=1e-7)


def test_autograd_differentiates_a_weighted_sum_of_several_observables(autodiff_backend_name: str) -> None:
    p = np.array([0.3, -1.2, 0.8])
    weights = np.array([1.0, -2.0, 0.5, 3.0])
    with active(autodiff_backend_name) as backend:

        def loss(q: Any) -> Any:
            return backend.sum(tyxq.expectation(ansatz(q), OBSERVABLES) * on(backend, weights))

        for method in ("autograd", "adjoint", "parameter_shift"):
            _, grad = tyxq.value_and_grad(loss, method=method)(on(backend, p))
            _, reference = tyxq.value_and_grad(loss, method="finite_difference")(on(backend, p))
            np.testing.assert_allclose(host(backend, grad), host(backend, reference), atol=1e-7, err_msg=method)


def test_an_empty_list_of_observables_is_refused() -> None:
    with pytest.raises(tyxq.ObservableError, match="at least one"):
        tyxq.expectation(tyxq.Circuit(1), [])


# --- no silent reading -----------------------------------------------------------------------------


def test_a_parameter_with_a_qubit_list_means_one_angle_per_qubit_whatever_the_sizes() -> None:
    angles = np.array([0.1, 0.2, 0.3, 0.4])
    c = tyxq.Circuit(4).ry(range(4), angles)
    assert c.batch_size is None
    assert [op.params[0] for op in c] == pytest.approx(list(angles))


def test_a_batch_shared_by_every_qubit_is_written_as_a_column() -> None:
    batch = np.array([0.1, 0.2, 0.3, 0.4])  # as many members as qubits: still a batch when written (B, 1)
    c = tyxq.Circuit(4).ry(range(4), batch[:, None])
    assert c.batch_size == 4
    np.testing.assert_allclose(tyxq.expectation(c, tyxq.Z(3)), np.cos(batch), atol=1e-12)


def test_a_batch_of_angles_per_qubit_is_b_by_k() -> None:
    grid = np.arange(6.0).reshape(3, 2) / 10
    c = tyxq.Circuit(2).rx([0, 1], grid)
    assert c.batch_size == 3
    np.testing.assert_allclose(tyxq.expectation(c, tyxq.Z(1)), np.cos(grid[:, 1]), atol=1e-12)


@pytest.mark.parametrize("shape", [(3,), (5,), (2, 3), (2, 2, 4)])
def test_other_shapes_with_a_qubit_list_are_refused_with_every_reading(shape: tuple[int, ...]) -> None:
    with pytest.raises(tyxq.ParameterError, match=r"shape \(4,\) \(one angle per qubit\).*t\[:, None\]"):
        tyxq.Circuit(4).ry(range(4), np.zeros(shape))


@pytest.mark.parametrize("qubits", [1.9, np.array([1.9]), [0, 1.0], np.array([0.0, 1.0])])
def test_qubit_indices_must_be_integers(qubits: Any) -> None:
    with pytest.raises(tyxq.QubitIndexError, match="integer"):
        tyxq.Circuit(3).x(qubits)


def test_numpy_integer_qubits_are_fine() -> None:
    c = tyxq.Circuit(3).x(np.int64(2)).x(np.arange(2))
    assert [op.qubits for op in c] == [(2,), (0,), (1,)]


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (np.array([2.0, 0.0]), "squared norm 4"),
        (np.array([0.0, 0.0]), "zero vector"),
        (np.array([np.nan, 1.0]), "NaN or infinite"),
        (np.array([[1.0, 0.0], [0.0, 0.5]]), "member 1 has squared norm 0.25"),
    ],
)
def test_initial_states_must_be_finite_non_zero_and_normalised(inputs: np.ndarray, message: str) -> None:
    with pytest.raises(tyxq.ParameterError, match=message):
        tyxq.Circuit(1, inputs=inputs)


def test_initial_states_on_a_backend_are_checked_by_the_kernels(backend_name: str) -> None:
    with active(backend_name) as backend:
        zero = backend.zeros((4,))
        with pytest.raises(tyxq.ParameterError, match="zero vector"):
            tyxq.counts(tyxq.Circuit(2, inputs=zero), 100, seed=0)


def test_normalize_true_divides_each_member_by_its_norm() -> None:
    c = tyxq.Circuit(1, inputs=np.array([[3.0, 4.0], [0.0, 2.0]]), normalize=True)
    np.testing.assert_allclose(tyxq.expectation(c, "Z"), [(9 - 16) / 25, -1.0], atol=1e-12)


def test_complex64_inputs_get_a_complex64_tolerance() -> None:
    rng = np.random.default_rng(0)
    psi = (rng.normal(size=16) + 1j * rng.normal(size=16)).astype(np.complex64)
    psi /= np.linalg.norm(psi)
    with tyxq.use_backend("numpy", dtype="complex64"):
        assert tyxq.state(tyxq.Circuit(4, inputs=psi)).dtype == np.complex64


def test_finite_differences_under_shots_use_common_random_numbers() -> None:
    def energy(theta: Any) -> Any:
        return tyxq.expectation(tyxq.Circuit(1).ry(0, theta[0]), tyxq.Z(0))

    with tyxq.use_execution_mode("shots", shots=1000, seed=3):
        estimates = [float(tyxq.grad(energy, method="finite_difference")(np.array([0.36]))[0]) for _ in range(30)]
    exact = -np.sin(0.36)
    assert all(abs(e - exact) < 0.25 for e in estimates), estimates  # no -395 from noise divided by a tiny step
    assert abs(np.mean(estimates) - exact) < 0.06
    assert len(set(estimates)) > 1  # each call draws afresh from the mode's generator


def test_finite_differences_with_a_fixed_seed_repeat() -> None:
    def energy(theta: Any) -> Any:
        return tyxq.expectation(tyxq.Circuit(1).ry(0, theta[0]), tyxq.Z(0), mode="shots", shots=500, seed=9)

    first = tyxq.grad(energy, method="finite_difference")(np.array([0.7]))
    assert np.array_equal(first, tyxq.grad(energy, method="finite_difference")(np.array([0.7])))


# --- the selection is read once per call ---------------------------------------------------------------


def test_a_backend_switched_in_another_thread_never_mixes_into_a_call() -> None:
    """8 threads count and estimate while another flips the process-wide backend between numpy dtypes."""
    circuit = spread()
    expected = tyxq.counts(circuit, 200, seed=4)
    failures: list[BaseException] = []
    stop = threading.Event()

    def flip() -> None:
        while not stop.is_set():
            for dtype in ("complex64", "complex128"):
                tyxq.set_backend("numpy", dtype=dtype)

    def work() -> None:
        try:
            for _ in range(150):
                if tyxq.counts(circuit, 200, seed=4).keys() != expected.keys():
                    raise AssertionError("counts changed with the backend")
                value = tyxq.expectation(circuit, [tyxq.Z(0), tyxq.X(1)])
                assert value.shape == (2,)
        except BaseException as error:  # noqa: BLE001 - collected and reported by the main thread
            failures.append(error)

    flipper = threading.Thread(target=flip)
    workers = [threading.Thread(target=work) for _ in range(8)]
    flipper.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    stop.set()
    flipper.join()
    tyxq.set_backend("numpy", dtype="complex128")
    assert failures == []
