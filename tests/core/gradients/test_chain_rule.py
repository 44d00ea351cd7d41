"""Gradients with respect to the function's arguments, through classical processing of gate angles."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on

ANGLE_METHODS = ["adjoint", "parameter_shift", "auto"]


def encoded(w: Any, x: Any) -> Any:
    """Angles through typical affine processing: scaling, sums of data and weights, slices, reshapes."""
    layer = w[2:6].reshape(2, 2)
    circuit = tyxq.Circuit(2).ry(0, 2 * w[0]).ry(1, x[0] + w[1]).cnot(0, 1)
    circuit.rx([0, 1], layer[0, 1] - 0.5 * layer[1, 0]).crz(1, 0, x[1] - w[5] + 0.3)
    return tyxq.expectation(circuit, tyxq.X(0) @ tyxq.Z(1) + 0.4 * tyxq.Y(1))


@pytest.mark.parametrize("method", ANGLE_METHODS)
def test_affine_processing_chains_to_every_argument(backend_name: str, method: str) -> None:
    w = np.array([0.3, -0.2, 0.9, 0.4, -1.2, 0.7])
    x = np.array([0.5, -1.5])
    with active(backend_name) as backend:
        args = on(backend, w), on(backend, x)
        _, (gw, gx) = tyxq.value_and_grad(encoded, argnums=(0, 1), method=method)(*args)
        _, (fw, fx) = tyxq.value_and_grad(encoded, argnums=(0, 1), method="finite_difference")(*args)
    np.testing.assert_allclose(host(backend, gw), host(backend, fw), atol=1e-8)
    np.testing.assert_allclose(host(backend, gx), host(backend, fx), atol=1e-8)
    assert host(backend, gw).shape == w.shape and host(backend, gx).shape == x.shape


@pytest.mark.parametrize("method", ANGLE_METHODS)
def test_batch_axes_share_weights_across_parameter_sets(backend_name: str, method: str) -> None:
    def circuit(x: Any, w: Any) -> tyxq.Circuit:
        return tyxq.Circuit(2).rx(0, x).ry(1, w[0]).cnot(0, 1).rx(1, 2 * w[1])

    def energies(w: Any, xs: Any) -> Any:
        return tyxq.expectation(circuit, tyxq.Z(1), xs, w, batch_axes=(0, None))

    xs, w = np.array([0.1, -0.7, 1.3]), np.array([0.4, 0.25])
    with active(backend_name) as backend:
        value, grad = tyxq.value_and_grad(energies, method=method)(on(backend, w), on(backend, xs))
    # <Z1> = cos x · cos w0 · cos 2w1 per member; the gradient is that of the batch's sum
    c0, c1, cx = np.cos(w[0]), np.cos(2 * w[1]), np.cos(xs)
    np.testing.assert_allclose(host(backend, value), cx * c0 * c1, atol=1e-12)
    expected = [-np.sum(cx) * np.sin(w[0]) * c1, -2 * np.sum(cx) * c0 * np.sin(2 * w[1])]
    np.testing.assert_allclose(host(backend, grad), expected, atol=1e-12)


def test_python_float_argument_gets_a_backend_scalar_gradient(backend_name: str) -> None:
    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(lambda t: tyxq.expectation(tyxq.Circuit(1).rx(0, 3 * t), tyxq.Z(0)))(0.2)
    assert backend.is_array(grad) and backend.shape(grad) == ()
    assert float(host(backend, grad)) == pytest.approx(-3 * np.sin(0.6), abs=1e-12)


def test_map_that_depends_on_an_undifferentiated_argument_is_rechecked_every_call() -> None:
    def energy(w: Any, x: Any) -> Any:  # affine in w, with a slope that depends on x
        return tyxq.expectation(tyxq.Circuit(1).ry(0, x[0] * w[0]), tyxq.Z(0))

    differentiate = tyxq.value_and_grad(energy, method="adjoint")
    w = np.array([0.7])
    for x in (0.5, 2.0, -1.0):  # the map found for x = 0.5 is wrong for the others and must be replaced
        _, grad = differentiate(w, np.array([x]))
        assert float(grad[0]) == pytest.approx(-x * np.sin(x * 0.7), abs=1e-12)


NON_AFFINE = {
    "square": (
        lambda p: tyxq.Circuit(2).h(0).rx(1, p[0] ** 2),
        "parameter 0 of rx on qubit 1 (operation 1)",
        "element (0,)",
    ),
    "sine": (
        lambda p: tyxq.Circuit(2).crz(0, 1, np.sin(p[1])),
        "parameter 0 of crz on qubits 0, 1 (operation 0)",
        "element (1,)",
    ),
    "kink": (
        lambda p: tyxq.Circuit(1).ry(0, abs(p[0] - 0.5)),
        "parameter 0 of ry on qubit 0 (operation 0)",
        "element (0,)",
    ),
}


@pytest.mark.parametrize("case", sorted(NON_AFFINE))
@pytest.mark.parametrize("method", ANGLE_METHODS)
def test_non_affine_processing_without_autodiff_names_the_gate_and_argument(case: str, method: str) -> None:
    build, gate, element = NON_AFFINE[case]
    with pytest.raises(tyxq.GradientError) as caught:
        tyxq.value_and_grad(lambda p: tyxq.expectation(build(p), tyxq.Z(0)), method=method)(np.array([0.3, 0.8]))
    message = str(caught.value)
    assert gate in message and f"argument 0 {element}" in message and "not affine" in message
    assert "finite_difference" in message


def test_product_of_arguments_is_reported_as_non_affine() -> None:
    with pytest.raises(tyxq.GradientError, match=r"non-affine combination .*argument 0 element \(0,\), argument 1"):
        tyxq.value_and_grad(
            lambda a, b: tyxq.expectation(tyxq.Circuit(1).rx(0, a[0] * b[0]), tyxq.Z(0)),
            argnums=(0, 1),
            method="adjoint",
        )(np.array([0.3]), np.array([0.9]))


def test_circuit_structure_that_depends_on_an_argument_is_an_error() -> None:
    def energy(p: Any) -> Any:
        circuit = tyxq.Circuit(1).rx(0, p[0]) if p[0] < 1 else tyxq.Circuit(1).ry(0, p[0])
        return tyxq.expectation(circuit, tyxq.Z(0))

    with pytest.raises(
        tyxq.GradientError, match=r"gates, qubits or batch shape changed when argument 0 element \(0,\)"
    ):
        tyxq.value_and_grad(energy, method="adjoint")(np.array([0.5]))


def test_inputs_that_depend_on_an_argument_are_an_error() -> None:
    def energy(p: Any) -> Any:
        state = np.array([np.cos(p[0]), np.sin(p[0])])
        return tyxq.expectation(tyxq.Circuit(1, inputs=state).rx(0, p[1]), tyxq.Z(0))

    with pytest.raises(tyxq.GradientError, match="initial inputs or a unitary matrix changed"):
        tyxq.value_and_grad(energy, method="parameter_shift")(np.array([0.5, 0.1]))


def test_observable_that_depends_on_an_argument_is_an_error() -> None:
    def energy(p: Any) -> Any:
        return tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]), float(p[1]) * tyxq.Z(0))

    with pytest.raises(tyxq.GradientError, match="the observable changed"):
        tyxq.value_and_grad(energy, method="adjoint")(np.array([0.5, 2.0]))


@pytest.mark.parametrize(
    ("fn", "what"),
    [
        (lambda p: 2 * tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]), tyxq.Z(0)), "returned a float64"),
        (
            lambda p: (
                tyxq.expectation(tyxq.Circuit(1).rx(0, p[0]), tyxq.Z(0)) + tyxq.expectation(tyxq.Circuit(1), tyxq.X(0))
            ),
            "returned a float64",
        ),
        (lambda p: p[0], "made no tyxq.expectation call"),
    ],
)
def test_output_that_is_not_one_expectation_is_an_error_without_autodiff(
    fn: Any, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tyxq.gradients.chain as chain

    monkeypatch.setattr(chain, "autograd_installed", lambda: False)  # with tyxq[autograd] these costs work
    with pytest.raises(tyxq.GradientError, match=what) as caught:
        tyxq.value_and_grad(fn, method="adjoint")(np.array([0.4]))
    assert "one Hamiltonian" in str(caught.value) and "finite_difference" in str(caught.value)


def test_an_argument_that_raises_when_probed_is_reported() -> None:
    with (
        pytest.raises(tyxq.GradientError, match=r"while probing .* raised ParameterError"),
        np.errstate(invalid="ignore"),
    ):
        tyxq.value_and_grad(
            lambda p: tyxq.expectation(tyxq.Circuit(1).rx(0, np.arcsin(p[0])), tyxq.Z(0)), method="adjoint"
        )(np.array([0.5]))
