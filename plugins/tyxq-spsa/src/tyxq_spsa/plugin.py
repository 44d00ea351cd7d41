"""The plugin module named by this distribution's ``tyxq`` entry point.

Example:
    >>> from tyxq_spsa.plugin import tyxq_gradient_methods
    >>> [(record.name, record.exact) for record in tyxq_gradient_methods()]
    [('spsa', False)]
"""

from __future__ import annotations

from collections.abc import Iterator

from tyxq.plugins import GradientPlugin, hookimpl

__all__ = ["tyxq_gradient_methods"]


@hookimpl
def tyxq_gradient_methods() -> Iterator[GradientPlugin]:
    """Register ``spsa`` (options: ``samples``, ``step``, ``seed``)."""
    yield GradientPlugin(
        name="spsa",
        factory="tyxq_spsa.method:SPSAGradient",
        description="simultaneous perturbation: 2 evaluations per sample whatever the parameter count; any mode",
        exact=False,
        tyxq_versions=">=0.1,<0.2",
        install_hint="pip install ./plugins/tyxq-spsa (from the tyxq repository)",
    )
