"""``tyxq plugins --check`` passes on what this environment installed: every tox env's plugins, together."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def test_check_passes_on_every_plugin_this_environment_installed():
    script = shutil.which("tyxq", path=str(Path(sys.executable).parent))
    assert script is not None, f"the tyxq console script is not installed next to {sys.executable}"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TYXQ_")}
    result = subprocess.run(
        [script, "plugins", "--check", "--traceback"], capture_output=True, text=True, env=environment, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok       backend 'numpy' from tyxq" in result.stdout
    assert re.fullmatch(r"tyxq plugins --check: no problems; took \d+\.\d s", result.stdout.splitlines()[-1])
