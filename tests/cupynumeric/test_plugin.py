"""The cupynumeric backend is found through the ``tyxq`` entry points, with the backend's own capabilities.

(That discovery imports neither cupynumeric nor legate is tests/plugins/test_import_time.py's check,
which the tox env ``cupynumeric`` runs too.)
"""

from __future__ import annotations

import pytest

import tyxq
from tyxq.plugins import get_plugin_manager
from tyxq_cupynumeric.backend import CupynumericBackend


def test_backend_is_registered_by_the_distribution() -> None:
    registration = get_plugin_manager().get("backend", "cupynumeric")
    assert registration.distribution == "tyxq-cupynumeric"
    assert registration.record.factory == "tyxq_cupynumeric.backend:CupynumericBackend"
    assert "cupynumeric" in tyxq.available_backends()


def test_record_capabilities_are_the_backends(backend: CupynumericBackend) -> None:
    assert get_plugin_manager().get("backend", "cupynumeric").record.capabilities == backend.capabilities


def test_dtype_option_is_checked() -> None:
    with pytest.raises(tyxq.BackendError, match='dtype="complex64"'):
        tyxq.set_backend("cupynumeric", dtype="float32")


def test_unknown_device_is_refused_naming_the_choices() -> None:
    with pytest.raises(tyxq.BackendError, match="auto, cpu, omp, cuda"):
        CupynumericBackend(device="tpu")


def test_a_device_legate_was_not_started_on_is_refused_with_the_launch_setting() -> None:
    current = CupynumericBackend().device
    other = "cpu" if current == "cuda" else "cuda"
    with pytest.raises(tyxq.BackendError, match="LEGATE_CONFIG"):
        CupynumericBackend(device=other)


def test_auto_device_is_where_legate_runs() -> None:
    backend = CupynumericBackend(device="auto")
    assert backend.device == backend.machine.target
    assert CupynumericBackend(device=backend.device).device == backend.device
