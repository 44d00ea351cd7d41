"""The shots mode: unbiased estimates, one full set of shots per measured group, reproducible seeds, counts."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.execution import ShotsMode

from ..backend_matrix import active, host
from ..reference import pauli_matrix

GROUPS = {  # the groups the mode measures for OBSERVABLE: Z-only terms, then qubit-wise commuting X/Y groups
    "Z": [(0.8, {0: "Z"}), (-0.5, {0: "Z", 2: "Z"})],
    "XX": [(0.6, {0: "X", 1: "X"}), (0.3, {1: "X"})],
    "Y": [(-0.7, {2: "Y"})],
}
CONSTANT = 0.25


def observable() -> tyxq.Hamiltonian:
    total = tyxq.Hamiltonian((tyxq.I() * CONSTANT,))
    for terms in GROUPS.values():
        for coefficient, paulis in terms:
            total = total + tyxq.PauliString(tuple(paulis.items()), coefficient)
    return total


def circuit(theta: float = 0.0) -> tyxq.Circuit:
    return tyxq.Circuit(3).ry(0, 0.7 + theta).rx(1, -0.4).cnot(0, 2).ry(2, 1.1).crx(1, 0, 0.9)


def moments(shots: int) -> tuple[float, float]:
    """The exact expectation and the variance of the estimate when every group gets ``shots`` shots."""
    psi = tyxq.state(circuit())
    mean, variance = CONSTANT, 0.0
    for terms in GROUPS.values():
        group = sum(c * pauli_matrix(3, paulis) for c, paulis in terms)
        first = float(np.real(np.conj(psi) @ group @ psi))
        second = float(np.real(np.conj(psi) @ group @ group @ psi))
        mean += first
        variance += (second - first**2) / shots
    return mean, variance


def test_estimates_are_unbiased_with_every_group_given_the_full_shots() -> None:
    shots, repeats = 400, 400
    mean, variance = moments(shots)
    mode = ShotsMode(shots, seed=11)
    c, h = circuit(), observable()
    estimates = np.array([float(tyxq.expectation(c, h, mode=mode)) for _ in range(repeats)])
    assert abs(estimates.mean() - mean) < 4 * np.sqrt(variance / repeats)
    # were the shots split among the three groups, the variance would be three times larger
    assert 0.8 < estimates.var(ddof=1) / variance < 1.25


def test_a_batch_is_estimated_member_by_member() -> None:
    thetas = np.array([0.0, 1.0, 2.5])
    with tyxq.use_execution_mode("shots", shots=200_000, seed=3):
        values = tyxq.expectation(circuit(thetas), tyxq.Z(0))
    exact = tyxq.expectation(circuit(thetas), tyxq.Z(0), mode="statevector")
    assert values.shape == (3,)
    np.testing.assert_allclose(values, exact, atol=4 * np.sqrt(1 / 200_000))


def test_an_int_seed_repeats_and_a_generator_advances() -> None:
    c, h = circuit(), observable()
    fixed = [float(tyxq.expectation(c, h, mode="shots", shots=50, seed=5)) for _ in range(2)]
    assert fixed[0] == fixed[1]
    generator = np.random.default_rng(5)
    advancing = [float(tyxq.expectation(c, h, mode="shots", shots=50, seed=generator)) for _ in range(2)]
    assert advancing[0] == fixed[0] and advancing[1] != advancing[0]
    replay = np.random.default_rng(5)
    assert [float(tyxq.expectation(c, h, mode="shots", shots=50, seed=replay)) for _ in range(2)] == advancing


def test_the_modes_own_seed_makes_a_sequence_reproducible() -> None:
    c, h = circuit(), observable()
    first, second = ShotsMode(50, seed=9), ShotsMode(50, seed=9)
    run = [float(tyxq.expectation(c, h, mode=first)) for _ in range(3)]
    assert run == [float(tyxq.expectation(c, h, mode=second)) for _ in range(3)]
    assert len(set(run)) > 1


def test_counts_and_frequencies_agree_and_sum_to_the_shots() -> None:
    mode = ShotsMode(1000, seed=4)
    batched = circuit(np.array([0.0, 1.5]))
    tables = tyxq.counts(batched, qubits=[2, 0], mode=mode, seed=8)
    frequencies = tyxq.probabilities(batched, qubits=[2, 0], mode=mode, seed=8)
    assert isinstance(tables, list) and frequencies.shape == (2, 4)
    for table, row in zip(tables, frequencies, strict=True):
        assert sum(table.values()) == 1000
        assert table == {format(i, "02b"): round(p * 1000) for i, p in enumerate(row) if p}


def test_counts_put_the_first_listed_qubit_leftmost() -> None:
    c = tyxq.Circuit(3).x(2)
    assert tyxq.counts(c, 10, qubits=[2, 0], mode="shots", seed=0) == {"10": 10}


def test_frequencies_estimate_the_probabilities() -> None:
    shots = 100_000
    estimate = tyxq.probabilities(circuit(), qubits=[1, 2], mode="shots", shots=shots, seed=12)
    exact = tyxq.probabilities(circuit(), qubits=[1, 2])
    assert estimate.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(estimate, exact, atol=4 * np.sqrt(0.25 / shots))


def test_the_same_seed_gives_the_same_counts_on_every_backend(backend_name: str) -> None:
    expected = tyxq.counts(circuit(), 500, mode="shots", seed=21)
    with active(backend_name) as backend:
        counts = tyxq.counts(circuit(), 500, mode="shots", seed=21)
        frequencies = tyxq.probabilities(circuit(), mode="shots", shots=500, seed=21)
    assert counts == expected
    np.testing.assert_allclose(
        host(backend, frequencies)[[int(k, 2) for k in expected]], [v / 500 for v in expected.values()]
    )


def test_a_missing_shot_count_says_how_to_give_one() -> None:
    with pytest.raises(tyxq.ShotsError, match=r"pass shots=1000 .*mode=tyxq.ShotsMode\(shots=1000\)"):
        tyxq.expectation(circuit(), tyxq.Z(0), mode="shots")


@pytest.mark.parametrize("shots", [0, -5, 2.5, True])
def test_shot_counts_must_be_positive_integers(shots: object) -> None:
    with pytest.raises(tyxq.ShotsError, match="shots must be a whole number from 1 to"):
        tyxq.expectation(circuit(), tyxq.Z(0), mode="shots", shots=shots)
