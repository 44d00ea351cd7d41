"""A noise rule whose channel acts on a different number of qubits than the gates it names is refused when added."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq


def test_a_two_qubit_channel_after_a_one_qubit_gate_is_refused() -> None:
    with pytest.raises(tyxq.NoiseRuleError, match="depolarizing2 acts on 2 qubits, but h acts on 1"):
        tyxq.NoiseModel().add("depolarizing2", 0.1, gates=["h"])


def test_a_two_qubit_kraus_channel_after_a_three_qubit_gate_is_refused() -> None:
    kraus = [np.eye(4)]
    with pytest.raises(tyxq.NoiseRuleError, match="the Kraus channel acts on 2 qubits, but ccx acts on 3"):
        tyxq.NoiseModel().add_kraus(kraus, gates=["ccx"])


def test_the_refusal_is_a_channel_error() -> None:
    assert issubclass(tyxq.NoiseRuleError, tyxq.ChannelError)


def test_a_two_qubit_channel_after_a_two_qubit_gate_applies() -> None:
    model = tyxq.NoiseModel().add("depolarizing2", 0.3, gates=["cnot"])
    noisy = model.apply(tyxq.Circuit(2).h(0).cnot(0, 1))
    assert [op.name for op in noisy] == ["h", "cnot", "depolarizing2"]
    # ρ → (1 - p) ρ + p I/4 on the Bell state: P(00) = 0.7·0.5 + 0.3/4
    probabilities = tyxq.probabilities(tyxq.Circuit(2).h(0).cnot(0, 1), mode=tyxq.DensityMatrixMode(noise=model))
    np.testing.assert_allclose(probabilities, [0.425, 0.075, 0.075, 0.425], atol=1e-12)


def test_a_one_qubit_channel_follows_each_qubit_of_a_larger_gate() -> None:
    noisy = tyxq.NoiseModel().add("bit_flip", 0.1, gates=["cnot"]).apply(tyxq.Circuit(2).cnot(0, 1))
    assert [str(op) for op in noisy] == ["cnot q[0], q[1]", "bit_flip(0.1) q[0]", "bit_flip(0.1) q[1]"]


def test_no_noise_follows_measurements_resets_or_channels() -> None:
    circuit = tyxq.Circuit(1).h(0).measure(0).reset(0).phase_flip(0, 0.2)
    noisy = tyxq.NoiseModel().add("bit_flip", 0.1).apply(circuit)
    assert [op.name for op in noisy] == ["h", "bit_flip", "measure", "reset", "phase_flip"]
