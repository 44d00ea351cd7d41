"""The hybrid classifier: its circuit, a short seeded training run, and the `tyxq-ml classify` command."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

import tyxq
from tyxq_ml.app.classifier import HybridClassifier, classifier_circuit
from tyxq_ml.app.cli import main
from tyxq_ml.app.data import load_features
from tyxq_ml.app.training import ClassifierConfig, train_classifier


def dense_z_expectations(x: np.ndarray, rx: np.ndarray, ry: np.ndarray) -> np.ndarray:
    """⟨Z_i⟩ of the classifier circuit for one sample, from Kronecker products of 2×2 matrices."""
    n = len(x)
    pauli_x = np.array([[0, 1], [1, 0]], dtype=complex)
    pauli_y = np.array([[0, -1j], [1j, 0]], dtype=complex)

    def rotation(pauli, angle):
        return np.cos(angle / 2) * np.eye(2) - 1j * np.sin(angle / 2) * pauli

    def on_all(gates):
        out = np.eye(1)
        for gate in gates:
            out = np.kron(out, gate)
        return out

    def cnot(control, target):
        matrix = np.zeros((2**n, 2**n))
        for state in range(2**n):
            flipped = state ^ (1 << (n - 1 - target)) if state >> (n - 1 - control) & 1 else state
            matrix[flipped, state] = 1
        return matrix

    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    psi = on_all([rotation(pauli_x, math.pi * v) for v in x]) @ psi
    for layer in range(len(rx)):
        for i in range(n - 1):
            psi = cnot(i, i + 1) @ psi
        psi = (
            on_all([rotation(pauli_y, b) @ rotation(pauli_x, a) for a, b in zip(rx[layer], ry[layer], strict=True)])
            @ psi
        )
    probs = np.abs(psi) ** 2
    bits = (np.arange(2**n)[:, None] >> (n - 1 - np.arange(n))[None, :]) & 1
    return probs @ (1 - 2 * bits)


def test_circuit_matches_a_dense_matrix_reference():
    rng = np.random.default_rng(0)
    x, rx, ry = rng.random((3, 5)), rng.uniform(0, 6, (2, 5)), rng.uniform(0, 6, (2, 5))
    with tyxq.use_backend("numpy"):
        got = classifier_circuit(x, rx, ry)
    expected = np.stack([dense_z_expectations(row, rx, ry) for row in x])
    np.testing.assert_allclose(got, expected, atol=1e-12)


def test_model_returns_one_logit_per_sample():
    torch.manual_seed(0)
    model = HybridClassifier()
    assert model(torch.rand(5, 9)).shape == (5,)
    assert sum(p.numel() for p in model.parameters()) == 2 * 2 * 9 + 9 + 1


@pytest.mark.slow
def test_default_settings_reach_95_percent_on_digits_1_vs_5():
    torch.set_num_threads(1)
    result = train_classifier(ClassifierConfig(), load_features("digits", seed=0), progress=False)
    assert result.history[-1].test_accuracy >= 0.95
    assert result.history[-1].train_loss < result.history[0].train_loss


def test_training_is_reproducible_with_a_seed():
    config = ClassifierConfig(epochs=1, batch_size=32)
    data = load_features("digits", seed=0)
    first, second = (train_classifier(config, data, progress=False) for _ in range(2))
    assert first.history[0].train_loss == second.history[0].train_loss
    for (name, a), (_, b) in zip(first.model.state_dict().items(), second.model.state_dict().items(), strict=True):
        assert torch.equal(a, b), name


def test_classify_command_writes_metrics_plot_and_model(tmp_path, capsys):
    assert main(["classify", "--epochs", "2", "--out", str(tmp_path), "--no-progress", "--profile"]) == 0
    printed = capsys.readouterr().out
    assert "logistic regression" in printed and "quantum forward" in printed and "quantum backward" in printed
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert len(metrics["history"]) == 2
    assert 0.5 < metrics["logistic_regression_test_accuracy"] <= 1.0
    assert set(metrics["stages"]) >= {"quantum forward", "quantum backward", "classical forward"}
    assert (tmp_path / "training.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    state = torch.load(tmp_path / "model.pt")
    assert set(state) == {"quantum.rx", "quantum.ry", "head.weight", "head.bias"}


def test_classify_command_reports_missing_mnist(tmp_path, capsys):
    assert main(["classify", "--data", "mnist", "--data-root", str(tmp_path), "--out", str(tmp_path)]) == 2
    assert "MNIST file" in capsys.readouterr().err
