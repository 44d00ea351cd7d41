"""Execution modes: the protocol, the built-in ``statevector`` and ``shots`` modes, and what verbs hand them.

Example:
    >>> import tyxq
    >>> sorted(tyxq.available_execution_modes())[:2]
    ['shots', 'statevector']
"""

from .measurement import Measurement
from .memo import evaluation
from .protocol import ExecutionMode, resolve_mode
from .shots import ShotsMode
from .statevector import StatevectorMode

__all__ = ["ExecutionMode", "Measurement", "ShotsMode", "StatevectorMode", "evaluation", "resolve_mode"]
