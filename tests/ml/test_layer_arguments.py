"""TorchLayer's arguments are checked when the layer is built, each mistake a named LayerError with its fix."""

from __future__ import annotations

import re
import warnings

import pytest
import torch

import tyxq
from tyxq_ml import LayerError, TorchLayer
from tyxq_ml.gradient_paths import NoGradientPathWarning

# the circuits below read float(w[0]) on purpose; torch warns about it too
pytestmark = pytest.mark.filterwarnings("ignore:Converting a tensor with requires_grad:UserWarning")


def circuit(inputs, rx, ry):  # type: ignore[no-untyped-def]
    c = tyxq.Circuit(2).rx(0, inputs[:, 0]).rx(1, inputs[:, 1])
    c.rx(0, rx[0]).rx(1, rx[1]).ry(0, ry[0]).ry(1, ry[1])
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.Z(1)])


SHAPES = {"rx": 2, "ry": 2}


def test_a_weight_named_inputs_is_refused() -> None:
    def uses_inputs(inputs, **weights):  # type: ignore[no-untyped-def]
        return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[:, 0]), tyxq.Z(0))

    with pytest.raises(LayerError, match="weight name 'inputs' is taken"):
        TorchLayer(uses_inputs, {"inputs": 1})


@pytest.mark.parametrize("name", ["mode", "gradient", "train"])
def test_a_weight_named_like_an_attribute_of_the_layer_is_refused(name: str) -> None:
    def uses(inputs, **weights):  # type: ignore[no-untyped-def]
        return tyxq.expectation(tyxq.Circuit(1).rx(0, inputs[:, 0]), tyxq.Z(0))

    with pytest.raises(LayerError, match=f"weight name {name!r} is an attribute of"):
        TorchLayer(uses, {name: 1})


@pytest.mark.parametrize("backend", [None, 3, "tensorflow"])
def test_a_backend_that_is_no_installed_name_is_refused(backend: object) -> None:
    with pytest.raises(LayerError, match=re.escape(f"backend={backend!r}")) as caught:
        TorchLayer(circuit, SHAPES, backend=backend)  # type: ignore[arg-type]
    assert "numpy" in str(caught.value)  # the installed backends are listed


@pytest.mark.parametrize("gradient", [None, "backprop"])
def test_a_gradient_that_is_no_installed_name_is_refused(gradient: object) -> None:
    with pytest.raises(LayerError, match=re.escape(f"gradient={gradient!r}")):
        TorchLayer(circuit, SHAPES, gradient=gradient)  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", [2.5, "2", None, (2, -1), (2, True), True])
def test_a_weight_shape_that_is_no_int_or_tuple_of_ints_is_refused(shape: object) -> None:
    with pytest.raises(LayerError, match=re.escape(f"weight_shapes['rx'] is {shape!r}; give an int or a tuple")):
        TorchLayer(circuit, {"rx": shape, "ry": 2})


def test_a_weight_the_circuit_needs_but_weight_shapes_lacks_is_named() -> None:
    message = "circuit_fn needs the weight 'ry', which weight_shapes does not declare: add it to weight_shapes"
    with pytest.raises(LayerError, match=re.escape(message)):
        TorchLayer(circuit, {"rx": 2})


def test_a_declared_weight_the_circuit_does_not_take_is_named() -> None:
    with pytest.raises(LayerError, match=r"weight_shapes declares 'rz', but circuit_fn.* takes no such argument"):
        TorchLayer(circuit, {**SHAPES, "rz": 1})


def test_a_circuit_taking_any_keywords_accepts_every_weight() -> None:
    def flexible(inputs, **weights):  # type: ignore[no-untyped-def]
        return circuit(inputs, weights["rx"], weights["ry"])

    assert TorchLayer(flexible, SHAPES)(torch.rand(3, 2)).shape == (3, 2)


def test_load_state_dict_from_a_layer_of_other_shapes_names_each_weight_that_differs() -> None:
    wider = TorchLayer(circuit, {"rx": 3, "ry": 2}, input_width=2)
    layer = TorchLayer(circuit, SHAPES)
    with pytest.raises(LayerError, match=re.escape("'rx' has shape (2,) here and (3,) in the state_dict")):
        layer.load_state_dict(wider.state_dict())


def test_load_state_dict_from_a_layer_of_other_names_names_them() -> None:
    def other(inputs, a, ry):  # type: ignore[no-untyped-def]
        return circuit(inputs, a, ry)

    layer = TorchLayer(circuit, SHAPES)
    with pytest.raises(LayerError) as caught:
        layer.load_state_dict(TorchLayer(other, {"a": 2, "ry": 2}).state_dict())
    assert "'rx' is missing from the state_dict" in str(caught.value)
    assert "'a' is in the state_dict but not in this layer" in str(caught.value)
    before = layer.rx.detach().clone()
    layer.load_state_dict(TorchLayer(other, {"a": 2, "ry": 2}).state_dict(), strict=False)  # torch's own rule
    torch.testing.assert_close(layer.rx.detach(), before)


def test_load_state_dict_inside_a_model_names_the_layer() -> None:
    model = torch.nn.Sequential(TorchLayer(circuit, SHAPES))
    saved = torch.nn.Sequential(TorchLayer(circuit, {"rx": 3, "ry": 2}, input_width=2)).state_dict()
    with pytest.raises(LayerError, match=re.escape("this TorchLayer (at '0'): 'rx' has shape (2,) here and (3,)")):
        model.load_state_dict(saved)


def test_load_state_dict_of_the_same_shapes_loads() -> None:
    source, layer = TorchLayer(circuit, SHAPES), TorchLayer(circuit, SHAPES)
    layer.load_state_dict(source.state_dict())
    torch.testing.assert_close(layer.rx, source.rx)


def read_as_number(inputs, rx, ry):  # type: ignore[no-untyped-def]
    """Reads ``ry[0]`` as a Python number: the circuit sees its value, torch's graph does not."""
    c = tyxq.Circuit(2).rx(0, inputs[:, 0]).rx(1, inputs[:, 1])
    c.rx(0, rx[0]).rx(1, rx[1]).ry(0, float(ry[0])).ry(1, ry[1])
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.Z(1)])


def read_whole_as_number(inputs, rx, ry):  # type: ignore[no-untyped-def]
    c = tyxq.Circuit(2).rx(0, inputs[:, 0]).rx(1, inputs[:, 1])
    c.rx(0, rx[0]).rx(1, rx[1]).ry(0, float(ry[0])).ry(1, float(ry[1]))
    return tyxq.expectation(c, [tyxq.Z(0), tyxq.Z(1)])


def test_a_weight_without_gradient_path_is_a_warning_naming_it_on_the_first_backward() -> None:
    layer = TorchLayer(read_whole_as_number, SHAPES)
    out = layer(torch.rand(3, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoGradientPathWarning)  # not yet: the forward pass only records
        out2 = layer(torch.rand(3, 2))
    with pytest.warns(NoGradientPathWarning, match="weight 'ry' of this TorchLayer gets no gradient"):
        out.sum().backward()
    assert layer.ry.grad is None and layer.rx.grad is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoGradientPathWarning)
        out2.sum().backward()  # once per layer


def test_a_weight_partly_read_as_a_number_still_has_a_path_and_no_warning() -> None:
    layer = TorchLayer(read_as_number, SHAPES)
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoGradientPathWarning)
        layer(torch.rand(3, 2)).sum().backward()


def test_with_strict_a_weight_without_gradient_path_is_an_error() -> None:
    layer = TorchLayer(read_whole_as_number, SHAPES, strict=True)
    with pytest.raises(LayerError, match="weight 'ry' of this TorchLayer gets no gradient"):
        layer(torch.rand(3, 2)).sum().backward()


@pytest.mark.parametrize("gradient", ["parameter_shift", "adjoint"])
def test_the_bridged_route_also_names_a_weight_without_gradient_path(gradient: str) -> None:
    """Parameter shift and adjoint differentiate the gates and leave the chain from the weights to torch."""
    layer = TorchLayer(read_whole_as_number, SHAPES, gradient=gradient, dtype=torch.float64)
    out = layer(torch.rand(3, 2, dtype=torch.float64))
    with pytest.warns(NoGradientPathWarning, match="weight 'ry' of this TorchLayer gets no gradient"):
        out.sum().backward()


def test_finite_differences_see_a_weight_read_as_a_number() -> None:
    """They run the circuit again with changed weights, so the number changes too: no warning, the right gradient."""
    torch.manual_seed(0)
    x = torch.rand(3, 2, dtype=torch.float64)
    numbers = TorchLayer(read_whole_as_number, SHAPES, gradient="finite_difference", dtype=torch.float64)
    tensors = TorchLayer(circuit, SHAPES, dtype=torch.float64)
    tensors.load_state_dict(numbers.state_dict())
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoGradientPathWarning)
        numbers(x).sum().backward()
    tensors(x).sum().backward()
    torch.testing.assert_close(numbers.ry.grad, tensors.ry.grad, atol=1e-5, rtol=0)


@pytest.mark.parametrize("shots", [True, 0, 2.5, "100"], ids=["bool", "zero", "float", "str"])
def test_a_shot_count_that_is_no_count_reads_as_it_does_in_the_verbs(shots: object) -> None:
    with pytest.raises(tyxq.ShotsError) as verb:
        tyxq.sample(tyxq.Circuit(1).h(0), shots)  # type: ignore[arg-type]
    with pytest.raises(LayerError) as layer:
        TorchLayer(circuit, {"rx": 2, "ry": 2}, mode="shots", shots=shots)  # type: ignore[arg-type]
    assert str(layer.value) == str(verb.value)


def test_a_shots_mode_without_a_count_says_to_pass_one() -> None:
    with pytest.raises(LayerError, match=r"mode='shots' estimates from samples: pass shots=N"):
        TorchLayer(circuit, {"rx": 2, "ry": 2}, mode="shots")
