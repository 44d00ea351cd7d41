"""SPSA through tyxq.optimize: a shots-mode VQE of the transverse-field Ising chain ends near BFGS's energy.

The problem is the core's optimiser benchmark (tests/core/optimize/tfim.py): a 4-qubit,
2-layer hardware-efficient ansatz for ``H = -Σ Z_i Z_{i+1} - Σ X_i``
(:func:`tyxq.problems.transverse_field_ising`). The reference is
the lowest energy scipy's BFGS finds from the five starts, on exact expectations
(statevector mode, parameter-shift gradients; the core tests check those against dense matrices).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

import tyxq

N_QUBITS, N_LAYERS = 4, 2
STARTS = np.random.default_rng(2024).uniform(-np.pi, np.pi, (5, 2 * N_QUBITS * N_LAYERS))
HAMILTONIAN = tyxq.problems.transverse_field_ising(tyxq.problems.chain(N_QUBITS), coupling=1.0, field=1.0)


def ansatz(p):
    circuit = tyxq.Circuit(N_QUBITS)
    for layer in range(N_LAYERS):
        base = 2 * N_QUBITS * layer
        for q in range(N_QUBITS):
            circuit.ry(q, p[..., base + q]).rz(q, p[..., base + N_QUBITS + q])
        for q in range(N_QUBITS - 1):
            circuit.cnot(q, q + 1)
    return circuit


def energy(p):
    return tyxq.expectation(ansatz(p), HAMILTONIAN)


def exact_energy_and_gradient(p: np.ndarray) -> tuple[float, np.ndarray]:
    """The exact energy and its parameter-shift gradient, from one batched statevector simulation."""
    shifts = np.concatenate([p[None], p + np.pi / 2 * np.eye(p.size), p - np.pi / 2 * np.eye(p.size)])
    values = np.asarray(tyxq.expectation(ansatz(shifts), HAMILTONIAN, mode="statevector"))
    return float(values[0]), (values[1 : p.size + 1] - values[p.size + 1 :]) / 2


def bfgs_best() -> float:
    return min(
        minimize(exact_energy_and_gradient, s, jac=True, method="BFGS", options={"gtol": 1e-9}).fun for s in STARTS
    )


def test_shots_mode_optimisation_with_spsa_ends_within_five_sigma_of_bfgs() -> None:
    best = bfgs_best()
    with tyxq.use_execution_mode("shots", shots=4000, seed=11):
        result = tyxq.optimize.adam(energy, STARTS[0], stepsize=0.05, steps=300, method="spsa", seed=7,
                                    progress=False)  # fmt: skip
        # σ: the spread of the final estimate, measured with 20 fresh seeds at the final parameters
        sigma = np.std([float(tyxq.expectation(ansatz(result.params), HAMILTONIAN, seed=s)) for s in range(20)])
    assert abs(float(result.value) - best) < 5 * sigma
    exact_end = float(tyxq.expectation(ansatz(result.params), HAMILTONIAN, mode="statevector"))
    assert best - 1e-9 <= exact_end < best + 5 * sigma


def test_the_seed_reaches_the_spsa_directions() -> None:
    def run(seed: int) -> np.ndarray:
        with tyxq.use_execution_mode(tyxq.ShotsMode(shots=500, seed=3)):  # a fresh mode: the same shots each run
            return tyxq.optimize.gradient_descent(energy, STARTS[1], stepsize=0.05, steps=3, method="spsa", seed=seed,
                                                  progress=False).params  # fmt: skip

    np.testing.assert_array_equal(run(1), run(1))
    assert not np.allclose(run(1), run(2))
