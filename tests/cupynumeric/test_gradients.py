"""No automatic differentiation on cupynumeric: a clear CapabilityError that names the alternatives."""

from __future__ import annotations

import pytest

import tyxq
from tyxq_cupynumeric.backend import CupynumericBackend


def test_value_and_grad_is_refused_naming_the_gradient_methods(backend: CupynumericBackend) -> None:
    with pytest.raises(tyxq.CapabilityError, match="no automatic differentiation") as error:
        backend.value_and_grad(lambda x: x)
    assert "adjoint" in str(error.value) and "parameter_shift" in str(error.value)


def test_vjp_is_refused(backend: CupynumericBackend) -> None:
    with pytest.raises(tyxq.CapabilityError, match="no automatic differentiation"):
        backend.vjp(lambda x: x, backend.zeros((2,)))


def test_requires_grad_is_refused_but_its_off_switch_is_a_no_op(backend: CupynumericBackend) -> None:
    x = backend.zeros((2,), dtype="float64")
    with pytest.raises(tyxq.CapabilityError, match="no automatic differentiation"):
        backend.requires_grad(x)
    assert backend.requires_grad(x, False) is x
    assert backend.detach(x) is x


def test_vmap_and_jit_are_refused(backend: CupynumericBackend) -> None:
    with pytest.raises(tyxq.CapabilityError, match="no vmap"):
        backend.vmap(lambda x: x)
    with pytest.raises(tyxq.CapabilityError, match="no jit"):
        backend.jit(lambda x: x)


def test_capabilities_say_no_autodiff(backend: CupynumericBackend) -> None:
    capabilities = backend.capabilities
    assert (capabilities.autodiff, capabilities.vmap, capabilities.jit) == (False, False, False)


def test_custom_vjp_leaves_the_function_as_it_is(backend: CupynumericBackend) -> None:
    def fn(x: object) -> object:
        return x

    assert backend.custom_vjp(fn, lambda primals, output, cotangent: (None,)) is fn
