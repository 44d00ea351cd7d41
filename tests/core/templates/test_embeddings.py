"""Embeddings against dense references written here: textbook gate matrices multiplied out."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq import templates

from ..reference import H, X, expm_pauli, full_operator, pauli_matrix

RNG = np.random.default_rng(5)


def rx(t):
    return expm_pauli(X, t)


def rz(t):
    return np.diag([np.exp(-0.5j * t), np.exp(0.5j * t)])


def phase(t):
    return np.diag([1, np.exp(1j * t)])


def apply(n, psi, qubits, matrix):
    return full_operator(n, tuple(qubits), matrix) @ psi


def zero(n):
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    return psi


def same_up_to_phase(a, b):
    overlap = np.vdot(a, b)
    return abs(abs(overlap) - 1) < 1e-10


@pytest.mark.parametrize("rotation, pauli", [("X", "X"), ("Y", "Y"), ("Z", "Z")])
def test_angle_embedding_rotates_each_qubit_by_its_feature(rotation, pauli):
    x = RNG.uniform(-np.pi, np.pi, 3)
    c = templates.angle_embedding(tyxq.Circuit(4).h(range(4)), x, rotation=rotation)
    psi = np.ones(16) / 4
    for q in range(3):
        psi = full_operator(4, (q,), expm_pauli(pauli_matrix(1, {0: pauli}), x[q])) @ psi
    np.testing.assert_allclose(tyxq.state(c), psi, atol=1e-12)


def test_angle_embedding_batch_gives_each_member_its_own_state():
    x = RNG.uniform(-1, 1, (5, 2))
    states = tyxq.state(templates.angle_embedding(tyxq.Circuit(2), x, qubits=[1, 0]))
    for b in range(5):
        expected = apply(2, apply(2, zero(2), [1], rx(x[b, 0])), [0], rx(x[b, 1]))
        np.testing.assert_allclose(states[b], expected, atol=1e-12)


def test_angle_embedding_refuses_more_features_than_qubits():
    with pytest.raises(tyxq.TemplateError, match="1 ≤ k ≤ 2"):
        templates.angle_embedding(tyxq.Circuit(2), [0.1, 0.2, 0.3])


def test_amplitude_embedding_pads_and_normalises_into_the_initial_state():
    c = templates.amplitude_embedding(tyxq.Circuit(2), [1.0, 2.0, 2.0], pad_with=0.0, normalize=True)
    np.testing.assert_allclose(tyxq.state(c), np.array([1, 2, 2, 0]) / 3, atol=1e-12)


def test_amplitude_embedding_batch_of_states_then_gates():
    amplitudes = RNG.normal(size=(3, 8)) + 1j * RNG.normal(size=(3, 8))
    amplitudes /= np.linalg.norm(amplitudes, axis=1, keepdims=True)
    c = templates.amplitude_embedding(tyxq.Circuit(3), amplitudes).h(2)
    for b in range(3):
        np.testing.assert_allclose(tyxq.state(c)[b], apply(3, amplitudes[b], [2], H), atol=1e-12)


def test_amplitude_embedding_refuses_a_circuit_that_is_not_empty():
    with pytest.raises(tyxq.TemplateError, match="empty circuit"):
        templates.amplitude_embedding(tyxq.Circuit(1).h(0), [1.0, 0.0])


def test_amplitude_embedding_refuses_unnormalised_features_without_normalize():
    with pytest.raises(tyxq.ParameterError, match="normalize=True"):
        templates.amplitude_embedding(tyxq.Circuit(1), [1.0, 1.0])


def test_amplitude_embedding_refuses_the_wrong_length():
    with pytest.raises(tyxq.TemplateError, match="pad_with"):
        templates.amplitude_embedding(tyxq.Circuit(2), [1.0, 0.0, 0.0])


def test_basis_embedding_prepares_the_basis_state():
    psi = tyxq.state(templates.basis_embedding(tyxq.Circuit(4), [1, 0, 1, 1]))
    np.testing.assert_allclose(psi, np.eye(16)[0b1011], atol=1e-12)


def test_basis_embedding_batch_has_no_phase():
    bits = np.array([[0, 1, 1], [1, 1, 0], [0, 0, 0]])
    states = tyxq.state(templates.basis_embedding(tyxq.Circuit(3), bits))
    for b, row in enumerate(bits):
        np.testing.assert_allclose(states[b], np.eye(8)[int("".join(map(str, row)), 2)], atol=1e-12)


def test_basis_embedding_refuses_what_is_not_bits():
    with pytest.raises(tyxq.TemplateError, match="bits of 0 and 1"):
        templates.basis_embedding(tyxq.Circuit(2), [2, 0])


def test_zz_feature_map_is_havlicek_unitary_up_to_a_global_phase():
    """U_Φ(x) H^n, repeated: U_Φ = exp(−i Σ_i x_i Z_i − i Σ_{i<j} (π − x_i)(π − x_j) Z_i Z_j)."""
    n, reps = 3, 2
    x = RNG.uniform(0, 2 * np.pi, n)
    generator = sum(x[i] * pauli_matrix(n, {i: "Z"}) for i in range(n))
    generator = generator + sum(
        (np.pi - x[i]) * (np.pi - x[j]) * pauli_matrix(n, {i: "Z", j: "Z"}) for i in range(n) for j in range(i + 1, n)
    )
    u_phi = np.diag(np.exp(-1j * np.diag(generator)))
    hadamards = full_operator(n, (0, 1, 2), np.kron(np.kron(H, H), H))
    psi = zero(n)
    for _ in range(reps):
        psi = u_phi @ hadamards @ psi
    assert same_up_to_phase(tyxq.state(templates.zz_feature_map(tyxq.Circuit(n), x, reps=reps)), psi)


def test_zz_feature_map_gate_for_gate_linear():
    x = RNG.uniform(0, 2, 3)
    psi = zero(3)
    for q in range(3):
        psi = apply(3, psi, [q], H)
    for q in range(3):
        psi = apply(3, psi, [q], phase(2 * x[q]))
    cnot = np.eye(4)[[0, 1, 3, 2]]
    for a, b in [(0, 1), (1, 2)]:
        psi = apply(3, psi, [a, b], cnot)
        psi = apply(3, psi, [b], phase(2 * (np.pi - x[a]) * (np.pi - x[b])))
        psi = apply(3, psi, [a, b], cnot)
    got = tyxq.state(templates.zz_feature_map(tyxq.Circuit(3), x, reps=1, entanglement="linear"))
    np.testing.assert_allclose(got, psi, atol=1e-12)


def test_zz_feature_map_batch_matches_each_member():
    x = RNG.uniform(0, 2, (4, 2))
    batched = tyxq.state(templates.zz_feature_map(tyxq.Circuit(2), x))
    for b in range(4):
        np.testing.assert_allclose(batched[b], tyxq.state(templates.zz_feature_map(tyxq.Circuit(2), x[b])), atol=1e-12)


def test_iqp_embedding_is_pennylane_definition():
    x = RNG.uniform(-1, 1, 3)
    psi = zero(3)
    for _ in range(2):
        for q in range(3):
            psi = apply(3, psi, [q], H)
        for q in range(3):
            psi = apply(3, psi, [q], rz(x[q]))
        for i, j in [(0, 1), (0, 2), (1, 2)]:
            psi = expm_pauli(pauli_matrix(3, {i: "Z", j: "Z"}), x[i] * x[j]) @ psi
    np.testing.assert_allclose(tyxq.state(templates.iqp_embedding(tyxq.Circuit(3), x, n_repeats=2)), psi, atol=1e-12)


def test_basis_embedding_of_an_integer_too_large_is_refused():
    with pytest.raises(tyxq.TemplateError, match="from 0 to 7"):
        templates.basis_embedding(tyxq.Circuit(3), 8)


def test_iqp_embedding_on_neighbours_only():
    x = RNG.uniform(-1, 1, 3)
    psi = zero(3)
    for q in range(3):
        psi = apply(3, psi, [q], H)
    for q in range(3):
        psi = apply(3, psi, [q], rz(x[q]))
    for i, j in [(0, 1), (1, 2)]:
        psi = expm_pauli(pauli_matrix(3, {i: "Z", j: "Z"}), x[i] * x[j]) @ psi
    got = tyxq.state(templates.iqp_embedding(tyxq.Circuit(3), x, pattern="linear"))
    np.testing.assert_allclose(got, psi, atol=1e-12)
