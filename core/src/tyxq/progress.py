"""Progress bars through ``tqdm``, where it is installed (``pip install "tyxq[progress]"``).

``progress=None`` (the default of the optimisers and ``tyxq.map``) shows a
bar only when ``tqdm`` is installed and standard error is a terminal;
``True`` asks for one (and fails by name without ``tqdm``); ``False`` never
shows one.

Example:
    >>> bar = progress_bar(3, progress=False, description="steps")
    >>> bar.update(1); bar.set_postfix(value=0.5); bar.close()
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

from .errors import ConfigurationError

__all__ = ["NoProgress", "progress_bar"]


class NoProgress:
    """Stands in for a bar where none is shown: every call does nothing."""

    def update(self, n: int = 1) -> None:
        """Nothing to advance."""

    def set_postfix(self, **values: Any) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


def progress_bar(total: int | None, progress: bool | None, description: str) -> Any:
    """A ``tqdm`` bar of ``total`` steps, or a :class:`NoProgress` when none is to be shown.

    Example:
        >>> isinstance(progress_bar(10, progress=False, description="chunks"), NoProgress)
        True
    """
    if progress not in (None, True, False):
        raise ConfigurationError(f"progress must be None (automatic), True or False, got {progress!r}")
    installed = importlib.util.find_spec("tqdm") is not None
    if progress is True and not installed:
        raise ConfigurationError(
            'progress=True shows a bar through tqdm, which is not installed: pip install "tyxq[progress]" '
            "(or pass progress=False)"
        )
    if progress is False or not installed or (progress is None and not sys.stderr.isatty()):
        return NoProgress()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, leave=False)
