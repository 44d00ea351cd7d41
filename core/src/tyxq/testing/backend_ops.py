"""Backend conformance, operation by operation: metadata, creation, the op table, randomness.

Example:
    A plugin's test module::

        from tyxq.testing import BackendOpsConformance

        class TestMyBackendOps(BackendOpsConformance):
            backend_name = "mybackend"
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ..backends.protocol import REAL_DTYPE_OF, Backend, BackendCapabilities
from ..errors import TyxqError
from ..plugins.manager import get_plugin_manager
from ..plugins.types import BackendPlugin, normalize_name
from .backend_suite import BackendSuite
from .ops import OP_CASES

__all__ = ["BackendOpsConformance"]

_SHOTS = 20_000


class BackendOpsConformance(BackendSuite):
    """The Backend protocol checked one operation at a time against NumPy."""

    # --- identity and declarations ---------------------------------------------------------

    def test_satisfies_backend_protocol(self, backend: Backend) -> None:
        assert isinstance(backend, Backend), "the backend lacks methods of tyxq.backends.Backend"

    def test_declares_name_dtypes_and_capabilities(
        self, request: pytest.FixtureRequest, backend: Backend, dtype: str
    ) -> None:
        name, _ = self.backend_choice(request.config)
        assert backend.name == normalize_name(name)
        assert isinstance(backend.capabilities, BackendCapabilities)
        assert backend.complex_dtype == dtype
        assert backend.real_dtype == REAL_DTYPE_OF[dtype]
        assert dtype in backend.capabilities.dtypes
        assert any(str(backend.device).startswith(kind) for kind in backend.capabilities.devices), (
            f"device {backend.device!r} is not among the declared devices {backend.capabilities.devices}"
        )

    def test_registration_agrees_with_capabilities(self, backend: Backend) -> None:
        record = get_plugin_manager().get("backend", backend.name).record
        assert isinstance(record, BackendPlugin)
        declared = record.capabilities
        for field in dataclasses.fields(BackendCapabilities):
            registered, actual = getattr(declared, field.name), getattr(backend.capabilities, field.name)
            assert registered == actual, (
                f"capability {field.name!r}: the registration declares {registered!r}, the backend {actual!r}"
            )

    def test_rejects_unsupported_dtype(self, request: pytest.FixtureRequest) -> None:
        name, options = self.backend_choice(request.config)
        with pytest.raises(TyxqError, match="float16"):
            self.create_backend(name, {**options, "dtype": "float16"})

    def test_rejects_unknown_device(self, request: pytest.FixtureRequest) -> None:
        name, options = self.backend_choice(request.config)
        with pytest.raises(TyxqError, match="quantum_toaster"):
            self.create_backend(name, {**options, "device": "quantum_toaster"})

    # --- creation and conversion -----------------------------------------------------------

    def test_creation_defaults_to_complex_dtype(self, backend: Backend) -> None:
        for made in (backend.zeros((2, 3)), backend.ones((2, 3)), backend.eye(3)):
            assert backend.dtype_name(made) == backend.complex_dtype
        assert backend.shape(backend.zeros((2, 3))) == (2, 3)
        np.testing.assert_array_equal(self.host(backend, backend.eye(3)), np.eye(3))
        np.testing.assert_array_equal(self.host(backend, backend.ones((2,))), np.ones(2))

    @pytest.mark.parametrize("kind", ["complex", "real", "int32", "bool"])
    def test_creation_honours_explicit_dtype(self, backend: Backend, kind: str) -> None:
        dtype = {"complex": backend.complex_dtype, "real": backend.real_dtype}.get(kind, kind)
        for made in (
            backend.zeros((3,), dtype=dtype),
            backend.ones((3,), dtype=dtype),
            backend.asarray([1, 0, 1], dtype=dtype),
            backend.array([1, 0, 1], dtype=dtype),
        ):
            assert backend.dtype_name(made) == dtype

    def test_asarray_round_trips_values(self, backend: Backend, rng: np.random.Generator) -> None:
        data = (rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))).astype(backend.complex_dtype)
        converted = backend.asarray(data)
        assert backend.is_array(converted)
        assert backend.dtype_name(converted) == backend.complex_dtype
        np.testing.assert_array_equal(self.host(backend, converted), data)

    def test_asarray_of_python_floats_is_real(self, backend: Backend) -> None:
        converted = backend.asarray([0.5, -1.5])
        assert np.dtype(backend.dtype_name(converted)).kind == "f"
        np.testing.assert_array_equal(self.host(backend, converted), [0.5, -1.5])

    def test_array_copies_its_input(self, backend: Backend) -> None:
        source = np.arange(4, dtype=backend.real_dtype)
        copied = backend.array(source)
        source[0] = 99.0
        assert self.host(backend, copied)[0] == 0.0

    def test_like_constructors_keep_shape_and_dtype(self, backend: Backend) -> None:
        template = backend.zeros((2, 5), dtype=backend.real_dtype)
        for made, value in ((backend.zeros_like(template), 0.0), (backend.ones_like(template), 1.0)):
            assert backend.shape(made) == (2, 5)
            assert backend.dtype_name(made) == backend.real_dtype
            np.testing.assert_array_equal(self.host(backend, made), np.full((2, 5), value))

    def test_arange_counts_from_zero(self, backend: Backend) -> None:
        counted = backend.arange(5)
        assert np.dtype(backend.dtype_name(counted)).kind == "i"
        np.testing.assert_array_equal(self.host(backend, counted), np.arange(5))

    def test_cast_converts_dtype(self, backend: Backend) -> None:
        real = backend.asarray([0.25, -2.0], dtype=backend.real_dtype)
        as_complex = backend.cast(real, backend.complex_dtype)
        assert backend.dtype_name(as_complex) == backend.complex_dtype
        np.testing.assert_array_equal(self.host(backend, as_complex), [0.25 + 0j, -2.0 + 0j])

    def test_copy_is_independent(self, backend: Backend) -> None:
        original = backend.asarray(np.arange(3, dtype=backend.real_dtype))
        twin = backend.copy(original)
        np.testing.assert_array_equal(self.host(backend, twin), [0.0, 1.0, 2.0])
        if backend.writable(twin):
            backend.multiply(twin, twin, out=twin)
            np.testing.assert_array_equal(self.host(backend, original), [0.0, 1.0, 2.0])

    def test_is_array_accepts_own_arrays_only(self, backend: Backend) -> None:
        assert backend.is_array(backend.zeros((2,)))
        assert not backend.is_array([0.0, 1.0])
        assert not backend.is_array(0.5)
        assert not backend.is_array("text")

    def test_to_numpy_gives_numpy_arrays(self, backend: Backend) -> None:
        host = backend.to_numpy(backend.eye(2))
        assert isinstance(host, np.ndarray)
        assert host.dtype == np.dtype(backend.complex_dtype)

    # --- the operation table ---------------------------------------------------------------

    @pytest.mark.parametrize("case", sorted(OP_CASES))
    def test_operation_matches_numpy(self, backend: Backend, rng: np.random.Generator, case: str) -> None:
        op = OP_CASES[case]
        inputs = op.inputs(rng, backend.complex_dtype, backend.real_dtype)
        converted = [
            backend.asarray(a, dtype=a.dtype.name) if a.dtype.kind in "fc" else backend.asarray(a) for a in inputs
        ]
        result = op.run(backend, *converted)
        expected = np.asarray(op.expect(*inputs))
        assert backend.is_array(result), f"{case} returned a {type(result).__name__}, not an array of the backend"
        if expected.dtype.kind in "fc":
            assert backend.dtype_name(result) == expected.dtype.name, (
                f"{case}: dtype {backend.dtype_name(result)}, NumPy gives {expected.dtype.name}"
            )
        self.assert_close(backend, result, expected, case, atol=10 * self.atol(backend.complex_dtype))

    def test_all_finite_detects_nan_and_infinity(self, backend: Backend) -> None:
        assert backend.all_finite(backend.asarray([0.5, 1.0], dtype=backend.real_dtype)) is True
        assert backend.all_finite(backend.asarray([0.5, np.nan], dtype=backend.real_dtype)) is False
        assert backend.all_finite(backend.asarray([np.inf, 1.0], dtype=backend.real_dtype)) is False
        assert backend.all_finite(backend.asarray([1 + 1j, complex(0, np.nan)], dtype=backend.complex_dtype)) is False

    def test_writable_answers_a_bool(self, backend: Backend) -> None:
        assert isinstance(backend.writable(backend.zeros((2,))), bool)

    def test_out_arguments_write_in_place(self, backend: Backend, rng: np.random.Generator) -> None:
        self.skip_without(backend.capabilities.inplace, "writing through out=", "BackendCapabilities.inplace=False")
        a = backend.asarray(rng.standard_normal((3, 3)).astype(backend.complex_dtype))
        b = backend.asarray(rng.standard_normal((3, 3)).astype(backend.complex_dtype))
        expected = self.host(backend, a) @ self.host(backend, b)
        out = backend.zeros((3, 3))
        assert backend.writable(out)
        backend.matmul(a, b, out=out)
        self.assert_close(backend, out, expected, "matmul(out=)")
        backend.multiply(a, b, out=out)
        self.assert_close(backend, out, self.host(backend, a) * self.host(backend, b), "multiply(out=)")
        backend.take(a, backend.asarray(np.array([2, 0, 1])), axis=1, out=out)
        self.assert_close(backend, out, self.host(backend, a)[:, [2, 0, 1]], "take(out=)")

    def test_views_write_through_to_the_array(self, backend: Backend, rng: np.random.Generator) -> None:
        self.skip_without(
            backend.capabilities.inplace and backend.capabilities.views,
            "writing through reshaped and sliced views",
            "BackendCapabilities.views=False",
        )
        values = rng.standard_normal((2, 16)).astype(backend.complex_dtype)
        state = backend.asarray(values.copy())
        view = backend.reshape(state, (2, 2, 2, 4))[:, 1, :, 1:3]
        view[...] = backend.zeros(backend.shape(view))
        values.reshape(2, 2, 2, 4)[:, 1, :, 1:3] = 0
        self.assert_close(backend, state, values, "reshape(state)[...] = 0")
        if getattr(backend, "real_view", None) is not None:
            real = backend.real_view(state)  # type: ignore[attr-defined]
            assert backend.shape(real) == (2, 32)
            real[:, 0] = 7.0  # the real part of the first amplitude
            values[:, 0] = 7.0 + 1j * values[:, 0].imag
            self.assert_close(backend, state, values, "real_view(state)[:, 0] = 7")

    # --- randomness ------------------------------------------------------------------------

    def _draws(self, backend: Backend, seed: object) -> list[np.ndarray]:
        generator = backend.rng(seed)
        p = backend.asarray(np.array([0.1, 0.2, 0.3, 0.4]), dtype=backend.real_dtype)
        return [
            self.host(backend, backend.normal(generator, (5,))),
            self.host(backend, backend.uniform(generator, (5,))),
            self.host(backend, backend.choice(generator, 4, 50, p)),
        ]

    def test_same_seed_reproduces_draws(self, backend: Backend) -> None:
        for first, second in zip(self._draws(backend, 1234), self._draws(backend, 1234), strict=True):
            np.testing.assert_array_equal(first, second)

    def test_different_seeds_give_different_draws(self, backend: Backend) -> None:
        assert not np.array_equal(self._draws(backend, 1)[0], self._draws(backend, 2)[0])

    def test_generator_advances_between_draws(self, backend: Backend) -> None:
        generator = backend.rng(7)
        first = self.host(backend, backend.uniform(generator, (8,)))
        second = self.host(backend, backend.uniform(generator, (8,)))
        assert not np.array_equal(first, second), "two draws from one generator were identical"

    def test_random_draws_have_real_dtype_and_shape(self, backend: Backend) -> None:
        generator = backend.rng(3)
        for drawn in (backend.normal(generator, (2, 3)), backend.uniform(generator, (2, 3))):
            assert backend.shape(drawn) == (2, 3)
            assert backend.dtype_name(drawn) == backend.real_dtype

    def test_uniform_draws_lie_in_unit_interval(self, backend: Backend) -> None:
        values = self.host(backend, backend.uniform(backend.rng(5), (_SHOTS,)))
        assert values.min() >= 0.0 and values.max() < 1.0
        assert abs(values.mean() - 0.5) < 5 * np.sqrt(1 / 12 / _SHOTS)

    def test_normal_draws_have_zero_mean_and_unit_variance(self, backend: Backend) -> None:
        values = self.host(backend, backend.normal(backend.rng(6), (_SHOTS,))).astype(np.float64)
        assert abs(values.mean()) < 5 / np.sqrt(_SHOTS)
        assert abs(values.var() - 1.0) < 5 * np.sqrt(2 / _SHOTS)

    def test_choice_follows_probabilities(self, backend: Backend) -> None:
        p = np.array([0.05, 0.0, 0.25, 0.1, 0.0, 0.3, 0.2, 0.1])
        drawn = self.host(
            backend, backend.choice(backend.rng(11), 8, _SHOTS, backend.asarray(p, dtype=backend.real_dtype))
        )
        assert drawn.shape == (_SHOTS,)
        assert np.dtype(drawn.dtype).kind in "iu"
        frequencies = np.bincount(drawn, minlength=8) / _SHOTS
        assert frequencies[1] == 0 and frequencies[4] == 0, "an outcome of probability 0 was drawn"
        bound = 5 * np.sqrt(p * (1 - p) / _SHOTS) + 1e-12
        assert np.all(np.abs(frequencies - p) <= bound), f"frequencies {frequencies} vs probabilities {p}"

    def test_bincount_counts_occurrences(self, backend: Backend) -> None:
        counted = backend.bincount(backend.asarray(np.array([0, 2, 2, 3])), minlength=6)
        np.testing.assert_array_equal(self.host(backend, counted), [1, 0, 2, 1, 0, 0])

    def test_nonzero_finds_indices(self, backend: Backend) -> None:
        found = backend.nonzero(backend.asarray(np.array([0.0, 1.5, 0.0, -2.0]), dtype=backend.real_dtype))
        np.testing.assert_array_equal(self.host(backend, found), [1, 3])

    # --- resources -------------------------------------------------------------------------

    def test_available_memory_is_positive_or_unknown(self, backend: Backend) -> None:
        memory = backend.available_memory()
        assert memory is None or (isinstance(memory, int) and memory > 0)
