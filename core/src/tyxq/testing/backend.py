"""``BackendConformance``: every backend check of the kit in one class.

It combines :class:`~tyxq.testing.backend_ops.BackendOpsConformance` (the
protocol operation by operation), :class:`~tyxq.testing.backend_circuits.BackendCircuitConformance`
(whole circuits against numpy) and
:class:`~tyxq.testing.backend_transforms.BackendTransformConformance`
(autodiff, vmap, jit, DLPack, devices). Subclass the parts instead to run
only some of them.

Example:
    A plugin's test module, ``tests/test_conformance.py``::

        from tyxq.testing import BackendConformance

        class TestMyBackend(BackendConformance):
            backend_name = "mybackend"
            backend_options = {"device": "cpu"}
            expected_failures = {"test_jit_matches_eager": "jit lands in the next release"}
"""

from __future__ import annotations

from .backend_circuits import BackendCircuitConformance
from .backend_ops import BackendOpsConformance
from .backend_transforms import BackendTransformConformance

__all__ = ["BackendConformance"]


class BackendConformance(BackendOpsConformance, BackendCircuitConformance, BackendTransformConformance):
    """The whole backend suite: operations, circuits, transformations."""
