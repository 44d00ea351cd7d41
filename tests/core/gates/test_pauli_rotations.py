"""pauli_rot and multi_rz: exp(-iθP/2) for any Pauli string, as one diagonal between basis changes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on
from .dense import circuit_matrix, pauli_exponential, peak_memory


@pytest.mark.parametrize("letters", ["".join(p) for p in itertools.product("IXYZ", repeat=2)] + ["XYZ", "YIXZ"])
def test_pauli_rotation_is_the_exponential_of_its_pauli_string(letters: str) -> None:
    n = len(letters) + 1
    qubits = tuple(range(n - 1, 0, -1))  # reversed, skipping qubit 0
    circuit = tyxq.Circuit(n).pauli_rot(list(qubits), 0.83, letters)
    np.testing.assert_allclose(circuit_matrix(circuit), pauli_exponential(n, qubits, letters, 0.83), atol=1e-12)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_multi_rz_is_the_exponential_of_z_on_every_qubit(k: int) -> None:
    qubits = tuple(range(k + 1))[::-2] if k < 3 else (4, 0, 2, 1, 3)[:k]
    n = max(qubits) + 1
    circuit = tyxq.Circuit(n).multi_rz(list(qubits), -1.1)
    np.testing.assert_allclose(circuit_matrix(circuit), pauli_exponential(n, qubits, "Z" * k, -1.1), atol=1e-12)


def test_multi_rz_is_one_diagonal_operation() -> None:
    assert [op.name for op in tyxq.Circuit(6).multi_rz(range(6), 0.3)] == ["multi_rz[6]"]
    assert tyxq.GATES["multi_rz[6]"].apply_as == "diagonal"


def test_batched_angles_rotate_each_member() -> None:
    angles = np.array([0.1, 0.7, -2.0])
    batched = tyxq.state(tyxq.Circuit(3).h(range(3)).pauli_rot([0, 1, 2], angles, "XYZ"))
    for member, angle in enumerate(angles):
        single = tyxq.state(tyxq.Circuit(3).h(range(3)).pauli_rot([0, 1, 2], float(angle), "XYZ"))
        np.testing.assert_allclose(batched[member], single, atol=1e-12)


def test_twenty_qubit_rotation_about_a_twenty_letter_string_stays_within_a_few_statevectors() -> None:
    n = 20
    letters = "XYZ" * 6 + "XY"
    statevector = 16 * 2**n
    circuit = tyxq.Circuit(n).pauli_rot(list(range(n)), 0.6, letters)
    with peak_memory() as peak:
        value = tyxq.expectation(circuit, tyxq.Z(0))
        used = peak()
    assert used < 6 * statevector, f"peak {used / statevector:.1f} statevectors"
    # cos(θ/2)|0…0⟩ - i sin(θ/2) P|0…0⟩, and P|0…0⟩ has qubit 0 flipped (X there): ⟨Z0⟩ = cos θ
    assert float(value) == pytest.approx(np.cos(0.6), abs=1e-12)


def test_twenty_qubit_rotation_on_scattered_qubits_matches_a_small_one() -> None:
    n = 20
    qubits = [19, 0, 7, 13, 2]
    big = tyxq.Circuit(n).h(qubits).pauli_rot(qubits, 0.4, "XYZZX")
    small = tyxq.Circuit(5).h(range(5)).pauli_rot(range(5), 0.4, "XYZZX")
    np.testing.assert_allclose(tyxq.probabilities(big, qubits=qubits), tyxq.probabilities(small), atol=1e-12)


@pytest.mark.parametrize("method", ["parameter_shift", "adjoint", "finite_difference"])
def test_gradient_of_a_pauli_rotation_angle_is_exact(backend_name: str, method: str) -> None:
    def energy(p: object) -> object:
        c = tyxq.Circuit(3).h([0, 2]).pauli_rot([0, 1, 2], p[0], "XYZ").pauli_rot([2, 0], p[1], "YY")  # type: ignore[index]
        return tyxq.expectation(c, tyxq.Y(1) + tyxq.X(0) @ tyxq.Z(2))

    params = np.array([0.4, -0.9])
    step = 1e-6
    reference = [(float(energy(params + step * e)) - float(energy(params - step * e))) / (2 * step) for e in np.eye(2)]
    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(energy, method=method)(on(backend, params))
    np.testing.assert_allclose(host(backend, grad), reference, atol=1e-6)


def test_a_pauli_string_of_another_length_is_refused() -> None:
    with pytest.raises(tyxq.PauliStringError, match=r"one letter of I, X, Y, Z per qubit.*length 3"):
        tyxq.Circuit(3).pauli_rot([0, 1, 2], 0.1, "XY")


def test_a_pauli_string_with_other_letters_is_refused() -> None:
    with pytest.raises(tyxq.PauliStringError, match="got 'XA'"):
        tyxq.Circuit(2).pauli_rot([0, 1], 0.1, "XA")


def test_repeated_qubits_are_refused() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="repeat"):
        tyxq.Circuit(3).pauli_rot([0, 1, 0], 0.1, "XYZ")
