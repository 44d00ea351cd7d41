"""The fast reader of flat OpenQASM programs: the same circuits and errors as the full parser, much sooner."""

from __future__ import annotations

import random
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openqasm3._antlr._4_13.qasm3Lexer import qasm3Lexer

import tyxq
from tyxq.qasm import loads
from tyxq.qasm.flat import RESERVED, build_flat, parse_flat
from tyxq.qasm.limits import QasmLimits
from tyxq.qasm.program import ProgramBuilder
from tyxq.qasm.tree import read_tree

HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'


def read_flat(program: str) -> tyxq.Circuit:
    statements = parse_flat(program)
    assert statements is not None, "the fast reader gave this program to the full parser"
    builder = ProgramBuilder(QasmLimits())
    build_flat(statements, builder)
    return builder.circuit()


def read_with_parser(program: str) -> tyxq.Circuit:
    builder = ProgramBuilder(QasmLimits())
    read_tree(program, builder)
    return builder.circuit()


def operations(circuit: tyxq.Circuit) -> list[tuple[str, tuple[int, ...], tuple[float, ...]]]:
    return [(op.name, op.qubits, tuple(float(p) for p in op.params)) for op in circuit]


def benchmark_program(n_bytes: int, n_qubits: int = 20, seed: int = 0) -> str:
    """A flat program shaped like the large public benchmark circuits (QASMBench, MQT Bench)."""
    rng = random.Random(seed)
    lines = [HEADER + f"qreg q[{n_qubits}];\ncreg c[{n_qubits}];"]
    size = len(lines[0])
    while size < n_bytes:
        a, b = rng.sample(range(n_qubits), 2)
        line = rng.choice([
            f"cx q[{a}],q[{b}];", f"rz({rng.uniform(-3, 3):.15f}) q[{a}];", f"h q[{a}];", f"sx q[{a}];",
            f"u3(pi/2,{rng.uniform(-3, 3):.6f},-{rng.uniform(0, 3):.6f}) q[{a}];", f"barrier q[{a}],q[{b}];",
        ])
        lines.append(line)
        size += len(line) + 1
    return "\n".join([*lines, "measure q -> c;", ""])


def test_a_benchmark_sized_flat_program_reads_in_seconds() -> None:
    program = benchmark_program(1_400_000)  # the size of the largest public benchmark circuits
    assert parse_flat(program) is not None
    start = time.perf_counter()
    circuit = loads(program)
    assert time.perf_counter() - start < 30  # the full parser needs about a minute on a slow CPU
    assert len(circuit.ops) > 50_000


def test_a_benchmark_program_reads_the_same_both_ways() -> None:
    program = benchmark_program(20_000, seed=3)
    assert operations(read_flat(program)) == operations(read_with_parser(program))


@pytest.mark.parametrize(
    "statement",
    [
        "gate g a { x a; }",  # definitions
        "rx(2^2) q[0];",  # powers and functions: the full evaluator's rules
        "rx(sin(1)) q[0];",
        "rx(((1))) q[0];",  # two levels of parentheses
        "rx(--1) q[0];",
        "rx(1/0) q[0];",  # the full reader explains
        "rx(1" + "0" * 400 + ") q[0];",
        "reset q[0];",
        "if(c==1) x q[0];",
        "measure q[0];",
        "/* a block comment */",
        "qreg input[1];",  # OpenQASM 3 reserves the word
        "x input;",
        "qreg r[0];",
        "hq[0];",
        "rx() q[0];",
    ],
)
def test_anything_beyond_the_flat_subset_goes_to_the_full_parser(statement: str) -> None:
    assert parse_flat(HEADER + "qreg q[1];\ncreg c[1];\n" + statement + "\n") is None


@pytest.mark.parametrize("first", ["OPENQASM 3;", "OPENQASM 2;", "qreg q[1];", ""])
def test_a_program_without_the_exact_openqasm_2_header_goes_to_the_full_parser(first: str) -> None:
    assert parse_flat(first + "\nqreg q[1];\n") is None


def test_reserved_words_include_every_keyword_of_the_openqasm3_lexer() -> None:
    keywords = {name.strip("'") for name in qasm3Lexer.literalNames if name.strip("'").isidentifier()}
    assert keywords <= RESERVED


def test_lines_are_counted_across_comments_and_statements_spanning_lines() -> None:
    program = HEADER + "// one\nqreg q[2]; // two\ncx q[0],\n   q[1]; frobnicate\n q[0];\n"
    with pytest.raises(tyxq.QasmError, match=r"^line 6: unknown gate 'frobnicate'"):
        loads(program)
    assert parse_flat(program) is not None


@pytest.mark.parametrize(
    "body",
    [
        "qreg q[2];\nx q[2];\n",
        "qreg q[2];\ncx q[0], q[0];\n",
        "qreg q[2];\ncreg c[2];\nmeasure q[1] -> c[1];\ncx q, q[0];\n",
        "qreg q[2];\nrx(0.1, 0.2) q[0];\n",
        "qreg a[2];\nqreg b[3];\ncx a, b;\n",
        "qreg q[1];\nmeasure q[0] -> c[0];\n",
        "qreg q[1];\nrx(1e300*1e300) q[0];\n",
        "qreg q[1];\nqreg q[2];\n",
    ],
)
def test_both_readers_refuse_a_bad_program_with_the_same_message(body: str) -> None:
    with pytest.raises(tyxq.QasmError) as from_parser:
        read_with_parser(HEADER + body)
    with pytest.raises(tyxq.QasmError, match=f"^{re.escape(str(from_parser.value))}$"):
        read_flat(HEADER + body)


_NUMBER = st.one_of(
    st.integers(0, 10**6).map(str),
    st.floats(0, 1e6, allow_nan=False).map(repr),
    st.sampled_from(["pi", "0.5", ".25", "1.", "2e-3", "1E2"]),
)


@st.composite
def angle(draw: st.DrawFn, depth: int = 0) -> str:
    """An angle in the flat subset: numbers, pi, + - * /, unary minus, one level of parentheses."""
    terms = [draw(_NUMBER) if depth or draw(st.booleans()) else f"({draw(angle(depth=1))})"]
    for _ in range(draw(st.integers(0, 3))):
        terms += [draw(st.sampled_from(["+", "-", "*", "/", " * -", "/-"])), draw(_NUMBER)]
    text = "".join(terms)
    return f"-{text}" if draw(st.booleans()) else text


_GATES = {"h": (1, 0), "cx": (2, 0), "rz": (1, 1), "u3": (1, 3), "u2": (1, 2), "cu1": (2, 1), "ccx": (3, 0)}


@st.composite
def flat_program(draw: st.DrawFn) -> str:
    n_qubits = draw(st.integers(3, 5))
    lines = [HEADER + f"qreg q[{n_qubits}];"]
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(sorted(_GATES)))
        n_gate_qubits, n_params = _GATES[name]
        qubits = draw(st.permutations(range(n_qubits)))[:n_gate_qubits]
        params = f"({', '.join(draw(angle()) for _ in range(n_params))})" if n_params else ""
        spacing = draw(st.sampled_from([" ", "  ", "\n", " // note\n"]))
        lines.append(f"{name}{params}{spacing}{','.join(f'q[{q}]' for q in qubits)};")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(program=flat_program())
def test_random_flat_programs_read_the_same_both_ways(program: str) -> None:
    try:
        expected = operations(read_with_parser(program))
    except tyxq.QasmError:  # a division by zero or an infinite angle: the fast reader must refuse it too
        if parse_flat(program) is not None:
            with pytest.raises(tyxq.QasmError):
                read_flat(program)
        return
    if parse_flat(program) is None:
        pytest.fail(f"the fast reader gave a flat program to the full parser:\n{program}")
    assert operations(read_flat(program)) == expected
