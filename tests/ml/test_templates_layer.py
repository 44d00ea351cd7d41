"""A TorchLayer whose weight shapes come from the templates' shape functions, with no arithmetic by hand."""

from __future__ import annotations

import torch

import tyxq
from tyxq import templates
from tyxq_ml import TorchLayer


def test_torch_layer_takes_its_weight_shapes_from_the_templates_and_trains():
    def circuit(inputs, weights):
        c = templates.data_reuploading(tyxq.Circuit(2), inputs, weights)
        return tyxq.expectation(c, tyxq.Z(0))

    torch.manual_seed(0)
    layer = TorchLayer(circuit, {"weights": templates.data_reuploading_shape(2, 2)})
    assert tuple(layer.weights.shape) == (2, 2, 3)
    x = torch.rand(16, 2) * 3
    target = torch.cos(x[:, 0])  # a smooth function of the features to fit
    optimizer = torch.optim.Adam(layer.parameters(), lr=0.1)
    losses = []
    for _ in range(30):
        optimizer.zero_grad()
        loss = torch.mean((layer(x) - target) ** 2)
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.5 * losses[0]
