"""The out-of-place kernels of small states run their products on one BLAS thread, and restore the limit after."""

from __future__ import annotations

from typing import Any

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.kernels.blocked import runs_in_place
from tyxq.kernels.simulate import final_state

from .reference import simulate


def blas_threads() -> set[int]:
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}


class ThreadsSeen(NumpyBackend):
    """The numpy backend, noting how many BLAS threads each matrix product could use."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[set[int]] = []

    def matmul(self, a: Any, b: Any, out: Any = None) -> Any:
        self.seen.append(blas_threads())
        return super().matmul(a, b, out=out)


def test_a_small_state_is_simulated_with_one_blas_thread_and_the_limit_is_restored() -> None:
    backend = ThreadsSeen()
    n = 10
    circuit = tyxq.Circuit(n).h(range(n)).cnot([0, 1, 2], [1, 2, 3]).ry(range(n), 0.3).rx(0, 0.2)
    assert not runs_in_place(backend, 2**n)  # the out-of-place path, not the blocked one
    with threadpool_limits(limits=2, user_api="blas"):
        psi = final_state(backend, circuit)
        after = blas_threads()
    assert backend.seen and all(seen == {1} for seen in backend.seen), backend.seen
    assert after == {2}
    gates = [("h", (q,), ()) for q in range(n)] + [("cnot", (q, q + 1), ()) for q in range(3)]
    gates += [("ry", (q,), (0.3,)) for q in range(n)] + [("rx", (0,), (0.2,))]
    np.testing.assert_allclose(psi[0], simulate(n, gates), atol=1e-12)
