"""Which backends the core's backend-generic tests run on.

The backends this environment declares in ``TYXQ_EXPECT_PLUGINS`` (the tox
env's list, see tox.ini), else every installed backend. A declared backend
that is not installed makes its tests fail when they create it, rather than
skip; a test that needs automatic differentiation runs on every declared
backend that has it, and is reported as skipped, with the reason, only
where no declared backend has it (the numpy-only env).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest

import tyxq
from tyxq.plugins import get_plugin_manager


def declared_backends() -> list[str]:
    text = os.environ.get("TYXQ_EXPECT_PLUGINS", "").strip()
    if not text:
        return tyxq.available_backends()
    names = []
    for entry in filter(None, (part.strip() for part in text.split(","))):
        kind, _, name = entry.rpartition(":")
        if kind in ("", "backend"):
            names.append(name.strip().lower().replace("-", "_"))
    return sorted(names)


def _has_autodiff(name: str) -> bool:
    found = get_plugin_manager().registrations("backend").get(name)
    return not found or found[0].record.capabilities.autodiff  # an uninstalled one must fail, not vanish


def backend_params() -> list[str]:
    return declared_backends()


def autodiff_backend_params() -> list[object]:
    names = [name for name in declared_backends() if _has_autodiff(name)]
    if names:
        return names
    reason = (
        f"no declared backend has automatic differentiation (backends: {', '.join(declared_backends())}); "
        "these tests run in the tox envs that install one (torch)"
    )
    return [pytest.param("none", marks=pytest.mark.skip(reason=reason))]


@contextmanager
def active(name: str, dtype: str = "complex128") -> Iterator[tyxq.backends.protocol.Backend]:
    with tyxq.use_backend(name, dtype=dtype) as backend:
        yield backend


def on(backend: object, values: object) -> object:
    """Host values as a real array of ``backend``."""
    return backend.asarray(np.asarray(values, dtype=np.float64), dtype=backend.real_dtype)  # type: ignore[attr-defined]


def host(backend: object, values: object) -> np.ndarray:
    """A backend array (or number) as a float64 host array."""
    if backend.is_array(values):  # type: ignore[attr-defined]
        values = backend.to_numpy(backend.detach(values))  # type: ignore[attr-defined]
    return np.asarray(values, dtype=np.float64)
