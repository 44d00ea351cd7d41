"""One BLAS thread while the kernels run: their products are too small to share between threads.

A product of one block (``8 × 8`` by ``8 × 4096``) takes about 50 µs on one
core. Split over OpenBLAS's threads it gains nothing, and on a machine whose
cores are busy with other work the threads wait for each other: the same
product was measured at 1 to 7 ms, a hundred times slower. Every product the
statevector kernels make is of that kind (a gate matrix of at most a few
qubits times a view of the state), on both paths: the in-place runner and the
out-of-place steps of small states (:func:`tyxq.kernels.simulate.evolve`) limit
BLAS to one thread (with :mod:`threadpoolctl`; process-wide, so other threads'
BLAS calls meanwhile run on one thread too) while they run, and restore the
limit afterwards; concurrent simulations (threads of :func:`tyxq.map`) share
one limit, set by the first and restored by the last.

Setting and restoring the limit costs about 10 µs. Finding the loaded BLAS
libraries costs about 0.5 ms, so they are looked up again only when modules were
imported since the last look (an import is what loads another BLAS, scipy's or
torch's).

Example:
    >>> with one_blas_thread():
    ...     pass
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["one_blas_thread"]

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"depth": 0, "limit": None, "controller": None, "modules": -1}


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit the BLAS libraries loaded in this process to one thread inside the ``with`` block.

    The loaded libraries are scanned again at an outermost entry after an import (about 0.5 ms):
    a BLAS that another library loaded since (scipy's, torch's) is limited too. Known limit: with
    numpy's OpenBLAS 0.3, a limit set from a thread other than the main one was seen not to take
    effect once that OpenBLAS had run products from several threads; the simulation is then only
    slower, never wrong.
    """
    with _LOCK:
        if _STATE["depth"] == 0:
            _STATE["limit"] = _controller().limit(limits=1, user_api="blas")
        _STATE["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _STATE["depth"] -= 1
            if _STATE["depth"] == 0:
                _STATE["limit"].restore_original_limits()
                _STATE["limit"] = None


def _controller() -> Any:
    """The loaded BLAS and OpenMP libraries, looked up again where modules were imported since the last look."""
    if _STATE["controller"] is None or len(sys.modules) != _STATE["modules"]:
        from threadpoolctl import ThreadpoolController

        _STATE["controller"] = ThreadpoolController()
        _STATE["modules"] = len(sys.modules)
    return _STATE["controller"]
