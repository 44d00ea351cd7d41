"""Hypothesis strategies: random valid circuits and observables, and the ways to make each one wrong.

A valid circuit is a list of ``(name, qubits, params)`` over the gates the
dense reference (``tests/core/reference.py``) knows, so its state has an
independent answer. The invalid ones change one thing of a valid circuit
(a gate's arity, a qubit, a parameter, the batch, the gate's name, a
matrix, the initial state), each change wrong by the documented rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st

import tyxq
from tyxq.gates import GATES

from ..core import reference

REFERENCE_GATES = sorted(name for name in (*reference.FIXED, *reference.PARAMETRIC) if name in GATES)
MAX_QUBITS = 4

Op = tuple[str, tuple[Any, ...], tuple[Any, ...]]

finite_angles = st.floats(-2 * math.pi, 2 * math.pi, allow_nan=False, allow_infinity=False)
# a valid angle in the forms the docs accept: Python and NumPy floats and integers
angles = st.one_of(
    finite_angles,
    finite_angles.map(np.float64),
    finite_angles.map(np.float32),
    st.integers(-6, 6),
    st.integers(-6, 6).map(np.int64),
)
# a valid qubit index, once it is in range: Python and NumPy integers
qubit_types = st.sampled_from([int, np.int64, np.int32, np.uint8])


@dataclass
class Case:
    """A circuit to build (``n``, ``ops``, optional ``inputs``) and its reference state, if it is valid."""

    n: int
    ops: list[Op]
    inputs: Any = None
    matrices: list[tuple[Any, tuple[Any, ...]]] = field(default_factory=list)  # (matrix, qubits), after ops
    mutation: str = "none"

    def build(self) -> tyxq.Circuit:
        circuit = tyxq.Circuit(self.n, self.inputs)
        for name, qubits, params in self.ops:
            circuit.apply(name, *qubits, params=params)
        for matrix, qubits in self.matrices:
            circuit.unitary(qubits, matrix)
        return circuit

    def reference_state(self) -> np.ndarray:
        gates = [(name, tuple(map(int, qubits)), tuple(map(float, params))) for name, qubits, params in self.ops]
        psi = reference.simulate(self.n, gates, None if self.inputs is None else np.asarray(self.inputs))
        for matrix, qubits in self.matrices:
            psi = reference.full_operator(self.n, tuple(int(q) for q in qubits), np.asarray(matrix)) @ psi
        return psi


@st.composite
def valid_ops(draw: st.DrawFn, n: int, max_ops: int = 8) -> list[Op]:
    names = [name for name in REFERENCE_GATES if GATES[name].n_qubits <= n]
    ops = []
    for _ in range(draw(st.integers(0, max_ops))):
        name = draw(st.sampled_from(names))
        spec = GATES[name]
        kind = draw(qubit_types)
        qubits = tuple(kind(q) for q in draw(st.permutations(range(n)))[: spec.n_qubits])
        ops.append((name, qubits, tuple(draw(angles) for _ in range(spec.n_params))))
    return ops


def random_unitary(rng: np.random.Generator, dim: int) -> np.ndarray:
    """A Haar-like random unitary: the Q of a complex Gaussian matrix."""
    q, r = np.linalg.qr(rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


@st.composite
def valid_cases(draw: st.DrawFn, extras: bool = True) -> Case:
    """A valid circuit; with ``extras``, sometimes a random unitary matrix and a random initial state too."""
    n = draw(st.integers(1, MAX_QUBITS))
    case = Case(n, draw(valid_ops(n)))
    if extras and draw(st.booleans()):
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        k = draw(st.integers(1, min(n, 2)))
        case.matrices.append((random_unitary(rng, 2**k), tuple(draw(st.permutations(range(n)))[:k])))
    if extras and draw(st.booleans()):
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        state = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
        case.inputs = (state / np.linalg.norm(state)).tolist() if draw(st.booleans()) else state / np.linalg.norm(state)
    return case


BAD_QUBIT_VALUES = [1.0, 0.5, True, False, "0", None, 1 + 0j, np.float64(0), np.bool_(False), [0, [1]], object()]
BAD_PARAMS = [
    math.nan, math.inf, -math.inf, np.float64("nan"), 1j, np.complex128(1 + 1j), "0.5", None, [], [[0.1]],
    np.zeros((2, 2)), np.zeros(0), True, np.bool_(True), np.array([True]), np.array(["a"]), ["a"], [1 + 1j],
    [0.1, None], [[0.1], [0.2, 0.3]], object(), {"angle": 0.1},
]  # fmt: skip
BAD_NAMES = [5, None, 1.5, b"h", np.eye(2), ("h",)]


@st.composite
def invalid_cases(draw: st.DrawFn) -> Case:
    """A valid case with one thing made wrong (``Case.mutation`` says which)."""
    n = draw(st.integers(1, MAX_QUBITS))
    ops = draw(valid_ops(n, max_ops=4))
    names = [name for name in REFERENCE_GATES if GATES[name].n_qubits <= n]
    name = draw(st.sampled_from(names))
    spec = GATES[name]
    qubits = list(draw(st.permutations(range(n)))[: spec.n_qubits])
    params = [draw(angles) for _ in range(spec.n_params)]
    kinds = ["arity", "qubit_range", "qubit_type", "gate_name", "unknown_gate", "unitary", "inputs", "batch"]
    if spec.n_qubits > 1:
        kinds.append("repeat")
    kinds += ["param_count", "param_value"] if spec.n_params else ["param_count"]
    mutation = draw(st.sampled_from(kinds))
    case = Case(n, ops, mutation=mutation)
    bad: Op
    if mutation == "arity":
        count = draw(st.integers(0, spec.n_qubits + 2).filter(lambda k: k != spec.n_qubits))
        bad = (name, tuple(range(count)), tuple(params))
    elif mutation == "qubit_range":
        qubits[draw(st.integers(0, len(qubits) - 1))] = draw(
            st.one_of(st.integers(n, n + 10), st.integers(-10, -1), st.just(2**70), st.just(-(2**70)))
        )
        bad = (name, tuple(qubits), tuple(params))
    elif mutation == "qubit_type":
        qubits[draw(st.integers(0, len(qubits) - 1))] = draw(st.sampled_from(BAD_QUBIT_VALUES))
        bad = (name, tuple(qubits), tuple(params))
    elif mutation == "repeat":
        qubits[1] = qubits[0]
        bad = (name, tuple(qubits), tuple(params))
    elif mutation == "param_count":
        count = draw(st.integers(0, spec.n_params + 2).filter(lambda k: k != spec.n_params))
        bad = (name, tuple(qubits), tuple(0.1 for _ in range(count)))
    elif mutation == "param_value":
        params[draw(st.integers(0, len(params) - 1))] = draw(st.sampled_from(BAD_PARAMS))
        bad = (name, tuple(qubits), tuple(params))
    elif mutation == "gate_name":
        bad = (draw(st.sampled_from(BAD_NAMES)), tuple(qubits), tuple(params))  # type: ignore[assignment]
    elif mutation == "unknown_gate":
        bad = ("nogate_" + draw(st.text(max_size=6)), tuple(qubits), tuple(params))
    elif mutation == "batch":  # two batched parameters of different batch sizes
        sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=2, unique=True))
        ops += [("rx", (0,), (np.linspace(0, 1, sizes[0]),)), ("ry", (0,), (np.linspace(0, 1, sizes[1]),))]
        bad = ("h", (0,), ())
    elif mutation == "unitary":
        k = draw(st.integers(1, min(n, 2)))
        targets = tuple(draw(st.permutations(range(n)))[:k])
        matrix = draw(
            st.sampled_from(
                [
                    np.ones((2**k, 2**k)),  # not unitary
                    np.eye(2 ** (k + 1)),  # the wrong size
                    np.full((2**k, 2**k), np.nan),
                    [["a"] * 2**k] * 2**k,
                    np.eye(2**k).astype(str),
                    5,
                    [[1, 0], [0]],
                ]
            )
        )
        case.matrices.append((matrix, targets))
        return case
    else:  # inputs
        case.inputs = draw(
            st.sampled_from(
                [
                    np.ones(2**n),  # not normalised (norm 2**(n/2))
                    np.zeros(2**n),
                    np.ones(2**n + 1) / math.sqrt(2**n + 1),  # the wrong length
                    np.full(2**n, np.nan),
                    ["a"] * 2**n,
                    [[1.0], [0.0, 1.0]],
                ]
            )
        )
        return case
    case.ops = [*ops, bad]
    return case


PAULIS = "IXYZ"


@st.composite
def pauli_texts(draw: st.DrawFn, n: int) -> str:
    return draw(st.text(alphabet=PAULIS, min_size=1, max_size=n))


@st.composite
def invalid_observables(draw: st.DrawFn, n: int) -> Any:
    """An observable that is wrong for an ``n``-qubit circuit, by construction."""
    kind = draw(st.sampled_from(["letter", "too_long", "qubit", "coefficient", "type"]))
    if kind == "letter":
        text = list(draw(pauli_texts(n)))
        text[draw(st.integers(0, len(text) - 1))] = draw(st.sampled_from([*"ABQW#", "é"]))
        return "".join(text)
    if kind == "too_long":  # a Pauli beyond the last qubit
        return draw(pauli_texts(n)).ljust(n, "I") + "I" * draw(st.integers(0, 2)) + draw(st.sampled_from("XYZ"))
    if kind == "qubit":
        pauli = draw(st.sampled_from([tyxq.X, tyxq.Y, tyxq.Z]))
        return draw(st.sampled_from([lambda: pauli(n), lambda: pauli(-1), lambda: pauli(0.5), lambda: pauli("0")]))
    if kind == "coefficient":
        coefficient = draw(st.sampled_from([math.nan, math.inf, "2", None, [1.0], np.ones(2)]))
        return lambda: coefficient * tyxq.Z(0)
    return draw(st.sampled_from([5, None, b"Z", ["Z", 0], {"Z": 1}]))
