"""Registers a gradient method without ``supports`` and an execution mode without ``sample``."""

from tyxq.plugins import ExecutionModePlugin, GradientPlugin, hookimpl


@hookimpl
def tyxq_gradient_methods():
    yield GradientPlugin(name="half_gradient", factory="tyxq_half.objects:HalfGradient", exact=False)


@hookimpl
def tyxq_execution_modes():
    yield ExecutionModePlugin(name="half_mode", factory="tyxq_half.objects:HalfMode")
