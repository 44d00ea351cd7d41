"""``tyxq.expectation`` of a list of observables: one simulation, the single values."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq


@pytest.fixture
def circuit() -> tyxq.Circuit:
    return tyxq.Circuit(3).h(0).ry(1, np.array([0.2, 1.1])).cnot(0, 2).rx(2, 0.5).crz(1, 0, 0.8)


def test_each_column_is_the_expectation_of_its_observable(circuit: tyxq.Circuit) -> None:
    observables = [tyxq.Z(0), tyxq.X(0) @ tyxq.Y(2), 2 * tyxq.Z(1) @ tyxq.Z(2) - 0.5, "XZY", tyxq.X(1) + tyxq.Y(0)]
    values = tyxq.expectation(circuit, observables)
    assert values.shape == (2, len(observables))
    for k, observable in enumerate(observables):
        np.testing.assert_allclose(values[:, k], tyxq.expectation(circuit, observable), atol=1e-12)


def test_an_unbatched_circuit_gives_one_value_per_observable() -> None:
    values = tyxq.expectation(tyxq.Circuit(2).x(1), [tyxq.Z(0), tyxq.Z(1), tyxq.Z(0) @ tyxq.Z(1) + 3])
    np.testing.assert_allclose(values, [1.0, -1.0, 2.0], atol=1e-12)


def test_constant_observables_give_their_constant(circuit: tyxq.Circuit) -> None:
    np.testing.assert_allclose(tyxq.expectation(circuit, [tyxq.I() * 2.5, tyxq.I() * -1]), [[2.5, -1.0]] * 2)


def test_an_observable_beyond_the_circuit_is_refused(circuit: tyxq.Circuit) -> None:
    with pytest.raises(tyxq.ObservableError, match="qubit 5"):
        tyxq.expectation(circuit, [tyxq.Z(0), tyxq.Z(5)])
