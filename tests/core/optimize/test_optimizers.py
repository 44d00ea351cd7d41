"""tyxq.optimize on the transverse-field Ising chain, against scipy's BFGS; batching, resuming, stopping, backends."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import tyxq
from tyxq.optimize import natural_gradient_step

from ..backend_matrix import active, host, on
from .tfim import STARTS, ansatz, bfgs_best, dense_energies, energy


def steps_to_settle(history: np.ndarray, tol: float) -> np.ndarray:
    """Per start, the first step after which the energy changes by less than ``tol`` (the budget if never)."""
    settled = np.abs(np.diff(history, axis=0)) < tol
    return np.where(settled.any(axis=0), settled.argmax(axis=0) + 1, len(history))


def test_qng_reaches_the_bfgs_energy_in_fewer_steps_than_gradient_descent() -> None:
    best = bfgs_best()
    natural = tyxq.optimize.qng(
        energy, ansatz, STARTS, stepsize=0.1, lam=1e-3, steps=120, tol=1e-10, method="adjoint", progress=False
    )
    plain = tyxq.optimize.gradient_descent(energy, STARTS, stepsize=0.1, steps=120, method="adjoint", progress=False)
    assert natural.value.min() - best < 1e-4
    # the energies tyxq reports are those of a dense simulation written in the tests
    np.testing.assert_allclose(natural.value, dense_energies(natural.params), atol=1e-10)
    assert np.median(steps_to_settle(natural.history, 1e-7)) < np.median(steps_to_settle(plain.history, 1e-7))


@pytest.mark.slow  # about 400 batched steps: several seconds on a shared machine
def test_adam_reaches_the_bfgs_energy() -> None:
    result = tyxq.optimize.adam(energy, STARTS, stepsize=0.2, steps=420, method="adjoint", progress=False)
    assert result.value.min() - bfgs_best() < 1e-4
    np.testing.assert_allclose(result.value, dense_energies(result.params), atol=1e-10)


def test_qng_step_is_the_regularised_natural_gradient() -> None:
    params = STARTS[0]
    metric = np.asarray(tyxq.metric_tensor(ansatz)(params))
    gradient = np.asarray(tyxq.grad(energy, method="adjoint")(params))
    expected = params - 0.05 * np.linalg.inv(metric + 0.01 * np.eye(len(params))) @ gradient
    result = tyxq.optimize.qng(energy, ansatz, params, stepsize=0.05, lam=0.01, steps=1, progress=False)
    np.testing.assert_allclose(result.params, expected, atol=1e-10)
    batched = natural_gradient_step(np.stack([params, params]), np.stack([gradient, gradient]),
                                    np.stack([metric, metric]), 0.05, 0.01)  # fmt: skip
    np.testing.assert_allclose(batched, [expected, expected], atol=1e-10)


@pytest.mark.parametrize("optimizer", ["gradient_descent", "adam"])
def test_batch_members_are_stepped_as_if_alone(optimizer: str) -> None:
    run = getattr(tyxq.optimize, optimizer)
    together = run(energy, STARTS[:2], stepsize=0.1, steps=5, progress=False)
    alone = [run(energy, start, stepsize=0.1, steps=5, progress=False) for start in STARTS[:2]]
    np.testing.assert_allclose(together.params, [r.params for r in alone], atol=1e-12)
    np.testing.assert_allclose(together.history, np.stack([r.history for r in alone], axis=1), atol=1e-12)


@pytest.mark.parametrize("optimizer", ["gradient_descent", "adam", "qng"])
def test_a_run_resumes_from_its_state(optimizer: str) -> None:
    run = getattr(tyxq.optimize, optimizer)
    extra = (ansatz,) if optimizer == "qng" else ()
    whole = run(energy, *extra, STARTS[0], stepsize=0.05, steps=6, progress=False)
    first = run(energy, *extra, STARTS[0], stepsize=0.05, steps=3, progress=False)
    second = run(energy, *extra, first.state, stepsize=0.05, steps=3, progress=False)
    np.testing.assert_allclose(second.params, whole.params, atol=1e-12)
    assert second.state.step == 6 and second.n_steps == 3
    np.testing.assert_allclose(np.concatenate([first.history[:-1], second.history]), whole.history, atol=1e-12)


def test_history_records_the_cost_before_every_step_and_at_the_end() -> None:
    result = tyxq.optimize.gradient_descent(energy, STARTS[0], stepsize=0.05, steps=4, progress=False)
    assert result.history.shape == (5,) and result.n_steps == 4 and not result.converged
    assert np.isclose(result.history[-1], float(energy(result.params)))
    np.testing.assert_allclose(result.history[0], dense_energies(STARTS[0]), atol=1e-12)


def test_tolerance_stops_the_run() -> None:
    cost = lambda p: tyxq.expectation(tyxq.Circuit(1).ry(0, p[0]), tyxq.Z(0))  # noqa: E731
    result = tyxq.optimize.gradient_descent(cost, np.array([0.5]), stepsize=0.5, steps=500, tol=1e-9, progress=False)
    assert result.converged and result.n_steps < 500
    assert abs(float(result.value) + 1) < 1e-6


def test_callback_sees_every_step_and_stops_on_true() -> None:
    seen = []

    def callback(step, params, values):
        seen.append((step, float(values)))
        return step == 3

    result = tyxq.optimize.adam(energy, STARTS[0], stepsize=0.1, steps=50, callback=callback, progress=False)
    assert [s for s, _ in seen] == [1, 2, 3] and result.n_steps == 3
    np.testing.assert_allclose([v for _, v in seen], result.history[:3], atol=1e-12)


def small_circuit(p):
    return tyxq.Circuit(2).ry(0, p[..., 0]).ry(1, p[..., 1]).cnot(0, 1)


def small_energy(p):
    """cos a + cos a cos b, least (-2) at a = π, b = 0."""
    return tyxq.expectation(small_circuit(p), tyxq.Z(0) + tyxq.Z(1))


SMALL_STARTS = np.array([[0.5, 0.4], [2.0, -1.0]])


def test_every_backend_steps_its_own_arrays(backend_name: str) -> None:
    reference = tyxq.optimize.adam(small_energy, SMALL_STARTS, stepsize=0.1, steps=3, method="parameter_shift",
                                   progress=False)  # fmt: skip
    with active(backend_name) as backend:
        result = tyxq.optimize.adam(
            small_energy, on(backend, SMALL_STARTS), stepsize=0.1, steps=3, method="parameter_shift", progress=False
        )
        assert backend.is_array(result.params)
        np.testing.assert_allclose(host(backend, result.params), reference.params, atol=1e-8)


def test_autodiff_backends_train_with_their_own_gradient(autodiff_backend_name: str) -> None:
    with active(autodiff_backend_name) as backend:
        result = tyxq.optimize.qng(
            small_energy, small_circuit, on(backend, SMALL_STARTS[0]), stepsize=0.2, lam=1e-3, steps=25,
            method="autograd", progress=False,
        )  # fmt: skip
        assert abs(float(result.value) + 2) < 1e-6


TQDM_INSTALLED = importlib.util.find_spec("tqdm") is not None


def test_progress_bar_is_drawn_through_tqdm_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    if not TQDM_INSTALLED:  # the core env: the bar is an extra, and asking for it says how to install it
        with pytest.raises(tyxq.ConfigurationError, match=r'pip install "tyxq\[progress\]"'):
            tyxq.optimize.gradient_descent(energy, STARTS[0], stepsize=0.05, steps=3, progress=True)
    else:
        tyxq.optimize.gradient_descent(energy, STARTS[0], stepsize=0.05, steps=3, progress=True)
        assert "gradient_descent" in capsys.readouterr().err
    tyxq.optimize.gradient_descent(energy, STARTS[0], stepsize=0.05, steps=3)  # stderr is not a terminal here
    assert capsys.readouterr().err == ""


def test_map_shows_progress_over_its_chunks(capsys: pytest.CaptureFixture[str]) -> None:
    if not TQDM_INSTALLED:
        with pytest.raises(tyxq.ConfigurationError, match=r'pip install "tyxq\[progress\]"'):
            tyxq.map(ansatz, STARTS, tyxq.Z(0), chunk=2, progress=True)
        return
    values = tyxq.map(ansatz, STARTS, tyxq.Z(0), chunk=2, progress=True)
    assert "tyxq.map" in capsys.readouterr().err
    np.testing.assert_allclose(values, tyxq.expectation(ansatz(STARTS), tyxq.Z(0)), atol=1e-12)


def test_bad_arguments_are_named() -> None:
    with pytest.raises(tyxq.ParameterError, match="stepsize must be a positive number"):
        tyxq.optimize.adam(energy, STARTS[0], stepsize=-1.0)
    with pytest.raises(tyxq.ParameterError, match=r"lam .* must be a number >= 0"):
        tyxq.optimize.qng(energy, ansatz, STARTS[0], lam=-1.0)
    with pytest.raises(tyxq.ParameterError, match=r"steps .* whole number"):
        tyxq.optimize.adam(energy, STARTS[0], steps=2.5)
    with pytest.raises(tyxq.ConfigurationError, match="progress must be None"):
        tyxq.optimize.adam(energy, STARTS[0], steps=1, progress="yes")
    state = tyxq.optimize.adam(energy, STARTS[0], steps=1, progress=False).state
    with pytest.raises(tyxq.ConfigurationError, match="made by 'adam' and cannot resume 'gradient_descent'"):
        tyxq.optimize.gradient_descent(energy, state)
