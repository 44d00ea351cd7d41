"""The suites configured wholly from the command line: what ``tyxq-conformance`` collects.

Run with the plugin loaded and a choice per suite, for example::

    pytest -p tyxq.testing.pytest_plugin --tyxq-backend jax

collects ``TestBackend`` by itself (:mod:`tyxq.testing.pytest_plugin`
puts the suite of each chosen kind in place of pytest's default paths).

``TestGradientMethod`` and ``TestExecutionMode`` run on the backend given by
``--tyxq-backend`` (numpy otherwise); ``TestGradientMethod`` in the mode
given by ``--tyxq-mode`` (statevector otherwise).
"""

from __future__ import annotations

from .backend import BackendConformance
from .gradient import GradientMethodConformance
from .mode import ExecutionModeConformance

__all__ = ["SUITE_OF_KIND", "TestBackend", "TestExecutionMode", "TestGradientMethod", "suite_node_ids"]

SUITE_OF_KIND = {"backend": "TestBackend", "gradient": "TestGradientMethod", "mode": "TestExecutionMode"}
"""The suite that checks the plugin chosen by ``--tyxq-KIND``."""


def suite_node_ids(kinds: list[str]) -> list[str]:
    """The pytest node ids of the suites for ``kinds``.

    Example:
        >>> [node.rsplit("::", 1)[1] for node in suite_node_ids(["backend", "mode"])]
        ['TestBackend', 'TestExecutionMode']
    """
    return [f"{__file__}::{SUITE_OF_KIND[kind]}" for kind in kinds]


class TestBackend(BackendConformance):
    """The backend named by ``--tyxq-backend``."""


class TestGradientMethod(GradientMethodConformance):
    """The gradient method named by ``--tyxq-gradient``."""


class TestExecutionMode(ExecutionModeConformance):
    """The execution mode named by ``--tyxq-mode``."""
