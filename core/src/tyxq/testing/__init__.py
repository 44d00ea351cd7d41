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

The kit needs pytest (``pip install "tyxq[testing]"``).

Example:
    >>> from tyxq.testing import BackendConformance, GradientMethodConformance, ExecutionModeConformance
    >>> "test_every_gate_matches_numpy" in BackendConformance.suite_test_names()
    True
"""

from .backend import BackendConformance
from .backend_circuits import BackendCircuitConformance
from .backend_ops import BackendOpsConformance
from .backend_transforms import BackendTransformConformance
from .base import ConformanceSuite
from .circuits import CircuitSpec, random_circuit_spec, random_hamiltonian
from .functions import AffineCircuitFunction, random_affine_function
from .gradient import GradientMethodConformance
from .mode import ExecutionModeConformance
from .noisy import NoisyModeConformance

__all__ = [
    "AffineCircuitFunction",
    "BackendCircuitConformance",
    "BackendConformance",
    "BackendOpsConformance",
    "BackendTransformConformance",
    "CircuitSpec",
    "ConformanceSuite",
    "ExecutionModeConformance",
    "GradientMethodConformance",
    "NoisyModeConformance",
    "random_affine_function",
    "random_circuit_spec",
    "random_hamiltonian",
]
