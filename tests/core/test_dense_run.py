"""Runs of dense steps with one matrix for the batch (``tyxq.kernels.dense_run``) against dense matrices.

Each run applies random unitaries on random target tuples (neighbours or not, in any order) and is compared
with the product of the full ``2**n × 2**n`` operators written in the test, for a batch of states.
"""

from __future__ import annotations

import numpy as np
import pytest

from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.kernels.dense_run import apply_dense_run

from .reference import full_operator


def random_unitary(rng: np.random.Generator, dim: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


@pytest.mark.parametrize("seed", range(12))
def test_a_run_equals_the_product_of_its_full_operators(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    batch = int(rng.integers(1, 4))
    steps = []
    for _ in range(int(rng.integers(2, 5))):
        k = int(rng.integers(1, min(3, n) + 1))
        targets = tuple(int(q) for q in rng.permutation(n)[:k])
        steps.append((targets, random_unitary(rng, 2**k)))
    psi = rng.normal(size=(batch, 2**n)) + 1j * rng.normal(size=(batch, 2**n))
    expected = psi.copy()
    for targets, matrix in steps:
        expected = expected @ full_operator(n, targets, matrix).T
    np.testing.assert_allclose(apply_dense_run(NumpyBackend(), psi, n, steps), expected, atol=1e-12)
