"""Fixtures for the cupynumeric backend's tests.

These tests run in their own pytest process (tox env ``cupynumeric``),
started through ``python -m tyxq_cupynumeric.standin`` so that a machine
without an NVIDIA driver runs Legate on CPUs, and a Legate abort fails the run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import tyxq
from tyxq_cupynumeric.backend import CupynumericBackend

TOLERANCE = {"complex128": 1e-10, "complex64": 2e-5}


@pytest.fixture(params=["complex128", "complex64"])
def dtype(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def backend(dtype: str) -> Iterator[CupynumericBackend]:
    with tyxq.use_backend("cupynumeric", dtype=dtype) as active:
        yield active
