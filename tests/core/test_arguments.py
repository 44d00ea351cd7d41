"""One argument layer: the same mistake, made at different public entries, gets the same message.

Each test feeds one bad value (a bool count, a NaN angle, an out-of-range
qubit, a negative seed) to several public entries and compares the messages
with the entry's own argument name taken out: what is left must be one text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.arguments import MAX_SHOTS, check_count, check_qubits, check_real, make_rng

H = tyxq.X(0) + tyxq.Z(0)
SETS = np.zeros((2, 1))


def bell() -> tyxq.Circuit:
    return tyxq.Circuit(3).h(0).cnot(0, 1)


def ansatz(p: np.ndarray) -> tyxq.Circuit:
    return tyxq.Circuit(1).ry(0, p[0])


def cost(p: np.ndarray) -> float:
    return tyxq.expectation(ansatz(p), tyxq.Z(0))


def message(call: Callable[..., Any], error: type[Exception], *args: Any) -> str:
    with pytest.raises(error) as caught:
        call(*args)
    return str(caught.value)


def without(text: str, *names: str) -> str:
    """``text`` with each of ``names`` (where it stands as a word) replaced by ``<arg>``."""
    for name in names:
        text = re.sub(rf"(?<![\w.]){re.escape(name)}(?![\w])", "<arg>", text)
    return text


# --- a bool, or a float, where a count goes ----------------------------------------------------------------

COUNTS: list[tuple[str, type[Exception], Callable[[Any], Any]]] = [
    ("shots", tyxq.ShotsError, lambda v: tyxq.sample(bell(), v)),
    ("shots", tyxq.ShotsError, lambda v: tyxq.ShotsMode(shots=v)),
    ("shots", tyxq.ShotsError, lambda v: tyxq.map(ansatz, SETS, tyxq.Z(0), mode="shots", shots=v)),
    ("trajectories", tyxq.ConfigurationError, lambda v: tyxq.TrajectoriesMode(trajectories=v)),
    ("steps", tyxq.ParameterError, lambda v: tyxq.evolve(H, 0.5, steps=v)),
    ("chunk", tyxq.ConfigurationError, lambda v: tyxq.map(ansatz, SETS, tyxq.Z(0), chunk=v)),
    ("times", tyxq.ParameterError, lambda v: bell().repeat(v)),
    ("steps", tyxq.ParameterError, lambda v: tyxq.optimize.gradient_descent(cost, np.zeros(1), steps=v)),
]


@pytest.mark.parametrize("value", [True, 2.5, "3"], ids=["bool", "float", "str"])
def test_a_value_that_is_no_count_gets_one_message_at_every_entry(value: Any) -> None:
    texts = {without(message(call, error, value), name) for name, error, call in COUNTS}
    texts = {re.sub(r"-?[\d,]+(?= to| \()|(?<=to )[\d,]+", "#", text) for text in texts}  # each count's own range
    assert texts == {f"<arg> is {value!r}; <arg> must be a whole number from # to #" + (
        " (a bool is not a count)" if isinstance(value, bool) else "")}  # fmt: skip


def test_a_count_past_its_limit_names_the_limit_and_what_to_do() -> None:
    text = message(lambda: tyxq.sample(bell(), MAX_SHOTS + 1), tyxq.ShotsError)
    assert text.startswith(f"shots is {MAX_SHOTS + 1}; shots must be a whole number from 1 to {MAX_SHOTS:,}; split")
    text = message(tyxq.TrajectoriesMode, tyxq.ConfigurationError, 2**63)
    assert "the density_matrix mode gives the exact value" in text


def test_repeat_is_bounded_by_the_operations_the_result_would_hold() -> None:
    from tyxq.transforms import MAX_OPERATIONS

    circuit = tyxq.Circuit(1).h(0).t(0)
    text = message(lambda: circuit.repeat(10**18), tyxq.ParameterError)
    assert f"from {-(MAX_OPERATIONS // 2):,} to {MAX_OPERATIONS // 2:,}" in text and "at most" in text
    assert [op.name for op in circuit.repeat(-2)] == ["tdg", "h", "tdg", "h"]


def test_check_count_takes_numpy_integers_and_refuses_numpy_bools() -> None:
    assert check_count("chunk", np.int32(7), limit=10) == 7
    with pytest.raises(tyxq.ParameterError, match=r"\(a bool is not a count\)"):
        check_count("chunk", np.bool_(True), limit=10)


# --- a NaN angle ----------------------------------------------------------------------------------------

ANGLE_ENTRIES: list[tuple[str, Callable[[float], Any]]] = [
    ("parameter 0 of rx", lambda v: tyxq.Circuit(2).rx(0, v)),
    ("theta of rx", lambda v: tyxq.Circuit(2).rx(0, theta=v)),
    ("phi of u", lambda v: tyxq.Circuit(2).u(0, 0.1, phi=v, lam=0.2)),
    ("theta of pauli_rot", lambda v: tyxq.Circuit(2).pauli_rot([0, 1], v, "XY")),
    ("theta of multi_rz", lambda v: tyxq.Circuit(2).multi_rz([0, 1], v)),
    ("parameter 0 of rzz", lambda v: tyxq.Circuit(2).rzz(0, 1, v)),
]


@pytest.mark.parametrize("value", [math.nan, math.inf], ids=["nan", "inf"])
def test_a_nan_or_infinite_angle_gets_one_message_at_every_gate_entry(value: float) -> None:
    texts = set()
    for _, call in ANGLE_ENTRIES:
        text = message(call, tyxq.ParameterError, value)
        assert re.match(r"^(parameter \d+|\w+) of \w+ is ", text), text
        texts.add(re.sub(r"^(parameter \d+|\w+) of \w+ is ", "<arg> is ", text))
    assert texts == {f"<arg> is {value}; gate angles must be finite: check the computation that produced it"}


def test_a_nan_time_of_evolve_reads_as_a_nan_angle_does() -> None:
    time = message(lambda: tyxq.evolve(H, math.nan), tyxq.ParameterError)
    angle = message(lambda: tyxq.Circuit(1).rx(0, theta=math.nan), tyxq.ParameterError)
    assert time.replace("time of evolve", "<arg>").replace("times", "<plural>") == re.sub(
        r"^parameter 0 of rx", "<arg>", angle
    ).replace("gate angles", "<plural>")


def test_check_real_returns_numbers_as_floats_and_arrays_as_given() -> None:
    batch = np.array([0.1, 0.2])
    assert check_real("theta of rx", 1) == 1.0 and check_real("theta of rx", batch) is batch
    assert check_real("theta of rx", [0.1, 0.2]).tolist() == [0.1, 0.2]


# --- a qubit out of range -------------------------------------------------------------------------------

QUBIT_ENTRIES: list[tuple[str, Callable[[Any], Any]]] = [
    ("h", lambda q: bell().h(q)),
    ("rx", lambda q: bell().rx(q, 0.3)),
    ("measure", lambda q: bell().measure(q)),
    ("pauli_rot", lambda q: bell().pauli_rot(q, 0.3, "X" * np.size(q))),
    ("multi_rz", lambda q: bell().multi_rz(q, 0.3)),
    ("probabilities", lambda q: tyxq.probabilities(bell(), qubits=q)),
    ("sample", lambda q: tyxq.sample(bell(), 4, qubits=q, seed=1)),
    ("counts", lambda q: tyxq.counts(bell(), 4, qubits=q, seed=1)),
    ("density_matrix", lambda q: tyxq.density_matrix(bell(), qubits=q)),
]


@pytest.mark.parametrize("qubits", [5, [5], [0, 5]], ids=["int", "list", "second of a list"])
def test_a_qubit_out_of_range_gets_one_message_at_every_entry(qubits: Any) -> None:
    texts = set()
    for name, call in QUBIT_ENTRIES:
        text = message(call, tyxq.QubitIndexError, qubits)
        assert text.startswith(f"{name}: "), text  # the entry the qubit was given to
        texts.add(text[len(name) + 2 :])
    assert texts == {"qubit 5 is out of range for a 3-qubit circuit (valid: 0..2)"}


@pytest.mark.parametrize("qubits", [True, 1.0, "0"], ids=["bool", "float", "str"])
def test_a_qubit_that_is_no_index_gets_one_message_at_every_entry(qubits: Any) -> None:
    texts = set()
    for name, call in QUBIT_ENTRIES:
        text = message(call, tyxq.QubitIndexError, qubits)
        texts.add(text.removeprefix(f"{name}: "))
    assert texts == {f"qubit {qubits!r} is not an integer index"}


def test_check_qubits_takes_an_int_a_list_a_range_or_an_integer_array() -> None:
    assert check_qubits("h", 2, 3) == (2,)
    assert check_qubits("h", range(3), 3) == check_qubits("h", np.arange(3), 3) == (0, 1, 2)
    with pytest.raises(tyxq.QubitIndexError, match=r"^probabilities: qubits \(1, 1\) repeat; list each qubit once$"):
        check_qubits("probabilities", [1, 1], 3)


# --- a negative seed ------------------------------------------------------------------------------------

SEED_ENTRIES: list[Callable[[Any], Any]] = [
    lambda s: tyxq.sample(bell(), 4, seed=s),
    lambda s: tyxq.counts(bell(), 4, seed=s),
    lambda s: tyxq.probabilities(bell(), mode="shots", shots=4, seed=s),
    lambda s: tyxq.expectation(bell(), tyxq.Z(0), mode="shots", shots=4, seed=s),
    lambda s: tyxq.variance(bell(), tyxq.Z(0), mode="shots", shots=4, seed=s),
    lambda s: tyxq.ShotsMode(shots=4, seed=s),
    lambda s: tyxq.TrajectoriesMode(seed=s),
    lambda s: tyxq.map(ansatz, SETS, tyxq.Z(0), mode="shots", shots=4, seed=s),
]


@pytest.mark.parametrize("seed", [-1, True, 1.5, "7"], ids=["negative", "bool", "float", "str"])
def test_a_seed_that_is_no_seed_gets_one_message_at_every_entry(seed: Any) -> None:
    texts = {message(call, tyxq.ShotsError, seed) for call in SEED_ENTRIES}
    assert texts == {
        f"seed is {seed!r}; seed must be a non-negative integer, a numpy.random.Generator or None: for example "
        "seed=7, or seed=numpy.random.default_rng(7) to draw fresh outcomes on every call"
    }


def test_make_rng_uses_a_generator_as_is_and_an_int_reproducibly() -> None:
    generator = np.random.default_rng(3)
    assert make_rng(generator) is generator
    assert make_rng(np.uint8(5)).random() == make_rng(5).random()
