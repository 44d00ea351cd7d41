"""Every bad input raises a TyxqError subclass whose message names the problem (and, where there is one, the fix)."""

from __future__ import annotations

import re
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
    with pytest.raises(tyxq.QubitIndexError, match=r"cnot: qubits \(1, 1\) repeat; list each qubit once"):
        tyxq.Circuit(2).cnot(1, 1)


def test_repeated_qubits_in_a_unitary() -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"qubits \(0, 0\) repeat"):
        tyxq.Circuit(2).unitary([0, 0], np.eye(4))


def test_non_integer_qubit() -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"qubit 1\.5 is not an integer index"):
        tyxq.Circuit(2).h(1.5)


def test_qubit_lists_of_different_lengths() -> None:
    with pytest.raises(tyxq.QubitIndexError, match="qubit lists of different lengths"):
        tyxq.Circuit(3).cnot([0, 1], [2])


@pytest.mark.parametrize("qubits", [[0, 0], [2]])
def test_bad_measured_qubits(qubits: list[int]) -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"repeat|out of range"):
        tyxq.probabilities(tyxq.Circuit(2), qubits=qubits)


@pytest.mark.parametrize("n", [0, -3, 2.0])
def test_circuit_needs_a_positive_integer_number_of_qubits(n: object) -> None:
    with pytest.raises(tyxq.QubitIndexError, match="a circuit needs a positive integer number of qubits"):
        tyxq.Circuit(n)  # type: ignore[arg-type]


# --- parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.rx(0), "rx missing 1 required positional argument: 'theta'; call it as rx(qubit, theta)"),
        (lambda c: c.rx(0, 0.1, 0.2), "rx takes 2 positional arguments but 3 were given; call it as rx(qubit, theta)"),
        (lambda c: c.h(0, 0.3), "h takes 1 positional argument but 2 were given; call it as h(qubit)"),
        (
            lambda c: c.u(0, 0.1, 0.2),
            "u missing 1 required positional argument: 'lam'; call it as u(qubit, theta, phi, lam)",
        ),
    ],
)
def test_wrong_parameter_count_in_a_method_is_a_signature_error_and_a_type_error(
    call: Callable[[tyxq.Circuit], object], message: str
) -> None:
    with pytest.raises(tyxq.SignatureError, match=f"^{re.escape(message)}$") as caught:
        call(tyxq.Circuit(1))
    assert isinstance(caught.value, TypeError)  # what Python's own error was, for code that catches that


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("rx", [], r"rx takes 1 parameter \(theta\), but 0 were given"),
        ("h", [0.3], r"h takes 0 parameters \(none\), but 1 were given"),
        ("u", [0.1, 0.2], r"u takes 3 parameters \(theta, phi, lam\), but 2 were given"),
    ],
)
def test_wrong_parameter_count_in_apply_names_the_parameters(name: str, params: list[float], message: str) -> None:
    with pytest.raises(tyxq.ParameterError, match=message):
        tyxq.Circuit(1).apply(name, 0, params=params)


def test_parameter_with_two_axes() -> None:
    with pytest.raises(tyxq.ParameterError, match=r"has shape \(2, 2\); an angle is a scalar or a 1-D batch"):
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
    with pytest.raises(tyxq.UnknownGateError, match=r"unknown operation 'foo'; tyxq knows: .*Circuit.unitary"):
        tyxq.Circuit(1).apply("foo", 0)


# --- matrices ----------------------------------------------------------------------------------


def test_non_unitary_matrix() -> None:
    with pytest.raises(tyxq.NonUnitaryError, match=r"not unitary \(\|U†U - I\| = 1.00e\+00\); normalise it"):
        tyxq.Circuit(1).unitary(0, [[1, 1], [0, 1]])


def test_batch_of_matrices_with_one_non_unitary_member() -> None:
    batch = np.stack([np.eye(2), np.array([[1, 0], [0, 2]])])
    with pytest.raises(tyxq.NonUnitaryError, match="not unitary"):
        tyxq.Circuit(1).unitary(0, batch)


def test_matrix_of_the_wrong_size() -> None:
    with pytest.raises(tyxq.NonUnitaryError, match=r"a unitary on 2 qubits is a 4x4 matrix .* has shape \(2, 2\)"):
        tyxq.Circuit(2).unitary([0, 1], np.eye(2))


def test_matrix_with_nan_entries() -> None:
    with pytest.raises(tyxq.NonUnitaryError, match="contains NaN or infinite entries"):
        tyxq.Circuit(1).unitary(0, [[np.nan, 0], [0, 1]])


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


# --- selections and their options --------------------------------------------------------------


@pytest.mark.parametrize("choice", [None, 5, b"numpy"])
def test_set_backend_needs_a_name_or_a_backend(choice: object) -> None:
    active = tyxq.get_backend()
    with pytest.raises(tyxq.ConfigurationError, match=r"a backend is chosen by its name or given as a Backend object"):
        tyxq.set_backend(choice)  # type: ignore[arg-type]
    assert tyxq.get_backend() is active  # nothing was changed


@pytest.mark.parametrize(
    ("select", "message"),
    [
        (lambda: tyxq.set_execution_mode(None), r"an execution mode is chosen by its name .* installed: .*statevector"),
        (lambda: tyxq.set_gradient_method(1.5), r"a gradient method is chosen by its name .* installed: .*adjoint"),
        (lambda: tyxq.set_backend(tyxq.get_backend(), dtype="complex64"), r"options are only accepted together"),
    ],
)
def test_selections_refuse_what_is_neither_a_name_nor_an_object(select: Callable[[], object], message: str) -> None:
    with pytest.raises(tyxq.ConfigurationError, match=message):
        select()


@pytest.mark.parametrize(
    ("select", "message"),
    [
        (lambda: tyxq.set_backend("numpy", dtpye="complex64"), r"backend 'numpy' has no option dtpye; it takes dtype, "
         r"device \(did you mean dtype\?\)"),
        (lambda: tyxq.use_execution_mode("shots", shot=10).__enter__(), r"mode 'shots' has no option shot; it takes "
         r"shots, seed"),
        (lambda: tyxq.set_gradient_method("adjoint", step=0.1), r"gradient method 'adjoint' has no option step; it "
         r"takes no options"),
        (lambda: tyxq.set_backend("numpy", dtype=["complex64"]), r"option dtype=\['complex64'\] .* is a list"),
    ],
)  # fmt: skip
def test_unknown_or_unhashable_options_are_named_with_the_accepted(select: Callable[[], object], message: str) -> None:
    with pytest.raises(tyxq.ConfigurationError, match=message):
        select()


@pytest.mark.parametrize("dtype", [np.dtype("complex64"), np.complex64, np.dtype("complex128"), complex])
def test_numpy_dtype_objects_are_accepted_by_name(dtype: object) -> None:
    name = np.dtype(dtype).name
    with tyxq.use_backend("numpy", dtype=dtype) as backend:
        assert backend.complex_dtype == name
        assert backend is tyxq.context.backend_instance("numpy", dtype=name)  # one instance per dtype
        assert tyxq.state(tyxq.Circuit(1).h(0)).dtype == np.dtype(name)


@pytest.mark.parametrize("dtype", [np.dtype("float32"), np.float64, "c8", np.dtype("int64")])
def test_other_dtypes_are_refused_by_name(dtype: object) -> None:
    with pytest.raises(tyxq.BackendError, match=r"backend 'numpy' was asked for dtype=.*; tyxq computes statevectors"):
        tyxq.set_backend("numpy", dtype=dtype)


# --- angles, names and qubits of other types ---------------------------------------------------


@pytest.mark.parametrize(
    ("angle", "message"),
    [
        (["a"], r"parameter 0 of rx has 'a' \(a str\) at entry 0; every entry must be a real number"),
        ([1 + 1j], r"parameter 0 of rx has \(1\+1j\) \(a complex\) at entry 0"),
        ([0.1, True], r"parameter 0 of rx has True \(a bool\) at entry 1"),
        ([[0.1], [0.2, 0.3]], r"has a list at entry 0; .* the rows of equal length"),
        ([], r"parameter 0 of rx is an empty batch \(shape \(0,\)\); a batch holds at least one angle"),
        (np.zeros(0), r"is an empty batch"),
        (np.bool_(True), r"parameter 0 of rx is np.True_; gate angles are real numbers \(a bool is not an angle"),
        (np.array([True, False]), r"is an array of dtype bool; gate angles are real numbers"),
        (np.array(["0.1"]), r"is an array of dtype <U3; gate angles are real numbers"),
    ],
    ids=repr,
)
def test_angles_that_are_not_real_numbers(angle: object, message: str) -> None:
    with pytest.raises(tyxq.ParameterError, match=message):
        tyxq.Circuit(1).rx(0, angle)


@pytest.mark.parametrize("name", [5, None, np.eye(2)], ids=["int", "None", "matrix"])
def test_apply_needs_a_gate_name(name: object) -> None:
    with pytest.raises(tyxq.UnknownGateError, match=r"apply takes an operation's name .* use Circuit.unitary"):
        tyxq.Circuit(1).apply(name, 0)  # type: ignore[arg-type]


def test_numpy_integers_are_qubit_indices_of_unitary_and_kraus() -> None:
    x = np.array([[0, 1], [1, 0]])
    c = tyxq.Circuit(2).unitary(np.int64(1), x).kraus(np.int32(0), [np.eye(2)])
    assert [op.qubits for op in c] == [(1,), (0,)]
    assert tyxq.probabilities(c, mode="density_matrix").round(12).tolist() == [0.0, 1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("matrix", "error", "message"),
    [
        ([["a", 0], [0, 1]], tyxq.NonUnitaryError, r"the matrix given to unitary has 'a' \(a str\) at entry \(0, 0\)"),
        ([[1], [0, 1]], tyxq.NonUnitaryError, r"has a list at entry 0; .* the rows of equal length"),
        (np.array([["1", "0"], ["0", "1"]]), tyxq.NonUnitaryError, r"has dtype <U1; a unitary is an array of complex"),
    ],
)
def test_matrices_that_are_not_numbers(matrix: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        tyxq.Circuit(1).unitary(0, matrix)


@pytest.mark.parametrize("qubits", [1.0, None, "0"])
def test_unitary_qubits_that_are_not_integers(qubits: object) -> None:
    with pytest.raises(tyxq.QubitIndexError, match=r"unitary: qubit .* is not an integer index"):
        tyxq.Circuit(2).unitary(qubits, np.eye(2))  # type: ignore[arg-type]


@pytest.mark.parametrize("inputs", [["a", 1], [[1], [0, 1]]], ids=repr)
def test_inputs_that_are_not_numbers(inputs: object) -> None:
    with pytest.raises(tyxq.ParameterError, match=r"inputs has .* at entry"):
        tyxq.Circuit(1, inputs=inputs)


# --- finite differences ------------------------------------------------------------------------


def test_a_finite_difference_step_below_the_resolution_names_the_valid_range() -> None:
    def energy(theta: float) -> object:
        return tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Z(0))

    method = tyxq.context.gradient_method_instance("finite_difference", step=1e-20)
    message = (
        r"step 1e-20 is below the resolution of float64 at x = 0.3: x \+ step and x - step are the same number.*"
        r"Valid steps are larger than 2.22e-16 \(ε · max\(1, \|x\|\)\).* e.g. 6.06e-06, the default"
    )
    with pytest.raises(tyxq.GradientError, match=message):
        tyxq.value_and_grad(energy, method=method)(0.3)
    resolved = tyxq.context.gradient_method_instance("finite_difference", step=1e-7)  # above it: works
    assert abs(float(tyxq.grad(energy, method=resolved)(0.3)) + np.sin(0.3)) < 1e-6


@pytest.mark.parametrize("step", [0, -1e-3, float("nan"), float("inf"), True, "1e-3"])
def test_a_finite_difference_step_must_be_a_positive_finite_number(step: object) -> None:
    with pytest.raises(tyxq.GradientError, match=r"step must be a positive finite number, got .*; pass e.g."):
        tyxq.use_gradient_method("finite_difference", step=step).__enter__()
