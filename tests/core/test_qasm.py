"""OpenQASM 2.0 import and export, checked against the dense reference simulator."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tyxq
from tyxq.gates import GATES
from tyxq.qasm.writer import QASM_NAMES, format_angle

from .reference import SX, H, X, controlled, full_operator, gate_matrix, simulate, u3
from .test_random_circuits import build, circuits

HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'


def unitary_of(circuit: tyxq.Circuit) -> np.ndarray:
    """The circuit's matrix: run it on every basis state at once (a batch of inputs)."""
    dim = 2**circuit.n_qubits
    runner = tyxq.Circuit(circuit.n_qubits, inputs=np.eye(dim, dtype=complex)).append(circuit)
    return np.asarray(tyxq.state(runner)).T


def multi_controlled(u: np.ndarray, controls: int) -> np.ndarray:
    for _ in range(controls):
        u = controlled(u)
    return u


def phase(angle: float) -> np.ndarray:
    return np.diag([1, np.exp(1j * angle)])


ANGLES = (0.37, -1.21, 2.9, 0.64)

# the matrix each qelib1.inc gate stands for, written from the textbook definitions
QELIB1_MATRICES = {
    "U": (1, 3, u3),
    "u3": (1, 3, u3),
    "u": (1, 3, u3),
    "u2": (1, 2, lambda phi, lam: u3(math.pi / 2, phi, lam)),
    "u1": (1, 1, phase),
    "p": (1, 1, phase),
    "u0": (1, 1, lambda gamma: np.eye(2)),
    "CX": (2, 0, lambda: controlled(X)),
    "cx": (2, 0, lambda: controlled(X)),
    "cu1": (2, 1, lambda lam: controlled(phase(lam))),
    "cp": (2, 1, lambda lam: controlled(phase(lam))),
    "cu3": (2, 3, lambda *p: controlled(u3(*p))),
    "cu": (2, 4, lambda t, f, l, g: controlled(u3(t, f, l)) @ np.kron(phase(g), np.eye(2))),
    "csx": (2, 0, lambda: controlled(SX)),
    "c3x": (4, 0, lambda: multi_controlled(X, 3)),
    "c3sqrtx": (4, 0, lambda: multi_controlled(SX, 3)),
    "c4x": (5, 0, lambda: multi_controlled(X, 4)),
}
SAME_NAME = [
    "id",
    "x",
    "y",
    "z",
    "h",
    "s",
    "sdg",
    "t",
    "tdg",
    "sx",
    "sxdg",
    "rx",
    "ry",
    "rz",
    "cz",
    "cy",
    "ch",
    "swap",
    "crx",
    "cry",
    "crz",
    "rxx",
    "rzz",
    "ccx",
    "cswap",
]


def single_gate_program(name: str, n_qubits: int, n_params: int) -> str:
    params = f"({', '.join(map(str, ANGLES[:n_params]))})" if n_params else ""
    qubits = ", ".join(f"q[{i}]" for i in range(n_qubits))
    return f"{HEADER}qreg q[{n_qubits}];\n{name}{params} {qubits};\n"


# --- reading -----------------------------------------------------------------------------------


def test_bell_program_gives_the_bell_state() -> None:
    circuit = tyxq.qasm.loads(HEADER + "qreg q[2];\ncreg c[2];\nh q[0];\ncx q[0], q[1];\nmeasure q -> c;\n")
    np.testing.assert_allclose(tyxq.state(circuit), np.array([1, 0, 0, 1]) / np.sqrt(2), atol=1e-12)


@pytest.mark.parametrize("name", sorted(QELIB1_MATRICES))
def test_qelib1_gate_reads_as_its_textbook_matrix(name: str) -> None:
    n_qubits, n_params, matrix = QELIB1_MATRICES[name]
    circuit = tyxq.qasm.loads(single_gate_program(name, n_qubits, n_params))
    np.testing.assert_allclose(unitary_of(circuit), matrix(*ANGLES[:n_params]), atol=1e-12)


@pytest.mark.parametrize("name", SAME_NAME)
def test_qelib1_gate_with_a_tyxq_namesake_reads_as_that_gate(name: str) -> None:
    spec = GATES[name]
    circuit = tyxq.qasm.loads(single_gate_program(name, spec.n_qubits, spec.n_params))
    np.testing.assert_allclose(unitary_of(circuit), gate_matrix(name, ANGLES[: spec.n_params]), atol=1e-12)


def test_rccx_is_a_toffoli_up_to_relative_phases() -> None:
    matrix = unitary_of(tyxq.qasm.loads(single_gate_program("rccx", 3, 0)))
    np.testing.assert_allclose(np.abs(matrix), np.abs(multi_controlled(X, 2)), atol=1e-12)
    assert not np.allclose(matrix, multi_controlled(X, 2))


def test_custom_gate_is_expanded_with_its_parameters_substituted() -> None:
    program = HEADER + (
        "gate spin(theta, phi) a, b { ry(theta/2) a; cx a, b; rz(-phi*2 + pi) b; u1(theta^2) a; }\n"
        "qreg q[2];\nspin(0.8, 0.3) q[1], q[0];\n"
    )
    expected = simulate(
        2,
        [
            ("ry", (1,), (0.4,)),
            ("cnot", (1, 0), ()),
            ("rz", (0,), (-0.6 + math.pi,)),
            ("phase", (1,), (0.64,)),
        ],
    )
    np.testing.assert_allclose(tyxq.state(tyxq.qasm.loads(program)), expected, atol=1e-12)


def test_custom_gates_may_use_earlier_custom_gates() -> None:
    program = HEADER + (
        "gate bell a, b { h a; cx a, b; }\n"
        "gate bell_then_phase(lam) a, b { bell a, b; barrier a, b; cu1(lam) a, b; }\n"
        "qreg q[2];\nbell_then_phase(pi/3) q[0], q[1];\n"
    )
    expected = simulate(2, [("h", (0,), ()), ("cnot", (0, 1), ()), ("cphase", (0, 1), (math.pi / 3,))])
    np.testing.assert_allclose(tyxq.state(tyxq.qasm.loads(program)), expected, atol=1e-12)


def test_qft_defined_as_a_custom_gate_matches_the_dft() -> None:
    program = HEADER + (
        "gate qft3 a, b, c { h a; cu1(pi/2) b, a; cu1(pi/4) c, a; h b; cu1(pi/2) c, b; h c; swap a, c; }\n"
        "qreg q[3];\nx q[1];\nx q[2];\nqft3 q[0], q[1], q[2];\n"
    )
    k = np.arange(8)
    dft_column = np.exp(2j * np.pi * 3 * k / 8) / np.sqrt(8)  # |011⟩ = |3⟩
    np.testing.assert_allclose(tyxq.state(tyxq.qasm.loads(program)), dft_column, atol=1e-12)


def test_several_registers_are_flattened_in_declaration_order() -> None:
    circuit = tyxq.qasm.loads(HEADER + "qreg a[1];\nqreg b[2];\nx b[1];\n")
    assert circuit.n_qubits == 3
    assert circuit.ops[0].qubits == (2,)


def test_a_gate_on_whole_registers_is_applied_qubit_by_qubit() -> None:
    circuit = tyxq.qasm.loads(HEADER + "qreg a[2];\nqreg b[2];\nh a;\ncx a, b;\ncz a[0], b;\n")
    assert [(op.name, op.qubits) for op in circuit] == [
        ("h", (0,)),
        ("h", (1,)),
        ("cnot", (0, 2)),
        ("cnot", (1, 3)),
        ("cz", (0, 2)),
        ("cz", (0, 3)),
    ]


def test_barrier_is_accepted_and_adds_nothing() -> None:
    circuit = tyxq.qasm.loads(HEADER + "qreg q[2];\nh q[0];\nbarrier q;\nbarrier q[0], q[1];\nx q[1];\n")
    assert [op.name for op in circuit] == ["h", "x"]


def test_final_measurements_are_accepted_and_kept() -> None:
    program = HEADER + "qreg q[2];\ncreg c[2];\nx q[0];\nmeasure q[0] -> c[0];\nh q[1];\nmeasure q[1] -> c[1];\n"
    circuit = tyxq.qasm.loads(program)
    assert tyxq.counts(circuit, 50, seed=1).keys() <= {"10", "11"}
    assert circuit.final_measurements == {0: 0, 1: 1}
    assert tyxq.counts(circuit, 50, bits=[1, 0], seed=1).keys() <= {"01", "11"}


def test_angle_expressions_follow_openqasm_arithmetic() -> None:
    angles = "-pi/4 + 2*0.5, sin(pi/2) - ln(exp(2)) + sqrt(9), (2^-1) * cos(0) - tan(0)"
    program = HEADER + f"qreg q[1];\nU({angles}) q[0];\n"
    params = tyxq.qasm.loads(program).ops[0].params
    assert params == pytest.approx((-math.pi / 4 + 1.0, 1.0 - 2.0 + 3.0, 0.5))


# --- reading: errors ---------------------------------------------------------------------------


def test_unknown_gate_is_named_with_its_line_and_the_fix() -> None:
    with pytest.raises(tyxq.QasmError, match=r"line 4: unknown gate 'frobnicate'.*define it with `gate frobnicate"):
        tyxq.qasm.loads(HEADER + "qreg q[1];\nfrobnicate q[0];\n")


def test_unknown_gate_is_also_refused_inside_a_gate_definition() -> None:
    with pytest.raises(tyxq.QasmError, match=r"line 3: unknown gate 'nope'"):
        tyxq.qasm.loads(HEADER + "gate g a { nope a; }\nqreg q[1];\ng q[0];\n")


def test_qelib1_gate_without_the_include_asks_for_the_include() -> None:
    with pytest.raises(tyxq.QasmError, match=r'line 3: .*add `include "qelib1.inc";`'):
        tyxq.qasm.loads("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n")


def test_builtins_work_without_the_include() -> None:
    circuit = tyxq.qasm.loads("OPENQASM 2.0;\nqreg q[2];\nU(pi, 0, pi) q[0];\nCX q[0], q[1];\n")
    np.testing.assert_allclose(np.abs(tyxq.state(circuit)), [0, 0, 0, 1], atol=1e-12)


def test_a_gate_after_a_measurement_of_its_qubit_makes_the_program_dynamic() -> None:
    program = HEADER + "qreg q[2];\ncreg c[2];\nx q[1];\nmeasure q -> c;\nh q[1];\n"
    circuit = tyxq.qasm.loads(program)
    assert [str(op) for op in circuit] == ["x q[1]", "measure q[0] -> c[0]", "measure q[1] -> c[1]", "h q[1]"]
    assert tyxq.counts(circuit, 50, bits=[0, 1], seed=2) == {"01": 50}


def test_a_program_measuring_only_at_the_end_reads_as_its_unitary_circuit() -> None:
    circuit = tyxq.qasm.loads(HEADER + "qreg q[2];\ncreg c[2];\nh q[0];\nmeasure q -> c;\n")
    assert [op.name for op in circuit] == ["h"]
    assert tyxq.state(circuit).shape == (4,)
    assert circuit.final_measurements == {0: 0, 1: 1}  # the measurements are kept beside the operations


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(tyxq.QasmError, match=r"syntax error at line 4"):
        tyxq.qasm.loads(HEADER + "qreg q[1];\nU(0, 0 q[0];\n")


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("if(c==1) measure q[0] -> c[0];", "conditions gates only"),
        ("if(c==1) reset q[0];", "conditions gates only"),
        ("if(d==1) x q[0];", "unknown classical register 'd'"),
    ],
)
def test_conditions_tyxq_cannot_run_are_refused(statement: str, reason: str) -> None:
    with pytest.raises(tyxq.QasmError, match=reason):
        tyxq.qasm.loads(HEADER + f"qreg q[1];\ncreg c[1];\n{statement}\n")


@pytest.mark.parametrize(
    ("value", "shown"), [("4", "4"), ("5", "5"), (str(2**70), "a 71-bit integer"), ("18446744073709551616", "a 65")]
)
def test_a_condition_value_the_register_cannot_hold_is_refused_with_its_range(value: str, shown: str) -> None:
    program = HEADER + f"qreg q[2];\ncreg c[2];\nmeasure q[0] -> c[0];\nif(c=={value}) x q[1];\n"
    with pytest.raises(tyxq.QasmError, match=rf"line 6: if compares register 'c' of 2 bits with {shown}.*holds 0\.\.3"):
        tyxq.qasm.loads(program)


def test_the_largest_value_a_register_holds_is_accepted() -> None:
    program = HEADER + "qreg q[2];\ncreg c[2];\nx q[0];\nmeasure q[0] -> c[0];\nif(c==3) x q[1];\nif(c==1) h q[1];\n"
    circuit = tyxq.qasm.loads(program)
    assert [str(op) for op in circuit] == ["x q[0]", "measure q[0] -> c[0]", "h q[1] if c[0]=1"]  # c[1] still 0


@pytest.mark.parametrize("where", ["", "gate g a { x a; }\n"], ids=["alone", "beside a definition"])
def test_opaque_is_named_as_valid_openqasm_that_tyxq_does_not_simulate(where: str) -> None:
    program = HEADER + where + "opaque mystery(theta) a, b;\nqreg q[2];\n"
    with pytest.raises(tyxq.QasmError) as caught:
        tyxq.qasm.loads(program)
    message = str(caught.value)
    assert "`opaque mystery`" in message and "is valid OpenQASM 2" in message and "not valid" not in message
    assert "tyxq does not simulate opaque gates" in message and "gate mystery" in message
    assert message.startswith(f"line {3 + where.count(chr(10))}:")


def test_qasm_messages_name_loads_not_the_old_from_qasm() -> None:
    with pytest.raises(tyxq.QasmError, match=r"tyxq\.qasm\.loads takes the program text as a str, got bytes"):
        tyxq.qasm.loads(b"OPENQASM 2.0;")  # type: ignore[arg-type]
    import tyxq.qasm.reader as reader

    assert not hasattr(reader, "from_qasm")


def test_wrong_parameter_count_is_refused() -> None:
    expected = r"line 4: gate 'rx' takes 1 parameter\(s\) and 1 qubit\(s\), but was given 2 and 1"
    with pytest.raises(tyxq.QasmError, match=expected):
        tyxq.qasm.loads(HEADER + "qreg q[1];\nrx(0.1, 0.2) q[0];\n")


def test_index_out_of_range_is_refused() -> None:
    with pytest.raises(tyxq.QasmError, match=r"q\[2\] is out of range: register 'q' has 2 elements"):
        tyxq.qasm.loads(HEADER + "qreg q[2];\nx q[2];\n")


def test_repeated_qubit_is_refused() -> None:
    with pytest.raises(tyxq.QasmError, match=r"same qubit twice \(q\[0\], q\[0\]\)"):
        tyxq.qasm.loads(HEADER + "qreg q[2];\ncx q[0], q[0];\n")


def test_registers_of_different_sizes_cannot_broadcast() -> None:
    with pytest.raises(tyxq.QasmError, match="registers of different sizes"):
        tyxq.qasm.loads(HEADER + "qreg a[2];\nqreg b[3];\ncx a, b;\n")


def test_redefining_a_qelib1_gate_is_refused() -> None:
    with pytest.raises(tyxq.QasmError, match="gate 'h' is already defined"):
        tyxq.qasm.loads(HEADER + "gate h a { U(pi/2, 0, pi) a; }\nqreg q[1];\n")


@pytest.mark.parametrize("angle", ["1/0", "1e400", "ln(0)"])
def test_non_finite_angles_are_refused(angle: str) -> None:
    with pytest.raises(tyxq.QasmError, match="line 4"):
        tyxq.qasm.loads(HEADER + f"qreg q[1];\nrx({angle}) q[0];\n")


def test_ambiguous_power_is_refused() -> None:
    with pytest.raises(tyxq.QasmError, match=r"cannot tell 2\*3\^2 from \(2\*3\)\^2"):
        tyxq.qasm.loads(HEADER + "qreg q[1];\nrx(2*3^2) q[0];\n")


@pytest.mark.parametrize(("first_line", "found"), [("OPENQASM 3;", "OPENQASM 3"), ("", "no OPENQASM line")])
def test_programs_that_are_not_openqasm_2_are_refused(first_line: str, found: str) -> None:
    with pytest.raises(tyxq.QasmError, match=f"tyxq reads OpenQASM 2.0, but the program has {found}"):
        tyxq.qasm.loads(first_line + "\nqreg q[1];\n")


def test_other_include_files_are_refused() -> None:
    with pytest.raises(tyxq.QasmError, match=r'tyxq knows only "qelib1.inc"'):
        tyxq.qasm.loads('OPENQASM 2.0;\ninclude "mygates.inc";\nqreg q[1];\n')


def test_a_program_without_qubits_is_refused() -> None:
    with pytest.raises(tyxq.QasmError, match="declares no qubits"):
        tyxq.qasm.loads(HEADER)


def test_missing_parser_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("openqasm3", "openqasm3.parser", "openqasm3.ast", "tyxq.qasm.reader", "tyxq.qasm.expressions"):
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(tyxq.QasmError, match=r'pip install "tyxq\[qasm\]"'):
        tyxq.qasm.loads(HEADER + "qreg q[1];\n")


# --- writing -----------------------------------------------------------------------------------


def test_export_uses_qelib1_names() -> None:
    circuit = tyxq.Circuit(2).phase(0, 0.5).u(1, 0.1, 0.2, 0.3).cnot(0, 1).cphase(1, 0, 0.25)
    lines = tyxq.qasm.dumps(circuit).splitlines()
    assert lines == [
        "OPENQASM 2.0;",
        'include "qelib1.inc";',
        "qreg q[2];",
        "u1(0.5) q[0];",
        "u3(0.1, 0.2, 0.3) q[1];",
        "cx q[0], q[1];",
        "cu1(0.25) q[1], q[0];",
    ]


def test_every_gate_of_the_table_can_be_exported() -> None:
    assert set(GATES) <= set(QASM_NAMES)


@pytest.mark.parametrize("name", ["ryy", "iswap", "iswapdg"])
def test_gates_missing_from_qelib1_are_exported_with_a_definition(name: str) -> None:
    spec = GATES[name]
    circuit = tyxq.Circuit(2).apply(name, 1, 0, params=ANGLES[: spec.n_params])
    program = tyxq.qasm.dumps(circuit)
    assert f"gate {name}" in program
    expected = full_operator(2, (1, 0), gate_matrix(name, ANGLES[: spec.n_params]))
    np.testing.assert_allclose(unitary_of(tyxq.qasm.loads(program)), expected, atol=1e-12)


def test_export_refuses_unitary_operations() -> None:
    with pytest.raises(tyxq.QasmError, match=r"no OpenQASM 2\.0 form .*matrix"):
        tyxq.qasm.dumps(tyxq.Circuit(1).unitary([0], H))


def test_export_refuses_batched_parameters() -> None:
    with pytest.raises(tyxq.QasmError, match="batch of 3 values"):
        tyxq.qasm.dumps(tyxq.Circuit(1).rx(0, np.array([0.1, 0.2, 0.3])))


def test_export_refuses_an_input_state() -> None:
    with pytest.raises(tyxq.QasmError, match=r"starts from \|0…0⟩"):
        tyxq.qasm.dumps(tyxq.Circuit(1, inputs=np.array([0, 1], dtype=complex)))


def test_exported_program_accepts_numpy_scalar_parameters() -> None:
    circuit = tyxq.Circuit(1).rx(0, np.float32(0.5)).ry(0, np.array(0.25))
    assert tyxq.qasm.dumps(circuit).splitlines()[-2:] == ["rx(0.5) q[0];", "ry(0.25) q[0];"]


@settings(max_examples=200, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_exported_angles_read_back_to_the_same_float(value: float) -> None:
    circuit = tyxq.qasm.loads(HEADER + f"qreg q[1];\nrz({format_angle(value)}) q[0];\n")
    assert circuit.ops[0].params == (value,)


@pytest.mark.parametrize("dtype", ["complex128", "complex64"])
@settings(max_examples=40, deadline=None)
@given(case=circuits(batched=False))
def test_round_trip_of_random_circuits_gives_the_reference_state(dtype: str, case: tuple[int, list]) -> None:
    n, gates = case
    program = tyxq.qasm.dumps(build(n, gates))
    with tyxq.use_backend("numpy", dtype=dtype):
        state = tyxq.state(tyxq.qasm.loads(program))
    np.testing.assert_allclose(state, simulate(n, gates), atol=1e-10 if dtype == "complex128" else 2e-5)


def test_measure_into_an_undeclared_classical_register_is_refused() -> None:
    with pytest.raises(tyxq.QasmError, match=r"unknown classical register 'c'.*creg c\[n\]"):
        tyxq.qasm.loads(HEADER + "qreg q[1];\nmeasure q[0] -> c[0];\n")


def test_measure_into_a_register_of_another_size_is_refused() -> None:
    with pytest.raises(tyxq.QasmError, match=r"measure writes 2 qubit\(s\) into 1 bit\(s\)"):
        tyxq.qasm.loads(HEADER + "qreg q[2];\ncreg c[1];\nmeasure q -> c;\n")
