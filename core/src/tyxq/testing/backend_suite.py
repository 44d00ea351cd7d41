"""The configuration and fixtures shared by the backend conformance suites.

Class attributes a subclass sets:

- ``backend_name``: the registered name (``"jax"``). Left ``None``, it comes
  from ``--tyxq-backend`` (with ``-p tyxq.testing.pytest_plugin``), else
  from ``default_backend_name`` (``"numpy"`` in the gradient and mode suites).
- ``backend_options``: options for ``tyxq.set_backend`` (``{"device": "cuda"}``);
  ``--tyxq-backend-option KEY=VALUE`` adds to them.
- ``dtypes``, ``tolerance``, ``expected_failures``: see :mod:`tyxq.testing.base`.

Every test receives ``backend`` (created by name through the plugin manager,
in the test's ``dtype``, and active for the test's duration, so circuits run
on it) and ``rng`` (a seeded NumPy generator, the same for every run).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import numpy as np
import pytest

from ..backends.protocol import Array, Backend
from ..context import backend_instance, use_backend
from .base import ConformanceSuite, plugin_choice

__all__ = ["BackendSuite"]


class BackendSuite(ConformanceSuite):
    """Fixtures for the backend suites: ``dtype``, ``backend`` and ``rng``."""

    backend_name: ClassVar[str | None] = None
    backend_options: ClassVar[Mapping[str, Any]] = {}
    default_backend_name: ClassVar[str | None] = None

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "dtype" in metafunc.fixturenames:
            _, options = self.backend_choice(metafunc.config)
            metafunc.parametrize("dtype", self.selected_dtypes(options))

    def backend_choice(self, config: pytest.Config) -> tuple[str, dict[str, Any]]:
        """The backend name and options: class attributes, completed from the command line."""
        return plugin_choice(config, "backend", self.backend_name, self.backend_options, self.default_backend_name)

    def create_backend(self, name: str, options: Mapping[str, Any]) -> Backend:
        """Create the backend under test (by name, through the plugin manager)."""
        return backend_instance(name, **options)

    @pytest.fixture
    def backend(self, request: pytest.FixtureRequest, dtype: str) -> Iterator[Backend]:
        name, options = self.backend_choice(request.config)
        created = self.create_backend(name, {**options, "dtype": dtype})
        with use_backend(created):
            yield created

    @pytest.fixture
    def rng(self) -> np.random.Generator:
        return np.random.default_rng(20240611)

    # helpers for the tests ----------------------------------------------------------------

    @staticmethod
    def host(backend: Backend, value: Array) -> np.ndarray:
        """``value`` as a NumPy array (detached from any autodiff tape)."""
        return np.asarray(backend.to_numpy(backend.detach(value)))

    def assert_close(
        self, backend: Backend, actual: Array, expected: Any, what: str, atol: float | None = None
    ) -> None:
        """Compare a backend result with a NumPy reference, naming ``what`` on failure."""
        tolerance = self.atol(backend.complex_dtype) if atol is None else atol
        got = self.host(backend, actual)
        want = np.asarray(expected)
        assert got.shape == want.shape, f"{what}: shape {got.shape}, expected {want.shape}"
        np.testing.assert_allclose(got, want, atol=tolerance, rtol=tolerance, err_msg=what)
