"""Channel parameters are named in messages by their names and as what they are, never as angles."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda c: c.depolarizing(0, True), r"p of depolarizing is True; probabilities are real numbers"),
        (lambda c: c.bit_flip(0, float("nan")), r"p of bit_flip is nan; probabilities must be finite"),
        (lambda c: c.amplitude_damping(0, "x"), r"gamma of amplitude_damping is a str"),
        (
            lambda c: c.phase_damping(0, np.zeros((2, 2))),
            r"lam of phase_damping has shape \(2, 2\); a probability is a scalar or a 1-D batch",
        ),
        (
            lambda c: c.thermal_relaxation(0, t1=1.0, t2=0.5, time=1j),
            r"time of thermal_relaxation is 1j; times are real",
        ),
    ],
)
def test_bad_channel_parameters_are_named(build: object, message: str) -> None:
    with pytest.raises(tyxq.ParameterError, match=message) as caught:
        build(tyxq.Circuit(1))  # type: ignore[operator]
    assert "angle" not in str(caught.value)


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"t1": -1.0, "t2": 0.5, "time": 0.1}, r"t1 = -1 must be positive and finite"),
        ({"t1": 1.0, "t2": 0.0, "time": 0.1}, r"t2 = 0 must be positive and finite"),
        ({"t1": 1.0, "t2": 0.5, "time": -0.1}, r"time = -0.1 must be non-negative"),
        ({"t1": 1.0, "t2": 2.5, "time": 0.1}, r"t2 = 2.5 exceeds 2·t1 = 2·1"),
    ],
)
def test_thermal_relaxation_range_messages_quote_the_arguments_by_name(
    keywords: dict[str, float], message: str
) -> None:
    with pytest.raises(tyxq.ChannelError, match="thermal_relaxation: " + message):
        tyxq.Circuit(1).thermal_relaxation(0, **keywords)


def test_a_batched_range_error_names_the_bad_member_value() -> None:
    with pytest.raises(tyxq.ChannelError, match=r"t2 = 3 exceeds 2·t1 = 2·1"):
        tyxq.Circuit(1).thermal_relaxation(0, t1=np.array([1.0, 1.0]), t2=np.array([0.5, 3.0]), time=0.1)


def test_the_density_kernels_name_a_channel_parameter_they_refuse() -> None:
    from tyxq.backends.numpy_backend import NumpyBackend
    from tyxq.kernels.density import kraus_operators

    op = tyxq.Operation("amplitude_damping", (0,), (np.array([0.1, np.nan]),))  # built by hand: no builder check
    with pytest.raises(tyxq.ParameterError, match="gamma of amplitude_damping contains NaN") as caught:
        kraus_operators(NumpyBackend(), op)
    assert "angle" not in str(caught.value)
