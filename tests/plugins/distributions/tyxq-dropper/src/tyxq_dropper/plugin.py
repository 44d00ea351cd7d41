"""Registers the mode ``dropper`` and the gradient method ``flat_gradient``."""

from tyxq.plugins import ExecutionModePlugin, GradientPlugin, hookimpl


@hookimpl
def tyxq_gradient_methods():
    yield GradientPlugin(name="flat_gradient", factory="tyxq_dropper.objects:FlatGradient", exact=False)


@hookimpl
def tyxq_execution_modes():
    yield ExecutionModePlugin(name="dropper", factory="tyxq_dropper.objects:DropperMode")
