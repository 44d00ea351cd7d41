"""The ``TYXQ_*`` environment variables: what each means, and whether its value is one tyxq can use.

Every variable tyxq reads is listed in :data:`VARIABLES`. They are checked
together at the first selection (the first call that needs the default
backend, execution mode or gradient method, which every verb makes), so a
typo in any of them fails at the start of a run, not when the setting is
first needed hours later: a name that is not installed raises the plugin
manager's :class:`~tyxq.errors.UnknownPluginError` (naming the variable and
what is installed), any other bad value a :class:`~tyxq.errors.ConfigurationError`.
``tyxq info`` prints the same check for every variable, set or not
(:func:`read_settings`). ``TYXQ_DISABLE_PLUGINS`` is read when plugins are
discovered; a name in it that no installed plugin has is a
:class:`~tyxq.errors.ConfigurationWarning` there.

Example:
    >>> from tyxq.settings import read_settings
    >>> [setting.name for setting in read_settings()][:3]
    ['TYXQ_BACKEND', 'TYXQ_MODE', 'TYXQ_GRADIENT']
    >>> all(setting.valid for setting in read_settings() if setting.value is None)
    True
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass

from .errors import ConfigurationError, PluginError
from .plugins.manager import get_plugin_manager

__all__ = ["BOOLEAN_WORDS", "VARIABLES", "Setting", "check_settings", "read_settings", "unknown_variables"]

VARIABLES: dict[str, str] = {
    "TYXQ_BACKEND": "the default backend's name (numpy if unset)",
    "TYXQ_MODE": "the default execution mode's name (statevector if unset)",
    "TYXQ_GRADIENT": "the default gradient method's name (auto if unset)",
    "TYXQ_MAX_WORKERS": "threads of tyxq.submit's pool (one per CPU if unset)",
    "TYXQ_NO_PLUGINS": "a true value loads tyxq's built-ins only",
    "TYXQ_DISABLE_PLUGINS": "comma-separated plugin or distribution names to skip",
    "TYXQ_DEBUG_PLUGINS": "a true value adds the traceback of a broken plugin to its warning",
}
"""Every environment variable tyxq reads, with what it sets."""

BOOLEAN_WORDS = {"": False, "0": False, "false": False, "no": False, "off": False,
                 "1": True, "true": True, "yes": True, "on": True}  # fmt: skip
"""The values a yes/no variable accepts (case and surrounding spaces ignored)."""

_SELECTIONS = {"TYXQ_BACKEND": "backend", "TYXQ_MODE": "mode", "TYXQ_GRADIENT": "gradient"}


@dataclass(frozen=True)
class Setting:
    """One variable: its value (``None`` if unset) and, if the value cannot be used, why and what to do."""

    name: str
    value: str | None
    meaning: str
    problem: str | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None


def _problem(name: str, value: str) -> str | None:
    """Why ``value`` of ``name`` cannot be used, or ``None``."""
    if name in _SELECTIONS:
        try:
            get_plugin_manager().get(_SELECTIONS[name], value.strip())
        except PluginError as error:
            return f"{name}={value!r} in the environment: {error}"
        return None
    if name == "TYXQ_MAX_WORKERS":
        text = value.strip()
        if text and not (text.isdigit() and int(text) >= 1):
            return (
                f"TYXQ_MAX_WORKERS must be a positive whole number of threads, not {value!r}; unset it for one per CPU"
            )
        return None
    if name in ("TYXQ_NO_PLUGINS", "TYXQ_DEBUG_PLUGINS") and value.strip().lower() not in BOOLEAN_WORDS:
        return f"{name}={value!r} is not a yes/no value; use 1 or 0 (also true/false, yes/no, on/off)"
    if name == "TYXQ_DISABLE_PLUGINS" and get_plugin_manager().unknown_disabled:
        names = ", ".join(map(repr, get_plugin_manager().unknown_disabled))
        return f"TYXQ_DISABLE_PLUGINS names {names}, which no installed plugin or distribution has (a warning only)"
    return None


def read_settings() -> list[Setting]:
    """Every variable of :data:`VARIABLES`, read now, with the problem of its value if it has one.

    Example:
        >>> import os
        >>> os.environ["TYXQ_MAX_WORKERS"] = "two"
        >>> [s.problem for s in read_settings() if s.name == "TYXQ_MAX_WORKERS"]  # doctest: +ELLIPSIS
        ["TYXQ_MAX_WORKERS must be a positive whole number of threads, not 'two'; ..."]
        >>> del os.environ["TYXQ_MAX_WORKERS"]
    """
    settings = []
    for name, meaning in VARIABLES.items():
        value = os.environ.get(name)
        problem = None if value is None or (name in _SELECTIONS and not value) else _problem(name, value)
        settings.append(Setting(name, value, meaning, problem))
    return settings


def unknown_variables() -> dict[str, str]:
    """``TYXQ_*`` variables set in the environment that tyxq does not read, each with the known name it is close to.

    Example:
        >>> import os
        >>> os.environ["TYXQ_BAKCEND"] = "numpy"
        >>> unknown_variables()["TYXQ_BAKCEND"]
        'TYXQ_BACKEND'
        >>> del os.environ["TYXQ_BAKCEND"]
    """
    found = {}
    for name in sorted(os.environ):
        if name.startswith("TYXQ_") and name not in VARIABLES:
            close = difflib.get_close_matches(name, list(VARIABLES), n=1)
            found[name] = close[0] if close else ""
    return found


def check_settings() -> None:
    """Raise for the first ``TYXQ_*`` variable whose value cannot be used; nothing if all can.

    A selection name that is not installed (or broken, or conflicting)
    raises the plugin manager's error for it, prefixed with the variable;
    any other bad value a :class:`~tyxq.errors.ConfigurationError` listing
    every bad variable.

    Example:
        >>> import os
        >>> os.environ["TYXQ_NO_PLUGINS"] = "maybe"
        >>> check_settings()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        tyxq.errors.ConfigurationError: TYXQ_NO_PLUGINS='maybe' is not a yes/no value; use 1 or 0 ...
        >>> del os.environ["TYXQ_NO_PLUGINS"]
        >>> check_settings()
    """
    for name, kind in _SELECTIONS.items():
        value = os.environ.get(name, "").strip()
        if value:
            try:
                get_plugin_manager().get(kind, value)
            except PluginError as error:
                raise type(error)(f"{name}={value!r} in the environment: {error}") from error
    problems = [
        s.problem
        for s in read_settings()
        if s.problem is not None and s.name not in _SELECTIONS and s.name != "TYXQ_DISABLE_PLUGINS"
    ]
    if problems:
        raise ConfigurationError("; and ".join(problems))
