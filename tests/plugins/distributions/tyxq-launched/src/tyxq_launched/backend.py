"""A backend whose runtime starts only in a process its launcher prepared (as Legate without a driver)."""

import os

from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.errors import BackendError


class LaunchedBackend(NumpyBackend):
    name = "launched"

    def __init__(self, **options):
        if os.environ.get("TYXQ_LAUNCHED_RUNTIME") != "ready":
            raise BackendError("start this process with: python -m tyxq_launched.launch -- python your_script.py")
        super().__init__(**options)
