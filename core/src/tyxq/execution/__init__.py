"""Execution modes: the protocol, the built-in ``statevector`` and ``shots`` modes, and the user verbs.

Example:
    >>> import tyxq
    >>> sorted(tyxq.available_execution_modes())[:2]
    ['shots', 'statevector']
"""

from .evaluate import expectation, probabilities, resolve_mode
from .protocol import ExecutionMode
from .shots import ShotsMode
from .statevector import StatevectorMode

__all__ = ["ExecutionMode", "ShotsMode", "StatevectorMode", "expectation", "probabilities", "resolve_mode"]
