"""Backend conformance for what backends declare as capabilities: autodiff, vmap, jit, DLPack, devices.

Each capability has two sides, and ``test_*_declaration_holds`` checks the
side that applies. Declared, it must work, and the detailed tests run:
gradients of whole circuits agree with the exact shift rule, ``vmap`` and
``jit`` of a circuit agree with the numpy backend, and a jitted circuit
leaves nothing behind that breaks the next run. Not declared, the detailed
tests are skipped with the declaration as the reason, and the operation must
raise :class:`~tyxq.errors.CapabilityError` (never fake it, never return garbage).

Example:
    A plugin's test module::

        from tyxq.testing import BackendTransformConformance

        class TestMyBackendTransforms(BackendTransformConformance):
            backend_name = "mybackend"
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq

from ..backends.protocol import Array, Backend
from ..circuit import Circuit
from ..context import use_backend
from ..errors import CapabilityError, TyxqError
from ..observables import Z
from .backend_suite import BackendSuite
from .functions import AffineCircuitFunction, random_affine_function

__all__ = ["BackendTransformConformance"]

_DLPACK_DEVICE_TYPES = {"cpu": (1,), "cuda": (2, 13)}  # kDLCPU; kDLCUDA, kDLCUDAManaged


def _circuit_function(seed: int) -> AffineCircuitFunction:
    return random_affine_function(np.random.default_rng(seed), n_qubits=3, depth=10, sizes=(4,))


class BackendTransformConformance(BackendSuite):
    """Automatic differentiation, vectorisation, compilation, exchange and devices."""

    def real(self, backend: Backend, values: Any) -> Array:
        return backend.asarray(np.asarray(values, dtype=np.float64), dtype=backend.real_dtype)

    def grad_atol(self, backend: Backend) -> float:
        return 1e-3 if backend.complex_dtype == "complex64" else 1e-8

    # --- automatic differentiation ---------------------------------------------------------

    def test_value_and_grad_of_elementwise_function(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.autodiff, "autodiff", "BackendCapabilities.autodiff=False")
        x = np.array([0.3, -1.2, 2.0])
        value, grad = backend.value_and_grad(lambda t: backend.sum(backend.sin(t) * t))(self.real(backend, x))
        self.assert_close(backend, value, np.sum(np.sin(x) * x), "value")
        self.assert_close(backend, grad, np.cos(x) * x + np.sin(x), "gradient")

    def test_value_and_grad_with_several_arguments(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.autodiff, "autodiff", "BackendCapabilities.autodiff=False")
        x, y = np.array([0.5, 2.0]), np.array([-1.0, 3.0])
        fn = backend.value_and_grad(lambda a, b: backend.sum(a * b * b), argnums=(0, 1))
        _, (gx, gy) = fn(self.real(backend, x), self.real(backend, y))
        self.assert_close(backend, gx, y * y, "gradient in the first argument")
        self.assert_close(backend, gy, 2 * x * y, "gradient in the second argument")

    def test_vjp_pulls_back_a_cotangent(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.autodiff, "autodiff", "BackendCapabilities.autodiff=False")
        x, cotangent = np.array([0.1, 0.7, -2.0]), np.array([1.0, -2.0, 0.5])
        output, pullback = backend.vjp(backend.sin, self.real(backend, x))
        (pulled,) = pullback(self.real(backend, cotangent))
        self.assert_close(backend, output, np.sin(x), "vjp output")
        self.assert_close(backend, pulled, cotangent * np.cos(x), "vjp cotangent")

    def test_detach_blocks_the_gradient(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.autodiff, "autodiff", "BackendCapabilities.autodiff=False")
        x = np.array([1.5, -0.5])
        _, grad = backend.value_and_grad(lambda t: backend.sum(t * backend.detach(t)))(self.real(backend, x))
        self.assert_close(backend, grad, x, "gradient of sum(x * detach(x))")

    def test_requires_grad_keeps_values(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.autodiff, "autodiff", "BackendCapabilities.autodiff=False")
        marked = backend.requires_grad(self.real(backend, [0.25, 4.0]))
        self.assert_close(backend, marked, [0.25, 4.0], "requires_grad")

    def test_custom_vjp_rule_replaces_the_derivative(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.autodiff, "autodiff", "BackendCapabilities.autodiff=False")
        x = np.array([0.2, 1.1])
        seen: list[Any] = []

        def rule(primals: tuple[Array, ...], output: Array, cotangent: Array) -> tuple[Array | None, ...]:
            seen.append(output)
            return (cotangent * 3.0,)  # deliberately not cos(x): the rule, not autodiff, must be used

        sine = backend.custom_vjp(backend.sin, rule)
        value, grad = backend.value_and_grad(lambda t: backend.sum(sine(t)))(self.real(backend, x))
        self.assert_close(backend, value, np.sum(np.sin(x)), "value through custom_vjp")
        self.assert_close(backend, grad, np.full(2, 3.0), "gradient from the custom rule")
        assert seen, "the custom rule was never called"
        self.assert_close(backend, seen[0], np.sin(x), "the output handed to the rule")

    def test_circuit_gradient_matches_shift_rule(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.autodiff, "autodiff", "BackendCapabilities.autodiff=False")
        fn = _circuit_function(1)
        (params,) = fn.random_args(np.random.default_rng(2))
        value, grad = backend.value_and_grad(fn)(self.real(backend, params))
        expected_value, (expected_grad,) = fn.reference_value_and_grad(params)
        self.assert_close(backend, value, expected_value, "circuit value")
        self.assert_close(backend, grad, expected_grad, "circuit gradient", atol=self.grad_atol(backend))

    def test_autodiff_declaration_holds(self, backend: Backend) -> None:
        x = self.real(backend, [0.5, -1.5])
        if backend.capabilities.autodiff:
            _, grad = backend.value_and_grad(lambda t: backend.sum(t * t))(x)
            self.assert_close(backend, grad, [1.0, -3.0], "gradient of sum(x²)")
            return
        with pytest.raises(CapabilityError):
            backend.value_and_grad(backend.sum)(x)
        with pytest.raises(CapabilityError):
            backend.vjp(backend.sin, x)
        with pytest.raises(CapabilityError):
            backend.requires_grad(x)

    def test_custom_vjp_computes_the_function(self, backend: Backend) -> None:
        wrapped = backend.custom_vjp(backend.sin, lambda primals, output, cotangent: (cotangent,))
        self.assert_close(backend, wrapped(self.real(backend, [0.3])), np.sin([0.3]), "custom_vjp(sin)")

    # --- vmap ------------------------------------------------------------------------------

    def test_vmap_matches_a_loop(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.vmap, "vmap", "BackendCapabilities.vmap=False")
        rows = np.array([[0.1, 0.2], [1.0, -1.0], [2.0, 0.5]])
        mapped = backend.vmap(lambda r: backend.sin(r) * backend.sum(r))(self.real(backend, rows))
        self.assert_close(backend, mapped, np.sin(rows) * rows.sum(axis=1, keepdims=True), "vmap")

    def test_vmap_of_a_circuit_matches_numpy(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.vmap, "vmap", "BackendCapabilities.vmap=False")
        fn = _circuit_function(3)
        batch = np.random.default_rng(4).uniform(-np.pi, np.pi, (3, 4))
        values = backend.vmap(fn)(self.real(backend, batch))
        self.assert_close(backend, values, [fn.numpy_value(row) for row in batch], "vmap over parameter sets")

    def test_vmap_declaration_holds(self, backend: Backend) -> None:
        if backend.capabilities.vmap:
            mapped = backend.vmap(backend.sum)(self.real(backend, [[1.0, 2.0], [3.0, 4.0]]))
            self.assert_close(backend, mapped, [3.0, 7.0], "vmap(sum)")
            return
        with pytest.raises(CapabilityError):
            backend.vmap(backend.sin)

    # --- jit -------------------------------------------------------------------------------

    def test_jit_matches_eager(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.jit, "jit", "BackendCapabilities.jit=False")
        x = self.real(backend, [0.3, 0.9, -2.0])
        compiled = backend.jit(lambda t: backend.exp(t) * backend.cos(t))
        self.assert_close(backend, compiled(x), np.exp([0.3, 0.9, -2.0]) * np.cos([0.3, 0.9, -2.0]), "jit")

    def test_jit_of_a_circuit_matches_numpy_and_leaves_nothing_behind(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.jit, "jit", "BackendCapabilities.jit=False")
        fn = _circuit_function(5)
        first, second = np.random.default_rng(6).uniform(-np.pi, np.pi, (2, 4))
        compiled = backend.jit(fn)
        self.assert_close(backend, compiled(self.real(backend, first)), fn.numpy_value(first), "jit, first call")
        self.assert_close(backend, compiled(self.real(backend, second)), fn.numpy_value(second), "jit, new values")
        self.assert_close(backend, fn(self.real(backend, second)), fn.numpy_value(second), "eager after jit")
        again = backend.jit(lambda p: fn(p))
        self.assert_close(backend, again(self.real(backend, first)), fn.numpy_value(first), "a second jit")

    def test_parameter_checks_do_not_break_traces(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.jit, "jit", "BackendCapabilities.jit=False")
        seen: list[Any] = []

        def checked(t: Array) -> Array:
            seen.append(backend.all_finite(t))
            return t * 2

        backend.jit(checked)(self.real(backend, [1.0]))
        assert seen and all(answer in (None, True) for answer in seen), f"all_finite under jit answered {seen}"

    def test_jit_declaration_holds(self, backend: Backend) -> None:
        if backend.capabilities.jit:
            self.assert_close(backend, backend.jit(backend.cos)(self.real(backend, [0.0])), [1.0], "jit(cos)")
            return
        with pytest.raises(CapabilityError):
            backend.jit(backend.sin)

    def test_jit_of_a_circuit_gradient(self, backend: Backend) -> None:
        caps = backend.capabilities
        self.skip_without(
            caps.jit and caps.autodiff, "jit together with autodiff", f"jit={caps.jit}, autodiff={caps.autodiff}"
        )
        fn = _circuit_function(7)
        (params,) = fn.random_args(np.random.default_rng(8))
        _, grad = backend.jit(backend.value_and_grad(fn))(self.real(backend, params))
        _, (expected,) = fn.reference_value_and_grad(params)
        self.assert_close(backend, grad, expected, "jit(value_and_grad(circuit))", atol=self.grad_atol(backend))

    # --- exchange and devices --------------------------------------------------------------

    def test_dlpack_imports_foreign_arrays(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.dlpack, "DLPack", "BackendCapabilities.dlpack=False")
        source = np.arange(6, dtype=np.float64).reshape(2, 3)
        imported = backend.from_dlpack(source)
        assert backend.is_array(imported)
        self.assert_close(backend, imported, source, "from_dlpack(numpy array)")

    def test_dlpack_exports_to_numpy(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.dlpack, "DLPack", "BackendCapabilities.dlpack=False")
        self.skip_without(str(backend.device) == "cpu", "export to NumPy", f"the backend runs on {backend.device}")
        array = backend.asarray(np.array([1.0, 2.0, 3.0]), dtype=backend.real_dtype)
        np.testing.assert_array_equal(np.from_dlpack(array), [1.0, 2.0, 3.0])

    def test_arrays_live_on_the_backend_device(self, backend: Backend) -> None:
        self.skip_without(backend.capabilities.dlpack, "a DLPack device query", "BackendCapabilities.dlpack=False")
        kind = str(backend.device).partition(":")[0]
        device_type, _ = backend.zeros((2,)).__dlpack_device__()
        assert int(device_type) in _DLPACK_DEVICE_TYPES.get(kind, (int(device_type),)), (
            f"the backend says device {backend.device!r}, but its arrays report DLPack device type {device_type}"
        )

    def test_declared_devices_work_or_are_refused_clearly(
        self, request: pytest.FixtureRequest, backend: Backend
    ) -> None:
        name, options = self.backend_choice(request.config)
        for device in backend.capabilities.devices:
            try:
                other = self.create_backend(name, {**options, "dtype": backend.complex_dtype, "device": device})
            except TyxqError:
                continue  # the device is declared but not present here; the message is the user's guide
            assert str(other.device).startswith(device)
            with use_backend(other):
                value = tyxq.expectation(Circuit(2).apply("h", 0).apply("cnot", 0, 1), Z(0) @ Z(1))
            assert abs(float(other.to_numpy(value)) - 1.0) < 1e-5, f"a Bell pair on {device} gave {value}"
