"""The kernels never build an array of more than six axes (Legate's limit; a seventh aborts cupynumeric).

A numpy backend whose arrays are an ndarray subclass that refuses a seventh
axis when it is created (by a backend call, an operator or an index) runs
every gate, batched and unbatched, on a register wide enough for every
kernel path, and the measurements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.gates import GATES

LIMIT = 6
N_QUBITS = 17  # a diagonal pair further apart than 16 qubits takes apply_diagonal's six-axis view


class CappedArray(np.ndarray):
    """An ndarray that raises as soon as a view or result would have more than LIMIT axes."""

    largest = 0

    def __array_finalize__(self, obj: Any) -> None:
        CappedArray.largest = max(CappedArray.largest, self.ndim)
        if self.ndim > LIMIT:
            raise AssertionError(f"a kernel built a {self.ndim}-axis array; backends such as Legate allow {LIMIT}")


def _capped(method: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        result = method(*args, **kwargs)
        if isinstance(result, np.ndarray):
            return result.view(CappedArray)
        if isinstance(result, tuple):
            return tuple(r.view(CappedArray) if isinstance(r, np.ndarray) else r for r in result)
        return result

    return call


class CappedBackend(NumpyBackend):
    """The numpy backend, every array it hands out a CappedArray.

    It declares no ``views``, as Legate does not: the in-place kernels, which
    only backends with views run, fix a gate's qubits in one view of up to
    ``2k + 2`` axes.
    """

    capabilities = replace(NumpyBackend.capabilities, views=False)


for _name in dir(NumpyBackend):
    if not _name.startswith("_") and _name != "to_numpy" and callable(getattr(NumpyBackend, _name)):
        setattr(CappedBackend, _name, _capped(getattr(NumpyBackend, _name)))


def _placements(k: int) -> list[tuple[int, ...]]:
    spread = (0, N_QUBITS - 1, N_QUBITS // 2, 1)[:k]
    return [spread, tuple(reversed(spread)), tuple(range(N_QUBITS - k, N_QUBITS))]


@pytest.fixture(scope="module")
def start() -> np.ndarray:
    rng = np.random.default_rng(5)
    psi = rng.standard_normal((2, 2**N_QUBITS)) + 1j * rng.standard_normal((2, 2**N_QUBITS))
    return psi / np.linalg.norm(psi, axis=1, keepdims=True)


@pytest.mark.parametrize("batched", [False, True], ids=["unbatched", "batched"])
@pytest.mark.parametrize("gate", sorted(GATES))
def test_gate_stays_within_six_axes(gate: str, batched: bool, start: np.ndarray) -> None:
    spec = GATES[gate]
    params = [np.array([0.3, -1.1]) if batched else 0.7 for _ in range(spec.n_params)]
    inputs = start if batched else start[0]
    for qubits in _placements(spec.n_qubits):
        circuit = tyxq.Circuit(N_QUBITS, inputs=inputs).apply(gate, *qubits, params=params)
        with tyxq.use_backend(CappedBackend()):
            capped = tyxq.state(circuit)
        np.testing.assert_allclose(np.asarray(capped), tyxq.state(circuit), atol=1e-12)


def test_measurements_stay_within_six_axes(start: np.ndarray) -> None:
    n = N_QUBITS
    circuit = tyxq.Circuit(n, inputs=start).rx(0, [0.1, 0.2]).rzz(0, n - 1, [0.3, 0.4]).cnot(n - 1, 0)
    observable = tyxq.X(0) @ tyxq.Y(n - 1) + tyxq.Z(3) @ tyxq.Z(n - 2) - 0.5 * tyxq.Y(n // 2)
    with tyxq.use_backend(CappedBackend()):
        capped = (tyxq.expectation(circuit, observable), tyxq.probabilities(circuit, qubits=[n - 1, 0, 7]))
    np.testing.assert_allclose(capped[0], tyxq.expectation(circuit, observable), atol=1e-12)
    np.testing.assert_allclose(capped[1], tyxq.probabilities(circuit, qubits=[n - 1, 0, 7]), atol=1e-12)


def test_the_check_sees_the_widest_kernel_view(start: np.ndarray) -> None:
    """The check is live: a diagonal pair at both ends of the register takes a six-axis view, and it is seen."""
    CappedArray.largest = 0
    circuit = tyxq.Circuit(N_QUBITS, inputs=start[0]).rzz(0, N_QUBITS - 1, 0.4)
    with tyxq.use_backend(CappedBackend()):
        tyxq.state(circuit)
    assert CappedArray.largest == LIMIT


def test_a_seventh_axis_is_refused() -> None:
    with pytest.raises(AssertionError, match="7-axis"):
        CappedBackend().zeros((2,) * 6)[..., None]
