"""OpenQASM: programs written from random circuits read back to the same state; garbled ones read or refused."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tyxq
from tyxq.gates import GATES
from tyxq.qasm import dumps, loads

from ..core import reference
from .conftest import FUZZ
from .harness import outcome
from .strategies import Case, valid_cases

TOKENS = [";", "{", "}", "(", ")", "[", "]", ",", "q[99]", "q[-1]", "gate", "qreg q[", "creg c[2];", "1e999", "-",
          "pi/0", "0/0", "include \"x.inc\";", "\x00", "measure", "if(c==1)", "opaque g a;", "barrier", "U(0,0,0)",
          "reset q[0];", "OPENQASM 3.0;", "gate g a { g a; }", "qreg q[2000000000];", "sin(", "ln(-1)", "sqrt(-1)",
          "2**2000", "1" * 400, "π", "\n", "//", "/*"]  # fmt: skip


@st.composite
def garbled(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to three random edits: a deletion, an insertion, a replaced number, a cut, a copied line."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "insert", "number", "cut", "copy"]))
        at = draw(st.integers(0, len(text)))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif kind == "insert":
            token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)))
            text = text[:at] + token + text[at:]
        elif kind == "number":
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            if digits:
                i = draw(st.sampled_from(digits))
                number = draw(st.sampled_from(["-1", "99", "0", "2000000000", "1.5", "nan", "inf"]))
                text = text[:i] + number + text[i + 1 :]
        elif kind == "cut":
            text = text[:at]
        else:
            lines = text.splitlines()
            if lines:
                line = draw(st.sampled_from(lines))
                lines.insert(draw(st.integers(0, len(lines))), line)
                text = "\n".join(lines)
    return text


def reference_state(circuit: tyxq.Circuit) -> np.ndarray | None:
    """The dense reference's state of a circuit read back, when every operation is a gate it knows."""
    gates = []
    for op in circuit:
        if op.name not in GATES or op.name not in (*reference.FIXED, *reference.PARAMETRIC):
            return None
        gates.append((op.name, op.qubits, tuple(float(p) for p in op.params)))
    return reference.simulate(circuit.n_qubits, gates)


@FUZZ
@given(valid_cases(extras=False))
def test_programs_written_from_random_circuits_read_back_to_the_same_state(case: Case) -> None:
    circuit = case.build()
    text, error = outcome("qasm: dumps", lambda: dumps(circuit))
    assert error is None, f"dumps refused a valid circuit: {error!r}"
    state, error = outcome("qasm: round trip", lambda: tyxq.state(loads(text)))
    assert error is None, f"loads refused what dumps wrote: {error!r}\n{text}"
    np.testing.assert_allclose(state, case.reference_state(), atol=1e-8)


@FUZZ
@given(valid_cases(extras=False).map(lambda case: dumps(case.build())).flatmap(garbled))
def test_garbled_programs_are_read_or_refused_with_a_tyxq_error(text: str) -> None:
    circuit, error = outcome("qasm: garbled", lambda: loads(text))
    if error is not None:
        return
    if circuit.n_qubits > 8:
        outcome("qasm: garbled, large", lambda: tyxq.probabilities(circuit, qubits=[0]))
        return
    state, error = outcome("qasm: garbled, run", lambda: tyxq.state(circuit))
    if error is not None:
        return
    assert np.all(np.isfinite(state)) and math.isclose(float(np.vdot(state, state).real), 1.0, abs_tol=1e-8)
    expected = reference_state(circuit)
    if expected is not None:
        np.testing.assert_allclose(state, expected, atol=1e-8)
