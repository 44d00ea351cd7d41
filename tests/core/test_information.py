"""tyxq.matrix, purity, vn_entropy, mutual_info and fidelity against dense references written here.

The references build unitaries from Kronecker products and ``scipy.linalg.expm``
(qubit 0 the most significant factor), density matrices by hand, entropies from
``numpy.linalg.eigvalsh`` and Uhlmann fidelities from ``scipy.linalg.sqrtm``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm, sqrtm

import tyxq
from tyxq.errors import CapabilityError, ParameterError

I2 = np.eye(2)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]])
Z = np.diag([1.0, -1.0]).astype(complex)
H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
P0, P1 = np.diag([1.0, 0.0]), np.diag([0.0, 1.0])


def on(n: int, qubit: int, gate: np.ndarray) -> np.ndarray:
    """``gate`` on ``qubit`` of ``n``, qubit 0 the leftmost Kronecker factor."""
    out = np.eye(1)
    for q in range(n):
        out = np.kron(out, gate if q == qubit else I2)
    return out


def cnot(n: int, control: int, target: int) -> np.ndarray:
    return on(n, control, P0) + on(n, control, P1) @ on(n, target, X)


def rot(pauli: np.ndarray, theta: float) -> np.ndarray:
    return expm(-0.5j * theta * pauli)


def circuit(theta) -> tyxq.Circuit:
    return tyxq.Circuit(3).h(0).ry(1, theta[0]).cnot(0, 1).rx(2, theta[1]).cnot(1, 2).rz(0, theta[2])


def reference_unitary(theta) -> np.ndarray:
    gates = [
        on(3, 0, H),
        on(3, 1, rot(Y, theta[0])),
        cnot(3, 0, 1),
        on(3, 2, rot(X, theta[1])),
        cnot(3, 1, 2),
        on(3, 0, rot(Z, theta[2])),
    ]
    u = np.eye(8, dtype=complex)
    for g in gates:
        u = g @ u
    return u


def reduced(rho: np.ndarray, keep: list[int], n: int) -> np.ndarray:
    """Partial trace onto ``keep`` (in that order), by reshaping and einsum."""
    t = rho.reshape([2] * (2 * n))
    rest = [q for q in range(n) if q not in keep]
    letters = "abcdefghijklmnop"
    rows, cols = list(letters[:n]), list(letters[n : 2 * n])
    for q in rest:
        cols[q] = rows[q]
    out = "".join(rows[q] for q in keep) + "".join(cols[q] for q in keep)
    d = 2 ** len(keep)
    return np.einsum("".join(rows) + "".join(cols) + "->" + out, t).reshape(d, d)


def entropy(rho: np.ndarray) -> float:
    lam = np.linalg.eigvalsh(rho)
    lam = lam[lam > 1e-12]
    return float(-np.sum(lam * np.log(lam)))


def uhlmann(rho: np.ndarray, sigma: np.ndarray) -> float:
    root = sqrtm(rho)
    return float(np.real(np.trace(sqrtm(root @ sigma @ root))) ** 2)


THETA = np.array([0.3, -1.2, 0.8])
BATCH = np.array([[0.3, -1.2, 0.8], [1.1, 0.4, -0.5], [2.0, 2.5, 0.1]])
NOISE = tyxq.NoiseModel().add("amplitude_damping", 0.2, gates=["cnot"]).add("depolarizing", 0.1, gates=["h", "rx"])
NOISY = tyxq.DensityMatrixMode(noise=NOISE)


def noisy_reference(theta) -> np.ndarray:
    """The density matrix of ``circuit(theta)`` under NOISE, channel by channel."""
    gamma, p = 0.2, 0.1
    k_damp = [np.array([[1, 0], [0, np.sqrt(1 - gamma)]]), np.array([[0, np.sqrt(gamma)], [0, 0]])]
    k_dep = [np.sqrt(1 - 3 * p / 4) * I2, np.sqrt(p / 4) * X, np.sqrt(p / 4) * Y, np.sqrt(p / 4) * Z]

    def channel(rho, kraus, qubit):
        return sum(on(3, qubit, k) @ rho @ on(3, qubit, k).conj().T for k in kraus)

    rho = np.zeros((8, 8), dtype=complex)
    rho[0, 0] = 1
    steps = [
        (on(3, 0, H), [(k_dep, 0)]),
        (on(3, 1, rot(Y, theta[0])), []),
        (cnot(3, 0, 1), [(k_damp, 0), (k_damp, 1)]),
        (on(3, 2, rot(X, theta[1])), [(k_dep, 2)]),
        (cnot(3, 1, 2), [(k_damp, 1), (k_damp, 2)]),
        (on(3, 0, rot(Z, theta[2])), []),
    ]
    for u, noise in steps:
        rho = u @ rho @ u.conj().T
        for kraus, qubit in noise:
            rho = channel(rho, kraus, qubit)
    return rho


def test_noise_reference_matches_the_density_matrix_mode():
    # the mixed references below rest on this one: tyxq's noisy ρ is the channel-by-channel one
    assert np.allclose(tyxq.density_matrix(circuit, THETA, mode=NOISY), noisy_reference(THETA), atol=1e-12)


# --- matrix ---------------------------------------------------------------------------------------


def test_matrix_of_a_circuit_is_the_kron_product_unitary():
    u = tyxq.matrix(circuit, THETA)
    assert u.shape == (8, 8)
    assert np.allclose(u, reference_unitary(THETA), atol=1e-12)


def test_matrix_of_a_batched_circuit_has_one_unitary_per_member():
    u = tyxq.matrix(circuit, BATCH, batch_axes=0)
    assert u.shape == (3, 8, 8)
    for k, theta in enumerate(BATCH):
        assert np.allclose(u[k], reference_unitary(theta), atol=1e-12)


def test_matrix_keeps_unitary_operations_given_as_matrices_and_ignores_the_active_mode():
    v = expm(-0.4j * np.kron(X, Y))
    with tyxq.use_execution_mode(NOISY):
        u = tyxq.matrix(tyxq.Circuit(2).unitary([0, 1], v).h(1))
    assert np.allclose(u, np.kron(I2, H) @ v, atol=1e-12)


@pytest.mark.parametrize(
    "build",
    [
        lambda: tyxq.Circuit(1).h(0).depolarizing(0, 0.1),
        lambda: tyxq.Circuit(1).h(0).measure(0),
        lambda: tyxq.Circuit(1).h(0).reset(0),
        lambda: tyxq.Circuit(1).kraus([0], [np.eye(2)]),
    ],
    ids=["channel", "measure", "reset", "kraus"],
)
def test_matrix_refuses_circuits_that_are_not_unitary(build):
    with pytest.raises(CapabilityError, match="unitary"):
        tyxq.matrix(build())


def test_matrix_refuses_conditioned_gates_and_initial_states():
    conditioned = tyxq.Circuit(2, bits=1).h(0).cond(tyxq.Operation("x", (1,)), bits=0)
    assert [op.kind.is_unitary for op in conditioned.ops] == [True, True]
    with pytest.raises(CapabilityError, match="a conditioned gate"):
        tyxq.matrix(conditioned)
    with pytest.raises(CapabilityError, match="initial state"):
        tyxq.matrix(tyxq.Circuit(1, inputs=np.array([0, 1.0])).h(0))


# --- purity, entropy, mutual information -------------------------------------------------------------


@pytest.mark.parametrize("keep", [[0], [1, 2], [2, 0], [0, 1, 2]])
def test_purity_and_entropy_of_a_pure_state_match_eigenvalues(keep):
    psi = reference_unitary(THETA)[:, 0]
    rho = reduced(np.outer(psi, psi.conj()), keep, 3)
    assert np.isclose(tyxq.purity(circuit, THETA, qubits=keep), np.real(np.trace(rho @ rho)), atol=1e-12)
    assert np.isclose(tyxq.vn_entropy(circuit, THETA, qubits=keep), entropy(rho), atol=1e-10)


def test_entropy_of_the_whole_pure_state_is_zero_and_of_a_bell_half_is_ln2():
    assert abs(float(tyxq.vn_entropy(circuit, THETA))) < 1e-10
    bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    assert np.isclose(tyxq.vn_entropy(bell, qubits=[1]), np.log(2), atol=1e-12)
    assert np.isclose(tyxq.purity(bell, qubits=[0]), 0.5, atol=1e-12)


@pytest.mark.parametrize("keep", [None, [0], [1, 2]])
def test_mixed_state_purity_and_entropy_match_the_noisy_reference(keep):
    rho = noisy_reference(THETA)
    if keep is not None:
        rho = reduced(rho, keep, 3)
    assert np.isclose(tyxq.purity(circuit, THETA, qubits=keep, mode=NOISY), np.real(np.trace(rho @ rho)), atol=1e-12)
    value = tyxq.vn_entropy(circuit, THETA, qubits=keep, mode=NOISY)
    assert np.isclose(value, entropy(rho), atol=1e-10)
    assert value > 0.05  # really mixed


def test_entropies_are_batched():
    s = tyxq.vn_entropy(circuit, BATCH, qubits=[0, 1], mode=NOISY, batch_axes=0)
    p = tyxq.purity(circuit, BATCH, qubits=[2], batch_axes=0)
    assert s.shape == p.shape == (3,)
    for k, theta in enumerate(BATCH):
        assert np.isclose(s[k], entropy(reduced(noisy_reference(theta), [0, 1], 3)), atol=1e-10)
        psi = reference_unitary(theta)[:, 0]
        r2 = reduced(np.outer(psi, psi.conj()), [2], 3)
        assert np.isclose(p[k], np.real(np.trace(r2 @ r2)), atol=1e-12)


@pytest.mark.parametrize("mode", [None, NOISY], ids=["pure", "noisy"])
def test_mutual_information_is_the_sum_of_entropies(mode):
    if mode is None:
        psi = reference_unitary(THETA)[:, 0]
        rho = np.outer(psi, psi.conj())
    else:
        rho = noisy_reference(THETA)
    expected = entropy(reduced(rho, [2], 3)) + entropy(reduced(rho, [0, 1], 3)) - entropy(reduced(rho, [2, 0, 1], 3))
    value = tyxq.mutual_info(circuit, THETA, qubits_a=[2], qubits_b=[0, 1], mode=mode)
    assert np.isclose(value, expected, atol=1e-10)
    assert value > 0.1
    batched = tyxq.mutual_info(circuit, BATCH, qubits_a=[2], qubits_b=[0, 1], mode=mode, batch_axes=0)
    assert batched.shape == (3,) and np.isclose(batched[0], expected, atol=1e-10)


def test_mutual_information_refuses_overlapping_or_empty_parts():
    with pytest.raises(ParameterError, match="disjoint"):
        tyxq.mutual_info(circuit, THETA, qubits_a=[0, 1], qubits_b=[1])
    with pytest.raises(ParameterError, match="non-empty"):
        tyxq.mutual_info(circuit, THETA, qubits_a=[], qubits_b=[1])


def test_entropies_refuse_modes_without_a_density_matrix():
    with pytest.raises(CapabilityError):
        tyxq.vn_entropy(circuit, THETA, mode="shots")


# --- fidelity -------------------------------------------------------------------------------------


OTHER = np.array([0.9, 0.1, -0.4])


def test_fidelity_of_two_pure_circuits_is_the_squared_overlap():
    psi, phi = reference_unitary(THETA)[:, 0], reference_unitary(OTHER)[:, 0]
    expected = abs(np.vdot(psi, phi)) ** 2
    assert np.isclose(tyxq.fidelity(circuit(THETA), circuit(OTHER)), expected, atol=1e-12)
    assert np.isclose(tyxq.fidelity(circuit(THETA), phi), expected, atol=1e-12)
    assert np.isclose(tyxq.fidelity(np.outer(psi, psi.conj()), circuit(OTHER)), expected, atol=1e-12)
    assert 0.01 < expected < 0.99


def test_fidelity_with_a_mixed_state_is_uhlmanns():
    rho, sigma = noisy_reference(THETA), noisy_reference(OTHER)
    value = tyxq.fidelity(circuit(THETA), circuit(OTHER), mode=NOISY)
    assert np.isclose(value, uhlmann(rho, sigma), atol=1e-8)
    assert np.isclose(tyxq.fidelity(rho, sigma), uhlmann(rho, sigma), atol=1e-8)
    psi = reference_unitary(OTHER)[:, 0]
    pure = np.outer(psi, psi.conj())
    assert np.isclose(tyxq.fidelity(circuit(THETA), psi, mode=NOISY), uhlmann(rho, pure), atol=1e-8)
    assert np.isclose(tyxq.fidelity(circuit(THETA), circuit(THETA), mode=NOISY), 1.0, atol=1e-8)


def test_fidelity_is_batched_against_a_fixed_state_and_member_by_member():
    phi = reference_unitary(OTHER)[:, 0]
    values = tyxq.fidelity(circuit, phi, BATCH, batch_axes=0)
    mixed = tyxq.fidelity(circuit, noisy_reference(OTHER), BATCH, mode=NOISY, batch_axes=0)
    assert values.shape == mixed.shape == (3,)
    for k, theta in enumerate(BATCH):
        psi = reference_unitary(theta)[:, 0]
        assert np.isclose(values[k], abs(np.vdot(psi, phi)) ** 2, atol=1e-12)
        assert np.isclose(mixed[k], uhlmann(noisy_reference(theta), noisy_reference(OTHER)), atol=1e-8)
    # a batch of B = 2**n statevectors is still read as statevectors when it comes from a circuit
    square = tyxq.fidelity(circuit, circuit(OTHER), np.vstack([BATCH, BATCH[:1]] * 2)[:8], batch_axes=0)
    assert square.shape == (8,) and np.isclose(square[0], abs(np.vdot(reference_unitary(THETA)[:, 0], phi)) ** 2)


def test_fidelity_refuses_states_of_different_sizes_and_odd_shapes():
    with pytest.raises(ParameterError, match="same qubits"):
        tyxq.fidelity(tyxq.Circuit(2).h(0), np.array([1.0, 0.0]))
    with pytest.raises(ParameterError, match="statevector"):
        tyxq.fidelity(tyxq.Circuit(1).h(0), np.ones(3))


def test_fidelity_reads_lists_and_integer_arrays_as_complex_states():
    assert np.isclose(tyxq.fidelity(tyxq.Circuit(1).h(0), [1, 0]), 0.5, atol=1e-12)
    assert np.isclose(tyxq.fidelity([[0, 0], [0, 1]], tyxq.Circuit(1).ry(0, 0.6)), np.sin(0.3) ** 2, atol=1e-12)


def test_fidelity_refuses_a_mode_without_a_state():
    with pytest.raises(CapabilityError, match="shots"):
        tyxq.fidelity(tyxq.Circuit(1).h(0), [1, 0], mode="shots")
