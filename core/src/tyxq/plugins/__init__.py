"""The plugin system: hook specs, registration records and the plugin manager.

Public and stable for plugin authors: :data:`hookimpl`, the record types
:class:`BackendPlugin`, :class:`GradientPlugin`, :class:`ExecutionModePlugin`,
and :func:`get_plugin_manager`.

Example:
    >>> import tyxq.plugins
    >>> sorted(tyxq.plugins.get_plugin_manager().records("backend"))[:1]
    ['numpy']
"""

from .hookspec import PROJECT_NAME, hookimpl, hookspec
from .manager import BrokenPlugin, Registration, TyxqPluginManager, get_plugin_manager
from .types import BackendPlugin, ExecutionModePlugin, GradientPlugin, normalize_name

__all__ = [
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "BackendPlugin",
    "GradientPlugin",
    "ExecutionModePlugin",
    "BrokenPlugin",
    "Registration",
    "TyxqPluginManager",
    "get_plugin_manager",
    "normalize_name",
]
