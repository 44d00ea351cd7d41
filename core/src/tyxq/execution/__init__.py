"""Execution modes: the protocol, the built-in ``statevector`` and ``shots`` modes, and what verbs hand them.

Example:
    >>> import tyxq
    >>> {"density_matrix", "shots", "statevector"} <= set(tyxq.available_execution_modes())
    True
"""

from .density_matrix import DensityMatrixMode
from .measurement import Measurement
from .memo import evaluation
from .protocol import ExecutionMode, resolve_mode
from .shots import ShotsMode
from .statevector import StatevectorMode
from .trajectories import TrajectoriesMode

__all__ = [
    "DensityMatrixMode",
    "ExecutionMode",
    "Measurement",
    "ShotsMode",
    "StatevectorMode",
    "TrajectoriesMode",
    "evaluation",
    "resolve_mode",
]
