"""tyxq.variance and tyxq.Hermitian on torch: values against dense references, gradients by autodiff and shift."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tyxq

MATRIX = np.array([[0.5, 0.2 - 0.1j, 0, 0.3], [0.2 + 0.1j, -1.0, 0.4j, 0], [0, -0.4j, 0.7, 0.1], [0.3, 0, 0.1, 0.2]])
Z = np.diag([1.0, -1.0])
X = np.array([[0.0, 1.0], [1.0, 0.0]])
H_DENSE = np.kron(Z, Z) + 0.5 * np.kron(X, np.eye(2))


def reference_state(a: float) -> np.ndarray:
    ry = np.array([[np.cos(a / 2), -np.sin(a / 2)], [np.sin(a / 2), np.cos(a / 2)]])
    rx = np.array([[np.cos(0.6), -1j * np.sin(0.6)], [-1j * np.sin(0.6), np.cos(0.6)]])  # rx(1.2)
    cnot = np.eye(4)[[0, 1, 3, 2]]
    return cnot @ np.kron(ry, rx) @ np.array([1, 0, 0, 0], dtype=complex)


def reference_variance(a: float, matrix: np.ndarray) -> float:
    psi = reference_state(a)
    mean = np.vdot(psi, matrix @ psi).real
    return float(np.vdot(psi, matrix @ matrix @ psi).real - mean**2)


def circuit(a: torch.Tensor) -> tyxq.Circuit:
    return tyxq.Circuit(2).ry(0, a).rx(1, 1.2).cnot(0, 1)


OBSERVABLES = [
    (tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(0), H_DENSE),
    (tyxq.Hermitian([0, 1], MATRIX), MATRIX),
]


def _slope(a: float, matrix: np.ndarray) -> float:
    return (reference_variance(a + 1e-6, matrix) - reference_variance(a - 1e-6, matrix)) / 2e-6


@pytest.mark.parametrize(("observable", "matrix"), OBSERVABLES)
def test_variance_and_its_autodiff_gradient_match_the_reference(backend128, observable, matrix):
    a = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    value = tyxq.variance(circuit(a), observable)
    value.backward()
    assert float(value.detach()) == pytest.approx(reference_variance(0.7, matrix), abs=1e-10)
    assert float(a.grad) == pytest.approx(_slope(0.7, matrix), abs=1e-7)


@pytest.mark.parametrize(("observable", "matrix"), OBSERVABLES)
def test_parameter_shift_gradient_of_the_variance_agrees(backend128, observable, matrix):
    slope = tyxq.grad(lambda a: tyxq.variance(circuit(a), observable), method="parameter_shift")(
        torch.tensor(0.7, dtype=torch.float64)
    )
    assert float(slope) == pytest.approx(_slope(0.7, matrix), abs=1e-7)


def test_batched_variances_of_a_list_keep_their_gradients(backend128):
    angles = torch.tensor([0.1, 0.9, 2.0], dtype=torch.float64, requires_grad=True)
    values = tyxq.variance(circuit, [o for o, _ in OBSERVABLES], angles, batch_axes=0)
    assert values.shape == (3, 2)
    values.sum().backward()
    for row, a in enumerate(angles.tolist()):
        expected = [reference_variance(a, m) for _, m in OBSERVABLES]
        np.testing.assert_allclose(values[row].detach().numpy(), expected, atol=1e-10)
        assert float(angles.grad[row]) == pytest.approx(sum(_slope(a, m) for _, m in OBSERVABLES), abs=1e-6)


def test_hermitian_expectation_is_differentiable(backend128):
    a = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    value = tyxq.expectation(circuit(a), tyxq.Hermitian([0, 1], MATRIX))
    value.backward()
    psi = reference_state(0.7)
    assert float(value.detach()) == pytest.approx(np.vdot(psi, MATRIX @ psi).real, abs=1e-10)
    step = 1e-6
    slope = (
        np.vdot(reference_state(0.7 + step), MATRIX @ reference_state(0.7 + step)).real
        - np.vdot(reference_state(0.7 - step), MATRIX @ reference_state(0.7 - step)).real
    ) / (2 * step)
    assert float(a.grad) == pytest.approx(slope, abs=1e-7)


def test_a_tracked_matrix_is_refused():
    with pytest.raises(tyxq.ObservableError, match="detach"):
        tyxq.Hermitian([0], torch.eye(2, dtype=torch.float64, requires_grad=True))
