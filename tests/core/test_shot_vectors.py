"""Shot vectors: one estimate per shot count, from consecutive slices of one stream of shots.

Each test states which property of the slices it checks: the draws of
``shots=[a, b]`` are those of ``shots=a+b`` (sample, counts, probabilities),
an expectation's entries average back to the estimate from the total, each
entry lies within 5σ of a dense reference, and every refusal is named.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import tyxq
from tyxq.arguments import MAX_SHOTS

VECTOR = [40, 300, 2_000]
SEED = 11


def _circuit(angles: np.ndarray | float = 0.7) -> tyxq.Circuit:
    return tyxq.Circuit(2).h(0).cnot(0, 1).ry(1, angles).rx(0, 0.4)


def _dense_state(angle: float) -> np.ndarray:
    h = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    cnot = np.eye(4)[[0, 1, 3, 2]]

    def ry(t: float) -> np.ndarray:
        return np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]])

    def rx(t: float) -> np.ndarray:
        return np.array([[np.cos(t / 2), -1j * np.sin(t / 2)], [-1j * np.sin(t / 2), np.cos(t / 2)]])

    psi = np.zeros(4, dtype=complex)
    psi[0] = 1
    for gate in (np.kron(h, np.eye(2)), cnot, np.kron(np.eye(2), ry(angle)), np.kron(rx(0.4), np.eye(2))):
        psi = gate @ psi
    return psi


def _dense_expectation(angle: float, matrix: np.ndarray) -> float:
    psi = _dense_state(angle)
    return float(np.real(psi.conj() @ matrix @ psi))


X, Z = np.array([[0, 1], [1, 0]]), np.diag([1.0, -1.0])
HAMILTONIAN = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(1) - 0.3 * tyxq.X(0)
DENSE_HAMILTONIAN = np.kron(Z, Z) + 0.5 * np.kron(np.eye(2), X) - 0.3 * np.kron(X, np.eye(2))
SPREAD = 1.8  # Σ|c| of the Hamiltonian's terms: each entry's estimate strays by at most 5·Σ|c|/√shots


@pytest.mark.parametrize("batched", [False, True])
def test_sample_is_the_total_cut_in_consecutive_slices(batched: bool) -> None:
    c = _circuit(np.array([0.3, 1.9]) if batched else 0.7)
    parts = tyxq.sample(c, VECTOR, seed=SEED)
    whole = tyxq.sample(c, sum(VECTOR), seed=SEED)
    assert isinstance(parts, tuple) and len(parts) == len(VECTOR)
    assert [p.shape[-2] for p in parts] == VECTOR
    np.testing.assert_array_equal(np.concatenate(parts, axis=-2), whole)


@pytest.mark.parametrize("batched", [False, True])
def test_counts_tally_each_slice(batched: bool) -> None:
    c = _circuit(np.array([0.3, 1.9]) if batched else 0.7)
    tables = tyxq.counts(c, VECTOR, seed=SEED)
    rows = tyxq.sample(c, sum(VECTOR), seed=SEED)
    start = 0
    for table, size in zip(tables, VECTOR, strict=True):
        members = table if batched else [table]
        block = rows[..., start : start + size, :] if batched else rows[None, start : start + size]
        for member, drawn in zip(members, block, strict=True):
            labels, tallies = np.unique(["".join(map(str, r)) for r in drawn], return_counts=True)
            assert member == dict(zip(labels.tolist(), tallies.tolist(), strict=True))
        start += size


@pytest.mark.parametrize("mode", ["shots", "density_matrix_shots", "trajectories"])
def test_probabilities_are_the_frequencies_of_each_slice(mode: str) -> None:
    chosen = {
        "shots": tyxq.ShotsMode(),
        "density_matrix_shots": tyxq.DensityMatrixMode(shots=10),
        "trajectories": tyxq.TrajectoriesMode(trajectories=50, seed=1),
    }[mode]
    c = _circuit()
    parts = tyxq.probabilities(c, qubits=[1, 0], mode=chosen, shots=VECTOR, seed=SEED)
    indices = tyxq.sample(c, sum(VECTOR), qubits=[1, 0], mode=chosen, seed=SEED) @ np.array([2, 1])
    start = 0
    for part, size in zip(parts, VECTOR, strict=True):
        want = np.bincount(indices[start : start + size], minlength=4) / size
        np.testing.assert_array_equal(part, want)
        start += size


@pytest.mark.parametrize("batched", [False, True])
def test_expectation_entries_average_back_to_the_total(batched: bool) -> None:
    """Each group of qubit-wise commuting terms draws the total once: the shot-weighted mean of the entries is the
    estimate from the total (with X terms, so two groups draw in turn from one generator)."""
    c = _circuit(np.array([0.3, 1.9]) if batched else 0.7)
    shots_mode = tyxq.ShotsMode()
    observables = [HAMILTONIAN, tyxq.Z(1), tyxq.Hermitian([0], np.array([[1.0, 0.5], [0.5, -2.0]]))]
    parts = tyxq.expectation(c, observables, mode=shots_mode, shots=VECTOR, seed=SEED)
    whole = tyxq.expectation(c, observables, mode=shots_mode, shots=sum(VECTOR), seed=SEED)
    assert len(parts) == len(VECTOR) and all(p.shape == whole.shape for p in parts)
    weighted = sum(size * part for size, part in zip(VECTOR, parts, strict=True)) / sum(VECTOR)
    np.testing.assert_allclose(weighted, whole, atol=1e-12)


def test_each_entry_agrees_with_the_dense_reference_within_its_own_error() -> None:
    vector = [1_000, 10_000, 100_000]
    parts = tyxq.expectation(_circuit(), HAMILTONIAN, mode="shots", shots=vector, seed=SEED)
    want = _dense_expectation(0.7, DENSE_HAMILTONIAN)
    for part, size in zip(parts, vector, strict=True):
        assert abs(float(part) - want) <= 5 * SPREAD / np.sqrt(size)


def test_the_error_shrinks_as_one_over_the_square_root_of_the_shots() -> None:
    """Over 200 seeded repetitions the root-mean-square error of each entry follows σ/√shots."""
    vector = [100, 400, 1_600]
    want = _dense_expectation(0.7, np.kron(Z, Z))
    generator = np.random.default_rng(5)
    errors = np.array(
        [
            [
                float(v) - want
                for v in tyxq.expectation(_circuit(), tyxq.Z(0) @ tyxq.Z(1), mode="shots", shots=vector, seed=generator)
            ]
            for _ in range(200)
        ]
    )
    rms = np.sqrt((errors**2).mean(axis=0))
    sigma = np.sqrt(1 - want**2) / np.sqrt(vector)
    np.testing.assert_allclose(rms, sigma, rtol=0.25)


def test_a_mode_created_with_a_shot_count_takes_a_shot_vector_per_call() -> None:
    mode = tyxq.DensityMatrixMode(noise=tyxq.NoiseModel().add("depolarizing", 0.05), shots=5)
    parts = tyxq.expectation(_circuit(), tyxq.Z(0), mode=mode, shots=[50, 50], seed=3)
    whole = tyxq.expectation(_circuit(), tyxq.Z(0), mode=mode, shots=100, seed=3)
    np.testing.assert_allclose((parts[0] + parts[1]) / 2, whole, atol=1e-12)


def test_submit_returns_the_tuple() -> None:
    with ThreadPoolExecutor(1) as pool:
        future = tyxq.submit(_circuit(), tyxq.Z(0), executor=pool, mode="shots", shots=VECTOR, seed=SEED)
        got = future.result()
    want = tyxq.expectation(_circuit(), tyxq.Z(0), mode="shots", shots=VECTOR, seed=SEED)
    assert len(got) == len(VECTOR)
    np.testing.assert_array_equal(np.array(got), np.array(want))


class _PlainMode:
    """A mode written on the protocol alone, without ``shot_vectors``: it estimates one shot count at a time."""

    name = "plain"
    takes_shots = True
    exact = False
    pure = True

    def expectation(self, circuit, observables, *, backend, shots=None, seed=None):  # type: ignore[no-untyped-def]
        return np.zeros((circuit.batch_size or 1, len(observables)))

    def probabilities(self, circuit, qubits=None, *, backend, shots=None, seed=None):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def sample(self, circuit, qubits=None, *, backend, shots=None, seed=None):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def state(self, circuit, *, backend):  # type: ignore[no-untyped-def]
        raise NotImplementedError


@pytest.mark.parametrize(
    ("call", "error", "says"),
    [
        (lambda: tyxq.expectation(_circuit(), tyxq.Z(0), shots=[10, 20]), tyxq.ShotsError, "exact"),
        (lambda: tyxq.probabilities(_circuit(), mode="density_matrix", shots=[10]), tyxq.ShotsError, "exact"),
        (lambda: tyxq.expectation(_circuit(), tyxq.Z(0), mode="shots", shots=[]), tyxq.ShotsError, "at least one"),
        (lambda: tyxq.sample(_circuit(), [10, 0], seed=1), tyxq.ShotsError, "whole number from 1"),
        (lambda: tyxq.counts(_circuit(), [10, True], seed=1), tyxq.ShotsError, "whole number from 1"),
        (lambda: tyxq.counts(_circuit(), [10, 2.5], seed=1), tyxq.ShotsError, "whole number from 1"),
        (lambda: tyxq.sample(_circuit(), [MAX_SHOTS, 1], seed=1), tyxq.ShotsError, "in all"),
        (lambda: tyxq.variance(_circuit(), tyxq.Z(0), mode="shots", shots=[10, 20]), tyxq.ShotsError, "once per count"),
        (
            lambda: tyxq.map(lambda p: _circuit(p), np.array([0.1, 0.2]), tyxq.Z(0), mode="shots", shots=[10, 20]),
            tyxq.ShotsError,
            "tyxq.map takes one shot count",
        ),
        (lambda: tyxq.ShotsMode(shots=[10, 20]), tyxq.ShotsError, "give a shot vector to the call"),
        (
            lambda: tyxq.expectation(_circuit(), tyxq.Z(0), mode=_PlainMode(), shots=[10, 20]),
            tyxq.CapabilityError,
            "shot_vectors",
        ),
    ],
)
def test_refusals_are_named(call, error: type[Exception], says: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=says):
        call()


@pytest.mark.parametrize("method", ["parameter_shift", "finite_difference", "auto"])
def test_gradient_methods_refuse_a_shot_vector(method: str) -> None:
    def energy(t: float) -> object:
        return tyxq.expectation(tyxq.Circuit(1).ry(0, t), tyxq.Z(0), mode="shots", shots=[10, 20], seed=1)

    with pytest.raises(tyxq.GradientError, match="shot vector"):
        tyxq.value_and_grad(energy, method=method)(0.3)


def test_autograd_on_numpy_refuses_a_shot_vector() -> None:
    autograd = pytest.importorskip("autograd", reason="tyxq[autograd] is installed in the core env")

    def cost(t: float) -> object:
        parts = tyxq.expectation(tyxq.Circuit(1).ry(0, t), tyxq.Z(0), mode="shots", shots=[10, 20], seed=1)
        return parts[0]

    with pytest.raises(tyxq.GradientError, match="shot vector"):
        autograd.grad(cost)(0.3)
