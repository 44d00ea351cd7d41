"""The entry of the ``tyxq-ml`` console script: Ctrl-C is handled from its first instruction.

Loading torch, scikit-learn and matplotlib takes seconds. A Ctrl-C in that
time would land inside an import: a long traceback, a process killed by
SIGINT, and now and then torch's C++ runtime aborting. So :func:`main` first
takes SIGINT, before any heavy import: until the command's modules are
loaded, Ctrl-C prints one line and ends the process at once with exit status
130 (nothing has been written yet: the output folder is looked at only
later). Then Ctrl-C raises ``KeyboardInterrupt`` again, which
:func:`tyxq_ml.app.cli.main` answers with the same exit status and one line
saying what the output folder holds.

This module imports nothing heavy itself (the package ``tyxq_ml`` loads its
names on first use), so the handler is in place a few milliseconds after the
interpreter starts.

Example:
    >>> import signal
    >>> with startup_interrupts():
    ...     signal.getsignal(signal.SIGINT) is stop_during_startup
    True
    >>> signal.getsignal(signal.SIGINT) is signal.default_int_handler
    True
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator, Sequence

__all__ = ["INTERRUPTED", "main", "startup_interrupts", "stop_during_startup"]

INTERRUPTED = 130
"""The exit status of a command stopped by Ctrl-C (128 + SIGINT, as shells report it)."""


def stop_during_startup(signum: int, frame: object) -> None:
    """The SIGINT handler while the command loads: one line on stderr, exit status 130, nothing else runs."""
    os.write(2, b"tyxq-ml: interrupted during start-up; no results were written\n")
    os._exit(INTERRUPTED)


@contextlib.contextmanager
def startup_interrupts() -> Iterator[None]:
    """Inside the block, Ctrl-C ends the process with :func:`stop_during_startup` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, stop_during_startup)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tyxq-ml`` console script: load the command under :func:`startup_interrupts`, run it."""
    with startup_interrupts():
        from . import cli

        cli.load_commands()
    return cli.main(argv)
