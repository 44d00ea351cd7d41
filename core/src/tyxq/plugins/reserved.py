"""The names only tyxq itself registers: its built-ins, per kind of plugin.

A plugin registering one of them is listed as a *conflict* and ignored, so
the built-in keeps working (:mod:`tyxq.plugins.manager`). The built-ins'
records themselves live in :mod:`tyxq.builtin_plugins`, above the layers
that define their classes.

Example:
    >>> sorted(RESERVED_NAMES["mode"])
    ['density_matrix', 'shots', 'statevector', 'trajectories']
"""

from __future__ import annotations

__all__ = ["RESERVED_NAMES"]

RESERVED_NAMES: dict[str, frozenset[str]] = {
    "backend": frozenset({"numpy"}),
    "gradient": frozenset({"auto", "autograd", "adjoint", "parameter_shift", "finite_difference"}),
    "mode": frozenset({"statevector", "shots", "density_matrix", "trajectories"}),
}
"""Per kind, the names only tyxq itself registers."""
