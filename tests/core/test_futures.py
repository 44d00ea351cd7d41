"""tyxq.submit and the pool it runs in: futures, the caller's context, the pool size."""

from __future__ import annotations

import math
import threading
from concurrent.futures import Future

import pytest

import tyxq
from tyxq.futures import submit_call


@pytest.fixture(autouse=True)
def default_pool_size():
    yield
    tyxq.set_max_workers(None)


def ry_expectation(angle):
    return float(tyxq.expectation(tyxq.Circuit(1).ry(0, angle), tyxq.Z(0)))


def test_submit_call_returns_a_future_with_the_result():
    future = submit_call(ry_expectation, 0.7)
    assert isinstance(future, Future)
    assert math.isclose(future.result(timeout=30), math.cos(0.7), abs_tol=1e-12)


def test_submitted_work_sees_the_callers_active_backend():
    with tyxq.use_backend("numpy", dtype="complex64"):
        inside = submit_call(lambda: tyxq.get_backend().complex_dtype)
    outside = submit_call(lambda: tyxq.get_backend().complex_dtype)
    assert (inside.result(timeout=30), outside.result(timeout=30)) == ("complex64", "complex128")


def test_errors_arrive_through_the_future():
    future = submit_call(lambda: tyxq.Circuit(1).h(5))
    assert isinstance(future.exception(timeout=30), tyxq.QubitIndexError)


def test_submissions_run_concurrently_up_to_the_pool_size():
    tyxq.set_max_workers(2)
    barrier = threading.Barrier(2, timeout=10)
    futures = [submit_call(lambda angle=angle: (barrier.wait(), ry_expectation(angle))[1]) for angle in (0.0, math.pi)]
    assert [round(future.result(timeout=30), 12) for future in futures] == [1.0, -1.0]


def test_one_worker_runs_submissions_one_at_a_time():
    tyxq.set_max_workers(1)
    barrier = threading.Barrier(2, timeout=0.5)
    futures = [submit_call(barrier.wait) for _ in range(2)]
    assert isinstance(futures[0].exception(timeout=30), threading.BrokenBarrierError)


def test_pool_size_comes_from_tyxq_max_workers(monkeypatch):
    monkeypatch.setenv("TYXQ_MAX_WORKERS", "3")
    assert tyxq.get_max_workers() == 3


def test_set_max_workers_overrides_the_environment(monkeypatch):
    monkeypatch.setenv("TYXQ_MAX_WORKERS", "3")
    tyxq.set_max_workers(5)
    assert tyxq.get_max_workers() == 5


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_invalid_tyxq_max_workers_is_a_configuration_error(monkeypatch, value):
    monkeypatch.setenv("TYXQ_MAX_WORKERS", value)
    with pytest.raises(tyxq.ConfigurationError, match="TYXQ_MAX_WORKERS must be a positive whole number"):
        tyxq.get_max_workers()


@pytest.mark.parametrize("value", [0, 2.5, True, "4"])
def test_invalid_set_max_workers_is_a_configuration_error(value):
    with pytest.raises(tyxq.ConfigurationError, match=r"set_max_workers\(n\) must be a positive whole number"):
        tyxq.set_max_workers(value)


def test_submit_computes_tyxq_expectation_in_the_background():
    circuit = tyxq.Circuit(2).ry(0, 0.4).cnot(0, 1)
    future = tyxq.submit(circuit, tyxq.Z(0) @ tyxq.Z(1))
    assert math.isclose(float(future.result(timeout=30)), 1.0, abs_tol=1e-12)
    future = tyxq.submit(circuit, tyxq.Z(1))
    assert math.isclose(float(future.result(timeout=30)), math.cos(0.4), abs_tol=1e-12)
