"""The plan cache under threads: eight threads compiling different structures at once, with evictions."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

import tyxq
from tyxq.kernels import plan

from .reference import simulate

GATES_1Q = ("h", "x", "s", "t")


def _structure(thread: int, index: int) -> list[tuple[str, tuple[int, ...], tuple[float, ...]]]:
    """A circuit on 3 qubits whose structure differs for every ``(thread, index)``: a base-4 code in its gates."""
    code = thread * 1000 + index
    gates: list[tuple[str, tuple[int, ...], tuple[float, ...]]] = []
    for position in range(6):
        gates.append((GATES_1Q[code % 4], (position % 3,), ()))
        code //= 4
    gates.append(("cnot", (thread % 3, (thread + 1) % 3), ()))
    gates.append(("ry", (index % 3,), (0.1 * index,)))
    return gates


def test_eight_threads_compiling_different_structures_with_evictions_get_right_states(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(plan, "_CACHE_SIZE", 8)  # far fewer entries than structures: constant eviction
    monkeypatch.setattr(plan, "_PLANS", plan.OrderedDict())
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to meet the races
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    circuits = []
    for index in range(12):  # 12 structures for 8 places: hits and evictions interleave
        gates = _structure(index % 8, index)
        circuit = tyxq.Circuit(3)
        for name, qubits, params in gates:
            circuit.apply(name, *qubits, params=params)
        circuits.append((circuit, gates))

    def work(thread: int) -> None:
        start.wait()
        try:
            for round_ in range(2000):
                circuit, _ = circuits[(thread * 5 + round_) % len(circuits)]
                assert plan.compile_plan(circuit).n_ops == len(circuit)
            for circuit, gates in circuits[thread::4]:
                np.testing.assert_allclose(tyxq.state(circuit), simulate(3, gates), atol=1e-12)
        except BaseException as error:  # noqa: BLE001 - reported to the main thread below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert not failures, failures[:3]
    assert len(plan._PLANS) <= 8
