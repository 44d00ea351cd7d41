"""Random noisy circuits of 1 to 5 qubits: density_matrix to 1e-10 of a dense Kraus reference, trajectories to 4σ."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq

from ..reference import pauli_matrix
from .dense import CHANNEL_NAMES, Operation, density

GATES_1 = ["h", "x", "s", "t", "sx"]
ROTATIONS_1 = ["rx", "ry", "rz", "phase"]
GATES_2 = ["cnot", "cz", "swap"]
ROTATIONS_2 = ["rxx", "rzz", "crx"]
CHANNEL_RANGES = {
    "depolarizing": (0.0, 4 / 3),
    "depolarizing2": (0.0, 16 / 15),
    "bit_flip": (0.0, 1.0),
    "phase_flip": (0.0, 1.0),
    "amplitude_damping": (0.0, 1.0),
    "phase_damping": (0.0, 1.0),
}


def _random_ops(rng: np.random.Generator, n: int, depth: int, batch: int | None) -> list[Operation]:
    """Gates and channels with host parameters; batched ones are arrays ``(batch,)``."""

    def value(low: float, high: float) -> Any:
        if batch is not None and rng.random() < 0.5:
            return rng.uniform(low, high, batch)
        return float(rng.uniform(low, high))

    ops: list[Operation] = []
    for _ in range(depth):
        two = n > 1 and rng.random() < 0.4
        qubits = tuple(int(q) for q in rng.permutation(n)[: 2 if two else 1])
        kind = rng.random()
        if kind < 0.3:
            ops.append((str(rng.choice(GATES_2 if two else GATES_1)), qubits, ()))
        elif kind < 0.6:
            ops.append((str(rng.choice(ROTATIONS_2 if two else ROTATIONS_1)), qubits, (value(-np.pi, np.pi),)))
        elif kind < 0.7:
            dim = 2 ** len(qubits)
            z = rng.standard_normal((2 * dim, dim)) + 1j * rng.standard_normal((2 * dim, dim))
            operators = list(np.linalg.qr(z)[0].reshape(2, dim, dim))
            ops.append(("kraus", qubits, (operators,)))
        elif two:
            ops.append(("depolarizing2", qubits, (value(*CHANNEL_RANGES["depolarizing2"]),)))
        else:
            name = str(rng.choice([c for c in CHANNEL_NAMES if c != "depolarizing2"]))
            if name == "thermal_relaxation":
                ops.append((name, qubits, (1.0, float(rng.uniform(0.2, 2.0)), value(0.0, 1.0))))
            else:
                ops.append((name, qubits, (value(*CHANNEL_RANGES[name]),)))
    return ops


def _circuit(n: int, ops: list[Operation]) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n)
    for name, qubits, params in ops:
        if name == "kraus":
            circuit.kraus(qubits, params[0])
        else:
            circuit.apply(name, *qubits, params=list(params))
    return circuit


def _member(ops: list[Operation], b: int) -> list[Operation]:
    pick = lambda p: p[b] if isinstance(p, np.ndarray) and p.ndim == 1 else p  # noqa: E731 - one line
    return [(name, q, params if name == "kraus" else tuple(pick(p) for p in params)) for name, q, params in ops]


def _observable(rng: np.random.Generator, n: int) -> tyxq.Hamiltonian:
    terms = [tyxq.PauliString((), 0.3)]
    for _ in range(3):
        qubits = rng.permutation(n)[: int(rng.integers(1, n + 1))]
        terms.append(tyxq.PauliString(tuple((int(q), str(rng.choice(["X", "Y", "Z"]))) for q in qubits), rng.normal()))
    return tyxq.Hamiltonian(tuple(terms))


def _reference(n: int, ops: list[Operation], observable: tyxq.Hamiltonian, batch: int | None) -> np.ndarray:
    matrix = sum(t.coefficient.real * pauli_matrix(n, t.as_dict) for t in observable.terms)
    members = [ops] if batch is None else [_member(ops, b) for b in range(batch)]
    values = np.array([np.trace(matrix @ density(n, m)).real for m in members])
    return values[0] if batch is None else values


CASES = [(n, batch, seed) for n in range(1, 6) for batch, seed in ((None, n), (3, 10 + n))]


@pytest.mark.parametrize("dtype", ["complex128", "complex64"])
@pytest.mark.parametrize(("n", "batch", "seed"), CASES)
def test_density_matrix_matches_the_dense_kraus_reference(dtype: str, n: int, batch: int | None, seed: int) -> None:
    rng = np.random.default_rng(seed)
    ops = _random_ops(rng, n, 14, batch)
    observable = _observable(rng, n)
    with tyxq.use_backend("numpy", dtype=dtype):
        value = np.asarray(tyxq.expectation(_circuit(n, ops), observable, mode="density_matrix"))
    tolerance = 1e-10 if dtype == "complex128" else 2e-5 * sum(abs(t.coefficient) for t in observable.terms)
    np.testing.assert_allclose(value, _reference(n, ops, observable, batch), atol=tolerance)


@pytest.mark.parametrize(("n", "batch", "seed"), CASES[::3])
def test_trajectories_lie_within_four_standard_errors(n: int, batch: int | None, seed: int) -> None:
    rng = np.random.default_rng(seed)
    ops = _random_ops(rng, n, 14, batch)
    observable = _observable(rng, n)
    trajectories = 3000
    value = np.asarray(
        tyxq.expectation(_circuit(n, ops), observable, mode=tyxq.TrajectoriesMode(trajectories=trajectories, seed=seed))
    )
    bound = 4 * sum(abs(t.coefficient) for t in observable.terms if t.paulis) / np.sqrt(trajectories)
    assert np.all(np.abs(value - _reference(n, ops, observable, batch)) <= bound)
