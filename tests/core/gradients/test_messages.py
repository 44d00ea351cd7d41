"""Gradient errors name the verbs a user calls (``tyxq.expectation``), not the removed ``Circuit.expectation``."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq


def test_a_sum_of_expectations_on_numpy_is_refused_naming_the_verbs(monkeypatch: pytest.MonkeyPatch) -> None:
    import tyxq.gradients.chain as chain

    monkeypatch.setattr(chain, "autograd_installed", lambda: False)  # with tyxq[autograd] such a cost works

    def two_calls(theta):
        circuit = tyxq.Circuit(1).ry(0, theta[0])
        return tyxq.expectation(circuit, tyxq.Z(0)) + tyxq.expectation(circuit, tyxq.X(0))

    with pytest.raises(tyxq.GradientError) as error:
        tyxq.value_and_grad(two_calls, method="parameter_shift")(np.array([0.3]))
    message = str(error.value)
    assert "the value of one tyxq.expectation (or tyxq.expectation_ps) call unchanged" in message
    assert "Circuit.expectation" not in message
