"""Sampling: distributions checked with a chi-square bound at a fixed seed, shapes, marginals, batches, seeds."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import numpy as np
import pytest
from scipy import stats

import tyxq

SHOTS = 20_000
ANGLES = (0.7, 2.1, 1.4)


def product_distribution(angles: tuple[float, ...]) -> dict[str, float]:
    """Outcome probabilities of RY(θ_q) on each qubit: P(1) = sin²(θ/2), independently."""
    table = {}
    for bits in itertools.product("01", repeat=len(angles)):
        p = 1.0
        for bit, theta in zip(bits, angles, strict=True):
            p *= np.sin(theta / 2) ** 2 if bit == "1" else np.cos(theta / 2) ** 2
        table["".join(bits)] = p
    return table


def assert_fits(counts: dict[str, int], expected: dict[str, float], shots: int) -> None:
    """Pearson's chi-square statistic stays below its 99.9% quantile, and nothing impossible occurs."""
    assert set(counts) <= {key for key, p in expected.items() if p > 0}
    keys = [key for key, p in expected.items() if p > 0]
    observed = np.array([counts.get(key, 0) for key in keys])
    predicted = np.array([expected[key] * shots for key in keys])
    statistic = float(np.sum((observed - predicted) ** 2 / predicted))
    assert statistic < stats.chi2.ppf(0.999, df=len(keys) - 1)


def ry_product(angles: tuple[float, ...]) -> tyxq.Circuit:
    circuit = tyxq.Circuit(len(angles))
    for qubit, theta in enumerate(angles):
        circuit.ry(qubit, theta)
    return circuit


def test_counts_follow_the_born_rule() -> None:
    counts = tyxq.counts(ry_product(ANGLES), SHOTS, seed=2024)
    assert sum(counts.values()) == SHOTS
    assert_fits(counts, product_distribution(ANGLES), SHOTS)


def test_ghz_counts_split_evenly_between_all_zeros_and_all_ones() -> None:
    circuit = tyxq.Circuit(4).h(0).cnot(0, 1).cnot(1, 2).cnot(2, 3)
    assert_fits(tyxq.counts(circuit, SHOTS, seed=5), {"0000": 0.5, "1111": 0.5}, SHOTS)


def test_marginal_counts_follow_the_marginal_distribution() -> None:
    counts = tyxq.counts(ry_product(ANGLES), SHOTS, seed=11, qubits=[2, 0])
    expected = {"00": 0.0, "01": 0.0, "10": 0.0, "11": 0.0}
    for bits, p in product_distribution(ANGLES).items():
        expected[bits[2] + bits[0]] += p
    assert_fits(counts, expected, SHOTS)


def test_batched_counts_follow_each_members_distribution() -> None:
    thetas = np.array([0.3, 1.5, 2.8])
    tables = tyxq.counts(tyxq.Circuit(1).ry(0, thetas), SHOTS, seed=3)
    assert isinstance(tables, list) and len(tables) == 3
    for table, theta in zip(tables, thetas, strict=True):
        assert_fits(table, product_distribution((float(theta),)), SHOTS)


def test_sample_has_one_row_per_shot_and_one_column_per_qubit() -> None:
    bits = tyxq.sample(ry_product(ANGLES), 100, seed=0)
    assert bits.shape == (100, 3)
    assert set(np.unique(bits)) <= {0, 1}


def test_batched_sample_has_a_leading_batch_axis() -> None:
    bits = tyxq.sample(tyxq.Circuit(2).rx(0, np.array([0.1, 0.2, 0.3, 0.4])), 50, seed=0, qubits=[1])
    assert bits.shape == (4, 50, 1)


def test_sample_columns_follow_the_listed_qubits_with_qubit_0_leftmost() -> None:
    circuit = tyxq.Circuit(3).x(0)
    assert tyxq.sample(circuit, 5, seed=0).tolist() == [[1, 0, 0]] * 5
    assert tyxq.sample(circuit, 5, seed=0, qubits=[2, 0]).tolist() == [[0, 1]] * 5
    assert tyxq.counts(circuit, 5, seed=0) == {"100": 5}


def test_counts_tally_the_rows_of_sample_with_the_same_seed() -> None:
    circuit = ry_product(ANGLES)
    rows = Counter("".join(map(str, row)) for row in tyxq.sample(circuit, 500, seed=9).tolist())
    assert tyxq.counts(circuit, 500, seed=9) == dict(rows)


def test_the_same_seed_gives_the_same_samples() -> None:
    circuit = ry_product(ANGLES)
    np.testing.assert_array_equal(tyxq.sample(circuit, 200, seed=42), tyxq.sample(circuit, 200, seed=42))
    assert not np.array_equal(tyxq.sample(circuit, 200, seed=42), tyxq.sample(circuit, 200, seed=43))


def test_a_generator_is_advanced_by_each_call() -> None:
    circuit = ry_product(ANGLES)
    generator = np.random.default_rng(7)
    first, second = tyxq.sample(circuit, 200, seed=generator), tyxq.sample(circuit, 200, seed=generator)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, tyxq.sample(circuit, 200, seed=np.random.default_rng(7)))


def test_complex64_states_sample_the_same_distribution() -> None:
    with tyxq.use_backend("numpy", dtype="complex64"):
        counts = tyxq.counts(ry_product(ANGLES), SHOTS, seed=2024)
    assert_fits(counts, product_distribution(ANGLES), SHOTS)


@pytest.mark.parametrize("shots", [0, -5, 2.5, True, "100"])
def test_shots_must_be_a_whole_number_from_one_to_the_limit(shots: object) -> None:
    with pytest.raises(tyxq.ShotsError, match=re.escape(f"shots is {shots!r}; shots must be a whole number from 1 to")):
        tyxq.sample(tyxq.Circuit(1).h(0), shots)  # type: ignore[arg-type]
