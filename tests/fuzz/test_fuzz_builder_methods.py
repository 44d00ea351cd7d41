"""Every builder method generated from the operation table, called every way a user might write it.

For each name of :data:`tyxq.OPERATIONS` with a generated ``Circuit`` method
(gates, channels, ``reset``, and their aliases), hypothesis draws a call:
qubits positional, parameters positional or by keyword in any order, scalar
or a batch ``(B,)``, a single-qubit operation broadcast over a list of
qubits; then often one mistake: an unknown keyword, an extra, missing or
repeated argument, a bool, string, ``None``, complex number, NaN or
infinity as a parameter, an array of the wrong shape, a bool, string,
float, repeated, negative or out-of-range qubit, a channel parameter
outside the table's range.

Every outcome is the dense reference's answer (built here from the
table's own matrix or Kraus operators, applied as full matrices on a random
initial state) or a named ``TyxqError`` under the harness's rule; a mistake
is never accepted, and never a bare ``TypeError``, ``ValueError`` or
``IndexError``.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.kinds import OperationKind
from tyxq.operations import OPERATIONS, OperationSpec

from ..core import reference
from .conftest import FUZZ
from .harness import outcome

GENERATED_KINDS = (OperationKind.GATE, OperationKind.CHANNEL, OperationKind.RESET)
METHODS = sorted(
    (method, spec)
    for spec in OPERATIONS.values()
    if spec.kind in GENERATED_KINDS
    for method in (spec.name, *spec.aliases)
)
MAX_QUBITS = 5
BACKEND = NumpyBackend()

PARAMETER_MISTAKES = {
    "bool parameter": True,
    "string parameter": "0.5",
    "None parameter": None,
    "complex parameter": 0.5 + 0.1j,
    "NaN parameter": math.nan,
    "infinite parameter": -math.inf,
    "2-D parameter": np.full((2, 2), 0.1),
    "3-D parameter": np.full((2, 1, 2), 0.1),
    "empty batch": np.zeros(0),
    "list of strings": ["a", "b"],
    "NaN in a batch": np.array([0.1, math.nan]),
}
QUBIT_MISTAKES = {
    "bool qubit": True,
    "string qubit": "0",
    "float qubit": 1.0,
    "negative qubit": -1,
    "qubit out of range": MAX_QUBITS + 2,
    "None qubit": None,
    "2-D qubit array": np.zeros((1, 1), dtype=int),
}


def test_every_generated_method_is_fuzzed() -> None:
    generated = {name for name, _ in METHODS}
    assert {"h", "cx", "u3", "rzz", "depolarizing", "thermal_relaxation", "reset"} <= generated
    assert all(callable(getattr(tyxq.Circuit, name, None)) for name in generated)


@dataclass
class Call:
    """A drawn call of ``method`` on an ``n``-qubit circuit, and what it should do."""

    method: str
    spec: OperationSpec
    n: int
    qubits: list[Any]  # one entry per qubit slot: an int, or a list of ints for a broadcast single-qubit operation
    params: list[Any]
    args: list[Any]
    kwargs: dict[str, Any]
    seed: int
    mistake: str = "none"
    notes: list[str] = field(default_factory=list)

    def run(self) -> Any:
        psi = initial_state(self.n, self.seed)
        circuit = getattr(tyxq.Circuit(self.n, inputs=psi), self.method)(*self.args, **self.kwargs)
        if self.spec.kind is OperationKind.GATE:
            return tyxq.state(circuit)
        return tyxq.density_matrix(circuit, mode="density_matrix")


def initial_state(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    psi = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
    return psi / np.linalg.norm(psi)


def in_table_range(spec: OperationSpec, params: list[Any]) -> bool:
    """Whether the table's own range check accepts these channel parameters (gates: every finite angle)."""
    if spec.channel is None:
        return True
    return spec.channel.problem(*(np.asarray(p, dtype=np.float64) for p in params)) is None


def valid_value(draw: st.DrawFn, spec: OperationSpec, batch: int | None) -> Any:
    if spec.kind is OperationKind.GATE:
        values = st.floats(-7.0, 7.0, allow_nan=False)
    elif spec.channel is not None and spec.channel.quantity == "time":
        values = st.floats(0.05, 3.0)
    else:
        values = st.floats(0.0, 1.0)
    if batch is None:
        return draw(st.one_of(values, values.map(np.float64), st.integers(0, 1)))
    return np.array([draw(values) for _ in range(batch)])


@st.composite
def calls(draw: st.DrawFn) -> Call:
    method, spec = draw(st.sampled_from(METHODS))
    k = spec.n_qubits
    assert k is not None
    n = draw(st.integers(k, min(k + 2, MAX_QUBITS)))
    order = draw(st.permutations(range(n)))
    qubits: list[Any] = list(order[:k])
    if k == 1 and n > 1 and draw(st.booleans()):  # one single-qubit operation on each of a list of qubits
        qubits = [sorted(order[: draw(st.integers(1, n))])]
    batch = draw(st.sampled_from([None, None, 2, 3])) if spec.params and not isinstance(qubits[0], list) else None
    params = [valid_value(draw, spec, batch if draw(st.booleans()) else None) for _ in spec.params]
    positional = draw(st.integers(0, len(params)))
    keywords = draw(st.permutations(list(zip(spec.params[positional:], params[positional:], strict=True))))
    call = Call(
        method, spec, n, qubits, params, [*qubits, *params[:positional]], dict(keywords), draw(st.integers(0, 99))
    )
    if draw(st.integers(0, 2)) == 0:
        return call  # a valid call, in one of its spellings
    return mistaken(draw, call, positional)


def mistaken(draw: st.DrawFn, call: Call, positional: int) -> Call:
    """``call`` with one mistake the signature or the argument layer must refuse."""
    signature = list(inspect.signature(getattr(tyxq.Circuit, call.method)).parameters)[1:]
    kinds = ["unknown keyword", "extra positional", "missing argument", "repeated qubit keyword", *QUBIT_MISTAKES]
    if call.params:  # a (2, 2) array is one angle per qubit of a broadcast over two qubits: valid there
        broadcast = isinstance(call.qubits[0], list)
        kinds += [kind for kind in PARAMETER_MISTAKES if not (broadcast and kind == "2-D parameter")]
        kinds.append("repeated parameter")
    if len(call.qubits) > 1:
        kinds.append("repeated qubit")
    call.mistake = kind = draw(st.sampled_from(kinds))
    if kind == "unknown keyword":
        name = draw(st.sampled_from(["banana", "angle", "qubits", "theta", "phi", "p", "wires", "target"]))
        if name in signature:
            name = "banana"
        call.kwargs[name] = 0.5
    elif kind == "extra positional":
        call.args.append(draw(st.sampled_from([0, 0.5, "x"])))
    elif kind == "missing argument":
        if call.kwargs and draw(st.booleans()):
            call.kwargs.pop(next(iter(call.kwargs)))
        else:
            call.args.pop()
    elif kind == "repeated qubit keyword":
        call.kwargs[signature[0]] = 0
    elif kind == "repeated parameter":
        call.kwargs[call.spec.params[0]] = 0.5
        if positional == 0:
            call.args.append(0.5)
    elif kind == "repeated qubit":
        call.args[1] = call.args[0]
    elif kind in QUBIT_MISTAKES:
        call.args[draw(st.integers(0, len(call.qubits) - 1))] = QUBIT_MISTAKES[kind]
    else:
        index = draw(st.integers(0, len(call.params) - 1))
        name = call.spec.params[index]
        if name in call.kwargs:
            call.kwargs[name] = PARAMETER_MISTAKES[kind]
        else:
            call.args[len(call.qubits) + index] = PARAMETER_MISTAKES[kind]
    return call


def full(n: int, qubits: tuple[int, ...], matrix: np.ndarray) -> np.ndarray:
    return reference.full_operator(n, qubits, np.asarray(matrix, dtype=complex))


def member(value: Any, b: int) -> Any:
    return np.asarray(value)[b] if np.ndim(value) else np.asarray(value, dtype=np.float64)


def expected(call: Call) -> np.ndarray:
    """The dense answer: the table's matrix (or Kraus operators) as full matrices on the initial state."""
    psi = initial_state(call.n, call.seed)
    batches = [len(p) for p in call.params if np.ndim(p)]
    members = range(batches[0]) if batches else [None]
    broadcast = isinstance(call.qubits[0], list)
    groups = [(q,) for q in call.qubits[0]] if broadcast else [tuple(call.qubits)]
    results = []
    for b in members:
        params = [member(p, b if b is not None else 0) for p in call.params]
        if call.spec.gate is not None:
            state = psi
            for group in groups:
                state = full(call.n, group, BACKEND.to_numpy(call.spec.gate.matrix(BACKEND, params))) @ state
            results.append(state)
        else:
            assert call.spec.channel is not None
            rho = np.outer(psi, psi.conj())
            kraus = BACKEND.to_numpy(call.spec.channel.build(BACKEND, *params))
            for group in groups:
                rho = sum(full(call.n, group, k) @ rho @ full(call.n, group, k).conj().T for k in kraus)
            results.append(rho)
    return np.stack(results) if batches else results[0]


@FUZZ
@given(calls())
def test_every_generated_method_gives_the_dense_answer_or_a_named_error(call: Call) -> None:
    valid = call.mistake == "none" and in_table_range(call.spec, call.params)
    result, error = outcome(f"builder: {call.spec.kind.name.lower()}", call.run, invalid=not valid)
    if not valid:
        return  # the harness saw it refused with a named error
    assert error is None, f"a valid call of {call.method}({call.args}, {call.kwargs}) was refused: {error!r}"
    np.testing.assert_allclose(np.asarray(result), expected(call), atol=1e-9)
