"""Chemistry ansätze against dense fermionic references: Jordan–Wigner ladder matrices built here, SciPy's expm."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

import tyxq
from tyxq import templates

from ..reference import Z, full_operator, givens

RNG = np.random.default_rng(3)
LOWER = np.array([[0, 1], [0, 0]], dtype=complex)  # |1⟩ (occupied) → |0⟩


def annihilation(n, j):
    factors = [Z] * j + [LOWER] + [np.eye(2)] * (n - j - 1)
    out = np.ones((1, 1), dtype=complex)
    for f in factors:
        out = np.kron(out, f)
    return out


def basis(n, occupied):
    psi = np.zeros(2**n, dtype=complex)
    psi[sum(1 << (n - 1 - q) for q in occupied)] = 1
    return psi


def single_generator(n, r, p):
    a = [annihilation(n, j) for j in range(n)]
    g = a[p].conj().T @ a[r]
    return g - g.conj().T


def double_generator(n, s, r, q, p):
    a = [annihilation(n, j) for j in range(n)]
    d = [m.conj().T for m in a]
    g = d[p] @ d[q] @ a[r] @ a[s]
    return g - g.conj().T


def test_hartree_fock_fills_the_lowest_orbitals():
    np.testing.assert_allclose(tyxq.state(templates.hartree_fock(tyxq.Circuit(5), 3, 5)), basis(5, [0, 1, 2]))


def test_hartree_fock_refuses_too_many_electrons():
    with pytest.raises(tyxq.TemplateError, match="do not fit in 2 spin orbitals"):
        templates.hartree_fock(tyxq.Circuit(4), 3, qubits=2)


def test_excitations_conserve_spin_as_pennylane_lists_them():
    singles, doubles = templates.excitations(2, 6)
    assert singles == [(0, 2), (0, 4), (1, 3), (1, 5)]
    assert doubles == [(0, 1, 2, 3), (0, 1, 2, 5), (0, 1, 3, 4), (0, 1, 4, 5)]


@pytest.mark.parametrize("r, p", [(0, 1), (0, 3), (1, 4), (4, 0)])
def test_fermionic_single_excitation_is_the_exponential_of_its_generator(r, p):
    n, theta = 5, 0.7
    psi0 = RNG.normal(size=2**n) + 1j * RNG.normal(size=2**n)
    psi0 /= np.linalg.norm(psi0)
    c = templates.fermionic_single_excitation(tyxq.Circuit(n, psi0), theta, (r, p))
    expected = scipy.linalg.expm(theta * single_generator(n, r, p)) @ psi0
    np.testing.assert_allclose(tyxq.state(c), expected, atol=1e-10)


@pytest.mark.parametrize("excitation", [(0, 2, 3, 5), (0, 1, 4, 5), (0, 3, 1, 5), (1, 4, 0, 5), (5, 2, 0, 3)])
def test_fermionic_double_excitation_is_the_exponential_of_its_generator(excitation):
    n, theta = 6, -0.45
    psi0 = RNG.normal(size=2**n) + 1j * RNG.normal(size=2**n)
    psi0 /= np.linalg.norm(psi0)
    c = templates.fermionic_double_excitation(tyxq.Circuit(n, psi0), theta, excitation)
    expected = scipy.linalg.expm(theta * double_generator(n, *excitation)) @ psi0
    np.testing.assert_allclose(tyxq.state(c), expected, atol=1e-10)


def test_uccsd_is_pennylane_order_of_exponentials():
    n, electrons = 6, 2
    singles, doubles = templates.excitations(electrons, n)
    w = RNG.uniform(-0.5, 0.5, templates.uccsd_shape(electrons, n, n_repeats=2))
    psi = basis(n, [0, 1])
    for layer in range(2):
        for j, d in enumerate(doubles):
            psi = scipy.linalg.expm(w[layer, len(singles) + j] * double_generator(n, *d)) @ psi
        for i, s in enumerate(singles):
            psi = scipy.linalg.expm(w[layer, i] * single_generator(n, *s)) @ psi
    np.testing.assert_allclose(tyxq.state(templates.uccsd(tyxq.Circuit(n), w, electrons=electrons)), psi, atol=1e-10)


def test_uccsd_batch_matches_each_member():
    w = RNG.uniform(-1, 1, (3, 1, 3))
    batched = tyxq.state(templates.uccsd(tyxq.Circuit(4), w, electrons=2))
    for b in range(3):
        np.testing.assert_allclose(
            batched[b], tyxq.state(templates.uccsd(tyxq.Circuit(4), w[b], electrons=2)), atol=1e-12
        )


def test_uccsd_refuses_weights_of_the_wrong_shape():
    with pytest.raises(tyxq.TemplateError, match="uccsd_shape"):
        templates.uccsd(tyxq.Circuit(4), np.zeros((1, 4)), electrons=2)


def test_k_upccgsd_generalised_singles_and_pair_doubles():
    n, k = 4, 2
    w = RNG.uniform(-1, 1, templates.k_upccgsd_shape(k, n))
    singles = [(0, 2), (1, 3)]
    doubles = [(0, 1, 2, 3)]
    psi = basis(n, [0, 1])
    for layer in range(k):
        for j, d in enumerate(doubles):
            psi = scipy.linalg.expm(w[layer, len(singles) + j] * double_generator(n, *d)) @ psi
        for i, s in enumerate(singles):
            psi = scipy.linalg.expm(w[layer, i] * single_generator(n, *s)) @ psi
    got = tyxq.state(templates.k_upccgsd(tyxq.Circuit(n), w, electrons=2))
    np.testing.assert_allclose(got, psi, atol=1e-10)


def test_givens_ansatz_is_pennylane_all_singles_doubles():
    n = 4
    w = RNG.uniform(-1, 1, templates.givens_ansatz_shape(2, n))
    psi = basis(n, [0, 1])
    # PennyLane's DoubleExcitation on (0, 1, 2, 3): |0011⟩ → cos|0011⟩ + sin|1100⟩, so |1100⟩ → cos|1100⟩ − sin|0011⟩
    psi = givens(4, 0b0011, 0b1100, w[2]) @ psi
    psi = full_operator(n, (0, 2), givens(2, 0b01, 0b10, w[0])) @ psi
    psi = full_operator(n, (1, 3), givens(2, 0b01, 0b10, w[1])) @ psi
    np.testing.assert_allclose(tyxq.state(templates.givens_ansatz(tyxq.Circuit(n), w, electrons=2)), psi, atol=1e-12)


@pytest.mark.parametrize("ansatz", ["uccsd", "k_upccgsd", "givens_ansatz"])
def test_particle_conserving_ansatze_keep_the_electron_number(ansatz):
    n, electrons = 6, 3
    shape = {
        "uccsd": templates.uccsd_shape(electrons, n),
        "k_upccgsd": templates.k_upccgsd_shape(1, n),
        "givens_ansatz": templates.givens_ansatz_shape(electrons, n),
    }[ansatz]
    c = getattr(templates, ansatz)(tyxq.Circuit(n), RNG.uniform(-1, 1, shape), electrons=electrons)
    probabilities = tyxq.probabilities(c)
    ones = np.array([bin(i).count("1") for i in range(2**n)])
    assert probabilities[ones != electrons].sum() < 1e-12


def test_excitations_refuse_more_electrons_than_orbitals():
    with pytest.raises(tyxq.TemplateError, match="0 < electrons < n_qubits"):
        templates.excitations(4, 4)


def test_an_excitation_of_repeated_orbitals_is_refused():
    with pytest.raises(tyxq.TemplateError, match="distinct spin orbitals"):
        templates.fermionic_double_excitation(tyxq.Circuit(4), 0.1, (0, 0, 2, 3))


@pytest.mark.parametrize(
    ("singles", "doubles", "message"),
    [
        ([(0, 2)], [(0, 1, 2)], r"excitation \(0, 1, 2\) must be 4 distinct spin orbitals from 0 to 3"),
        ([(0, 4)], [(0, 1, 2, 3)], r"excitation \(0, 4\) must be 2 distinct spin orbitals from 0 to 3"),
        ([(1, 1)], [], r"excitation \(1, 1\) must be 2 distinct"),
    ],
)
def test_givens_ansatz_refuses_an_excitation_that_is_not_distinct_orbitals_of_the_circuit(singles, doubles, message):
    circuit = tyxq.Circuit(4)
    with pytest.raises(tyxq.TemplateError, match="givens_ansatz: " + message):
        templates.givens_ansatz(
            circuit, np.zeros(len(singles) + len(doubles)), electrons=2, singles=singles, doubles=doubles
        )
    assert len(circuit) == 0  # refused before the Hartree–Fock state is written


def test_uccsd_adjoint_gradient_matches_parameter_shift_and_finite_differences():
    h2 = tyxq.problems.molecule("h2")
    shape = templates.uccsd_shape(h2.electrons, h2.n_qubits)

    def energy(theta):
        return tyxq.expectation(templates.uccsd(tyxq.Circuit(4), theta.reshape(shape), electrons=2), h2.hamiltonian)

    theta = np.array([0.1, -0.2, 0.3])
    _, adjoint = tyxq.value_and_grad(energy, method="adjoint")(theta)
    _, shifted = tyxq.value_and_grad(energy, method="parameter_shift")(theta)
    step = 1e-6
    central = [(energy(theta + step * e) - energy(theta - step * e)) / (2 * step) for e in np.eye(3)]
    np.testing.assert_allclose(adjoint, shifted, atol=1e-10)
    np.testing.assert_allclose(adjoint, central, atol=1e-7)
