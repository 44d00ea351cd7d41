"""Execution modes: the protocol, the built-in ``statevector`` and ``shots`` modes."""

from .protocol import ExecutionMode

__all__ = ["ExecutionMode"]
