"""``python -m tyxq_launched.launch -- COMMAND...``: run COMMAND with the runtime prepared."""

import os
import subprocess
import sys

command = sys.argv[2:] if sys.argv[1:2] == ["--"] else sys.argv[1:]
sys.exit(subprocess.call(command, env={**os.environ, "TYXQ_LAUNCHED_RUNTIME": "ready"}))
