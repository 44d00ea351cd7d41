"""A launcher that cannot prepare the runtime on this machine."""

import sys

print("broken_launch: no accelerator driver on this machine", file=sys.stderr)
sys.exit(3)
