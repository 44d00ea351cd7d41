"""Random Pauli strings and sums on random circuits: the dense reference's expectation, or a TyxqError."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tyxq

from ..core import reference
from .conftest import FUZZ
from .harness import outcome
from .strategies import Case, invalid_observables, pauli_texts, valid_cases


def dense(n: int, text: str) -> np.ndarray:
    return reference.pauli_matrix(n, dict(enumerate(text)))


@FUZZ
@given(valid_cases(), st.data())
def test_valid_observables_match_the_dense_reference(case: Case, data: st.DataObject) -> None:
    terms = data.draw(
        st.lists(st.tuples(st.floats(-2, 2, allow_nan=False), pauli_texts(case.n)), min_size=1, max_size=3)
    )
    text = " + ".join(f"{coefficient!r} * {pauli.ljust(case.n, 'I')}" for coefficient, pauli in terms)
    value, error = outcome("observables: valid", lambda: tyxq.expectation(case.build(), text))
    assert error is None, f"a valid observable {text!r} was refused: {error!r}"
    psi = case.reference_state()
    matrix = sum(c * dense(case.n, p) for c, p in terms)
    np.testing.assert_allclose(float(value), float(np.real(np.vdot(psi, matrix @ psi))), atol=1e-9)


@FUZZ
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), invalid_observables(n))))
def test_invalid_observables_are_refused_with_a_tyxq_error(drawn: tuple[int, Any]) -> None:
    n, observable = drawn
    circuit = tyxq.Circuit(n).h(range(n))

    def run() -> Any:
        built = observable() if callable(observable) else observable
        return tyxq.expectation(circuit, built)

    outcome("observables: invalid", run, invalid=True)
