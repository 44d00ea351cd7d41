"""QAOA layers against dense exponentials of the cost and mixer Hamiltonians (SciPy's expm)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

import tyxq
from tyxq import templates
from tyxq.problems import maxcut

from ..reference import pauli_matrix

RNG = np.random.default_rng(17)
EDGES = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]


def plus(n):
    return np.ones(2**n, dtype=complex) / np.sqrt(2**n)


def test_qaoa_is_alternating_exponentials_of_cost_and_x_mixer():
    n, cost = 4, maxcut(EDGES)
    matrix = sum(0.5 * (pauli_matrix(n, {i: "Z", j: "Z"}) - np.eye(16)) for i, j in EDGES)
    mixer = sum(pauli_matrix(n, {i: "X"}) for i in range(n))
    w = RNG.uniform(0, 1, templates.qaoa_shape(3))
    psi = plus(n)
    for gamma, beta in w:
        psi = scipy.linalg.expm(-1j * beta * mixer) @ scipy.linalg.expm(-1j * gamma * matrix) @ psi
    got = tyxq.state(templates.qaoa(tyxq.Circuit(n), w, cost))
    assert abs(abs(np.vdot(got, psi)) - 1) < 1e-10  # the constant term is a global phase, left out


def test_qaoa_batch_scans_angle_sets_in_one_simulation():
    cost = maxcut(EDGES)
    w = RNG.uniform(0, 1, (6, 2, 2))
    energies = tyxq.expectation(templates.qaoa(tyxq.Circuit(4), w, cost), cost)
    for b in range(6):
        assert energies[b] == pytest.approx(float(tyxq.expectation(templates.qaoa(tyxq.Circuit(4), w[b], cost), cost)))


def test_cost_layer_of_a_non_diagonal_hamiltonian_is_one_trotter_step():
    h = 0.3 * tyxq.X(0) @ tyxq.Y(1) + 0.7 * tyxq.Z(1)
    gamma, psi0 = 0.9, plus(2)
    expected = (
        scipy.linalg.expm(-1j * gamma * 0.7 * pauli_matrix(2, {1: "Z"}))
        @ scipy.linalg.expm(-1j * gamma * 0.3 * pauli_matrix(2, {0: "X", 1: "Y"}))
        @ psi0
    )
    got = tyxq.state(templates.cost_layer(tyxq.Circuit(2).h([0, 1]), gamma, h))
    np.testing.assert_allclose(got, expected, atol=1e-12)


def test_xy_mixer_keeps_the_number_of_ones_and_matches_its_exponentials():
    n, beta = 4, 0.6
    psi = np.zeros(16, dtype=complex)
    psi[0b1100] = 1
    for a, b in [(0, 1), (1, 2), (2, 3), (3, 0)]:
        xy = 0.5 * (pauli_matrix(n, {a: "X", b: "X"}) + pauli_matrix(n, {a: "Y", b: "Y"}))
        psi = scipy.linalg.expm(-1j * beta * xy) @ psi
    c = templates.mixer_layer(tyxq.Circuit(n).x([0, 1]), beta, mixer="xy")
    np.testing.assert_allclose(tyxq.state(c), psi, atol=1e-12)
    ones = np.array([bin(i).count("1") for i in range(16)])
    assert np.abs(psi[ones != 2]).max() < 1e-12


def test_mixer_layer_refuses_an_unknown_mixer():
    with pytest.raises(tyxq.TemplateError, match=r"'x', 'xy' or a tyxq\.Hamiltonian"):
        templates.mixer_layer(tyxq.Circuit(2), 0.1, mixer="yz")


def test_cost_layer_places_hamiltonian_qubit_i_on_qubits_i():
    h = 0.4 * tyxq.Z(0) @ tyxq.X(1)
    placed = tyxq.state(templates.cost_layer(tyxq.Circuit(3).h(range(3)), 0.8, h, qubits=[2, 0]))
    expected = scipy.linalg.expm(-1j * 0.8 * 0.4 * pauli_matrix(3, {2: "Z", 0: "X"})) @ plus(3)
    np.testing.assert_allclose(placed, expected, atol=1e-12)


def test_a_hamiltonian_mixer_is_its_exponential():
    mixer = tyxq.Y(0) + tyxq.Y(1)
    got = tyxq.state(templates.mixer_layer(tyxq.Circuit(2), 0.3, mixer=mixer))
    expected = scipy.linalg.expm(-1j * 0.3 * (pauli_matrix(2, {0: "Y"}) + pauli_matrix(2, {1: "Y"}))) @ np.eye(4)[0]
    np.testing.assert_allclose(got, expected, atol=1e-12)
