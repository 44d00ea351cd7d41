"""Shots in the noisy modes: estimates drawn from their probabilities, grouped and seeded as in the shots mode."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..reference import pauli_matrix
from .dense import density

OPS = [
    ("h", (0,), ()),
    ("ry", (1,), (0.9,)),
    ("cnot", (0, 1), ()),
    ("depolarizing", (0,), (0.1,)),
    ("amplitude_damping", (1,), (0.2,)),
    ("rx", (0,), (0.5,)),
]
CONFUSION = np.array([[0.92, 0.1], [0.08, 0.9]])
MODEL = tyxq.NoiseModel().add_readout_error(CONFUSION)
TERMS = [(0.7, {0: "X", 1: "X"}), (-0.4, {0: "Y", 1: "Z"}), (0.5, {1: "Z"}), (0.3, {0: "Z", 1: "Z"})]
HAMILTONIAN = 0.7 * tyxq.X(0) @ tyxq.X(1) - 0.4 * tyxq.Y(0) @ tyxq.Z(1) + 0.5 * tyxq.Z(1) + 0.3 * tyxq.Z(0) @ tyxq.Z(1)


def circuit() -> tyxq.Circuit:
    built = tyxq.Circuit(2)
    for name, qubits, params in OPS:
        built.apply(name, *qubits, params=params)
    return built


def misread_value(paulis: dict[int, str]) -> float:
    """⟨P⟩ as a misreading device measures it: rotate ρ to the term's basis, misread each qubit, take parities."""
    rotation = {"X": [("h", ())], "Y": [("sdg", ()), ("h", ())], "Z": []}
    ops = [*OPS]
    for qubit, pauli in paulis.items():
        ops += [(name, (qubit,), params) for name, params in rotation[pauli]]
    probs = np.real(np.diag(density(2, ops))).reshape(2, 2)
    probs = np.einsum("ma,nb,ab->mn", CONFUSION, CONFUSION, probs)
    signs = np.ones((2, 2))
    for qubit in paulis:
        signs = signs * (np.array([1, -1]).reshape([2 if q == qubit else 1 for q in range(2)]))
    return float((probs * signs).sum())


def test_the_reference_agrees_with_the_exact_mode():
    exact = float(tyxq.expectation(circuit(), HAMILTONIAN, mode=tyxq.DensityMatrixMode(noise=MODEL)))
    assert exact == pytest.approx(sum(c * misread_value(p) for c, p in TERMS), abs=1e-12)
    rho = density(2, OPS)
    unread = sum(c * np.real(np.trace(rho @ pauli_matrix(2, p))) for c, p in TERMS)
    assert abs(exact - unread) > 0.01  # the readout error matters here


@pytest.mark.parametrize(
    "mode",
    [tyxq.DensityMatrixMode(noise=MODEL, shots=4000), tyxq.TrajectoriesMode(2000, seed=1, noise=MODEL, shots=4000)],
    ids=lambda mode: mode.name,
)
def test_shot_estimates_lie_within_four_sigma_of_the_exact_value(mode):
    shots = 4000
    exact = sum(c * misread_value(p) for c, p in TERMS)
    variance = sum(c**2 * (1 - misread_value(p) ** 2) for c, p in TERMS) / shots
    if mode.name == "trajectories":  # the trajectory average of each group's probabilities adds its own spread
        variance += sum(c**2 for c, _ in TERMS) / mode.trajectories
    estimate = float(tyxq.expectation(circuit(), HAMILTONIAN, mode=mode, seed=7))
    assert abs(estimate - exact) < 4 * np.sqrt(variance)


def test_every_group_is_measured_with_the_full_shot_count():
    # XX and YZ are two groups besides the Z group: each term's estimate is a mean of ±1 over `shots` outcomes
    values = tyxq.expectation(
        circuit(), [tyxq.X(0) @ tyxq.X(1), tyxq.Y(0) @ tyxq.Z(1)], mode=tyxq.DensityMatrixMode(shots=8), seed=3
    )
    assert np.allclose(np.asarray(values) * 8 % 2, 0)


def test_probabilities_with_shots_are_observed_frequencies_within_four_sigma():
    shots = 5000
    probs = np.real(np.diag(density(2, OPS)))
    estimate = tyxq.probabilities(circuit(), mode=tyxq.DensityMatrixMode(shots=shots), seed=2)
    assert np.allclose(np.asarray(estimate) * shots, np.round(np.asarray(estimate) * shots))
    assert np.all(np.abs(estimate - probs) < 4 * np.sqrt(probs * (1 - probs) / shots) + 1e-12)


@pytest.mark.parametrize("name", ["density_matrix", "trajectories"])
def test_seeds_reproduce_and_generators_advance(name):
    mode = (
        tyxq.DensityMatrixMode(noise=MODEL, shots=100)
        if name == "density_matrix"
        else tyxq.TrajectoriesMode(50, noise=MODEL, shots=100)
    )
    first = float(tyxq.expectation(circuit(), HAMILTONIAN, mode=mode, seed=5))
    assert first == float(tyxq.expectation(circuit(), HAMILTONIAN, mode=mode, seed=5))
    generator = np.random.default_rng(5)
    draws = [float(tyxq.expectation(circuit(), HAMILTONIAN, mode=mode, seed=generator)) for _ in range(2)]
    assert draws[0] == first and draws[1] != first


def test_a_mode_created_with_shots_estimates_by_default_and_is_not_exact():
    mode = tyxq.DensityMatrixMode(noise=MODEL, shots=64, seed=4)
    assert not mode.exact and tyxq.DensityMatrixMode(noise=MODEL).exact
    again = tyxq.DensityMatrixMode(noise=MODEL, shots=64, seed=4)
    value = float(tyxq.expectation(circuit(), HAMILTONIAN, mode=mode))
    assert value == float(tyxq.expectation(circuit(), HAMILTONIAN, mode=again))
    assert value * 64 == pytest.approx(round(value * 64 / 0.1) * 0.1, abs=1e-9)  # coefficients 0.1 apart, /64 shots
    assert tyxq.counts(circuit(), mode=tyxq.DensityMatrixMode(shots=10, seed=1)) == tyxq.counts(
        circuit(), 10, mode="density_matrix", seed=1
    )


def test_the_exact_density_matrix_mode_refuses_shots_per_call_naming_the_option():
    with pytest.raises(tyxq.ShotsError, match=r"gives exact values.*mode=tyxq\.DensityMatrixMode\(\.\.\., shots=100\)"):
        tyxq.expectation(circuit(), HAMILTONIAN, mode=tyxq.DensityMatrixMode(noise=MODEL), shots=100)


def test_the_trajectories_mode_takes_a_shot_count_per_call():
    mode = tyxq.TrajectoriesMode(40, seed=2, noise=MODEL)
    value = float(tyxq.expectation(circuit(), tyxq.Z(0), mode=mode, shots=16, seed=1))
    assert value * 16 == pytest.approx(round(value * 16), abs=1e-9)


def test_the_statevector_mode_still_refuses_shots():
    with pytest.raises(tyxq.ShotsError, match="the statevector mode takes no shots"):
        tyxq.expectation(tyxq.Circuit(1).h(0), tyxq.Z(0), mode="statevector", shots=10)


def test_parameter_shift_differentiates_shot_estimates_of_the_noisy_mode():
    def energy(theta, mode):
        built = tyxq.Circuit(2).ry(0, theta[0]).cnot(0, 1).rx(1, theta[1]).amplitude_damping(1, 0.2)
        return tyxq.expectation(built, HAMILTONIAN, mode=mode)

    theta = np.array([0.6, -0.4])
    exact = tyxq.DensityMatrixMode(noise=MODEL)
    sampled = tyxq.DensityMatrixMode(noise=MODEL, shots=20_000, seed=3)
    _, expected = tyxq.value_and_grad(lambda t: energy(t, exact), method="parameter_shift")(theta)
    _, estimate = tyxq.value_and_grad(lambda t: energy(t, sampled), method="auto")(theta)
    assert np.abs(np.asarray(expected)).max() > 0.1
    assert np.allclose(estimate, expected, atol=0.05)
