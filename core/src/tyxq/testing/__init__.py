"""The conformance kit: test suites a tyxq plugin's own test suite subclasses.

A plugin author proves a new backend, gradient method or execution mode
correct by subclassing a suite in the plugin's tests and naming the plugin::

    # tests/test_conformance.py of the distribution tyxq-mybackend
    from tyxq.testing import BackendConformance

    class TestMyBackend(BackendConformance):
        backend_name = "mybackend"

``pytest`` then runs a few hundred checks: the Backend protocol operation by
operation (values, dtypes, shapes, devices, seeded randomness), random
circuits with every gate against the numpy backend (batched and not, in
complex64 and complex128), gradients against an exact reference, and the
errors bad input must raise. Capabilities the plugin does not declare skip
their tests with the reason, and the suite checks that those operations
raise :class:`~tyxq.errors.CapabilityError` instead. Known gaps go in
``expected_failures = {"test_name": "reason"}`` (strict xfails).

Without writing a test file: ``tyxq-conformance --backend mybackend`` (or
``pytest -p tyxq.testing.pytest_plugin --tyxq-backend mybackend ...``).

The kit needs pytest (``pip install "tyxq[testing]"``); its suites are
imported on first use, so :mod:`tyxq.testing.plugin_check` (what ``tyxq
plugins --check`` runs) works without it.

Example:
    >>> from tyxq.testing import BackendConformance, GradientMethodConformance, ExecutionModeConformance
    >>> "test_every_gate_matches_numpy" in BackendConformance.suite_test_names()
    True
"""

from __future__ import annotations

import importlib
from typing import Any

# The suites import pytest; `tyxq plugins --check` (tyxq.testing.plugin_check) must not need it,
# so the suites are imported when first named rather than with the package.
_HOMES = {
    "AffineCircuitFunction": "functions",
    "BackendCircuitConformance": "backend_circuits",
    "BackendConformance": "backend",
    "BackendOpsConformance": "backend_ops",
    "BackendTransformConformance": "backend_transforms",
    "CircuitSpec": "circuits",
    "ConformanceSuite": "base",
    "ExecutionModeConformance": "mode",
    "GradientMethodConformance": "gradient",
    "NoisyModeConformance": "noisy",
    "random_affine_function": "functions",
    "random_circuit_spec": "circuits",
    "random_hamiltonian": "circuits",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'tyxq.testing' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
