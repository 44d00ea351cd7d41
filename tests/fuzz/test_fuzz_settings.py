"""Selections, their options, shots and seeds: a correct result in what was selected, or a TyxqError."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tyxq

from .conftest import FUZZ
from .harness import outcome

BELL = [0.5, 0.0, 0.0, 0.5]  # the probabilities of H(0) CNOT(0, 1), from the textbook

names = st.one_of(
    st.sampled_from(["numpy", "NumPy", "statevector", "shots", "density_matrix", "trajectories", "adjoint",
                     "parameter_shift", "finite_difference", "auto", "torch", "jax", "", " numpy"]),
    st.text(max_size=8),
    st.sampled_from([None, 0, 1.5, b"numpy", ["numpy"]]),
)  # fmt: skip
option_values = st.one_of(
    st.sampled_from(["complex64", "complex128", "float32", "cpu", "cuda", "c8", np.dtype("complex64"), np.complex128,
                     np.dtype("int8"), None, True, math.nan, [1], {"a": 1}]),
    st.integers(-3, 5000),
    st.floats(-1, 1e-3, allow_nan=False),
)  # fmt: skip
options = st.dictionaries(st.sampled_from(["dtype", "device", "shots", "seed", "step", "dtpye", "n"]), option_values,
                          max_size=2)  # fmt: skip


def bell() -> tyxq.Circuit:
    return tyxq.Circuit(2).h(0).cnot(0, 1)


def check_probabilities(probabilities: Any, exact: bool) -> None:
    p = np.asarray(tyxq.get_backend().to_numpy(probabilities), dtype=float)
    if exact:
        np.testing.assert_allclose(p, BELL, atol=1e-5)
    else:  # sampled: a distribution on the outcomes the textbook allows
        assert math.isclose(p.sum(), 1.0, abs_tol=1e-9) and p[1] == p[2] == 0


@FUZZ
@given(st.sampled_from(["backend", "mode", "gradient"]), names, options, st.booleans())
def test_selections_give_correct_results_or_a_tyxq_error(kind: str, name: Any, chosen: dict, with_block: bool) -> None:
    use = {"backend": tyxq.use_backend, "mode": tyxq.use_execution_mode, "gradient": tyxq.use_gradient_method}[kind]
    put = {"backend": tyxq.set_backend, "mode": tyxq.set_execution_mode, "gradient": tyxq.set_gradient_method}[kind]

    def run() -> Any:
        if with_block:
            with use(name, **chosen):
                return _exercise(kind)
        put(name, **chosen)
        return _exercise(kind)

    outcome(f"settings: {kind}", run)


def _exercise(kind: str) -> None:
    """Run the selection once and check the result against the textbook."""
    mode = tyxq.get_execution_mode()
    if kind == "gradient":  # in the exact mode: a mode left by an earlier example may estimate from shots
        energy = tyxq.value_and_grad(
            lambda t: tyxq.expectation(tyxq.Circuit(1).rx(0, t), tyxq.Z(0), mode="statevector")
        )
        _, grad = energy(0.3)
        slope = float(np.asarray(tyxq.get_backend().to_numpy(grad)))
        assert abs(slope + math.sin(0.3)) < 1e-4, f"gradient {slope} of cos θ at 0.3"
        return
    if mode.takes_shots and getattr(mode, "shots", None) is None:
        check_probabilities(tyxq.probabilities(bell(), shots=100, seed=1), exact=False)
    else:
        check_probabilities(tyxq.probabilities(bell()), exact=mode.exact)


shots_values = st.one_of(
    st.integers(1, 3000),
    st.sampled_from([0, -1, 2**63, 10**12, 10**30, 1.0, 10.5, True, "100", None, np.int64(50), np.float64(5)]),
    st.sampled_from([[10], [3, 7], [], [5, 0]]),  # shot vectors (the last two refused)
)
seeds = st.one_of(
    st.integers(0, 2**64),
    st.sampled_from([-1, 2**200, 1.5, "abc", True, None, np.int64(3), np.random.default_rng(0), [1, 2], object()]),
)


@FUZZ
@given(shots_values, seeds, st.sampled_from(["counts", "sample", "expectation"]))
def test_shots_and_seeds_give_valid_samples_or_a_tyxq_error(shots: Any, seed: Any, verb: str) -> None:
    def run() -> Any:
        if verb == "counts":
            return tyxq.counts(bell(), shots, seed=seed)
        if verb == "sample":
            return tyxq.sample(bell(), shots, seed=seed)
        return tyxq.expectation(bell(), tyxq.Z(0) @ tyxq.Z(1), mode="shots", shots=shots, seed=seed)

    result, error = outcome("settings: shots and seeds", run)
    if error is not None:
        return
    vector = isinstance(shots, list)  # a shot vector: a tuple of results, one per count
    assert isinstance(result, tuple) is vector
    for count, part in zip(shots if vector else [shots], result if vector else (result,), strict=True):
        if verb == "counts":
            assert set(part) <= {"00", "11"} and sum(part.values()) == int(count)
        elif verb == "sample":
            bits = np.asarray(part)
            assert bits.shape == (int(count), 2) and np.all(bits[:, 0] == bits[:, 1])  # a Bell pair agrees
        else:
            assert float(part) == 1.0  # ZZ is +1 on every sample of a Bell pair
