"""The state never reaches the host during a run: every kernel step stays in Legate.

Every way a cuPyNumeric array reaches host memory goes through its thunk's
``__numpy_array__`` (``numpy.asarray``, ``.item()``, ``float()``, cuPyNumeric's
own numpy fallbacks) or ``__dlpack__``; both are wrapped here to record the
size of what crosses. A kernel that converted the state (or the
probabilities, which have as many entries) to numpy would show up as a
transfer of ``2**n`` elements or more. Small transfers (a norm, a
finiteness check) are allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from cupynumeric._thunk.deferred import DeferredArray

import tyxq

from .test_random_circuits import BATCH, build, random_gates

N_QUBITS = 12


@pytest.fixture
def transfers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Sizes (elements) of every cuPyNumeric array read on the host while the fixture is active."""
    sizes: list[int] = []

    def recording(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: DeferredArray, *args: Any, **kwargs: Any) -> Any:
            sizes.append(int(np.prod(self.shape)))
            return original(self, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(DeferredArray, "__numpy_array__", recording(DeferredArray.__numpy_array__))
    monkeypatch.setattr(DeferredArray, "__dlpack__", recording(DeferredArray.__dlpack__))
    yield sizes


def layered(n: int) -> tyxq.Circuit:
    """H on every qubit, a CNOT chain, RZ and RX on every qubit, and gates on distant qubits."""
    circuit = tyxq.Circuit(n).h(range(n))
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    return circuit.rz(range(n), 0.37).rx(range(n), 0.2).rzz(0, n - 1, 0.3).cry(n - 1, 1, 0.4).swap(2, n - 2)


def test_the_recorder_sees_a_state_sized_conversion(transfers: list[int]) -> None:
    with tyxq.use_backend("cupynumeric") as backend:
        state = tyxq.state(layered(N_QUBITS))
        transfers.clear()
        backend.to_numpy(state)
    assert max(transfers) >= 2**N_QUBITS


@pytest.mark.parametrize("circuit", ["layered", "random", "random batched"])
def test_probabilities_keep_the_state_in_legate(transfers: list[int], circuit: str) -> None:
    rng = np.random.default_rng(15)
    batch = BATCH if circuit == "random batched" else None
    built = layered(N_QUBITS) if circuit == "layered" else build(N_QUBITS, random_gates(rng, N_QUBITS, 40, batch))
    with tyxq.use_backend("numpy"):
        expected = np.asarray(tyxq.probabilities(built))
    with tyxq.use_backend("cupynumeric") as backend:
        first = tyxq.probabilities(built)  # builds and caches the plan's operators
        first_transfers = list(transfers)
        transfers.clear()
        again = tyxq.probabilities(built)
        again_transfers = list(transfers)
        values = [backend.to_numpy(first), backend.to_numpy(again)]
    for during in (first_transfers, again_transfers):
        assert not [size for size in during if size >= 2**N_QUBITS], f"state-sized host transfers: {during}"
    for value in values:
        np.testing.assert_allclose(value, expected, atol=1e-10)
