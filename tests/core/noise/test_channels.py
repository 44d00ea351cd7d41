"""Each channel against its textbook Kraus operators, and the errors bad channels raise."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.execution import DensityMatrixMode

from .dense import density, kraus

CASES = [
    ("depolarizing", (0,), (0.3,)),
    ("depolarizing", (1,), (4 / 3,)),
    ("depolarizing2", (1, 0), (0.4,)),
    ("bit_flip", (0,), (0.25,)),
    ("phase_flip", (1,), (0.7,)),
    ("amplitude_damping", (0,), (0.35,)),
    ("phase_damping", (1,), (0.6,)),
    ("thermal_relaxation", (0,), (2.0, 1.5, 0.7)),
    ("thermal_relaxation", (1,), (1.0, 2.0, 0.3)),
]


def _random_state(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    psi = rng.standard_normal(2**n) + 1j * rng.standard_normal(2**n)
    return psi / np.linalg.norm(psi)


def _rho(circuit: tyxq.Circuit) -> np.ndarray:
    return np.asarray(DensityMatrixMode().density_matrix(circuit, backend=NumpyBackend()))


@pytest.mark.parametrize(("name", "qubits", "params"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_channel_maps_a_random_state_as_its_kraus_operators_do(name: str, qubits: tuple, params: tuple) -> None:
    psi = _random_state(len(name), 2)
    circuit = tyxq.Circuit(2, psi).apply(name, *qubits, params=list(params))
    expected = density(2, [(name, qubits, params)], initial=psi)
    np.testing.assert_allclose(_rho(circuit)[0], expected, atol=1e-12)


def test_kraus_applies_any_trace_preserving_map() -> None:
    rng = np.random.default_rng(3)
    z = rng.standard_normal((12, 4)) + 1j * rng.standard_normal((12, 4))
    operators = list(np.linalg.qr(z)[0].reshape(3, 4, 4))
    psi = _random_state(4, 3)
    circuit = tyxq.Circuit(3, psi).kraus([2, 0], operators)
    np.testing.assert_allclose(_rho(circuit)[0], density(3, [("kraus", (2, 0), (operators,))], initial=psi), atol=1e-12)


def test_batched_channel_parameters_give_each_member_its_channel() -> None:
    gammas = np.array([0.1, 0.5, 0.9])
    rho = _rho(tyxq.Circuit(1).x(0).amplitude_damping(0, gammas))
    np.testing.assert_allclose(rho[:, 1, 1].real, 1 - gammas, atol=1e-12)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("depolarizing", (1.5,), r"depolarizing: p = 1.5 is outside \[0, 1.33333\]"),
        ("bit_flip", (-0.1,), r"bit_flip: p = -0.1 is outside \[0, 1\]"),
        ("amplitude_damping", (1.2,), "gamma = 1.2 is outside"),
        ("thermal_relaxation", (1.0, 3.0, 0.5), "t2 = 3 exceeds 2·t1 = 2·1"),
        ("thermal_relaxation", (-1.0, 1.0, 0.5), "t1 = -1 must be positive"),
    ],
)
def test_parameters_out_of_range_raise_channel_error(name: str, params: tuple, message: str) -> None:
    with pytest.raises(tyxq.ChannelError, match=message):
        tyxq.Circuit(2).apply(name, 0, params=list(params))


def test_batched_parameters_out_of_range_are_refused() -> None:
    with pytest.raises(tyxq.ChannelError, match=r"p = 1\.4"):
        tyxq.Circuit(1).bit_flip(0, np.array([0.2, 1.4]))


@pytest.mark.parametrize("mode", ["density_matrix", "trajectories"])
def test_parameters_set_without_a_check_are_refused_when_run(mode: str) -> None:
    circuit = tyxq.Circuit(1).bit_flip(0, 0.2).with_params([(np.array([0.2, 1.4]),)])
    with pytest.raises(tyxq.ChannelError, match=r"p = 1\.4"):
        tyxq.probabilities(circuit, mode=mode)


def test_kraus_operators_that_lose_trace_quote_the_deviation() -> None:
    with pytest.raises(tyxq.ChannelError, match=r"max \|Σ K†K − I\| = 2.50e-01"):
        tyxq.Circuit(1).kraus(0, [np.sqrt(0.75) * np.eye(2)])


def test_kraus_operators_of_the_wrong_size_are_refused() -> None:
    with pytest.raises(tyxq.ChannelError, match="4x4 Kraus matrices"):
        tyxq.Circuit(2).kraus([0, 1], [np.eye(2)])


@pytest.mark.parametrize("verb", ["state", "probabilities"])
def test_the_statevector_mode_refuses_channels_naming_the_noisy_modes(verb: str) -> None:
    circuit = tyxq.Circuit(1).h(0).phase_damping(0, 0.1)
    with pytest.raises(tyxq.CapabilityError, match=r"density_matrix.*trajectories"):
        getattr(tyxq, verb)(circuit)


def test_shots_mode_refuses_channels() -> None:
    with pytest.raises(tyxq.CapabilityError, match="operation 1 is the channel bit_flip"):
        tyxq.counts(tyxq.Circuit(1).h(0).bit_flip(0, 0.1), 10, mode="shots")


def test_a_noisy_circuit_has_no_inverse() -> None:
    with pytest.raises(tyxq.CapabilityError, match="no inverse"):
        tyxq.Circuit(1).h(0).bit_flip(0, 0.1).inverse()


@pytest.mark.parametrize("mode", ["density_matrix", "trajectories"])
def test_noisy_modes_have_no_statevector(mode: str) -> None:
    with pytest.raises(tyxq.CapabilityError, match="no statevector"):
        tyxq.state(tyxq.Circuit(1).h(0), mode=mode)


def test_reference_kraus_operators_are_trace_preserving() -> None:
    for name, _, params in CASES:
        operators = kraus(name, params)
        np.testing.assert_allclose(sum(k.conj().T @ k for k in operators), np.eye(len(operators[0])), atol=1e-12)


def test_openqasm_export_refuses_channels_naming_the_noise_model() -> None:
    with pytest.raises(tyxq.QasmError, match=r"channel bit_flip .* tyxq\.NoiseModel"):
        tyxq.qasm.dumps(tyxq.Circuit(1).h(0).bit_flip(0, 0.1))


@pytest.mark.parametrize("mode", ["density_matrix", "trajectories"])
def test_reset_returns_a_qubit_to_zero_whatever_its_state(mode: str) -> None:
    circuit = tyxq.Circuit(2).h(0).cnot(0, 1).reset(1)
    probs = np.asarray(tyxq.probabilities(circuit, qubits=[1], mode=mode))
    np.testing.assert_allclose(probs, [1.0, 0.0], atol=1e-12)
    assert float(tyxq.expectation(circuit, "ZI", mode=mode)) == pytest.approx(0.0, abs=0.1)


def test_a_mid_circuit_measurement_keeps_populations_and_removes_coherences() -> None:
    circuit = tyxq.Circuit(1).ry(0, 0.8).measure(0)
    rho = _rho(circuit)[0]
    np.testing.assert_allclose(rho, np.diag([np.cos(0.4) ** 2, np.sin(0.4) ** 2]), atol=1e-12)
    assert float(tyxq.expectation(circuit.h(0), "Z", mode="density_matrix")) == pytest.approx(0.0, abs=1e-12)
