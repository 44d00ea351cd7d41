"""The entry of the ``tyxq-ml`` console script: Ctrl-C is handled from its first instruction.

Loading torch, scikit-learn and matplotlib takes seconds. A Ctrl-C in that
time would land inside an import: a long traceback, a process killed by
SIGINT, and now and then torch's C++ runtime aborting. So the first thing
:func:`main` does, before any import of its own, is to take SIGINT: until
the command's modules are loaded, Ctrl-C prints one line and ends the
process at once with exit status 130 (nothing has been written yet: the
output folder is looked at only later). Then Ctrl-C raises
``KeyboardInterrupt`` again, which :func:`tyxq_ml.app.cli.main` answers with
the same exit status and one line saying what the output folder holds.

Neither this module nor the packages above it (``tyxq_ml``, ``tyxq_ml.app``)
import anything but the interpreter's own ``os``, ``signal`` and ``sys``, so
the handler is in place as soon as the console script calls :func:`main`. A
Ctrl-C before that lands in the interpreter's own start-up.

Example:
    >>> import signal
    >>> previous = take_interrupts()
    >>> signal.getsignal(signal.SIGINT) is stop_during_startup
    True
    >>> give_back_interrupts(previous)
    >>> signal.getsignal(signal.SIGINT) is signal.default_int_handler
    True
"""

import os
import signal
import sys

__all__ = ["INTERRUPTED", "give_back_interrupts", "main", "stop_during_startup", "take_interrupts"]

INTERRUPTED = 130
"""The exit status of a command stopped by Ctrl-C (128 + SIGINT, as shells report it)."""


def stop_during_startup(signum: int, frame: object) -> None:
    """The SIGINT handler while the command loads: one line on stderr, exit status 130, nothing else runs."""
    os.write(2, b"tyxq-ml: interrupted during start-up; no results were written\n")
    os._exit(INTERRUPTED)


def take_interrupts() -> object:
    """Make Ctrl-C end the process with :func:`stop_during_startup`; returns the handler it replaced.

    Outside the main thread, where handlers cannot be set, nothing changes (and ``None`` is returned).
    """
    try:
        return signal.signal(signal.SIGINT, stop_during_startup)
    except ValueError:  # not the main thread
        return None


def give_back_interrupts(previous: object) -> None:
    """Put back the SIGINT handler :func:`take_interrupts` replaced."""
    if previous is not None:
        signal.signal(signal.SIGINT, previous)  # type: ignore[arg-type]


def main(argv: "list[str] | None" = None) -> int:
    """Entry point of the ``tyxq-ml`` console script: take Ctrl-C, load the command, run it."""
    previous = take_interrupts()
    try:
        try:
            from . import cli

            cli.load_commands()
        finally:
            give_back_interrupts(previous)
        return cli.main(argv)
    except KeyboardInterrupt:  # between start-up and the command's own handling: a few instructions, still one line
        print("tyxq-ml: interrupted", file=sys.stderr)
        return INTERRUPTED
