"""The one process pool of a session: spawned once, on the first row that runs in another process."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest


class LazyPool:
    """A spawned ``ProcessPoolExecutor`` of one worker, started when first asked for and reused after."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def get(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def process_pool() -> Iterator[LazyPool]:
    pool = LazyPool()
    yield pool
    pool.close()
