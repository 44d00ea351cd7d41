"""The rule every fuzzed call is held to, the per-example time limit, and the statistics the session prints.

The rule: a call either returns a result the test then checks against the
dense reference (``tests/core/reference.py``), or raises a ``TyxqError``;
any other exception fails the example, and so does a ``TyxqError`` that
rewraps a plain Python error tyxq raised itself:

    A ``TyxqError`` fails the rule when an exception in its chain of causes
    (``__cause__``, or ``__context__`` unless suppressed with ``from None``)
    is not a ``TyxqError`` and was raised inside the ``tyxq`` package: the
    innermost frame of its traceback is a file of ``tyxq`` (a C function of
    NumPy called from tyxq counts as inside tyxq, since it makes no Python
    frame). An error raised in a library's Python code, a plugin or the
    user's function may be the chained cause (the fix names it). A context
    suppressed with ``from None`` is allowed: it is a check by attempt
    (``hash(value)``) whose plain message the user never sees, not a rewrap
    of one.

Each example runs under :func:`time_limit` (``SIGALRM``), so a call that
hangs fails that example instead of the whole run.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import tyxq

TYXQ_ROOT = Path(tyxq.__file__).resolve().parent

EXAMPLES: Counter[str] = Counter()  # examples run, per test
REFUSED: Counter[str] = Counter()  # examples that ended in a TyxqError (bad inputs tried), per test
LABELLED_INVALID: Counter[str] = Counter()  # examples built to be invalid, per test
MESSAGES: Counter[tuple[str, str]] = Counter()  # (error class, normalised message)

_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_QUOTED = re.compile(r"(?<![A-Za-z])'[^'\n]*'|\"[^\"\n]*\"")  # not the apostrophe of "gate's"


class HangError(Exception):
    """An example ran past its time limit (not a TyxqError: it fails the example)."""


def example_seconds() -> float:
    """The per-example time limit of the active profile (``TYXQ_FUZZ_EXAMPLE_SECONDS`` overrides it)."""
    from .conftest import PROFILE

    return float(os.environ.get("TYXQ_FUZZ_EXAMPLE_SECONDS", PROFILE.example_seconds))


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`HangError` in the main thread when the body runs longer than ``seconds``."""

    def expire(signum: int, frame: Any) -> None:
        raise HangError(f"the example ran longer than {seconds} s: a hang, or work without a limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def normalise(message: str) -> str:
    """The message with numbers and quoted values replaced, so messages differing only in values count once."""
    return _NUMBER.sub("#", _QUOTED.sub("'…'", message.splitlines()[0] if message else ""))


def _raised_inside_tyxq(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return False
    return Path(frames[-1].filename).resolve().is_relative_to(TYXQ_ROOT)


def rewrapped_cause(error: tyxq.TyxqError) -> BaseException | None:
    """The plain Python error raised inside tyxq that ``error`` rewraps, if any (the rule of the module)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        following = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if following is not None and not isinstance(following, tyxq.TyxqError) and _raised_inside_tyxq(following):
            return following
        current = following
    return None


def outcome(test: str, call: Callable[[], Any], *, invalid: bool = False) -> tuple[Any, tyxq.TyxqError | None]:
    """Run ``call`` under the rule and the time limit: ``(result, None)`` or ``(None, the TyxqError)``.

    ``invalid`` marks an input built to be wrong: a result is then a failure (tyxq accepted it).
    """
    EXAMPLES[test] += 1
    LABELLED_INVALID[test] += invalid
    try:
        with time_limit(example_seconds()):
            result = call()
    except tyxq.TyxqError as error:
        REFUSED[test] += 1
        MESSAGES[(type(error).__name__, normalise(str(error)))] += 1
        cause = rewrapped_cause(error)
        assert cause is None, (
            f"{type(error).__name__} rewraps a plain {type(cause).__name__} raised inside tyxq: {cause!r}"
        )
        assert str(error).strip(), f"{type(error).__name__} has an empty message"
        return None, error
    assert not invalid, f"an invalid input was accepted and gave {result!r}"
    return result, None


def summary() -> list[str]:
    """The lines printed at the end of the session."""
    if not EXAMPLES:
        return []
    classes = Counter(name for name, _ in MESSAGES)
    lines = [
        f"examples run: {sum(EXAMPLES.values())}; bad inputs tried (refused with a TyxqError): "
        f"{sum(REFUSED.values())}, of which built to be invalid: {sum(LABELLED_INVALID.values())}",
        f"distinct error messages (numbers and quoted values normalised): {len(MESSAGES)}, in "
        f"{len(classes)} classes: " + ", ".join(f"{name} {count}" for name, count in sorted(classes.items())),
    ]
    lines += [f"  {test}: {EXAMPLES[test]} examples, {REFUSED[test]} refused" for test in sorted(EXAMPLES)]
    if os.environ.get("TYXQ_FUZZ_MESSAGES"):  # every distinct message, for a reader hunting for bad ones
        lines += [f"  {count:5d} {name}: {message}" for (name, message), count in sorted(MESSAGES.items())]
    return lines
