"""evolve: exp(-iHt) exactly for commuting terms, Trotterised at the order's rate otherwise, differentiable."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.linalg

import tyxq

from .dense import circuit_matrix

COMMUTING = 0.7 * tyxq.Z(0) @ tyxq.Z(1) - 0.4 * tyxq.X(0) @ tyxq.X(1) + 0.25 * tyxq.Y(0) @ tyxq.Y(1) @ tyxq.Z(2) + 0.3
MIXED = 0.5 * tyxq.Z(0) @ tyxq.Z(1) + 0.8 * tyxq.X(0) - 0.6 * tyxq.Y(1) @ tyxq.Y(2) + 0.3 * tyxq.X(2)


def exact(hamiltonian: tyxq.Hamiltonian, t: float, n: int = 3) -> np.ndarray:
    return scipy.linalg.expm(-1j * t * hamiltonian.to_matrix(n))


def trotter_error(order: int, steps: int, t: float = 1.0) -> float:
    return float(np.linalg.norm(circuit_matrix(tyxq.evolve(MIXED, t, steps=steps, order=order)) - exact(MIXED, t), 2))


def test_commuting_terms_evolve_exactly_in_one_step_including_the_global_phase() -> None:
    circuit = tyxq.evolve(COMMUTING, 1.3, steps=50)
    np.testing.assert_allclose(circuit_matrix(circuit), exact(COMMUTING, 1.3), atol=1e-12)
    assert sum(op.name == "multi_rz[3]" for op in circuit) == 1  # one step: each term once


@pytest.mark.parametrize(("order", "rate"), [(1, 2.0), (2, 4.0)])
def test_trotter_error_shrinks_at_the_rate_of_its_order(order: int, rate: float) -> None:
    errors = [trotter_error(order, steps) for steps in (8, 16, 32)]
    assert errors[0] < 0.2
    for coarse, fine in itertools.pairwise(errors):
        assert coarse / fine == pytest.approx(rate, rel=0.1)


def test_second_order_is_more_accurate_than_first_at_equal_steps() -> None:
    assert trotter_error(2, 10) < trotter_error(1, 10) / 5


def test_time_and_coefficients_are_differentiable_with_torch() -> None:
    torch = pytest.importorskip("torch")
    t = torch.tensor(0.9, dtype=torch.float64, requires_grad=True)
    weight = torch.tensor(0.8, dtype=torch.float64, requires_grad=True)

    def energy(t: object, weight: object) -> object:
        hamiltonian = 0.5 * tyxq.Z(0) @ tyxq.Z(1) + weight * tyxq.X(0)
        circuit = tyxq.Circuit(2).h(1).append(tyxq.evolve(hamiltonian, t, steps=4, order=2))
        return tyxq.expectation(circuit, tyxq.X(1) + tyxq.Z(0))

    with tyxq.use_backend("torch", dtype="complex128"):
        value = energy(t, weight)
        value.backward()
    step = 1e-6
    for tensor, grad in ((t, t.grad), (weight, weight.grad)):
        with torch.no_grad(), tyxq.use_backend("numpy"):
            base = {"t": float(t), "weight": float(weight)}
            name = "t" if tensor is t else "weight"
            up, down = dict(base), dict(base)
            up[name] += step
            down[name] -= step
            numeric = (float(energy(**up)) - float(energy(**down))) / (2 * step)
        assert float(grad) == pytest.approx(numeric, abs=1e-6)


def test_array_coefficients_in_an_expectation_are_refused_with_the_way_out() -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(tyxq.ObservableError, match=r"weights @ tyxq.expectation"):
        tyxq.expectation(tyxq.Circuit(1), torch.tensor(0.5) * tyxq.Z(0))


def test_complex_coefficients_are_refused() -> None:
    with pytest.raises(tyxq.ObservableError, match="Hermitian"):
        tyxq.evolve(1j * tyxq.Z(0), 1.0)


def test_order_three_is_refused() -> None:
    with pytest.raises(tyxq.ParameterError, match="order is the integer 1"):
        tyxq.evolve(MIXED, 1.0, order=3)


@pytest.mark.parametrize("order", [True, False, 2.0 + 0j, "2"])
def test_an_order_that_is_not_the_integer_1_or_2_is_refused_naming_evolve(order: object) -> None:
    with pytest.raises(tyxq.ParameterError, match=r"evolve: order is the integer 1"):
        tyxq.evolve(tyxq.X(0) @ tyxq.X(1) + tyxq.Z(0), 0.5, order=order)  # type: ignore[arg-type]


@pytest.mark.parametrize("steps", [True, 0, 2.0, 10**7])
def test_steps_that_are_no_count_or_past_the_limit_are_refused_before_any_work(steps: object) -> None:
    with pytest.raises(tyxq.ParameterError, match=r"steps must be a whole number from 1 to 1,000,000"):
        tyxq.evolve(tyxq.X(0) + tyxq.Z(0), 0.5, steps=steps)  # type: ignore[arg-type]


@pytest.mark.parametrize("time", ["1", True, 1j, float("nan"), np.array(["a"]), np.array([np.inf]), object()])
def test_a_time_that_is_no_finite_real_number_is_refused_naming_evolve_not_pauli_rot(time: object) -> None:
    with pytest.raises(tyxq.ParameterError, match=r"^time of evolve") as caught:
        tyxq.evolve(tyxq.X(0) + tyxq.Z(0), time)
    assert "pauli_rot" not in str(caught.value)
