"""Noisy circuits against analytic results: fidelities under depolarizing noise, T1/T2 decay, readout error."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

import tyxq

MODES = ["density_matrix", "trajectories"]


def _mode(name: str) -> tyxq.execution.ExecutionMode:
    return tyxq.TrajectoriesMode(trajectories=6000, seed=5) if name == "trajectories" else tyxq.DensityMatrixMode()


def _tolerance(name: str) -> float:
    return 4 / np.sqrt(6000) if name == "trajectories" else 1e-12


def _ghz(n: int) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n).h(0)
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    return circuit


def ghz_fidelity(n: int, p: float) -> float:
    """⟨GHZ|ρ|GHZ⟩ after depolarizing(p) on every qubit: each stabilizer of weight w keeps (1 - p)^w."""
    z_type = sum(comb(n, k) * (1 - p) ** k for k in range(0, n + 1, 2))
    return (z_type + 2 ** (n - 1) * (1 - p) ** n) / 2**n


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("n", "p"), [(2, 0.1), (2, 0.5), (3, 0.2), (4, 0.05)])
def test_ghz_fidelity_under_depolarizing_noise(mode: str, n: int, p: float) -> None:
    circuit = _ghz(n).depolarizing(list(range(n)), p)
    circuit.append(_ghz(n).inverse())  # undo the noise-free preparation: the fidelity is P(0…0)
    fidelity = float(tyxq.probabilities(circuit, mode=_mode(mode))[0])
    assert abs(fidelity - ghz_fidelity(n, p)) <= _tolerance(mode)


def test_bell_fidelity_is_one_quarter_plus_three_quarters_of_the_surviving_correlations() -> None:
    p = 0.3
    circuit = _ghz(2).depolarizing([0, 1], p)
    correlations = tyxq.expectation(circuit, ["XX", "YY", "ZZ"], mode="density_matrix")
    np.testing.assert_allclose(correlations, [(1 - p) ** 2, -((1 - p) ** 2), (1 - p) ** 2], atol=1e-12)
    assert ghz_fidelity(2, p) == pytest.approx((1 + 3 * (1 - p) ** 2) / 4)


@pytest.mark.parametrize("mode", MODES)
def test_repeated_amplitude_damping_decays_as_exp_minus_t_over_t1(mode: str) -> None:
    t1, dt, steps = 2.0, 0.1, 12
    circuit = tyxq.Circuit(1).x(0)
    for _ in range(steps):
        circuit.amplitude_damping(0, 1 - np.exp(-dt / t1))
    excited = float(tyxq.probabilities(circuit, mode=_mode(mode))[1])
    assert abs(excited - np.exp(-steps * dt / t1)) <= _tolerance(mode)


@pytest.mark.parametrize("time", [0.0, 0.4, 1.5])
def test_thermal_relaxation_decays_populations_by_t1_and_coherences_by_t2(time: float) -> None:
    t1, t2 = 1.2, 0.8
    excited = tyxq.probabilities(tyxq.Circuit(1).x(0).thermal_relaxation(0, t1, t2, time), mode="density_matrix")
    assert float(excited[1]) == pytest.approx(np.exp(-time / t1), abs=1e-12)
    coherence = tyxq.expectation(tyxq.Circuit(1).h(0).thermal_relaxation(0, t1, t2, time), "X", mode="density_matrix")
    assert float(coherence) == pytest.approx(np.exp(-time / t2), abs=1e-12)


CONFUSION = np.array([[0.92, 0.15], [0.08, 0.85]])


def _readout_model() -> tyxq.NoiseModel:
    return tyxq.NoiseModel().add_readout_error(CONFUSION, qubits=[0]).add_readout_error([[0.97, 0.0], [0.03, 1.0]], [1])


@pytest.mark.parametrize("mode", MODES)
def test_readout_error_multiplies_the_probabilities_by_the_confusion_matrices(mode: str) -> None:
    circuit = tyxq.Circuit(2).ry(0, 1.1).ry(1, 2.0).cnot(0, 1)
    true = np.asarray(tyxq.probabilities(circuit))
    expected = np.kron(CONFUSION, np.array([[0.97, 0.0], [0.03, 1.0]])) @ true
    options = {"trajectories": 6000, "seed": 2} if mode == "trajectories" else {}
    with tyxq.use_execution_mode(mode, noise=_readout_model(), **options):
        measured = np.asarray(tyxq.probabilities(circuit))
        marginal = np.asarray(tyxq.probabilities(circuit, qubits=[1, 0]))
    np.testing.assert_allclose(measured, expected, atol=_tolerance(mode))
    np.testing.assert_allclose(marginal, expected.reshape(2, 2).T.ravel(), atol=_tolerance(mode))


def test_readout_error_changes_expectations_as_the_misread_probabilities_do() -> None:
    circuit = tyxq.Circuit(2).ry(0, 1.1).ry(1, 2.0).cnot(0, 1).h(1)
    rotated = circuit.copy().h(1)  # X on qubit 1 is measured in the rotated basis
    with tyxq.use_execution_mode("density_matrix", noise=_readout_model()):
        values = np.asarray(tyxq.expectation(circuit, ["ZI", "ZZ", "ZX", "II"]))
        probs = np.asarray(tyxq.probabilities(circuit))
        rotated_probs = np.asarray(tyxq.probabilities(rotated))
    signs = {"Z0": [1, 1, -1, -1], "ZZ": [1, -1, -1, 1]}
    np.testing.assert_allclose(values[:2], [probs @ signs["Z0"], probs @ signs["ZZ"]], atol=1e-12)
    np.testing.assert_allclose(values[2], rotated_probs @ signs["ZZ"], atol=1e-12)
    assert values[3] == pytest.approx(1.0)


def test_readout_error_reaches_samples() -> None:
    with tyxq.use_execution_mode("density_matrix", noise=tyxq.NoiseModel().add_readout_error(CONFUSION)):
        table = tyxq.counts(tyxq.Circuit(1).x(0), 20_000, seed=4)
    assert abs(table["0"] / 20_000 - 0.15) <= 4 * np.sqrt(0.15 * 0.85 / 20_000)
