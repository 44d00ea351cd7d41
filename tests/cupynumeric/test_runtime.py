"""Legate's machine, its memory limit, and the errors of a runtime that cannot start."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest

import tyxq
from tyxq.kernels.memory import WORKING_COPIES, state_bytes
from tyxq_cupynumeric import runtime
from tyxq_cupynumeric.backend import CupynumericBackend
from tyxq_cupynumeric.standin import nvidia_driver_loadable


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}, check=False
    )


def test_memory_is_what_legate_was_given(backend: CupynumericBackend) -> None:
    from legate.core import get_legate_runtime

    config = get_legate_runtime().realm_config()
    machine = backend.machine
    per = {"cpu": config.sysmem * machine.nodes, "cuda": (config.fbmem or 0) * machine.processors}
    assert backend.available_memory() == per.get(machine.target, backend.available_memory())
    assert backend.available_memory() > 0


def test_a_state_beyond_legates_memory_is_refused_before_allocation(backend: CupynumericBackend, dtype: str) -> None:
    limit = backend.available_memory()
    n = math.ceil(math.log2(limit / (WORKING_COPIES * state_bytes(0, 1, dtype)))) + 1
    with pytest.raises(tyxq.StateTooLargeError, match=f"{n}-qubit statevector.*cupynumeric/"):
        tyxq.state(tyxq.Circuit(n).h(0))


def test_missing_driver_library_names_the_standin() -> None:
    paths = [p for p in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if "standin" not in p]
    done = _python(
        "from tyxq_cupynumeric.runtime import load_cupynumeric\nload_cupynumeric()",
        LD_LIBRARY_PATH=os.pathsep.join(paths),
    )
    if nvidia_driver_loadable():
        assert done.returncode == 0, done.stderr
    else:
        assert "tyxq.errors.BackendError" in done.stderr
        assert "python -m tyxq_cupynumeric.standin" in done.stderr


def test_a_legate_that_cannot_start_names_the_settings() -> None:
    done = _python(
        "from tyxq_cupynumeric.runtime import load_cupynumeric\nload_cupynumeric()",
        LEGATE_CONFIG="--cpus 1 --gpus 4096",
    )
    assert "tyxq.errors.BackendError: Legate failed to start with LEGATE_CONFIG='--cpus 1 --gpus 4096'" in done.stderr


def test_the_standin_is_refused_where_an_nvidia_driver_is_loaded(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    if not runtime.standin_loaded():
        assert nvidia_driver_loadable()  # a real driver: nothing to refuse
        return
    driver_file = tmp_path / "version"
    driver_file.write_text("NVRM version: NVIDIA UNIX x86_64 Kernel Module\n")
    monkeypatch.setattr(runtime, "NVIDIA_DRIVER_FILE", driver_file)
    with pytest.raises(tyxq.BackendError, match="remove the stand-in"):
        runtime.load_cupynumeric.__wrapped__()
