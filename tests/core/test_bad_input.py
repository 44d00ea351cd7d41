"""Every bad input raises a TyxqError subclass whose message names the problem (and, where there is one, the fix)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import numpy as np
import pytest

import tyxq

# --- qubits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("qubit", [2, 5, -1])
def test_out_of_range_qubit(qubit: int) -> None:
    message = rf"qubit {qubit} is out of range for a 2-qubit circuit \(valid: 0\.\.1\)"
    with pytest.raises(tyxq.QubitIndexError, match=message):
        tyxq.Circuit(2).h(qubit)


def test_out_of_range_qubit_in_a_list() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="qubit 3 is out of range"):
        tyxq.Circuit(3).h(range(4))


def test_repeated_qubits_in_one_gate() -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"cnot: qubits \(1, 1\) repeat; a gate's qubits must be distinct"):
        tyxq.Circuit(2).cnot(1, 1)


def test_repeated_qubits_in_a_unitary() -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"qubits \(0, 0\) repeat"):
        tyxq.Circuit(2).unitary(np.eye(4), [0, 0])


def test_non_integer_qubit() -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"qubit 1\.5 is not an integer index"):
        tyxq.Circuit(2).h(1.5)


def test_qubit_lists_of_different_lengths() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="qubit lists of different lengths"):
        tyxq.Circuit(3).cnot([0, 1], [2])


@pytest.mark.parametrize("qubits", [[0, 0], [2]])
def test_bad_measured_qubits(qubits: list[int]) -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"repeat|not a valid index"):
        tyxq.probabilities(tyxq.Circuit(2), qubits=qubits)


@pytest.mark.parametrize("n", [0, -3, 2.0])
def test_circuit_needs_a_positive_integer_number_of_qubits(n: object) -> None:
    with pytest.raises(tyxq.QubitIndexError, match="a circuit needs a positive integer number of qubits"):
        tyxq.Circuit(n)  # type: ignore[arg-type]


# --- parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.rx(0), "rx takes 1 parameter, but 0 were given"),
        (lambda c: c.rx(0, 0.1, 0.2), "rx takes 1 parameter, but 2 were given"),
        (lambda c: c.h(0, 0.3), "h takes 0 parameters, but 1 were given"),
        (lambda c: c.u(0, 0.1, 0.2), "u takes 3 parameters, but 2 were given"),
    ],
)
def test_wrong_parameter_count(call: Callable[[tyxq.Circuit], object], message: str) -> None:
    with pytest.raises(tyxq.ParameterError, match=message):
        call(tyxq.Circuit(1))


def test_parameter_with_two_axes() -> None:
    with pytest.raises(tyxq.ParameterError, match=r"has shape \(2, 2\); a gate parameter is a scalar or a 1-D batch"):
        tyxq.Circuit(1).rx(0, np.zeros((2, 2)))


def test_batches_of_different_sizes() -> None:
    message = "batch of 2 parameter sets, but the circuit already has a batch of 3"
    with pytest.raises(tyxq.ParameterError, match=message):
        tyxq.Circuit(2).rx(0, np.zeros(3)).ry(1, np.zeros(2))


def test_inputs_of_the_wrong_shape() -> None:
    with pytest.raises(tyxq.ParameterError, match=r"inputs has shape \(3,\), but a 2-qubit state has shape \(4,\)"):
        tyxq.Circuit(2, inputs=np.zeros(3))


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        np.float64("nan"),
        np.float32("inf"),
        np.array(np.nan),
        np.array([0.1, np.inf]),
        np.array([np.nan, 0.2], dtype=np.float32),
        [0.1, float("nan")],
    ],
    ids=lambda v: repr(v).replace(" ", ""),
)
def test_nan_or_infinite_parameter(value: object) -> None:
    with pytest.raises(tyxq.ParameterError, match=r"parameter 0 of rx (is (nan|-?inf)|contains NaN or infinite)"):
        tyxq.Circuit(1).rx(0, value)


@pytest.mark.parametrize("value", [1j, np.array([1j, 0.5])])
def test_complex_parameter(value: object) -> None:
    with pytest.raises(tyxq.ParameterError, match="gate angles are real numbers"):
        tyxq.Circuit(1).rx(0, value)


def test_parameter_of_the_wrong_type() -> None:
    with pytest.raises(tyxq.ParameterError, match="parameter 0 of rx is a str; pass a real number"):
        tyxq.Circuit(1).rx(0, "0.5")


def test_unknown_gate_name() -> None:
    with pytest.raises(tyxq.UnknownGateError, match=r"unknown gate 'foo'; tyxq knows: .*Circuit.unitary"):
        tyxq.Circuit(1).apply("foo", 0)


# --- matrices ----------------------------------------------------------------------------------


def test_non_unitary_matrix() -> None:
    with pytest.raises(tyxq.NonUnitaryError, match=r"not unitary \(\|U†U - I\| = 1.00e\+00\); normalise it"):
        tyxq.Circuit(1).unitary([[1, 1], [0, 1]], 0)


def test_batch_of_matrices_with_one_non_unitary_member() -> None:
    batch = np.stack([np.eye(2), np.array([[1, 0], [0, 2]])])
    with pytest.raises(tyxq.NonUnitaryError, match="not unitary"):
        tyxq.Circuit(1).unitary(batch, 0)


def test_matrix_of_the_wrong_size() -> None:
    with pytest.raises(tyxq.NonUnitaryError, match=r"a unitary on 2 qubits is a 4x4 matrix .* has shape \(2, 2\)"):
        tyxq.Circuit(2).unitary(np.eye(2), [0, 1])


def test_matrix_with_nan_entries() -> None:
    with pytest.raises(tyxq.NonUnitaryError, match="contains NaN or infinite entries"):
        tyxq.Circuit(1).unitary([[np.nan, 0], [0, 1]], 0)


# --- size and shots ----------------------------------------------------------------------------


@pytest.mark.parametrize("result", ["state", "probabilities", "expectation", "sample"])
def test_state_too_large_is_refused_before_anything_is_allocated(result: str) -> None:
    circuit = tyxq.Circuit(45).h(0)
    run = {
        "state": lambda: tyxq.state(circuit),
        "probabilities": lambda: tyxq.probabilities(circuit),
        "expectation": lambda: tyxq.expectation(circuit, tyxq.Z(0)),
        "sample": lambda: tyxq.sample(circuit, 10, seed=0),
    }[result]
    tracemalloc.start()
    try:
        with pytest.raises(tyxq.StateTooLargeError, match=r"a 45-qubit statevector in complex128 takes 512.0 TiB"):
            run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20  # imports on a first call, nothing like the 512 TiB state


def test_state_too_large_counts_the_batch() -> None:
    circuit = tyxq.Circuit(26).rx(0, np.zeros(100_000))
    with pytest.raises(tyxq.StateTooLargeError, match=r"26-qubit statevector times a batch of 100000 .* smaller batch"):
        tyxq.probabilities(circuit)


def test_state_too_large_suggests_complex64() -> None:
    with tyxq.use_backend("numpy", dtype="complex64"):
        with pytest.raises(tyxq.StateTooLargeError, match=r"in complex64 takes 256\.0 TiB"):
            tyxq.state(tyxq.Circuit(45))


@pytest.mark.parametrize("shots", [0, -1, 10.0, True, 2**63])
def test_shots_that_are_not_a_positive_integer(shots: object) -> None:
    with pytest.raises(tyxq.ShotsError, match="shots"):
        tyxq.counts(tyxq.Circuit(1), shots)  # type: ignore[arg-type]


def test_sampling_in_an_exact_mode_needs_a_shot_count() -> None:
    with pytest.raises(tyxq.ShotsError, match=r"sampling needs a shot count: tyxq.sample\(circuit, 1000\)"):
        tyxq.counts(tyxq.Circuit(1))


def test_every_error_is_a_tyxq_error() -> None:
    for error in (
        tyxq.QubitIndexError,
        tyxq.ParameterError,
        tyxq.NonUnitaryError,
        tyxq.UnknownGateError,
        tyxq.QasmError,
        tyxq.StateTooLargeError,
        tyxq.ShotsError,
        tyxq.ObservableError,
    ):
        assert issubclass(error, tyxq.TyxqError)


def test_more_shots_than_memory_holds_are_refused_before_drawing() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(tyxq.ShotsError, match=r"1000000000000 shots take .* of host memory"):
            tyxq.counts(tyxq.Circuit(2), 10**12)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20


@pytest.mark.parametrize("seed", ["abc", 1.5, -1, True])
def test_seeds_must_be_non_negative_integers_or_generators(seed: object) -> None:
    with pytest.raises(tyxq.ShotsError, match="seed must be a non-negative integer"):
        tyxq.counts(tyxq.Circuit(1), 10, seed=seed)
    with pytest.raises(tyxq.ShotsError, match="seed must be a non-negative integer"):
        tyxq.expectation(tyxq.Circuit(1), tyxq.Z(0), mode="shots", shots=10, seed=seed)
