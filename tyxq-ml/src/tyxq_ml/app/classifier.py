"""The hybrid classifier: a 9-qubit circuit whose ⟨Z_i⟩ feed a logistic read-out.

Circuit (one qubit per feature):

1. encoding: ``RX(π·x_i)`` on qubit ``i``;
2. ``layers`` times: a CNOT ladder ``CNOT(i, i+1)`` for ``i < n-1``, then a
   trainable ``RX`` and ``RY`` on every qubit;
3. outputs: ``⟨Z_i⟩`` for every qubit.

The ``n`` expectations go through ``Linear(n, 1)``; the model returns the
logit, and the probability of the second class is its sigmoid (training uses
``BCEWithLogitsLoss``, the sigmoid and binary cross-entropy fused for
numerical stability).

Example:
    >>> import torch
    >>> from tyxq_ml.app.classifier import HybridClassifier
    >>> _ = torch.manual_seed(0)
    >>> model = HybridClassifier(n_qubits=3, layers=1)
    >>> model(torch.rand(4, 3)).shape
    torch.Size([4])
    >>> sorted(name for name, _ in model.named_parameters())
    ['head.bias', 'head.weight', 'quantum.rx', 'quantum.ry']
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

import tyxq

from ..layer import TorchLayer

__all__ = ["HybridClassifier", "classifier_circuit"]


def classifier_circuit(inputs: Any, rx: Any, ry: Any) -> Any:
    """The classifier's circuit on a batch of features ``(B, n)`` with weights ``rx, ry`` of shape ``(L, n)``.

    Returns ``(B, n)``: ⟨Z_i⟩ of every qubit for every sample.

    Example:
        >>> import numpy as np, tyxq
        >>> x = np.zeros((2, 3)); w = np.zeros((1, 3))
        >>> classifier_circuit(x, w, w).round(6).tolist()
        [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """
    n = inputs.shape[-1]
    circuit = tyxq.Circuit(n)
    for i in range(n):
        circuit.rx(i, math.pi * inputs[:, i])
    for layer in range(rx.shape[0]):
        for i in range(n - 1):
            circuit.cnot(i, i + 1)
        for i in range(n):
            circuit.rx(i, rx[layer, i])
            circuit.ry(i, ry[layer, i])
    return tyxq.expectation(circuit, [tyxq.Z(i) for i in range(n)])


class HybridClassifier(nn.Module):
    """``TorchLayer(classifier_circuit)`` → ``Linear(n, 1)``; ``forward`` returns logits ``(B,)``.

    Keyword arguments besides ``n_qubits`` and ``layers`` go to
    :class:`~tyxq_ml.layer.TorchLayer` (``backend``, ``gradient``, ``mode``,
    ``shots``, ``seed``, ``dtype``).
    """

    def __init__(self, n_qubits: int = 9, layers: int = 2, **layer_options: Any) -> None:
        super().__init__()
        shapes = {"rx": (layers, n_qubits), "ry": (layers, n_qubits)}
        self.quantum = TorchLayer(classifier_circuit, shapes, **layer_options)
        self.head = nn.Linear(n_qubits, 1, dtype=layer_options.get("dtype", torch.float32))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """Logits ``(B,)`` for features ``(B, n_qubits)``."""
        return self.head(self.quantum(features)).squeeze(-1)

    @torch.no_grad()
    def predict(self, features: torch.Tensor) -> torch.Tensor:
        """Class labels ``(B,)`` in {0, 1}: 1 where the sigmoid of the logit exceeds 0.5."""
        return (self(features) > 0).to(features.dtype)
