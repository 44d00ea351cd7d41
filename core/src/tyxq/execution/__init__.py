"""Execution modes: the protocol, the base class, the four built-in modes, and what verbs hand them.

Example:
    >>> import tyxq
    >>> {"density_matrix", "shots", "statevector"} <= set(tyxq.available_execution_modes())
    True
"""

from .base import BaseExecutionMode
from .density_matrix import DensityMatrixMode
from .measurement import Measurement
from .memo import evaluation
from .protocol import ExecutionMode, reads_classical_bits, resolve_mode
from .recent import MemoInfo, memo_info
from .shots import ShotsMode
from .statevector import StatevectorMode
from .trajectories import TrajectoriesMode

__all__ = [
    "BaseExecutionMode",
    "DensityMatrixMode",
    "ExecutionMode",
    "Measurement",
    "MemoInfo",
    "ShotsMode",
    "StatevectorMode",
    "TrajectoriesMode",
    "evaluation",
    "memo_info",
    "reads_classical_bits",
    "resolve_mode",
]
