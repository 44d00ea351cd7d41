"""Random circuits with every gate: cupynumeric's results equal numpy's, batched and unbatched, up to 20 qubits."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.gates import GATES

from .conftest import TOLERANCE

BATCH = 3


def random_gates(rng: np.random.Generator, n: int, depth: int, batch: int | None) -> list:
    names = [name for name, spec in GATES.items() if spec.n_qubits <= n]
    gates = []
    for _ in range(depth):
        name = str(rng.choice(names))
        spec = GATES[name]
        qubits = tuple(int(q) for q in rng.permutation(n)[: spec.n_qubits])
        params = tuple(
            rng.uniform(-7, 7, batch) if batch and rng.random() < 0.5 else float(rng.uniform(-7, 7))
            for _ in range(spec.n_params)
        )
        gates.append((name, qubits, params))
    return gates


def build(n: int, gates: list) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n)
    for name, qubits, params in gates:
        circuit.apply(name, *qubits, params=params)
    return circuit


def on_both(
    circuit: tyxq.Circuit, dtype: str, what: str, *args: object, **kwargs: object
) -> tuple[np.ndarray, np.ndarray]:
    verb = getattr(tyxq, what)  # tyxq.state, tyxq.expectation, tyxq.probabilities
    with tyxq.use_backend("numpy", dtype=dtype):
        expected = np.asarray(verb(circuit, *args, **kwargs))
    with tyxq.use_backend("cupynumeric", dtype=dtype) as backend:
        result = backend.to_numpy(verb(circuit, *args, **kwargs))
    return result, expected


@pytest.mark.parametrize("dtype", ["complex128", "complex64"])
@pytest.mark.parametrize("seed", range(24))
def test_small_random_circuit_states_equal_numpy(dtype: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, batched = 1 + seed % 7, seed % 2 == 1
    circuit = build(n, random_gates(rng, n, int(rng.integers(1, 30)), BATCH if batched else None))
    result, expected = on_both(circuit, dtype, "state")
    assert result.dtype == np.dtype(dtype) and result.shape == expected.shape
    np.testing.assert_allclose(result, expected, atol=TOLERANCE[dtype])


@pytest.mark.parametrize(
    ("n", "batch"), [(12, None), (16, None), (20, None), (12, BATCH), (16, 2), (20, 2)], ids=lambda v: str(v)
)
def test_wide_random_circuit_states_equal_numpy(n: int, batch: int | None) -> None:
    rng = np.random.default_rng(n * 10 + (batch or 0))
    circuit = build(n, random_gates(rng, n, 30, batch))
    result, expected = on_both(circuit, "complex128", "state")
    assert result.shape == ((batch, 2**n) if circuit.batch_size else (2**n,))
    np.testing.assert_allclose(result, expected, atol=1e-10)


@pytest.mark.parametrize("batch", [None, BATCH])
def test_expectations_equal_numpy(batch: int | None) -> None:
    n = 10
    circuit = build(n, random_gates(np.random.default_rng(3), n, 40, batch))
    observable = tyxq.X(0) @ tyxq.Y(n - 1) + 0.5 * tyxq.Z(2) @ tyxq.Z(7) - 0.3 * tyxq.Y(4) + 0.2
    result, expected = on_both(circuit, "complex128", "expectation", observable)
    np.testing.assert_allclose(result, expected, atol=1e-10)


def test_marginal_probabilities_equal_numpy() -> None:
    n = 9
    circuit = build(n, random_gates(np.random.default_rng(4), n, 30, BATCH))
    result, expected = on_both(circuit, "complex128", "probabilities", qubits=[6, 0, 3])
    np.testing.assert_allclose(result, expected, atol=1e-12)


def test_samples_are_reproducible_and_follow_the_probabilities() -> None:
    circuit = tyxq.Circuit(3).ry(0, 1.1).cnot(0, 1).h(2)
    with tyxq.use_backend("cupynumeric"):
        first, again = tyxq.counts(circuit, 20_000, seed=9), tyxq.counts(circuit, 20_000, seed=9)
        other = tyxq.counts(circuit, 20_000, seed=10)
    assert first == again and first != other
    p1 = np.sin(1.1 / 2) ** 2  # qubit 0 (and so qubit 1) is 1 with this probability; qubit 2 is fair
    expected = {"000": (1 - p1) / 2, "001": (1 - p1) / 2, "110": p1 / 2, "111": p1 / 2}
    assert set(first) == set(expected)
    for bits, p in expected.items():
        assert abs(first[bits] - 20_000 * p) < 5 * np.sqrt(20_000 * p * (1 - p))
