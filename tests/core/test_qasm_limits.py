"""The OpenQASM reader's limits: stated, raisable, and enforced before the work they bound."""

from __future__ import annotations

import time
import tracemalloc

import pytest

import tyxq
from tyxq.qasm import loads

HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'


def doubling(levels: int) -> str:
    """``levels`` nested definitions, each calling the one below twice: 2**levels operations."""
    lines = [HEADER + "gate g0 a { x a; }"]
    lines += [f"gate g{i} a {{ g{i - 1} a; g{i - 1} a; }}" for i in range(1, levels + 1)]
    return "\n".join([*lines, "qreg q[1];", f"g{levels} q[0];", ""])


def chain(levels: int) -> str:
    """``levels`` nested definitions, each calling the one below once: depth ``levels``, one operation."""
    lines = [HEADER + "gate g1 a { x a; }"]
    lines += [f"gate g{i} a {{ g{i - 1} a; }}" for i in range(2, levels + 1)]
    return "\n".join([*lines, "qreg q[1];", f"g{levels} q[0];", ""])


# --- operations ----------------------------------------------------------------------------------


def test_a_small_program_expanding_past_the_operation_limit_fails_fast() -> None:
    program = doubling(30)  # about 1 kB standing for 2**30 operations
    start = time.perf_counter()
    expected = r"line 35: gate 'g30' expands to 1,073,741,824 operations.*max_operations=1073741824"
    with pytest.raises(tyxq.QasmError, match=expected):
        loads(program)
    assert time.perf_counter() - start < 5


def test_the_default_operation_limit_is_two_million() -> None:
    with pytest.raises(tyxq.QasmError, match=r"over the limit of 2,000,000 operations"):
        loads(doubling(21))


def test_the_operation_limit_counts_operations_already_read() -> None:
    program = HEADER + "qreg q[1];\nx q[0];\nx q[0];\nh q[0];\n"
    with pytest.raises(tyxq.QasmError, match=r"line 6: gate 'h' expands to 1 operations, which would make 3"):
        loads(program, max_operations=2)


def test_the_operation_limit_can_be_raised_to_exactly_what_the_program_needs() -> None:
    with pytest.raises(tyxq.QasmError, match="max_operations=32"):
        loads(doubling(5), max_operations=31)
    assert len(loads(doubling(5), max_operations=32).ops) == 32


def test_a_gate_on_a_huge_register_is_refused_before_it_is_expanded() -> None:
    start = time.perf_counter()
    with pytest.raises(tyxq.QasmError, match=r"gate 'h' expands to 1,000,000,000 operations"):
        loads(HEADER + "qreg q[1000000000];\nh q;\n", max_qubits=10**9)
    assert time.perf_counter() - start < 5


def test_barrier_on_a_huge_register_costs_no_time_and_its_kept_measurements_count_as_operations() -> None:
    start = time.perf_counter()
    program = HEADER + "qreg q[1000000000];\ncreg c[1000000000];\nbarrier q;\n"
    circuit = loads(program, max_qubits=10**9, max_bits=10**9)
    assert circuit.n_qubits == 1_000_000_000 and circuit.n_bits == 1_000_000_000
    with pytest.raises(tyxq.QasmError, match=r"measure expands to 1,000,000,000 operations.*max_operations"):
        loads(program + "measure q -> c;\n", max_qubits=10**9, max_bits=10**9)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("declaration", "keyword"),
    [("qreg q[1000000000000000000000000000000];", "max_qubits"), ("creg c[70000];", "max_bits")],
)
def test_a_register_past_the_limit_is_refused_where_it_is_declared(declaration: str, keyword: str) -> None:
    start = time.perf_counter()
    with pytest.raises(tyxq.QasmError, match=rf"line 3: .* over the limit of 65,536 .*{keyword}="):
        loads(HEADER + declaration + "\n")
    assert time.perf_counter() - start < 1


def test_registers_add_up_against_the_qubit_limit() -> None:
    with pytest.raises(tyxq.QasmError, match="qreg b declares 3 qubits, which would make 5, over the limit of 4"):
        loads(HEADER + "qreg a[2];\nqreg b[3];\n", max_qubits=4)
    assert loads(HEADER + "qreg a[2];\nqreg b[2];\n", max_qubits=4).n_qubits == 4


def test_specs_of_the_largest_program_read_works() -> None:
    circuit = loads(HEADER + "qreg q[65536];\nh q[65535];\n")
    assert tyxq.specs(circuit).n_qubits == 65536


def test_a_qelib1_gate_counts_the_tyxq_operations_it_becomes() -> None:
    program = HEADER + "qreg q[2];\ncu3(0.1, 0.2, 0.3) q[0], q[1];\n"  # cu3 is 8 tyxq gates
    with pytest.raises(tyxq.QasmError, match="expands to 8 operations"):
        loads(program, max_operations=7)
    assert len(loads(program, max_operations=8).ops) == 8


# --- depth ---------------------------------------------------------------------------------------


def test_definitions_nested_past_the_depth_limit_are_refused_where_defined() -> None:
    expected = r"line 67: gate 'g65' nests 65 gate definitions deep, over the limit of 64.*max_depth=65"
    with pytest.raises(tyxq.QasmError, match=expected):
        loads(chain(65))


def test_the_depth_limit_admits_its_own_depth_and_can_be_raised() -> None:
    assert [op.name for op in loads(chain(64))] == ["x"]
    assert [op.name for op in loads(chain(3000), max_depth=3000)] == ["x"]


def test_the_depth_limit_counts_only_definitions_not_builtin_gates() -> None:
    program = HEADER + "gate g a { cx a, a; }\n"
    with pytest.raises(tyxq.QasmError, match=r"line 3: gate 'cx' is given the same qubit twice \(a, a\)"):
        loads(program, max_depth=1)


# --- source size ---------------------------------------------------------------------------------


def test_a_program_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    program = HEADER + "qreg q[1];\n" + "x q[0];\n" * (17 * 2**20 // 8)
    start = time.perf_counter()
    with pytest.raises(tyxq.QasmError, match=r"over the limit of 16,777,216 bytes.*max_source_bytes="):
        loads(program)
    assert time.perf_counter() - start < 2


def test_the_size_limit_counts_utf8_bytes_not_characters() -> None:
    program = HEADER + "// ππ\nqreg q[1];\n"
    size = len(program.encode("utf-8"))
    assert size == len(program) + 2
    with pytest.raises(tyxq.QasmError, match=f"the program is {size} bytes long.*max_source_bytes={size}"):
        loads(program, max_source_bytes=len(program))
    assert loads(program, max_source_bytes=size).n_qubits == 1


@pytest.mark.parametrize(
    "option",
    [
        "max_source_bytes",
        "max_operations",
        "max_depth",
        "max_expression_depth",
        "max_expression_bytes",
        "max_qubits",
        "max_bits",
    ],
)
@pytest.mark.parametrize("value", [0, -1, 1.5, True])
def test_a_limit_that_is_not_a_positive_integer_is_refused(option: str, value: object) -> None:
    with pytest.raises(tyxq.ConfigurationError, match=f"{option}={value!r}: a limit is a positive integer"):
        loads(HEADER + "qreg q[1];\n", **{option: value})  # type: ignore[arg-type]


# --- programs that declare nothing, or too much ----------------------------------------------------


@pytest.mark.parametrize("program", ["", "  \n\t", "// a comment only\n", "/* a block */"])
def test_an_empty_program_is_a_qasm_error(program: str) -> None:
    with pytest.raises(tyxq.QasmError, match=r"the program is empty.*OPENQASM 2\.0;"):
        loads(program)


@pytest.mark.parametrize("body", ["", 'include "qelib1.inc";\n', "creg c[2];\n"])
def test_a_program_without_qreg_is_a_qasm_error(body: str) -> None:
    with pytest.raises(tyxq.QasmError, match=r"declares no qubits.*qreg q\[2\];"):
        loads("OPENQASM 2.0;\n" + body)


def test_a_2000_qubit_register_is_read_without_allocating_anything() -> None:
    circuit = loads(HEADER + "qreg q[2000];\nh q[0];\n")
    assert circuit.n_qubits == 2000


def test_simulating_a_2000_qubit_program_is_refused_by_name() -> None:
    circuit = loads(HEADER + "qreg q[2000];\nh q[0];\n")
    with pytest.raises(tyxq.StateTooLargeError, match="2000-qubit statevector"):
        tyxq.probabilities(circuit)


# --- inputs that would exhaust Python's recursion ------------------------------------------------------


NESTED = {
    "parens": ("(" * 3000 + "1" + ")" * 3000, r"nests 3001 parentheses deep, over the limit of 32"),
    "minus": ("-" * 3000 + "1", r"chains 3,000 signs \(--…\), over the limit of 32"),
    "sum": ("+".join(["1"] * 3000), r"is 6,001 bytes long, over the limit of 1,024 bytes"),
}


@pytest.mark.parametrize("case", sorted(NESTED))
def test_deeply_nested_angles_are_refused_by_the_expression_limits(case: str) -> None:
    angle, message = NESTED[case]
    program = HEADER + f"gate g a {{ x a; }}\nqreg q[1];\nrx({angle}) q[0];\n"  # a definition: the full parser reads it
    with pytest.raises(tyxq.QasmError, match=f"line 5: an expression .*{message}|line 5: a parenthesised .*{message}"):
        loads(program)


@pytest.mark.parametrize("case", sorted(NESTED))
def test_past_raised_expression_limits_the_parser_depth_is_still_a_qasm_error(case: str) -> None:
    program = HEADER + f"gate g a {{ x a; }}\nqreg q[1];\nrx({NESTED[case][0]}) q[0];\n"
    with pytest.raises(tyxq.QasmError, match="deeper than"):
        loads(program, max_expression_depth=10_000, max_expression_bytes=10_000)


@pytest.mark.parametrize("program", ["", "gate g a { x a; }\n"], ids=["flat", "with a definition"])
def test_half_a_million_signs_are_refused_fast_with_little_memory(program: str) -> None:
    source = HEADER + program + "qreg q[1];\nrx(" + "-" * 500_000 + "1) q[0];\n"
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(tyxq.QasmError, match=r"chains 500,000 signs .*max_expression_depth=500000"):
            loads(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 2
    assert peak < 64 * 2**20


@pytest.mark.parametrize("extra", [")" * 8, ")" * 8 + "(" * 40], ids=["more ) than (", "then deep again"])
def test_deep_nesting_is_refused_also_when_the_parentheses_do_not_balance(extra: str) -> None:
    """An unmatched ``)`` later on used to end the check early: the parser then read 5,000 levels for seconds."""
    angle = "(" * 5000 + "1" + ")" * 5000 + extra
    start = time.perf_counter()
    with pytest.raises(tyxq.QasmError, match=r"line 4: an expression nests 5001 parentheses deep, over the limit"):
        loads(HEADER + f"qreg q[1];\nU(0.1, {angle}, pi) q[0];\n")
    assert time.perf_counter() - start < 1


def test_an_unmatched_closing_parenthesis_is_refused_before_the_parser_reads_on() -> None:
    """The parser's error recovery read on through 140 KB after a stray ``)`` for seconds; it is refused first."""
    angle = "(.))))" + "((.))))" * 20_000
    start = time.perf_counter()
    with pytest.raises(tyxq.QasmError, match=r"^line 4: a '\)' closes no '\('; check the parentheses"):
        loads(HEADER + f"qreg q[1];\nrx({angle}) q[0];\n")
    assert time.perf_counter() - start < 1


def test_parentheses_inside_an_include_name_are_not_counted() -> None:
    with pytest.raises(tyxq.QasmError) as caught:
        loads('OPENQASM 2.0;\ninclude "a).inc";\nqreg q[1];\n')
    assert "closes no" not in str(caught.value)


def test_a_long_expression_is_refused_before_the_parser_reads_it() -> None:
    angle = "+".join(["(1)"] * 5000)  # 20 KB: the parser would spend seconds on it before its recursion fails
    start = time.perf_counter()
    with pytest.raises(tyxq.QasmError, match=r"line 5: a parenthesised expression is 20,001 bytes long"):
        loads(HEADER + f"gate g a {{ x a; }}\nqreg q[1];\nrx({angle}) q[0];\n")
    assert time.perf_counter() - start < 1


def test_the_expression_limits_count_comments_as_nothing() -> None:
    program = HEADER + "gate g a { x a; }\n// " + "-" * 200 + "\n/* " + "(" * 100 + " */\nqreg q[1];\ng q[0];\n"
    assert [op.name for op in loads(program)] == ["x"]


def test_an_expression_at_the_limits_is_read() -> None:
    angle = "-" * 31 + "1"  # 31 signs, and the call's own parenthesis: 32 deep
    program = HEADER + f"gate g a {{ x a; }}\nqreg q[1];\nrx({angle}) q[0];\n"
    assert loads(program).ops[0].params == pytest.approx((-1.0,))
    nested = "sin(" * 31 + "0" + ")" * 31
    assert loads(program.replace(angle, nested)).ops[0].params == pytest.approx((0.0,))


def test_a_huge_integer_literal_with_raised_limits_is_a_qasm_error() -> None:
    program = HEADER + "gate g a { x a; }\nqreg q[1];\nrx(1" + "0" * 5000 + ") q[0];\n"
    with pytest.raises(tyxq.QasmError, match="max_expression_bytes=5003"):
        loads(program)
    with pytest.raises(tyxq.QasmError, match=r"cannot read a literal|too large for an angle"):
        loads(program, max_expression_bytes=10_000)


def test_a_long_flat_sum_is_evaluated_by_the_fast_reader() -> None:
    angle = "+".join(["0.001"] * 3000)
    assert loads(HEADER + f"qreg q[1];\nrx({angle}) q[0];\n").ops[0].params == pytest.approx((3.0,))


def test_an_integer_too_large_for_a_float_is_a_qasm_error() -> None:
    with pytest.raises(tyxq.QasmError, match=r"line 5: the number 1000.* is too large for an angle"):
        loads(HEADER + "qreg q[1];\ngate g(t) a { rx(t) a; }\ng(1" + "0" * 400 + ") q[0];\n")
