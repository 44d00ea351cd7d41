"""The fast sampling kernels against the plain ones they replace: the same shots, bits and counts for a seed.

``inverse_cdf`` with its guide table must give exactly what a binary search
over the cumulative probabilities gives (the same float64 comparisons), on
distributions chosen to stress it: values exactly on bucket edges, zeros
between, before and after the mass, states far rarer than a bucket, one
state holding everything. The verbs are checked against inverse-CDF
sampling written here from the statevector, and against the Born rule.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import stats

import tyxq
from tyxq.kernels.sampling import _guide_table, counts_from_indices, indices_to_bits, inverse_cdf

K = 2**12


def _distributions() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    every_other = np.zeros(K)
    every_other[::2] = rng.random(K // 2)
    rare_run = np.concatenate([rng.random(K // 4), np.full(K // 2, 1e-9) * rng.random(K // 2), rng.random(K // 4)])
    return {
        "uniform": np.full(K, 1 / K),
        "porter_thomas": rng.exponential(size=K),
        "skewed": rng.random(K) ** 6,
        "on_the_edges": rng.integers(1, 4, K) / (2 * K),  # cumulative values land exactly on bucket edges
        "every_other_zero": every_other,
        "ghz": np.concatenate([[0.5], np.zeros(K - 2), [0.5]]),
        "leading_and_trailing_zeros": np.concatenate([np.zeros(100), rng.random(K - 200), np.zeros(100)]),
        "rare_run": rare_run,
        "one_state": np.eye(K)[1234],
        "geometric": 0.5 ** np.arange(K),
    }


@pytest.mark.parametrize("name", sorted(_distributions()))
def test_the_guide_table_finds_what_a_binary_search_finds(name: str) -> None:
    cumulative = np.cumsum(_distributions()[name])
    uniforms = np.random.default_rng(1).random(50_000)
    # the edges themselves and the largest float below 1, where rounding decides
    uniforms[:4] = [0.0, 0.5, np.nextafter(1.0, 0.0), np.nextafter(0.5, 0.0)]
    expected = np.searchsorted(cumulative, uniforms * cumulative[-1], side="right")
    np.testing.assert_array_equal(inverse_cdf(cumulative, uniforms, guide=True), expected)
    np.testing.assert_array_equal(inverse_cdf(cumulative, uniforms, guide=False), expected)


@pytest.mark.parametrize("total", [0.7, 1.0, 3.3e-5, 123.456])
def test_cumulative_values_on_and_beside_the_bucket_edges_are_placed_exactly(total: float) -> None:
    buckets = 2 * K  # the table inverse_cdf builds for K states
    edges = (np.arange(buckets + 1) / buckets) * total
    chosen = np.sort(np.random.default_rng(2).choice(buckets, size=K // 3, replace=False))
    near = np.concatenate([edges[chosen], np.nextafter(edges[chosen], np.inf), np.nextafter(edges[chosen], 0.0)])
    cumulative = np.sort(near)[: K - 1]
    cumulative = np.append(cumulative, total)
    # uniforms on every bucket edge and just below it, then random ones
    on_edges = np.arange(buckets) / buckets
    uniforms = np.concatenate([on_edges, np.nextafter(on_edges[1:], 0.0), np.random.default_rng(3).random(20_000)])
    expected = np.searchsorted(cumulative, uniforms * total, side="right")
    np.testing.assert_array_equal(inverse_cdf(cumulative, uniforms, guide=True), expected)
    # and the table itself: how many cumulative values lie at or below each edge
    at_edge, _ = _guide_table(cumulative, buckets)
    np.testing.assert_array_equal(at_edge, np.searchsorted(cumulative, edges, side="right"))


def _reference_shots(circuit: tyxq.Circuit, shots: int, seed: int) -> np.ndarray:
    """Inverse-CDF sampling written out: one uniform per shot from ``default_rng(seed)``, a binary search."""
    probs = np.abs(np.asarray(tyxq.state(circuit))) ** 2
    cumulative = np.cumsum(probs)
    uniforms = np.random.default_rng(seed).random(shots) * cumulative[-1]
    return np.minimum(np.searchsorted(cumulative, uniforms, side="right"), np.flatnonzero(probs > 0)[-1])


def _random_circuit(n: int) -> tyxq.Circuit:
    rng = np.random.default_rng(n)
    circuit = tyxq.Circuit(n)
    for _ in range(3):
        circuit.ry(range(n), rng.uniform(0, np.pi, n)).rz(range(n), rng.uniform(0, np.pi, n))
        for q in range(n - 1):
            circuit.cnot(q, q + 1)
    return circuit


def test_sample_and_counts_are_the_shots_of_inverse_cdf_sampling_for_a_seed() -> None:
    n, shots = 12, 30_000  # 4096 states, enough shots for the guide table
    circuit = _random_circuit(n)
    indices = _reference_shots(circuit, shots, seed=17)
    bits = (indices[:, None] >> np.arange(n - 1, -1, -1)) & 1
    np.testing.assert_array_equal(tyxq.sample(circuit, shots, seed=17), bits)
    expected = Counter(format(int(i), f"0{n}b") for i in indices)
    counts = tyxq.counts(circuit, shots, seed=17)
    assert counts == dict(expected)
    assert list(counts) == sorted(counts)


def test_many_states_sampled_through_the_guide_table_follow_the_born_rule() -> None:
    angles = np.linspace(1.3, 1.8, 8)  # 256 states, none rarer than about 6e-4
    shots = 200_000
    counts = tyxq.counts(tyxq.Circuit(8).ry(range(8), angles), shots, seed=3)
    p_one = np.sin(angles / 2) ** 2
    keys = [format(i, "08b") for i in range(256)]
    predicted = np.array([np.prod([p_one[q] if b == "1" else 1 - p_one[q] for q, b in enumerate(k)]) for k in keys])
    observed = np.array([counts.get(k, 0) for k in keys])
    statistic = float(np.sum((observed - shots * predicted) ** 2 / (shots * predicted)))
    assert statistic < stats.chi2.ppf(0.999, df=255)


@pytest.mark.parametrize("k", [0, 1, 7, 8, 9, 16, 33, 63])
def test_bits_are_the_indices_most_significant_first(k: int) -> None:
    indices = np.random.default_rng(k).integers(0, 2**k, size=(3, 40), dtype=np.int64)
    expected = (indices[..., None] >> np.arange(k - 1, -1, -1, dtype=np.int64)) & 1
    bits = indices_to_bits(indices, k)
    assert bits.dtype == np.int8 and bits.shape == (3, 40, k)
    np.testing.assert_array_equal(bits, expected)


@pytest.mark.parametrize("k", [1, 5, 16, 30])  # 30 qubits: too many states for a table, tallied by sorting
def test_counts_label_each_distinct_outcome_once_in_bitstring_order(k: int) -> None:
    indices = np.random.default_rng(k).integers(0, 2**k, size=5_000) % 2 ** min(k, 12) * 2 ** max(0, k - 12)
    expected = Counter(format(int(i), f"0{k}b") for i in indices)
    counts = counts_from_indices(indices, k)
    assert counts == dict(expected)
    assert list(counts) == sorted(expected)
