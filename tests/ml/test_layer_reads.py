"""TorchLayer checks what its circuit reads against what it declares: weight shapes and the input width."""

from __future__ import annotations

import re

import pytest
import torch

import tyxq
from tyxq_ml import LayerError, TorchLayer


def circuit(inputs, weights):
    """Reads input columns 0 and 1 and weights[0..2]."""
    c = tyxq.Circuit(2).rx(0, inputs[:, 0]).rx(1, inputs[:, 1])
    c.ry(0, weights[0]).ry(1, weights[1]).ry(0, weights[2])
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.Z(1)])


GRADIENTS = ["auto", "parameter_shift"]  # the direct route (torch autograd) and the bridged one


@pytest.mark.parametrize("gradient", GRADIENTS)
def test_a_weight_read_past_its_declared_shape_names_the_weight_and_the_fix(gradient):
    layer = TorchLayer(circuit, {"weights": 2}, gradient=gradient)
    message = (
        "circuit_fn reads weight 'weights' at index [2], outside its shape (2,) (index 2 is out of bounds for "
        "dimension 0 with size 2): declare the shape the circuit reads in weight_shapes (now 'weights': (2,))"
    )
    with pytest.raises(LayerError, match=re.escape(message)) as caught:
        layer(torch.rand(3, 2))
    assert isinstance(caught.value.__cause__, IndexError)  # torch's own error, raised in the user's function


@pytest.mark.parametrize("gradient", GRADIENTS)
def test_a_weight_declared_larger_than_read_is_refused(gradient):
    layer = TorchLayer(circuit, {"weights": 5}, gradient=gradient)
    with pytest.raises(LayerError, match=re.escape("reads only 3 of them ([0, 1, 2]): declare the shape it reads in "
                                                   "weight_shapes, e.g. {'weights': 3}")):  # fmt: skip
        layer(torch.rand(3, 2))


def test_a_weight_never_read_is_refused():
    def ignores_bias(inputs, weights, bias):
        return circuit(inputs, weights)

    with pytest.raises(LayerError, match=r"weight 'bias' \(shape \(2,\)\) is never read by circuit_fn"):
        TorchLayer(ignores_bias, {"weights": 3, "bias": 2})(torch.rand(3, 2))


@pytest.mark.parametrize("gradient", GRADIENTS)
def test_inputs_narrower_than_the_circuit_reads_are_named(gradient):
    layer = TorchLayer(circuit, {"weights": 3}, gradient=gradient)
    with pytest.raises(LayerError, match=re.escape("circuit_fn reads the inputs at index [:, 1], outside their shape "
                                                   "(3, 1)")):  # fmt: skip
        layer(torch.rand(3, 1))


@pytest.mark.parametrize("gradient", GRADIENTS)
def test_inputs_wider_than_the_circuit_reads_are_refused_not_truncated(gradient):
    layer = TorchLayer(circuit, {"weights": 3}, gradient=gradient)
    with pytest.raises(LayerError, match=r"the inputs have 3 columns, but circuit_fn reads only columns \[0, 1\].*"
                                         r"input_width=3 if the other columns are unused on purpose"):  # fmt: skip
        layer(torch.rand(3, 3))
    assert layer.input_width is None  # a failed first call fixes nothing: the right inputs work next
    assert layer(torch.rand(3, 2)).shape == (3, 2)


def test_a_declared_input_width_allows_unused_columns_and_refuses_other_widths():
    layer = TorchLayer(circuit, {"weights": 3}, input_width=3)
    x = torch.rand(4, 3, dtype=torch.float64)
    out = layer.double()(x)
    expected = TorchLayer(circuit, {"weights": 3}).double()
    expected.load_state_dict(layer.state_dict())
    torch.testing.assert_close(out, expected(x[:, :2]))  # the third column is unused, as declared
    with pytest.raises(LayerError, match=r"the inputs have 2 features \(shape \(4, 2\)\), but this layer was declared "
                                         r"with input_width 3: pass inputs of width 3"):  # fmt: skip
        layer(x[:, :2])


def test_the_first_inputs_fix_the_width():
    layer = TorchLayer(circuit, {"weights": 3})
    layer(torch.rand(2, 2))
    assert layer.input_width == 2
    with pytest.raises(LayerError, match=r"the inputs have 4 features .* this layer was first called with 2"):
        layer(torch.rand(2, 4))


def test_whole_tensors_and_metadata_count_as_read_and_not_read():
    def whole(inputs, weights):
        n = inputs.shape[-1]  # metadata: reads nothing
        c = tyxq.Circuit(n)
        for i in range(n):
            c.rx(i, inputs[:, i])
        c.ry(range(n), weights)  # the whole weight, split per qubit inside tyxq
        return tyxq.expectation(c, [tyxq.Z(i) for i in range(n)])

    assert TorchLayer(whole, {"weights": 3})(torch.rand(2, 3)).shape == (2, 3)


@pytest.mark.parametrize("width", [-1, 1.5, True])
def test_input_width_must_be_a_count(width):
    with pytest.raises(LayerError, match=r"input_width=.*; give the number of input features"):
        TorchLayer(circuit, {"weights": 3}, input_width=width)
