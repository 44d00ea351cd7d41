"""The batch axis: a circuit that indexes it (``inputs[0]``), or outputs of another batch, are refused."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import tyxq
from tyxq_ml import LayerError, TorchLayer

GRADIENTS = ["auto", "parameter_shift"]  # the direct route (torch autograd) and the bridged one


def row_reader(inputs, w):  # type: ignore[no-untyped-def]
    """PennyLane's habit: ``inputs[0]`` meant as feature 0 of one sample, here row 0 of the batch."""
    c = tyxq.Circuit(2).rx(0, inputs[0]).ry(1, w[0])
    return tyxq.expectation(c, tyxq.Z(0))


@pytest.mark.parametrize("gradient", GRADIENTS)
@pytest.mark.parametrize("batch", [2, 5])
def test_indexing_the_batch_axis_is_refused_with_the_column_to_read(gradient: str, batch: int) -> None:
    layer = TorchLayer(row_reader, {"w": 1}, gradient=gradient)
    with pytest.raises(LayerError, match=re.escape("circuit_fn reads inputs[0], which indexes the batch axis")) as e:
        layer(torch.rand(batch, 2))
    assert "inputs[:, 0]" in str(e.value)


def test_a_row_and_column_index_suggests_that_column() -> None:
    def reader(inputs, w):  # type: ignore[no-untyped-def]
        return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[1, 0] + w[0]), tyxq.Z(0))

    with pytest.raises(LayerError, match=re.escape("inputs[1, 0]")) as e:
        TorchLayer(reader, {"w": 1})(torch.rand(3, 1))
    assert "inputs[:, 0]" in str(e.value)


def test_columns_and_ellipsis_read_the_whole_batch() -> None:
    def reader(inputs, w):  # type: ignore[no-untyped-def]
        return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[..., 0]).ry(0, inputs[:, 1] + w[0]), tyxq.Z(0))

    torch.manual_seed(0)
    x = torch.rand(4, 2, dtype=torch.float64)
    layer = TorchLayer(reader, {"w": 1}, dtype=torch.float64)
    w = float(layer.w.detach()[0])
    # RX(a) then RY(b) on |0⟩: ⟨Z⟩ = cos(a) cos(b)
    expected = np.cos(x[:, 0].numpy()) * np.cos(x[:, 1].numpy() + w)
    np.testing.assert_allclose(layer(x).detach().numpy(), expected, atol=1e-12)


@pytest.mark.parametrize("gradient", GRADIENTS)
def test_outputs_of_another_batch_than_the_inputs_are_refused_at_every_call(gradient: str) -> None:
    def fixed_batch(inputs, w):  # type: ignore[no-untyped-def]
        angles = torch.stack([inputs[:, 0].sum(), inputs[:, 0].mean()])
        return tyxq.expectation(tyxq.Circuit(1).rx(0, angles).ry(0, w[0]), tyxq.Z(0))  # always 2 rows

    layer = TorchLayer(fixed_batch, {"w": 1}, gradient=gradient)
    layer(torch.rand(2, 1))  # a batch of 2 happens to fit
    with pytest.raises(LayerError, match=re.escape("outputs of shape (2,) for inputs of shape (5, 1)")):
        layer(torch.rand(5, 1))


def test_a_single_sample_without_batch_axis_is_not_a_batch() -> None:
    def reader(inputs, w):  # type: ignore[no-untyped-def]
        return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[0] + w[0]), tyxq.Z(0))

    layer = TorchLayer(reader, {"w": 1}, dtype=torch.float64)
    out = layer(torch.tensor([0.4], dtype=torch.float64))
    assert out.shape == ()
    assert float(out) == pytest.approx(np.cos(0.4 + float(layer.w.detach()[0])), abs=1e-12)
