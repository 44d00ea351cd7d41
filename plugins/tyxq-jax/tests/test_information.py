"""tyxq.matrix, purity, vn_entropy, mutual_info and fidelity on the jax backend: jax.grad against finite differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import numpy as np
import pytest

import tyxq

NOISY = tyxq.DensityMatrixMode(noise=tyxq.NoiseModel().add("amplitude_damping", 0.2, gates=["cnot"]))
THETA = np.array([0.3, -1.2, 0.8])


def circuit(t: Any) -> tyxq.Circuit:
    c = tyxq.Circuit(3).ry(0, t[0]).ry(1, t[1]).cnot(0, 1).rx(2, t[2]).cnot(1, 2)
    return c.h(0).ry(0, t[1]).cnot(2, 0)


CASES: dict[str, Callable[[Any], Any]] = {
    "entropy, rank-deficient": lambda t: tyxq.vn_entropy(circuit(t), qubits=[0, 1]),
    "purity": lambda t: tyxq.purity(circuit(t), qubits=[1]),
    "mutual info, noisy": lambda t: tyxq.mutual_info(circuit(t), qubits_a=[0], qubits_b=[2], mode=NOISY),
    "fidelity, mixed-mixed": lambda t: tyxq.fidelity(circuit(t), circuit([0.1, 0.2, 0.3]), mode=NOISY),
    "matrix element": lambda t: abs(tyxq.matrix(circuit(t))[3, 5]) ** 2,
}


@pytest.mark.parametrize("fn", CASES.values(), ids=CASES.keys())
def test_jax_grad_agrees_with_finite_differences_on_numpy(fn: Callable[[Any], Any]) -> None:
    with tyxq.use_backend("jax", dtype="complex128") as backend:
        value = float(fn(backend.asarray(THETA)))
        gradient = np.asarray(jax.grad(fn)(backend.asarray(THETA)))
    step = 1e-6
    expected = [(float(fn(THETA + step * e)) - float(fn(THETA - step * e))) / (2 * step) for e in np.eye(len(THETA))]
    assert value == pytest.approx(float(fn(THETA)), abs=1e-10)
    np.testing.assert_allclose(gradient, expected, atol=1e-6)
    assert np.abs(expected).max() > 1e-3
