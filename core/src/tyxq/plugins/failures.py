"""What went wrong with a plugin, and whose fix it is: the messages of broken and half-installed plugins.

Three failures need three different fixes, so each gets its own message:

*broken*
    the plugin is installed but its own code fails: its entry point does not
    import, a hook raises, or its record's factory names a module or
    attribute that does not exist. Nothing the user installs fixes it; the
    plugin's authors do (:class:`~tyxq.errors.BrokenPluginError`).
*missing dependency*
    the factory's module imports a library that is not installed: the
    record's ``install_hint`` (or ``pip check``) says what to install
    (:class:`~tyxq.errors.PluginDependencyError`).
*not installed* and *incompatible*
    are the manager's (an unknown name gets ``pip install``; a version
    mismatch names the requirement and the installed tyxq).

``TYXQ_DEBUG_PLUGINS=1`` adds the traceback of a broken plugin to its warning
and to ``tyxq plugins --check``.

Example:
    >>> missing = ModuleNotFoundError("No module named 'cupy'", name="cupy")
    >>> error = factory_error("backend 'toy' from tyxq-toy 1.2", "tyxq-toy", "tyxq_toy.backend:ToyBackend", "", missing)
    >>> type(error).__name__
    'PluginDependencyError'
    >>> print(str(error).splitlines()[-1])
    `pip check` lists what tyxq-toy declares but is not installed; reinstalling tyxq-toy installs it
"""

from __future__ import annotations

import importlib.util
import os
import traceback
from collections.abc import Callable
from typing import Any

from ..errors import BrokenPluginError, PluginDependencyError, PluginError

__all__ = ["DEBUG_VARIABLE", "debug_enabled", "error_text", "factory_error", "formatted_traceback", "report_advice"]

DEBUG_VARIABLE = "TYXQ_DEBUG_PLUGINS"


def debug_enabled() -> bool:
    """Whether ``TYXQ_DEBUG_PLUGINS`` asks for the tracebacks of broken plugins."""
    return os.environ.get(DEBUG_VARIABLE, "").strip().lower() in {"1", "true", "yes", "on"}


def error_text(error: BaseException) -> str:
    """``"ModuleNotFoundError: No module named 'x'"``: the exception's type and message on one line."""
    return f"{type(error).__name__}: {error}"


def formatted_traceback(error: BaseException) -> str:
    """The full traceback of ``error``, as Python prints it."""
    return "".join(traceback.format_exception(error)).rstrip()


def report_advice(distribution: str) -> str:
    """The fix of a broken plugin: its authors', with the way to see more and the way to silence it."""
    return (
        f"This is a fault of {distribution} (a bug, or a dependency it does not declare), not a missing installation: "
        f"report it to the authors of {distribution} with this message, or fix the plugin. "
        f"{DEBUG_VARIABLE}=1 shows the traceback; TYXQ_DISABLE_PLUGINS={distribution} skips the plugin."
    )


def _module_of(factory: str | Callable[..., Any]) -> str:
    if isinstance(factory, str):
        return factory.partition(":")[0]
    return getattr(factory, "__module__", "") or ""


def _package_installed(module: str) -> bool:
    top = module.split(".")[0]
    return bool(top) and importlib.util.find_spec(top) is not None


def factory_error(
    owner: str, distribution: str, factory: str | Callable[..., Any], install_hint: str, error: BaseException
) -> PluginError:
    """The error for a factory that could not be resolved, by whose fix it is.

    ``owner`` is how the registration is named in messages (``"backend 'x'
    from tyxq-x 1.0 (entry point 'x')"``) and ``error`` what resolving the
    factory raised. A module or attribute of the plugin's own package that
    does not exist, or a module that raises on import, is a
    :class:`~tyxq.errors.BrokenPluginError`; a library the module imports and
    that is not installed is a :class:`~tyxq.errors.PluginDependencyError`
    carrying the record's ``install_hint``.
    """
    module = _module_of(factory)
    missing = getattr(error, "name", None) if isinstance(error, ModuleNotFoundError) else None
    own_module_missing = missing is not None and (module == missing or module.startswith(f"{missing}."))
    if isinstance(error, PluginError) or (own_module_missing and _package_installed(module)):
        return BrokenPluginError(
            f"the {owner} names the factory {factory!r}, which does not exist: {_detail(error)}\n"
            f"The record in {distribution}'s tyxq hook is wrong (a typo in factory=). {report_advice(distribution)}"
        )
    if missing is not None:
        hint = install_hint or (
            f"`pip check` lists what {distribution} declares but is not installed; reinstalling {distribution} "
            "installs it"
        )
        return PluginDependencyError(
            f"the {owner} needs the module {missing!r}, which is not installed ({error_text(error)}).\n{hint}"
        )
    return BrokenPluginError(
        f"the {owner} could not be loaded: importing its factory {factory!r} failed with {error_text(error)}\n"
        f"{report_advice(distribution)}"
    )


def _detail(error: BaseException) -> str:
    return str(error) if isinstance(error, PluginError) else error_text(error)
