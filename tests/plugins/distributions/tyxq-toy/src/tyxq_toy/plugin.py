"""The entry point: registers records only; the factories' modules are imported on first use."""

from tyxq.plugins import BackendPlugin, ExecutionModePlugin, GradientPlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(
        name="toy",
        factory="tyxq_toy.backend:ToyBackend",
        description="numpy under another name",
        capabilities={"inplace": True, "views": True, "devices": ("cpu", "toy_accelerator")},
        tyxq_versions=">=0.1",
    )


@hookimpl
def tyxq_gradient_methods():
    yield GradientPlugin(
        name="toy-gradient", factory="tyxq_toy.methods:ToyGradient", description="a gradient record", exact=False
    )


@hookimpl
def tyxq_execution_modes():
    yield ExecutionModePlugin(name="toy_mode", factory="tyxq_toy.methods:ToyMode", description="a mode record")
