"""Random circuits, valid and made wrong: a state equal to the dense reference, or a TyxqError."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tyxq

from ..core import reference
from .conftest import FUZZ
from .harness import outcome
from .strategies import Case, invalid_cases, valid_cases


@FUZZ
@given(valid_cases(), st.sampled_from(["complex128", "complex64"]))
def test_valid_circuits_match_the_dense_reference(case: Case, dtype: str) -> None:
    def run() -> np.ndarray:
        with tyxq.use_backend("numpy", dtype=dtype):
            return tyxq.state(case.build())

    state, error = outcome("circuits: valid", run)
    assert error is None, f"a valid circuit was refused: {error!r}"
    tolerance = 1e-9 if dtype == "complex128" else 2e-5 * max(1, len(case.ops))
    np.testing.assert_allclose(state, case.reference_state(), atol=tolerance)


@FUZZ
@given(invalid_cases())
def test_circuits_with_one_thing_wrong_are_refused_with_a_tyxq_error(case: Case) -> None:
    # building may refuse it; if not, running must (a bad value found only by the kernels)
    outcome(f"circuits: {case.mutation}", lambda: tyxq.state(case.build()), invalid=True)


@FUZZ
@given(valid_cases(), st.integers(1, 3), st.data())
def test_batched_angles_match_each_member_run_alone(case: Case, batch: int, data: st.DataObject) -> None:
    angles = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=batch, max_size=batch)))
    qubit = data.draw(st.integers(0, case.n - 1))

    def run() -> np.ndarray:
        return tyxq.state(case.build().ry(qubit, angles))

    states, error = outcome("circuits: batched", run)
    assert error is None, f"a valid batch was refused: {error!r}"
    before = case.reference_state()
    for member, angle in zip(states, angles, strict=True):
        ry = reference.full_operator(case.n, (qubit,), reference.expm_pauli(reference.Y, float(angle)))
        np.testing.assert_allclose(member, ry @ before, atol=1e-9)
