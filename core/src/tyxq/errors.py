"""The exceptions tyxq raises.

Every error tyxq raises on bad input is a subclass of :class:`TyxqError`, so
``except tyxq.TyxqError`` catches them all, and each message names what was
asked, what was found, and what to do about it. Every one pickles with its
attributes, so it reaches the caller unchanged from a worker process.

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
    "BrokenPluginError",
    "PluginDependencyError",
    "GradientError",
    "NotDifferentiableError",
    "ConfigurationError",
    "ChunkError",
    "PluginWarning",
    "ConfigurationWarning",
    "ControlQubitError",
    "PauliStringError",
    "NotInvertibleError",
    "ShiftRuleError",
    "DrawingError",
    "ArgumentOrderError",
    "SignatureError",
    "NoiseRuleError",


    "TemplateError",
    "ProblemError",
    "InteropError",
    "MissingExtraError",
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


class BrokenPluginError(PluginError):
    """A plugin is installed but its own code fails: its entry point, a hook or its factory.

    The fix lies with the plugin (a bug, a wrong import path in its record):
    the message names its distribution, the exception and whom to tell.
    """


class PluginDependencyError(PluginError, ImportError):
    """A plugin's factory needs a library that is not installed; the message says what to install."""


class GradientError(TyxqError):
    """A gradient cannot be computed the way it was asked for."""


class ConfigurationError(TyxqError, ValueError):
    """A setting (an argument or a ``TYXQ_*`` environment variable) has a value tyxq cannot use."""


class ChunkError(TyxqError, RuntimeError):
    """A chunk of ``tyxq.map`` failed in its executor (an error in the work, a lost worker, a broken pool).

    ``index`` is the chunk's position and ``start``/``stop`` the slice of the
    parameter sets it held; the original exception is the ``__cause__``.
    """

    def __init__(self, message: str, index: int, start: int, stop: int) -> None:
        super().__init__(message)
        self.index = index
        self.start = start
        self.stop = stop

    def __reduce__(self) -> tuple[type[ChunkError], tuple[str, int, int, int]]:
        """Pickle with every constructor argument (the default passes only the message), so it crosses processes."""
        return (type(self), (str(self.args[0]), self.index, self.start, self.stop))


class PluginWarning(RuntimeWarning):
    """A plugin failed to load and was skipped; the others keep working (``tyxq plugins`` lists it)."""


class ConfigurationWarning(UserWarning):
    """A setting tyxq can work with but probably not as meant (a name in ``TYXQ_DISABLE_PLUGINS`` that nothing has)."""


class NotDifferentiableError(GradientError):
    """A backend's automatic differentiation met an operation it cannot differentiate.

    Backends raise it from ``value_and_grad`` and ``vjp`` when the function
    leaves the autodiff graph (a conversion to a host number or array, an
    operation without a derivative), so that ``method="auto"`` can fall back
    to finite differences and say why; any other error propagates unchanged.
    """


class ControlQubitError(QubitIndexError):
    """A control qubit is also a target of the gate it controls, or a control value is not 0 or 1."""


class PauliStringError(ObservableError):
    """A Pauli string has letters other than I, X, Y, Z, or a length that differs from its qubits."""


class NotInvertibleError(TyxqError, ValueError):
    """``inverse()`` was asked of something that has no inverse (a circuit that starts from an input state)."""


class ShiftRuleError(GradientError):
    """A gate's generator spectrum admits no parameter-shift rule that tyxq derives."""


class DrawingError(TyxqError, ValueError):
    """A circuit is too large to draw as asked."""


class ArgumentOrderError(TyxqError, TypeError):
    """A method was called with its arguments in an order it no longer takes (``unitary`` takes qubits first)."""


class SignatureError(TyxqError, TypeError):
    """A builder method was called with arguments its signature does not take: an unknown keyword, or a missing,
    extra or repeated argument (still a ``TypeError``, as Python's own would be)."""


class NoiseRuleError(ChannelError):
    """A noise rule cannot follow the gates it names (its channel acts on a different number of qubits)."""


class TemplateError(TyxqError, ValueError):
    """A template of :mod:`tyxq.templates` got features or weights of the wrong shape, or options it cannot use."""


class ProblemError(TyxqError, ValueError):
    """A problem of :mod:`tyxq.problems` got a graph, lattice or molecule it cannot build a Hamiltonian from."""


class InteropError(TyxqError, ValueError):
    """A circuit, operator or noise model of another framework has something tyxq cannot convert (or the reverse)."""


class MissingExtraError(TyxqError, ImportError):
    """A converter of :mod:`tyxq.interop` needs a framework that is not installed; the message names the extra."""
