"""Fixtures for the torch backend's tests, and the rule that CUDA tests are reported as not run without a GPU."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch

import tyxq

CUDA_AVAILABLE = torch.cuda.is_available()
DTYPES = ("complex64", "complex128")
REAL = {"complex64": torch.float32, "complex128": torch.float64}
TOLERANCE = {"complex64": 2e-5, "complex128": 1e-10}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CUDA_AVAILABLE:
        return
    reason = "needs a CUDA GPU: torch.cuda.is_available() is False on this machine"
    for item in items:
        if item.get_closest_marker("cuda") is not None:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(params=DTYPES)
def dtype(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def backend(dtype: str) -> Iterator[tyxq.backends.Backend]:
    with tyxq.use_backend("torch", dtype=dtype) as chosen:
        yield chosen


@pytest.fixture
def backend128() -> Iterator[tyxq.backends.Backend]:
    with tyxq.use_backend("torch", dtype="complex128") as chosen:
        yield chosen
