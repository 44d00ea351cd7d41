"""Gradient methods: the protocol, the built-in methods and the user verbs.

Built in (registered through the ``tyxq_gradient_methods`` hook):

========================  ===================================================
``auto`` (default)        autograd where the backend has autodiff and the mode
                          does not sample, else adjoint (exact modes), else
                          parameter shift; finite differences, with a warning,
                          where autodiff meets a non-differentiable operation
``autograd``              the backend's own automatic differentiation
``adjoint``               reverse mode for exact expectations: one forward and
                          one backward pass, three states
``parameter_shift``       exact shift rules; works with shots; one batch
``finite_difference``     central differences, step per dtype, any function
========================  ===================================================

The transforms :func:`~tyxq.gradients.jacobian.jacobian` and
:func:`~tyxq.gradients.hessian.hessian` build on the same methods.

Adjoint and parameter shift differentiate gate angles and reach the user's
arguments through the backend's autodiff (``custom_vjp``) or, on backends
without it, through the affine rule of :mod:`tyxq.gradients.affine`.
A method that only evaluates the function (``finite_difference``, the
``tyxq-spsa`` example plugin) subclasses :class:`~tyxq.gradients.EvaluationGradient` and writes only its estimate.

Example:
    >>> import tyxq
    >>> builtin = {"adjoint", "auto", "autograd", "finite_difference", "parameter_shift"}
    >>> builtin <= set(tyxq.available_gradient_methods())  # and those plugins add
    True
"""

from .adjoint import AdjointGradient
from .auto import AutoGradient, FallbackWarning
from .autograd import AutogradGradient
from .evaluation import EvaluationGradient, Evaluations
from .finite_difference import FiniteDifferenceGradient
from .hessian import hessian
from .jacobian import jacobian
from .parameter_shift import ParameterShiftGradient
from .protocol import GradientMethod
from .verbs import GradcheckResult, grad, gradcheck, resolve_method, value_and_grad

__all__ = [
    "AdjointGradient",
    "AutoGradient",
    "AutogradGradient",
    "EvaluationGradient",
    "Evaluations",
    "FallbackWarning",
    "FiniteDifferenceGradient",
    "GradcheckResult",
    "GradientMethod",
    "ParameterShiftGradient",
    "grad",
    "gradcheck",
    "hessian",
    "jacobian",
    "resolve_method",
    "value_and_grad",
]
