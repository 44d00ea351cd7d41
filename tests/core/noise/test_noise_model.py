"""NoiseModel: channels after matching gates, applied by the modes without touching the user's circuit."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from .dense import density


def test_rules_match_gates_by_name_and_qubit() -> None:
    model = (
        tyxq.NoiseModel()
        .add("depolarizing", 0.1, gates=["h", "rx"])
        .add("amplitude_damping", 0.2, qubits=[1])
        .add("depolarizing2", 0.05, gates="cx")
    )
    circuit = tyxq.Circuit(2).h(0).rx(1, 0.3).cnot(0, 1)
    names = [(op.name, op.qubits) for op in model.apply(circuit)]
    assert names == [
        ("h", (0,)),
        ("depolarizing", (0,)),
        ("rx", (1,)),
        ("depolarizing", (1,)),
        ("amplitude_damping", (1,)),
        ("cnot", (0, 1)),
        ("amplitude_damping", (1,)),
        ("depolarizing2", (0, 1)),
    ]


def test_the_mode_applies_the_model_and_leaves_the_circuit_alone() -> None:
    circuit = tyxq.Circuit(2).h(0).cnot(0, 1)
    dephasing = [np.sqrt(0.8) * np.eye(2), np.sqrt(0.2) * np.diag([1, -1])]
    model = tyxq.NoiseModel().add("bit_flip", 0.1).add_kraus(dephasing)
    with tyxq.use_execution_mode("density_matrix", noise=model):
        value = float(tyxq.expectation(circuit, "ZZ"))
    flip = [np.sqrt(0.9) * np.eye(2), np.sqrt(0.1) * np.array([[0, 1], [1, 0]])]
    dephase = [np.sqrt(0.8) * np.eye(2), np.sqrt(0.2) * np.diag([1, -1])]
    ops = [("h", (0,), ()), ("kraus", (0,), (flip,)), ("kraus", (0,), (dephase,)), ("cnot", (0, 1), ())]
    ops += [("kraus", (q,), (k,)) for q in (0, 1) for k in (flip, dephase)]
    zz = np.diag([1, -1, -1, 1])
    assert value == pytest.approx(np.trace(zz @ density(2, ops)).real, abs=1e-12)
    assert len(circuit) == 2
    assert float(tyxq.expectation(circuit, "ZZ", mode="density_matrix")) == pytest.approx(1.0)


def test_the_trajectories_mode_takes_the_same_model() -> None:
    model = tyxq.NoiseModel().add("depolarizing", 0.2, gates=["cnot"])
    circuit = tyxq.Circuit(2).h(0).cnot(0, 1)
    with tyxq.use_execution_mode("density_matrix", noise=model):
        exact = float(tyxq.expectation(circuit, "XX"))
    with tyxq.use_execution_mode("trajectories", noise=model, trajectories=4000, seed=8):
        estimate = float(tyxq.expectation(circuit, "XX"))
    assert exact == pytest.approx(0.64)
    assert abs(estimate - exact) <= 4 / np.sqrt(4000)


def test_an_unknown_gate_name_is_an_unknown_gate_error() -> None:
    with pytest.raises(tyxq.UnknownGateError, match="unknown gate 'hadamard'"):
        tyxq.NoiseModel().add("depolarizing", 0.1, gates=["hadamard"])


def test_an_unknown_channel_name_is_an_unknown_gate_error() -> None:
    with pytest.raises(tyxq.UnknownGateError, match=r"unknown channel 'depolarising'.*depolarizing"):
        tyxq.NoiseModel().add("depolarising", 0.1)


def test_model_parameters_out_of_range_raise_channel_error() -> None:
    with pytest.raises(tyxq.ChannelError, match="p = 2 is outside"):
        tyxq.NoiseModel().add("bit_flip", 2)


def test_a_confusion_matrix_whose_columns_do_not_sum_to_one_is_refused() -> None:
    with pytest.raises(tyxq.ChannelError, match="each column summing to 1"):
        tyxq.NoiseModel().add_readout_error([[0.9, 0.1], [0.2, 0.9]])


def test_noise_must_be_a_noise_model() -> None:
    with pytest.raises(tyxq.ConfigurationError, match=r"tyxq\.NoiseModel"):
        tyxq.DensityMatrixMode(noise={"depolarizing": 0.1})
