"""OpenQASM: programs written from random circuits read back to the same state; garbled ones read or refused."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
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


# --- expressions: deep, long, unary chains, huge literals --------------------------------------------------


@st.composite
def expressions(draw: st.DrawFn) -> tuple[str, str]:
    """An angle expression (OpenQASM text) and the same value as Python text, grown by random mutations."""
    qasm = python = draw(st.sampled_from(["1", "0.5", "pi", "2", "1" + "0" * draw(st.integers(1, 6000))]))
    if python == "pi":
        python = "math.pi"
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["signs", "parens", "sum", "function", "product"]))
        count = draw(st.one_of(st.integers(0, 40), st.integers(0, 200_000)))
        if kind == "signs":
            qasm, python = "-" * count + qasm, "-" * count + f"({python})"
        elif kind == "parens":
            qasm, python = "(" * count + qasm + ")" * count, f"({python})"
        elif kind == "sum":
            terms = min(count, 3000)
            qasm, python = qasm + "+1" * terms, f"({python}) + {terms}"
        elif kind == "product":
            qasm, python = f"({qasm})*2", f"({python}) * 2"
        else:
            depth = min(count, 100)
            qasm, python = "sin(" * depth + qasm + ")" * depth, "math.sin(" * depth + python + ")" * depth
    return qasm, python


@FUZZ
@given(expressions(), st.booleans())
def test_any_expression_is_evaluated_or_refused_within_its_limits(case: tuple[str, str], full_parser: bool) -> None:
    qasm, python = case
    definition = "gate g a { x a; }\n" if full_parser else ""  # a definition sends the program to the full parser
    program = f'OPENQASM 2.0;\ninclude "qelib1.inc";\n{definition}qreg q[1];\nrx({qasm}) q[0];\n'
    tracemalloc.start()
    try:
        circuit, error = outcome("qasm: expressions", lambda: loads(program))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 256 * 2**20, f"reading a {len(program):,}-byte program took {peak / 2**20:.0f} MiB"
    if error is not None:
        return
    try:
        expected = float(eval(python, {"math": math}))  # the test's own reference, on text it built itself
    except (OverflowError, RecursionError, ValueError, MemoryError):
        return
    assert circuit.ops[0].params[0] == pytest.approx(expected, rel=1e-12, abs=1e-12)


# --- expressions mutated at random places: any edit is evaluated or refused, within time and memory -----------

EXPRESSION_TOKENS = ["-", "+", "*", "/", "^", "**", "(", ")", "pi", "π", "1e999", "1e-999", "sin(", "ln(", "sqrt(",
                     ",", ".", "e", "0", "9", " ", "a", "--", "((", "))", "1" * 500, "0/0", "x", ";"]  # fmt: skip


@st.composite
def small_expressions(draw: st.DrawFn, depth: int = 3) -> str:
    """A valid OpenQASM 2 angle expression of literals, ``pi``, signs, the four operations and the functions."""
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(["1", "0.5", "pi", "2", "3.25e-1", "1E2", ".5", "7."]))
    kind = draw(st.sampled_from(["sign", "binary", "function", "parens"]))
    inner = draw(small_expressions(depth - 1))
    if kind == "sign":
        return f"-{inner}"
    if kind == "function":
        return f"{draw(st.sampled_from(['sin', 'cos', 'tan', 'exp', 'ln', 'sqrt']))}({inner})"
    if kind == "parens":
        return f"({inner})"
    return f"{inner}{draw(st.sampled_from(['+', '-', '*', '/']))}{draw(small_expressions(depth - 1))}"


@st.composite
def mutated_expressions(draw: st.DrawFn) -> str:
    """A valid expression with one to four edits: a token inserted, a span deleted, a span repeated up to 20,000
    times (length), a sign run or parenthesis run wrapped around it (depth, unary chains)."""
    text = draw(small_expressions())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "repeat", "signs", "parens"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(EXPRESSION_TOKENS)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 6)) :]
        elif kind == "repeat":
            stop = draw(st.integers(at, min(len(text), at + 8)))
            text = text[:at] + text[at:stop] * draw(st.sampled_from([2, 50, 20_000])) + text[stop:]
        elif kind == "signs":
            text = draw(st.sampled_from(["-", "- ", "-(", "+"])) * draw(st.sampled_from([1, 33, 5_000])) + text
        else:
            count = draw(st.sampled_from([1, 31, 33, 5_000]))
            text = "(" * count + text + ")" * count
    return text


def _read_within_limits(program: str, test: str) -> tuple[tyxq.Circuit | None, tyxq.TyxqError | None]:
    """``loads(program)`` under the harness (its time limit and rule), and at most 256 MiB of Python memory."""
    tracemalloc.start()
    try:
        result = outcome(test, lambda: loads(program))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 256 * 2**20, f"reading a {len(program):,}-byte program took {peak / 2**20:.0f} MiB"
    return result


@settings(FUZZ, max_examples=max(1, FUZZ.max_examples // 4))  # long texts: a quarter of the examples, ~6 s in CI
@given(mutated_expressions(), st.sampled_from(["rx", "u", "gate"]))
def test_mutated_expressions_are_evaluated_or_refused_within_their_limits(expression: str, where: str) -> None:
    """Wherever an expression stands (a gate's angle, one of three, the argument of a defined gate), an edit
    anywhere in it reads as a finite angle or is a QasmError, in bounded time and memory."""
    statement = {
        "rx": f"rx({expression}) q[0];",
        "u": f"U(0.1, {expression}, pi) q[0];",
        "gate": f"gate g(a) b {{ rz(a/2) b; }}\ng({expression}) q[0];",
    }[where]
    program = f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\n{statement}\n'
    circuit, error = _read_within_limits(program, "qasm: mutated expressions")
    if error is not None:
        assert isinstance(error, tyxq.QasmError), f"{type(error).__name__}: {error}"
        return
    assert circuit is not None
    for op in circuit:
        assert all(math.isfinite(float(p)) for p in op.params), (expression, op)


@st.composite
def literals(draw: st.DrawFn) -> str:
    """A number literal: very long digit runs, long fractions, and exponents far past float64's range."""
    digits = draw(st.sampled_from([1, 17, 400, 5_000, 100_000]))
    mantissa = draw(st.sampled_from(["1" * digits, "0." + "0" * digits + "1", "9" * digits + ".5", "." + "3" * digits]))
    exponent = draw(st.one_of(st.just(""), st.integers(-(10**6), 10**6).map(lambda e: f"e{e}")))
    return mantissa + exponent


@FUZZ
@given(literals(), st.booleans())
def test_huge_and_tiny_literals_read_as_python_reads_them_or_are_refused(literal: str, negated: bool) -> None:
    text = ("-" if negated else "") + literal
    program = f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nrx({text}) q[0];\n'
    circuit, error = _read_within_limits(program, "qasm: literals")
    expected = float(text)  # the test's reference: Python's own reading of the same literal
    if error is not None and "max_expression_bytes=" in str(error):
        return  # longer than the expression limit: refused, naming the keyword that raises it
    if not math.isfinite(expected):
        assert error is not None and "finite" in str(error), error  # an overflow is named, never run
        return
    assert error is None, error
    assert circuit is not None
    assert circuit.ops[0].params[0] == expected
