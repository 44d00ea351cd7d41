"""The plugin system: hook specs, registration records and the plugin manager.

Public and stable for plugin authors: :data:`hookimpl`, the record types
:class:`BackendPlugin`, :class:`GradientPlugin`, :class:`ExecutionModePlugin`,
and :func:`get_plugin_manager`.

Example:
    >>> import tyxq.plugins
    >>> "numpy" in tyxq.plugins.get_plugin_manager().names("backend")
    True
"""

from .hookspec import PROJECT_NAME, hookimpl, hookspec
from .manager import BrokenPlugin, DisabledPlugin, Registration, TyxqPluginManager, get_plugin_manager
from .status import PluginStatus, plugin_statuses
from .types import BackendPlugin, ExecutionModePlugin, GradientPlugin, normalize_name

__all__ = [
    "PROJECT_NAME",
    "BackendPlugin",
    "BrokenPlugin",
    "DisabledPlugin",
    "ExecutionModePlugin",
    "GradientPlugin",
    "PluginStatus",
    "Registration",
    "TyxqPluginManager",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "normalize_name",
    "plugin_statuses",
]
