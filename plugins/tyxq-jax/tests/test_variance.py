"""tyxq.variance and tyxq.Hermitian on the jax backend: jax.grad and jax.jit against a dense reference."""

from __future__ import annotations

import jax
import numpy as np
import pytest

import tyxq

MATRIX = np.diag([1.0, 2.0, 0.0, -1.0]) + 0.3 * np.eye(4)[[1, 0, 3, 2]]  # Hermitian on qubits [1, 0]
SWAP_ORDER = np.eye(4)[[0, 2, 1, 3]]  # |q0 q1⟩ ↔ |q1 q0⟩: the Hermitian's first qubit is qubit 1
Z = np.diag([1.0, -1.0])
X = np.array([[0.0, 1.0], [1.0, 0.0]])
H_DENSE = np.kron(Z, Z) + 0.5 * np.kron(X, np.eye(2))
M_DENSE = SWAP_ORDER @ MATRIX @ SWAP_ORDER


def reference(a: float) -> float:
    """Var(H) + Var(M) after ry(0, a) rx(1, 1.2) cnot(0, 1), from dense matrices."""
    ry = np.array([[np.cos(a / 2), -np.sin(a / 2)], [np.sin(a / 2), np.cos(a / 2)]])
    rx = np.array([[np.cos(0.6), -1j * np.sin(0.6)], [-1j * np.sin(0.6), np.cos(0.6)]])
    psi = np.eye(4)[[0, 1, 3, 2]] @ np.kron(ry, rx) @ np.array([1, 0, 0, 0], dtype=complex)
    total = 0.0
    for matrix in (H_DENSE, M_DENSE):
        mean = np.vdot(psi, matrix @ psi).real
        total += np.vdot(psi, matrix @ matrix @ psi).real - mean**2
    return float(total)


def cost(a):
    observables = [tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(0), tyxq.Hermitian([1, 0], MATRIX)]
    return tyxq.variance(tyxq.Circuit(2).ry(0, a).rx(1, 1.2).cnot(0, 1), observables).sum()


def test_variance_value_gradient_and_jit_match_the_reference():
    with tyxq.use_backend("jax"):
        value = float(cost(0.7))
        slope = float(jax.grad(cost)(0.7))
        compiled = float(jax.jit(cost)(0.7))
    tolerance = 1e-10 if jax.config.jax_enable_x64 else 1e-5
    assert value == pytest.approx(reference(0.7), abs=tolerance)
    assert compiled == pytest.approx(value, abs=tolerance)
    expected = (reference(0.7 + 1e-6) - reference(0.7 - 1e-6)) / 2e-6
    assert slope == pytest.approx(expected, abs=max(tolerance, 1e-7) * 10)
