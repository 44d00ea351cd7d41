"""The generated builder methods: real signatures from the operation table, kept in step with it."""

from __future__ import annotations

import importlib.util
import inspect
import itertools
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import tyxq
from tyxq.kinds import OperationKind
from tyxq.operations import OPERATIONS

GENERATOR = Path(__file__).resolve().parents[2] / "core" / "tools" / "generate_circuit_methods.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_circuit_methods", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _u(theta: float, phi: float, lam: float) -> np.ndarray:
    """OpenQASM's U, written out (the reference)."""
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    return np.array([[c, -np.exp(1j * lam) * s], [np.exp(1j * phi) * s, np.exp(1j * (phi + lam)) * c]])


def test_the_checked_in_methods_are_what_the_table_generates() -> None:
    generated = _generator().render()
    checked_in = (Path(tyxq.__file__).parent / "circuit_methods.py").read_text()
    assert generated == checked_in, "run: python core/tools/generate_circuit_methods.py"


def test_the_generator_sees_a_new_table_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    generator = _generator()
    entry = OPERATIONS["rx"]
    monkeypatch.setitem(OPERATIONS, "rx_twin", type(entry)("rx_twin", entry.kind, 1, ("theta",), gate=entry.gate))
    monkeypatch.setattr(generator, "Circuit", _TwinCircuit)
    assert "def rx_twin(self, qubit: Qubits, theta: Parameter) -> Circuit:" in generator.render()


class _TwinCircuit(tyxq.Circuit):
    """A circuit that reads ``rx_twin`` as ``rx`` (the generator runs the docstring example through ``apply``)."""

    def apply(self, name: str, *qubits: object, params: object = ()) -> tyxq.Circuit:
        return super().apply("rx" if name == "rx_twin" else name, *qubits, params=params)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name", [name for name, entry in OPERATIONS.items() if entry.kind in (OperationKind.GATE, OperationKind.CHANNEL)]
)
def test_every_method_has_the_parameter_names_of_its_table_entry(name: str) -> None:
    entry = OPERATIONS[name]
    parameters = list(inspect.signature(getattr(tyxq.Circuit, name)).parameters)
    assert entry.n_qubits is not None
    assert parameters[0] == "self"
    assert len(parameters) == 1 + entry.n_qubits + entry.n_params
    assert tuple(parameters[1 + entry.n_qubits :]) == entry.params


def test_aliases_are_the_same_methods() -> None:
    assert tyxq.Circuit.cx is tyxq.Circuit.cnot
    assert tyxq.Circuit.u3 is tyxq.Circuit.u
    assert tyxq.Circuit.p is tyxq.Circuit.phase
    assert [op.name for op in tyxq.Circuit(2).cx(0, 1).p(1, 0.2)] == ["cnot", "phase"]


@pytest.mark.parametrize("order", list(itertools.permutations(["theta", "phi", "lam"])))
def test_u_keywords_in_any_order_equal_the_positional_call(order: tuple[str, ...]) -> None:
    values = {"theta": 0.1, "phi": 0.2, "lam": 0.3}
    by_keyword = tyxq.Circuit(1).u(0, **{k: values[k] for k in order})
    positional = tyxq.Circuit(1).u(0, 0.1, 0.2, 0.3)
    assert by_keyword.ops[0].params == positional.ops[0].params == (0.1, 0.2, 0.3)
    expected = _u(0.1, 0.2, 0.3) @ np.array([1, 0])
    np.testing.assert_allclose(tyxq.state(by_keyword), expected, atol=1e-12)


def test_the_issue_example_is_no_longer_read_by_position() -> None:
    c = tyxq.Circuit(1).u(0, lam=0.3, phi=0.2, theta=0.1)
    np.testing.assert_allclose(tyxq.state(c), _u(0.1, 0.2, 0.3)[:, 0], atol=1e-12)


def test_an_unknown_keyword_is_a_signature_error_naming_it_and_the_signature() -> None:
    with pytest.raises(
        tyxq.SignatureError, match=r"unexpected keyword argument 'banana'; call it as rx\(qubit, theta\)"
    ):
        tyxq.Circuit(1).rx(0, banana=0.5)  # type: ignore[call-arg]


def test_the_signature_names_the_accepted_keywords() -> None:
    assert (
        str(inspect.signature(tyxq.Circuit.fsim))
        == "(self, q0: 'Qubits', q1: 'Qubits', theta: 'Parameter', phi: 'Parameter') -> 'Circuit'"
    )
    assert "Generator of ``theta``" in (tyxq.Circuit.rx.__doc__ or "")


def test_qubit_keywords_and_lists() -> None:
    c = tyxq.Circuit(3).rx(qubit=[0, 2], theta=0.4).cnot(q0=0, q1=1).h(range(3))
    assert [str(op) for op in c][:3] == ["rx(0.4) q[0]", "rx(0.4) q[2]", "cnot q[0], q[1]"]
    assert len(c) == 6


def test_channel_keywords_in_any_order() -> None:
    a = tyxq.Circuit(1).thermal_relaxation(0, time=0.5, t1=1.0, t2=0.8)
    b = tyxq.Circuit(1).thermal_relaxation(0, 1.0, 0.8, 0.5)
    assert a.ops[0].params == b.ops[0].params == (1.0, 0.8, 0.5)
    # the populations of |1> decay by exp(-time/t1): after x, P(1) = e^{-0.5}
    probabilities = tyxq.probabilities(
        tyxq.Circuit(1).x(0).thermal_relaxation(0, time=0.5, t1=1.0, t2=0.8), mode="density_matrix"
    )
    np.testing.assert_allclose(probabilities, [1 - np.exp(-0.5), np.exp(-0.5)], atol=1e-12)


def test_the_reset_docstring_says_the_statevector_mode_runs_it() -> None:
    assert "statevector" in (tyxq.Circuit.reset.__doc__ or "")
    np.testing.assert_allclose(tyxq.probabilities(tyxq.Circuit(1).x(0).reset(0), mode="statevector"), [1, 0])
