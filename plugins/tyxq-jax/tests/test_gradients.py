"""tyxq's gradient methods on the jax backend, through the conformance kit.

``autograd`` is ``jax.value_and_grad`` on the whole function; ``adjoint`` and
``parameter_shift`` run inside JAX's autodiff through ``jax.custom_vjp``.
"""

from tyxq.testing import ExecutionModeConformance, GradientMethodConformance


class TestAutogradOnJax(GradientMethodConformance):
    gradient_name = "autograd"
    backend_name = "jax"


class TestAdjointOnJax(GradientMethodConformance):
    gradient_name = "adjoint"
    backend_name = "jax"


class TestParameterShiftOnJax(GradientMethodConformance):
    gradient_name = "parameter_shift"
    backend_name = "jax"


class TestShotsModeOnJax(ExecutionModeConformance):
    mode_name = "shots"
    backend_name = "jax"
