"""The exceptions tyxq raises.

Every error tyxq raises on bad input is a subclass of :class:`TyxqError`, so
``except tyxq.TyxqError`` catches them all, and each message names what was
asked, what was found, and what to do about it.

Example:
    >>> import tyxq
    >>> try:
    ...     tyxq.Circuit(2).h(5)
    ... except tyxq.QubitIndexError as error:
    ...     print("caught:", type(error).__name__)
    caught: QubitIndexError
"""

from __future__ import annotations

__all__ = [
    "TyxqError",
    "QubitIndexError",
    "ParameterError",
    "NonUnitaryError",
    "ChannelError",
    "UnknownGateError",
    "QasmError",
    "StateTooLargeError",
    "ShotsError",
    "ObservableError",
    "BackendError",
    "CapabilityError",
    "PluginError",
    "UnknownPluginError",
    "PluginConflictError",
    "IncompatiblePluginError",
    "GradientError",
    "NotDifferentiableError",
    "ConfigurationError",
    "PluginWarning",
]


class TyxqError(Exception):
    """Base class of every error tyxq raises on bad input or configuration."""


class QubitIndexError(TyxqError, IndexError):
    """A qubit index is out of range, not an integer, or repeated within one gate."""


class ParameterError(TyxqError, ValueError):
    """A gate parameter has the wrong count or shape, or is NaN or infinite."""


class NonUnitaryError(TyxqError, ValueError):
    """A matrix given to ``Circuit.unitary`` is not unitary or has the wrong size."""


class ChannelError(ParameterError):
    """A noise channel's parameter is out of its range, or Kraus operators are not trace preserving."""


class UnknownGateError(TyxqError, KeyError):
    """A gate name is not in tyxq's gate table."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class QasmError(TyxqError, ValueError):
    """An OpenQASM program cannot be parsed or uses something tyxq cannot run."""


class StateTooLargeError(TyxqError, MemoryError):
    """A statevector would not fit in memory; raised before anything is allocated."""


class ShotsError(TyxqError, ValueError):
    """A shot count is not a positive integer."""


class ObservableError(TyxqError, ValueError):
    """An observable is malformed or does not fit the circuit."""


class BackendError(TyxqError, TypeError):
    """Arrays of the wrong backend, dtype or device were mixed."""


class CapabilityError(TyxqError, NotImplementedError):
    """A backend, gradient method or mode was asked for something it cannot do."""


class PluginError(TyxqError):
    """Base class of errors about plugins: discovery, names, versions."""


class UnknownPluginError(PluginError, LookupError):
    """A backend, gradient method or execution mode name is not installed."""


class PluginConflictError(PluginError):
    """Two plugins register the same name for the same kind."""


class IncompatiblePluginError(PluginError):
    """A plugin does not support the installed tyxq version."""


class GradientError(TyxqError):
    """A gradient cannot be computed the way it was asked for."""


class ConfigurationError(TyxqError, ValueError):
    """A setting (an argument or a ``TYXQ_*`` environment variable) has a value tyxq cannot use."""


class PluginWarning(RuntimeWarning):
    """A plugin failed to load and was skipped; the others keep working (``tyxq plugins`` lists it)."""


class NotDifferentiableError(GradientError):
    """A backend's automatic differentiation met an operation it cannot differentiate.

    Backends raise it from ``value_and_grad`` and ``vjp`` when the function
    leaves the autodiff graph (a conversion to a host number or array, an
    operation without a derivative), so that ``method="auto"`` can fall back
    to finite differences and say why; any other error propagates unchanged.
    """
