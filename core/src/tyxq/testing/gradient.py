"""Gradient-method conformance: gradients of random circuit functions against the exact shift rule.

Class attributes a subclass sets:

- ``gradient_name`` (or ``--tyxq-gradient``) and ``gradient_options``;
- ``backend_name`` / ``backend_options`` (or ``--tyxq-backend``; ``numpy``
  by default) and ``mode_name`` / ``mode_options`` (or ``--tyxq-mode``;
  ``statevector`` by default): the combination the method is checked in;
- ``gradient_tolerance``: ``{dtype: absolute tolerance}`` (or
  ``--tyxq-gradient-tolerance``). By default exact methods in exact modes
  must agree to ``1e-7`` (complex128) / ``2e-3`` (complex64); a method
  registered with ``exact=False`` or a mode that samples shots must state its
  own (and options, such as a number of samples, that make it achievable).

The reference gradient is independent of every gradient method: the user
functions are :class:`~tyxq.testing.functions.AffineCircuitFunction`s, whose
exact gradient follows from the two-term shift rule on the numpy backend.

Example:
    A plugin's test module::

        from tyxq.testing import GradientMethodConformance

        class TestForwardDifference(GradientMethodConformance):
            gradient_name = "forward_difference"
            gradient_tolerance = {"complex128": 1e-5, "complex64": 5e-2}

    (the method of the example in :meth:`tyxq.plugins.hookspec.TyxqSpecs.tyxq_gradient_methods`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar

import numpy as np
import pytest

from ..backends.protocol import Backend
from ..context import execution_mode_instance, gradient_method_instance, use_execution_mode
from ..plugins.manager import get_plugin_manager
from ..plugins.types import normalize_name
from .backend_suite import BackendSuite
from .base import plugin_choice
from .functions import AffineCircuitFunction, random_affine_function

__all__ = ["GradientMethodConformance"]

_EXACT = {"complex128": 1e-7, "complex64": 2e-3}


class GradientMethodConformance(BackendSuite):
    """A gradient method checked against the exact shift rule on random circuit functions."""

    gradient_name: ClassVar[str | None] = None
    gradient_options: ClassVar[Mapping[str, Any]] = {}
    mode_name: ClassVar[str | None] = None
    mode_options: ClassVar[Mapping[str, Any]] = {}
    default_backend_name: ClassVar[str | None] = "numpy"
    gradient_tolerance: ClassVar[Mapping[str, float] | None] = None

    def gradient_choice(self, config: pytest.Config) -> tuple[str, dict[str, Any]]:
        """The method name and options: class attributes, completed from the command line."""
        return plugin_choice(config, "gradient", self.gradient_name, self.gradient_options, None)

    def mode_choice(self, config: pytest.Config) -> tuple[str, dict[str, Any]]:
        """The mode name and options: class attributes, completed from the command line."""
        return plugin_choice(config, "mode", self.mode_name, self.mode_options, "statevector")

    @pytest.fixture
    def mode(self, request: pytest.FixtureRequest, backend: Backend) -> Iterator[Any]:
        name, options = self.mode_choice(request.config)
        created = execution_mode_instance(name, **options)
        with use_execution_mode(created):
            yield created

    @pytest.fixture
    def method(self, request: pytest.FixtureRequest) -> Any:
        name, options = self.gradient_choice(request.config)
        return gradient_method_instance(name, **options)

    def record(self, method: Any) -> Any:
        return get_plugin_manager().get("gradient", method.name).record

    @pytest.fixture
    def gradient_atol(self, request: pytest.FixtureRequest, backend: Backend, method: Any, mode: Any) -> float:
        """The absolute tolerance for gradients: ``gradient_tolerance``, ``--tyxq-gradient-tolerance``, or a default."""
        if self.gradient_tolerance is not None:
            return float(self.gradient_tolerance[backend.complex_dtype])
        given = request.config.getoption("tyxq_gradient_tolerance", default=None)
        if given is not None:
            return float(given)
        if not (mode.exact and self.record(method).exact):
            pytest.fail(
                f"{method.name} in mode {mode.name!r} is not exact, so its gradients carry an error of a size only "
                "you know: set gradient_tolerance = {'complex128': ..., 'complex64': ...} on the test class, or "
                "pass --tyxq-gradient-tolerance (a few standard errors, or the truncation error)",
                pytrace=False,
            )
        return _EXACT[backend.complex_dtype]

    def differentiate(
        self, method: Any, backend: Backend, mode: Any, fn: Callable[..., Any], argnums: Any, *args: Any
    ) -> tuple[Any, Any]:
        """``method``'s ``(value, gradients)`` of ``fn`` at ``args``, as ``tyxq.value_and_grad`` would call it."""
        problem = method.supports(backend, mode)
        assert problem is None, f"{method.name} refuses {backend.name} in mode {mode.name}: {problem}"
        converted = [backend.asarray(a, dtype=backend.real_dtype) for a in args]
        return method.value_and_grad(fn, argnums, backend=backend, mode=mode)(*converted)

    def check_gradient(
        self,
        backend: Backend,
        method: Any,
        mode: Any,
        fn: AffineCircuitFunction,
        argnums: Any,
        seed: int,
        tolerance: float,
    ) -> None:
        args = fn.random_args(np.random.default_rng(seed))
        value, grads = self.differentiate(method, backend, mode, fn, argnums, *args)
        expected_value, expected = fn.reference_value_and_grad(*args)
        positions = (argnums,) if isinstance(argnums, int) else argnums
        parts = (grads,) if isinstance(argnums, int) else tuple(grads)
        assert len(parts) == len(positions), f"argnums={argnums!r} gave {len(parts)} gradients"
        for position, part in zip(positions, parts, strict=True):
            assert backend.is_array(part), f"the gradient is a {type(part).__name__}, not an array of the backend"
            self.assert_close(backend, part, expected[position], f"gradient in argument {position}", atol=tolerance)
        value_tolerance = tolerance if mode.takes_shots else self.atol(backend.complex_dtype)
        self.assert_close(backend, value, expected_value, "value", atol=value_tolerance)

    # --- declarations ----------------------------------------------------------------------

    def test_satisfies_gradient_method_protocol(self, request: pytest.FixtureRequest, method: Any) -> None:
        from ..gradients import GradientMethod

        assert isinstance(method, GradientMethod), "the method lacks attributes or methods of GradientMethod"
        assert method.name == normalize_name(self.gradient_choice(request.config)[0])

    def test_supports_the_configured_combination(self, backend: Backend, method: Any, mode: Any) -> None:
        problem = method.supports(backend, mode)
        assert problem is None, f"{method.name} refuses {backend.name} in mode {mode.name}: {problem}"

    def test_declared_modes_and_requirements_hold(self, backend: Backend, method: Any) -> None:
        """``supports`` answers as the registration declares, for every installed mode.

        A mode outside ``modes`` (when given), a mode that is not exact when
        ``exact_modes_only``, or a backend without autodiff when
        ``requires_autodiff``, is refused with a message; every other
        combination is accepted (:meth:`tyxq.plugins.GradientPlugin.serves`).
        """
        record = self.record(method)
        backends = [backend]
        if record.requires_autodiff and backend.capabilities.autodiff:
            backends.append(self.create_backend("numpy", {"dtype": backend.complex_dtype}))
        for candidate in backends:
            for name in get_plugin_manager().names("mode"):
                mode = execution_mode_instance(name)
                answer = method.supports(candidate, mode)
                excluded = not record.serves(
                    name, mode.exact, candidate.capabilities.autodiff, getattr(mode, "pure", True)
                )
                where = f"{method.name} on {candidate.name} in mode {name!r}"
                if excluded:
                    assert isinstance(answer, str) and answer, f"{where} is excluded by the registration, yet accepted"
                else:
                    assert answer is None, f"{where} is declared supported, yet refused: {answer}"

    # --- gradients -------------------------------------------------------------------------

    @pytest.mark.parametrize("seed", range(4))
    def test_gradient_matches_shift_rule(
        self, backend: Backend, method: Any, mode: Any, gradient_atol: float, seed: int
    ) -> None:
        fn = random_affine_function(np.random.default_rng(seed), n_qubits=1 + seed % 3, depth=8, sizes=(4,))
        self.check_gradient(backend, method, mode, fn, 0, 100 + seed, gradient_atol)

    def test_gradients_of_several_arguments(
        self, backend: Backend, method: Any, mode: Any, gradient_atol: float
    ) -> None:
        fn = random_affine_function(np.random.default_rng(7), n_qubits=3, depth=10, sizes=(2, 3))
        self.check_gradient(backend, method, mode, fn, (0, 1), 107, gradient_atol)

    def test_argnums_selects_one_argument(self, backend: Backend, method: Any, mode: Any, gradient_atol: float) -> None:
        fn = random_affine_function(np.random.default_rng(8), n_qubits=2, depth=8, sizes=(2, 3))
        self.check_gradient(backend, method, mode, fn, 1, 108, gradient_atol)

    def test_gradients_keep_shape_and_real_dtype(self, backend: Backend, method: Any, mode: Any) -> None:
        fn = random_affine_function(np.random.default_rng(9), n_qubits=2, depth=6, sizes=(5,))
        _, grad = self.differentiate(method, backend, mode, fn, 0, *fn.random_args(np.random.default_rng(109)))
        assert backend.shape(grad) == (5,)
        assert backend.dtype_name(grad) == backend.real_dtype
