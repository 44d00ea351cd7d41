"""``mypy --strict`` accepts a user's script that builds circuits: the generated methods have real signatures.

One mypy run checks the script and a second file with an unknown keyword, which it must reject (so a
silently untyped ``Circuit`` would fail here too).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("build_circuits.py")


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    bad = tmp_path_factory.mktemp("typing") / "unknown_keyword.py"
    bad.write_text("import tyxq\n\ntyxq.Circuit(1).rx(0, banana=0.5)\n")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(SCRIPT), str(bad)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    return result.stdout + result.stderr


def test_mypy_strict_accepts_a_script_that_builds_circuits(mypy_output: str) -> None:
    assert SCRIPT.name not in mypy_output, mypy_output


def test_mypy_strict_rejects_an_unknown_keyword(mypy_output: str) -> None:
    assert (
        'unknown_keyword.py:3: error: Unexpected keyword argument "banana" for "rx" of "CircuitMethods"' in mypy_output
    )
    assert "Found 1 error in 1 file" in mypy_output, mypy_output
