"""Registers the gradient method 'richardson', as the other rich distribution does."""

from tyxq.plugins import GradientPlugin, hookimpl


class Richardson:
    """Central differences with this distribution's step (tyxq's finite differences underneath)."""

    name = "richardson"

    def __init__(self):
        from tyxq.plugins import get_plugin_manager

        self._inner = get_plugin_manager().create("gradient", "finite_difference", step=1e-4)
        self.provider = "tyxq-rich-a"

    def supports(self, backend, mode):
        return None

    def value_and_grad(self, fn, argnums=0, *, backend, mode):
        return self._inner.value_and_grad(fn, argnums, backend=backend, mode=mode)


@hookimpl
def tyxq_gradient_methods():
    yield GradientPlugin(name="richardson", factory=Richardson, description="richardson a", exact=False)
