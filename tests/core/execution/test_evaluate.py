"""The expectation and probabilities verbs: circuits or functions, batches of parameter sets, modes by name."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.execution.interception import intercept_measurements

from ..backend_matrix import active, host, on


def rotated(x: Any, w: Any) -> tyxq.Circuit:
    return tyxq.Circuit(2).rx(0, x).ry(1, w[0]).cnot(0, 1)


def test_a_function_runs_a_batch_of_parameter_sets_as_one_batched_circuit(backend_name: str) -> None:
    xs, w = np.array([0.1, 0.8, -1.2]), np.array([0.5])
    with active(backend_name) as backend:
        values = tyxq.expectation(rotated, tyxq.Z(1), on(backend, xs), on(backend, w), batch_axes=(0, None))
        singles = [tyxq.expectation(rotated, tyxq.Z(1), float(x), on(backend, w)) for x in xs]
    assert backend.shape(values) == (3,)
    np.testing.assert_allclose(host(backend, values), [host(backend, v) for v in singles], atol=1e-12)
    np.testing.assert_allclose(host(backend, values), np.cos(xs) * np.cos(0.5), atol=1e-12)


def test_batch_axes_may_name_any_axis() -> None:
    grid = np.array([[0.1, 0.2, 0.3], [0.5, 0.5, 0.5]])  # the batch runs along axis 1

    def fn(p: Any) -> tyxq.Circuit:
        return tyxq.Circuit(1).rx(0, p[0]).ry(0, p[1])

    values = tyxq.expectation(fn, tyxq.Z(0), grid, batch_axes=1)
    np.testing.assert_allclose(values, np.cos(grid[0]) * np.cos(0.5), atol=1e-12)


def test_modes_are_chosen_by_name_object_or_context() -> None:
    c = tyxq.Circuit(1).ry(0, 1.0)
    exact = float(tyxq.expectation(c, tyxq.Z(0)))
    by_name = float(tyxq.expectation(c, tyxq.Z(0), mode="shots", shots=100, seed=1))
    by_object = float(tyxq.expectation(c, tyxq.Z(0), mode=tyxq.execution.ShotsMode(100), seed=1))
    with tyxq.use_execution_mode("shots", shots=100):
        in_context = float(tyxq.expectation(c, tyxq.Z(0), seed=1))
    assert exact == pytest.approx(np.cos(1.0), abs=1e-12)
    assert by_name == by_object == in_context != exact


def test_expectation_is_seen_by_an_interceptor() -> None:
    seen = []

    class Recorder:
        def measure(self, measurement: Any) -> Any:
            seen.append(
                (measurement.circuit.n_qubits, [str(o) for o in measurement.observables], measurement.mode.name)
            )
            return measurement.value()

    with intercept_measurements(Recorder()):
        tyxq.expectation(tyxq.Circuit(2).h(0), "ZX")
    assert seen == [(2, ["1 * Z0 X1"], "statevector")]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: tyxq.expectation(tyxq.Circuit(1), tyxq.Z(0), 0.5),
            tyxq.ParameterError,
            "a Circuit takes no arguments",
        ),
        (
            lambda: tyxq.expectation(lambda: "circuit", tyxq.Z(0)),
            tyxq.ParameterError,
            "must build and return a tyxq.Circuit",
        ),
        (lambda: tyxq.expectation(42, tyxq.Z(0)), tyxq.ParameterError, "a Circuit or a function"),
        (
            lambda: tyxq.expectation(rotated, tyxq.Z(0), np.zeros(3), np.zeros((2, 1)), batch_axes=0),
            tyxq.ParameterError,
            "same batch size",
        ),
        (
            lambda: tyxq.expectation(rotated, tyxq.Z(0), np.zeros(3), batch_axes=(0, None)),
            tyxq.ParameterError,
            "one per argument",
        ),
        (
            lambda: tyxq.expectation(
                lambda x: tyxq.Circuit(1).rx(0, x) if x > 0 else tyxq.Circuit(1).ry(0, x),
                tyxq.Z(0),
                np.array([1.0, -1.0]),
                batch_axes=0,
            ),
            tyxq.ParameterError,
            "member 1 differs",
        ),
        (lambda: tyxq.expectation(tyxq.Circuit(1), tyxq.Z(0), mode=3), tyxq.PluginError, "mode must be"),
        (
            lambda: tyxq.expectation(tyxq.Circuit(1), tyxq.Z(0), mode="noisy"),
            tyxq.UnknownPluginError,
            "Installed execution modes: density_matrix, shots, statevector, trajectories",
        ),
    ],
)
def test_bad_calls_are_clear_errors(call: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_stacked_members_keep_their_inputs_and_matrices() -> None:
    states = np.eye(2, dtype=complex)
    flips = [np.eye(2, dtype=complex), np.array([[0, 1], [1, 0]], dtype=complex)]

    def fn(state: Any, k: Any) -> tyxq.Circuit:
        return tyxq.Circuit(1, inputs=state).unitary(0, flips[int(k)])

    values = tyxq.expectation(fn, tyxq.Z(0), states, np.array([0, 1]), batch_axes=0)
    np.testing.assert_allclose(values, [1.0, 1.0], atol=1e-12)  # |0> unflipped, |1> flipped back to |0>


def test_equal_parameter_sets_stay_a_batch() -> None:
    def fn(p: Any) -> tyxq.Circuit:
        return tyxq.Circuit(1).rx(0, p[0]).ry(0, 2 * p[1])

    values = tyxq.expectation(fn, tyxq.Z(0), np.ones((4, 2)), batch_axes=0)
    assert values.shape == (4,)
    np.testing.assert_allclose(values, np.cos(1.0) * np.cos(2.0), atol=1e-12)
    sampled = tyxq.expectation(fn, tyxq.Z(0), np.ones((4, 2)), batch_axes=0, mode="shots", shots=100, seed=1)
    assert len(set(sampled.tolist())) > 1  # each member draws its own shots
