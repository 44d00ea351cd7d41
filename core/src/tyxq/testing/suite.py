"""The suites configured wholly from the command line: what ``tyxq-conformance`` collects.

Run with the plugin loaded and a choice per suite, for example::

    SUITE=$(python -c "import tyxq.testing.suite as s; print(s.__file__)")
    pytest -p tyxq.testing.pytest_plugin "$SUITE::TestBackend" --tyxq-backend jax

``TestGradientMethod`` and ``TestExecutionMode`` run on the backend given by
``--tyxq-backend`` (numpy otherwise); ``TestGradientMethod`` in the mode
given by ``--tyxq-mode`` (statevector otherwise).
"""

from __future__ import annotations

from .backend import BackendConformance
from .gradient import GradientMethodConformance
from .mode import ExecutionModeConformance

__all__ = ["TestBackend", "TestExecutionMode", "TestGradientMethod"]


class TestBackend(BackendConformance):
    """The backend named by ``--tyxq-backend``."""


class TestGradientMethod(GradientMethodConformance):
    """The gradient method named by ``--tyxq-gradient``."""


class TestExecutionMode(ExecutionModeConformance):
    """The execution mode named by ``--tyxq-mode``."""
