"""Running pytest on a generated test module in a separate process, for testing the kit itself."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tyxq.testing.summary import Summary


def run_suite(tmp_path: Path, source: str, *arguments: str) -> tuple[Summary, str]:
    """Write ``source`` as a test module under ``tmp_path``, run pytest on it; the summary and the output."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    module = tmp_path / "test_generated.py"
    module.write_text(textwrap.dedent(source), encoding="utf-8")
    report = tmp_path / "report.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(tmp_path / "pytest.ini"),
        "--rootdir",
        str(tmp_path),
        "-p",
        "no:cacheprovider",
        "-q",
        f"--junitxml={report}",
        str(module),
        *arguments,
    ]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert report.exists(), output
    return Summary.from_junit_xml(report.read_text(encoding="utf-8")), output
