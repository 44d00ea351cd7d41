"""tyxq.density_matrix: the reduced matrix from a statevector, or ρ itself traced, in every exact mode."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..noise.dense import density
from ..reference import simulate

GATES = [("h", (0,), ()), ("ry", (1,), (0.8,)), ("cnot", (0, 2), ()), ("rx", (2,), (0.4,)), ("cz", (1, 2), ())]
NOISY = [*GATES[:3], ("amplitude_damping", (2,), (0.3,)), *GATES[3:], ("depolarizing", (1,), (0.2,))]


def build(ops) -> tyxq.Circuit:
    circuit = tyxq.Circuit(3)
    for name, qubits, params in ops:
        circuit.apply(name, *qubits, params=params)
    return circuit


def reduced_reference(rho: np.ndarray, n: int, qubits: list[int]) -> np.ndarray:
    """``Tr_rest ρ`` by einsum over the full tensor, kept qubits in the order given."""
    letters = "abcdefgh"
    rows, cols = list(letters[:n]), list(letters[:n].upper())
    for q in range(n):
        if q not in qubits:
            cols[q] = rows[q]
    out = "".join(rows[q] for q in qubits) + "".join(cols[q] for q in qubits)
    traced = np.einsum(f"{''.join(rows)}{''.join(cols)}->{out}", rho.reshape([2] * (2 * n)))
    return traced.reshape(2 ** len(qubits), 2 ** len(qubits))


@pytest.mark.parametrize("qubits", [None, [0], [2, 0], [1, 2, 0]])
def test_statevector_mode_reduces_the_state(qubits):
    psi = simulate(3, GATES)
    expected = reduced_reference(np.outer(psi, psi.conj()), 3, qubits or [0, 1, 2])
    assert np.allclose(tyxq.density_matrix(build(GATES), qubits=qubits), expected, atol=1e-12)


@pytest.mark.parametrize("qubits", [None, [1], [2, 1]])
def test_density_matrix_mode_traces_rho_of_the_noisy_circuit(qubits):
    expected = reduced_reference(density(3, NOISY), 3, qubits or [0, 1, 2])
    got = tyxq.density_matrix(build(NOISY), qubits=qubits, mode="density_matrix")
    assert np.allclose(got, expected, atol=1e-12)


def test_density_matrix_mode_applies_its_noise_model():
    model = tyxq.NoiseModel().add("phase_damping", 0.5, gates=["h"])
    rho = tyxq.density_matrix(tyxq.Circuit(1).h(0), mode=tyxq.DensityMatrixMode(noise=model))
    expected = density(1, [("h", (0,), ()), ("phase_damping", (0,), (0.5,))])
    assert np.allclose(rho, expected, atol=1e-12)


@pytest.mark.parametrize("mode", ["statevector", "density_matrix"])
def test_batched_parameters_give_one_matrix_per_member(mode):
    angles = np.array([0.1, 1.2, 2.5])
    got = tyxq.density_matrix(
        lambda t: tyxq.Circuit(2).ry(0, t).cnot(0, 1).rx(1, t / 2), angles, qubits=[1], mode=mode, batch_axes=0
    )
    assert got.shape == (3, 2, 2)
    for member, t in zip(got, angles, strict=True):
        psi = simulate(2, [("ry", (0,), (t,)), ("cnot", (0, 1), ()), ("rx", (1,), (t / 2,))])
        assert np.allclose(member, reduced_reference(np.outer(psi, psi.conj()), 2, [1]), atol=1e-12)


def test_a_measured_qubit_is_mixed_in_both_exact_modes():
    circuit = tyxq.Circuit(2).h(0).measure(0).cnot(0, 1)
    expected = np.diag([0.5, 0.0, 0.0, 0.5])
    for mode in ("statevector", "density_matrix"):
        assert np.allclose(tyxq.density_matrix(circuit, mode=mode), expected, atol=1e-12)


def test_the_state_refusal_points_to_density_matrix_which_then_works():
    circuit = tyxq.Circuit(1).h(0).measure(0)
    with pytest.raises(tyxq.CapabilityError, match=r"tyxq\.density_matrix"):
        tyxq.state(circuit)
    assert np.allclose(tyxq.density_matrix(circuit, mode="density_matrix"), np.eye(2) / 2, atol=1e-12)


@pytest.mark.parametrize("mode", [tyxq.ShotsMode(shots=10), tyxq.TrajectoriesMode(trajectories=8)], ids=repr)
def test_modes_that_estimate_refuse_by_name(mode):
    with pytest.raises(tyxq.CapabilityError, match=f"the {mode.name} mode is not exact"):
        tyxq.density_matrix(tyxq.Circuit(1).h(0), mode=mode)


def test_bad_qubits_are_qubit_index_errors():
    with pytest.raises(tyxq.QubitIndexError):
        tyxq.density_matrix(tyxq.Circuit(2), qubits=[0, 0])
