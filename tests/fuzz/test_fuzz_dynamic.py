"""Random circuits with mid-circuit measurements, resets and conditions, and readings of their bits.

Valid ones must give the probabilities of the per-register density-matrix
reference (``tests/core/noise/dense.py``) in the mode drawn; one thing made
wrong (a condition on a bit never measured, values that are not bits, bits=
naming a bit no measurement writes, a negative bit) must be a TyxqError.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tyxq

from ..core.noise.dense import Step, branches_after
from ..core.noise.dense import dynamic_circuit as build
from .conftest import FUZZ
from .harness import outcome


@st.composite
def dynamic_steps(draw: st.DrawFn) -> tuple[int, int, list[Step]]:
    n, n_bits = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    steps: list[Step] = []
    written: set[int] = set()
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["ry", "cnot", "measure", "reset", "cond"]))
        qubit = draw(st.integers(0, n - 1))
        if kind == "measure":
            bit = draw(st.integers(0, n_bits - 1))
            written.add(bit)
            steps.append(("measure", (qubit,), (), bit))
        elif kind == "reset":
            steps.append(("reset", (qubit,), (), None))
        elif kind == "cnot" and n > 1:
            other = (qubit + draw(st.integers(1, n - 1))) % n
            steps.append(("cnot", (qubit, other), (), None))
        elif kind == "cond" and written:
            bits = tuple(sorted(draw(st.sets(st.sampled_from(sorted(written)), min_size=1, max_size=2))))
            values = tuple(draw(st.lists(st.integers(0, 1), min_size=len(bits), max_size=len(bits))))
            steps.append(("rx", (qubit,), (draw(st.floats(-3, 3)),), (bits, values)))
        else:
            steps.append(("ry", (qubit,), (draw(st.floats(-3, 3)),), None))
    for bit in range(n_bits):  # every bit written, so every bit can be read
        steps.append(("measure", (bit % n,), (), bit))
    return n, n_bits, steps


@FUZZ
@given(dynamic_steps(), st.sampled_from(["statevector", "density_matrix"]))
def test_valid_dynamic_circuits_match_the_branch_reference(drawn: tuple[int, int, list[Step]], mode: str) -> None:
    n, n_bits, steps = drawn
    expected = np.zeros(2**n_bits)
    for register, rho in branches_after(n, n_bits, steps).items():
        expected[int("".join(map(str, register)), 2)] += np.real(np.trace(rho))
    found, error = outcome("dynamic: valid", lambda: tyxq.probabilities(build(n, steps), bits=range(n_bits), mode=mode))
    assert error is None, f"a valid dynamic circuit was refused: {error!r}"
    np.testing.assert_allclose(found, expected, atol=1e-9)


_MUTATIONS = ["unwritten condition", "value 2", "bits= unwritten", "bits= negative", "bits= repeated", "bits= float"]


@FUZZ
@given(dynamic_steps(), st.sampled_from(_MUTATIONS))
def test_dynamic_circuits_with_one_thing_wrong_are_refused(drawn: tuple[int, int, list[Step]], mutation: str) -> None:
    n, n_bits, steps = drawn

    def run() -> Any:
        circuit = build(n, steps)
        if mutation == "unwritten condition":
            return circuit.cond(tyxq.Operation("x", (0,)), bits=n_bits)
        if mutation == "value 2":
            return circuit.cond(tyxq.Operation("x", (0,)), bits=0, values=2)
        bits = {"bits= unwritten": [n_bits], "bits= negative": [-1], "bits= repeated": [0, 0], "bits= float": [0.5]}
        return tyxq.probabilities(circuit, bits=bits[mutation])

    outcome(f"dynamic: {mutation}", run, invalid=True)
