"""Verb arguments read the way gate methods read them, and counts that size work are bounded (issue 21)."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from .reference import simulate

GHZ_GATES = [("h", (0,), ()), ("cnot", (0, 1), ()), ("ry", (2,), (0.7,))]


def ghz() -> tyxq.Circuit:
    return tyxq.Circuit(3).h(0).cnot(0, 1).ry(2, 0.7)


def test_one_qubit_as_an_int_reads_as_the_list_of_that_qubit() -> None:
    probabilities = np.abs(simulate(3, GHZ_GATES)) ** 2
    marginal = probabilities.reshape(2, 2, 2).sum(axis=(0, 1))  # qubit 2
    np.testing.assert_allclose(tyxq.probabilities(ghz(), qubits=2), marginal, atol=1e-12)
    np.testing.assert_array_equal(tyxq.probabilities(ghz(), qubits=2), tyxq.probabilities(ghz(), qubits=[2]))
    assert tyxq.counts(ghz(), 50, qubits=2, seed=3) == tyxq.counts(ghz(), 50, qubits=[2], seed=3)


def test_expectation_ps_takes_one_qubit_as_an_int() -> None:
    psi = simulate(3, GHZ_GATES)
    reference = np.real(psi.conj() @ np.kron(np.eye(4), np.array([[0, 1], [1, 0]])) @ psi)
    np.testing.assert_allclose(tyxq.expectation_ps(ghz(), x=2), reference, atol=1e-12)
    np.testing.assert_allclose(tyxq.expectation_ps(ghz(), x=2), tyxq.expectation_ps(ghz(), x=[2]), atol=0)


@pytest.mark.parametrize("qubits", [1.5, "0", True])
def test_a_qubit_that_is_no_integer_is_still_a_named_error(qubits: object) -> None:
    with pytest.raises(tyxq.QubitIndexError):
        tyxq.probabilities(ghz(), qubits=qubits)  # type: ignore[arg-type]


def test_trajectories_past_the_limit_are_refused_when_the_mode_is_created() -> None:
    from tyxq.execution.trajectories import MAX_TRAJECTORIES

    limit = r"trajectories is 9223372036854775808; trajectories must be a whole number from 1 to 1,073,741,824"
    with pytest.raises(tyxq.ConfigurationError, match=limit):
        tyxq.TrajectoriesMode(trajectories=2**63)
    assert tyxq.TrajectoriesMode(trajectories=MAX_TRAJECTORIES).trajectories == MAX_TRAJECTORIES


@pytest.mark.parametrize("value", ["abc", b"x", 1j, None, {"a": 1}])
def test_finite_differences_of_a_function_that_returns_no_real_number_is_a_gradient_error(value: object) -> None:
    with pytest.raises(tyxq.GradientError, match=r"the function differentiated returned .* a gradient needs a real"):
        tyxq.value_and_grad(lambda t: value, method="finite_difference")(np.array([0.1]))
