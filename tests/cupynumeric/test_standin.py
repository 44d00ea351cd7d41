"""The stand-in CUDA driver: built only without a real driver, and a Legate abort counts as a failure."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tyxq_cupynumeric import standin

CUDA_ERROR_NO_DEVICE = 100


def test_the_standin_answers_no_device(tmp_path: Path) -> None:
    library = ctypes.CDLL(str(standin.build(tmp_path)))
    count = ctypes.c_int(-1)
    assert library.cuInit(0) == CUDA_ERROR_NO_DEVICE
    assert library.cuDeviceGetCount(ctypes.byref(count)) == CUDA_ERROR_NO_DEVICE and count.value == 0


def test_without_a_driver_the_standin_goes_first_on_the_library_path(tmp_path: Path) -> None:
    env = standin.environment(tmp_path, {"LD_LIBRARY_PATH": "/opt/other", "LEGATE_CONFIG": "--cpus 2 --gpus 0"})
    if standin.nvidia_driver_loadable():
        assert env["LD_LIBRARY_PATH"] == "/opt/other" and not (tmp_path / "libcuda.so.1").exists()
        return
    assert env["LD_LIBRARY_PATH"].split(os.pathsep) == [str(tmp_path), "/opt/other"]
    assert (tmp_path / "libcuda.so.1").exists()
    assert env["LEGATE_CONFIG"] == "--cpus 2 --gpus 0"  # the caller's settings win


def test_without_settings_legate_gets_cpus(tmp_path: Path) -> None:
    env = standin.environment(tmp_path, {})
    assert env.get("LEGATE_CONFIG") == (None if standin.nvidia_driver_loadable() else standin.CPU_LEGATE_CONFIG)


def test_a_loadable_driver_disables_the_standin_and_removes_a_stale_one(tmp_path: Path) -> None:
    driver = tmp_path / "driver"
    driver.mkdir()
    source = tmp_path / "driver.c"
    source.write_text("int cuInit(unsigned int flags) { (void)flags; return 0; }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(driver / "libcuda.so.1"), str(source)], check=True)
    stale = standin.build(tmp_path / "standin")
    code = (
        "import json, sys\nfrom tyxq_cupynumeric import standin\n"
        "env = standin.environment(sys.argv[1], {'LD_LIBRARY_PATH': 'kept'})\n"
        "print(json.dumps([standin.nvidia_driver_loadable(), env['LD_LIBRARY_PATH']]))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code, str(stale.parent)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LD_LIBRARY_PATH": str(driver)},
    ).stdout
    assert shown.strip() == '[true, "kept"]'
    assert not stale.exists()


def test_run_passes_the_exit_status_on(tmp_path: Path) -> None:
    assert standin.run([sys.executable, "-c", "raise SystemExit(3)"], tmp_path) == 3


def test_an_aborted_command_is_reported_as_a_failure(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    status = standin.run([sys.executable, "-c", "import os; os.abort()"], tmp_path)
    assert status == 128 + 6
    assert "killed by SIGABRT" in capfd.readouterr().err


def test_a_legate_abort_fails_the_run(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Legate aborts on a sum over a seven-axis view made by indexing; the run fails rather than passing."""
    code = "import cupynumeric as cn\nseven = cn.ones((2,) * 6)[..., None]\nprint(float(seven.sum()))"
    status = standin.run([sys.executable, "-c", code], tmp_path)
    err = capfd.readouterr().err
    assert status == 128 + 6
    assert "LEGATE ERROR" in err and "killed by SIGABRT" in err and "FAILED" in err
