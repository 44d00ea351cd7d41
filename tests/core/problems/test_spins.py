"""Spin and lattice models against exact diagonalisation of dense matrices written here, and analytic values."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq import problems

from ..reference import Z, pauli_matrix

LOWER = np.array([[0, 1], [0, 0]], dtype=complex)


def dense_ground(matrix):
    return float(np.linalg.eigvalsh(matrix)[0])


def test_tfim_ring_ground_energy_is_the_free_fermion_value():
    n, field = 8, 0.7
    h = problems.transverse_field_ising(problems.ring(n), coupling=1.0, field=field)
    momenta = np.pi * (2 * np.arange(n) + 1 - n) / n  # the even-parity sector: k = ±π/n, ±3π/n, …
    exact = -np.sum(np.sqrt(1 + field**2 - 2 * field * np.cos(momenta)))
    assert problems.ground_energy(h) == pytest.approx(exact, abs=1e-9)


def test_tfim_chain_matches_its_dense_matrix():
    n = 5
    h = problems.transverse_field_ising(problems.chain(n), coupling=0.8, field=1.3)
    dense = -0.8 * sum(pauli_matrix(n, {i: "Z", i + 1: "Z"}) for i in range(n - 1))
    dense = dense - 1.3 * sum(pauli_matrix(n, {i: "X"}) for i in range(n))
    np.testing.assert_allclose(h.to_matrix(), dense, atol=1e-12)
    assert problems.ground_energy(h) == pytest.approx(dense_ground(dense))


def test_xxz_on_a_periodic_grid_matches_its_dense_matrix():
    bonds = problems.grid(3, 3, periodic=True)
    assert len(bonds) == 18
    h = problems.xxz(problems.grid(2, 3), coupling=0.5, anisotropy=2.0, field=0.25)
    dense = sum(
        0.5
        * (
            pauli_matrix(6, {a: "X", b: "X"})
            + pauli_matrix(6, {a: "Y", b: "Y"})
            + 2 * pauli_matrix(6, {a: "Z", b: "Z"})
        )
        for a, b in [(0, 1), (0, 3), (1, 2), (1, 4), (2, 5), (3, 4), (4, 5)]
    ) - 0.25 * sum(pauli_matrix(6, {i: "Z"}) for i in range(6))
    np.testing.assert_allclose(h.to_matrix(), dense, atol=1e-12)
    assert problems.ground_energy(h) == pytest.approx(dense_ground(dense))


def test_heisenberg_ring_of_four_has_the_singlet_energy():
    assert problems.ground_energy(problems.heisenberg(problems.ring(4))) == pytest.approx(-8.0)


def annihilation(n, j):
    out = np.ones((1, 1), dtype=complex)
    for f in [Z] * j + [LOWER] + [np.eye(2)] * (n - j - 1):
        out = np.kron(out, f)
    return out


def test_fermi_hubbard_matches_dense_fermion_matrices():
    sites, t, u, mu = 3, 1.0, 2.5, 0.4
    n = 2 * sites
    a = [annihilation(n, j) for j in range(n)]
    number = [m.conj().T @ m for m in a]
    dense = np.zeros((2**n, 2**n), dtype=complex)
    for i, j in problems.chain(sites):
        for s in (0, 1):
            hop = a[2 * i + s].conj().T @ a[2 * j + s]
            dense -= t * (hop + hop.conj().T)
    for i in range(sites):
        dense += u * number[2 * i] @ number[2 * i + 1] - mu * (number[2 * i] + number[2 * i + 1])
    h = problems.fermi_hubbard(problems.chain(sites), tunneling=t, coulomb=u, chemical_potential=mu)
    np.testing.assert_allclose(h.to_matrix(), dense, atol=1e-12)
    ones = np.array([bin(k).count("1") for k in range(2**n)])
    keep = ones == 3
    assert problems.ground_energy(h, electrons=3) == pytest.approx(dense_ground(dense[np.ix_(keep, keep)]))


def test_fermi_hubbard_dimer_at_half_filling_is_analytic():
    u, t = 3.0, 0.5
    h = problems.fermi_hubbard(problems.chain(2), tunneling=t, coulomb=u)
    assert problems.ground_energy(h, electrons=2) == pytest.approx((u - np.sqrt(u**2 + 16 * t**2)) / 2)


def test_jordan_wigner_reads_openfermion_style_terms():
    by_text = problems.jordan_wigner({"2^ 0": 0.5, "0^ 2": 0.5})
    by_tuples = problems.jordan_wigner({((2, 1), (0, 0)): 0.5, ((0, 1), (2, 0)): 0.5})
    assert by_text == by_tuples
    assert by_text == 0.25 * (tyxq.X(0) @ tyxq.Z(1) @ tyxq.X(2) + tyxq.Y(0) @ tyxq.Z(1) @ tyxq.Y(2))


def test_jordan_wigner_refuses_an_unreadable_term():
    with pytest.raises(tyxq.ProblemError, match="'2\\^ 0'"):
        problems.jordan_wigner({"2+ 0": 1.0})


def test_lattices_refuse_a_single_site():
    with pytest.raises(tyxq.ProblemError, match="at least 2 sites"):
        problems.ring(1)


def test_ground_energy_in_a_sector_differs_from_the_full_space():
    h = problems.fermi_hubbard(problems.chain(2), coulomb=4.0, chemical_potential=5.0)
    assert problems.ground_energy(h) == pytest.approx(2 * 4.0 - 4 * 5.0)  # 4 electrons: 2U − 4μ
    assert problems.ground_energy(h, electrons=2) == pytest.approx((4.0 - np.sqrt(32.0)) / 2 - 2 * 5.0)
