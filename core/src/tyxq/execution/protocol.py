"""The execution-mode protocol: how a circuit's expectations and probabilities are obtained.

An execution mode turns a circuit (possibly batched) and an observable into
numbers: exactly from the statevector (the built-in ``statevector`` mode) or
estimated from a finite number of measurement shots (``shots``), or in any
other way a plugin chooses (noise models, remote hardware). Modes speak to
arrays only through the :class:`~tyxq.backends.Backend` they are handed, and
return arrays of that backend.

Plugins register modes through the ``tyxq_execution_modes`` hook
(:class:`~tyxq.plugins.ExecutionModePlugin`); users pick one by name with
``tyxq.set_execution_mode``, ``tyxq.use_execution_mode`` or the ``mode=``
argument of ``tyxq.expectation``.

Example:
    >>> import tyxq
    >>> from tyxq.execution import ExecutionMode
    >>> mode = tyxq.get_execution_mode()
    >>> isinstance(mode, ExecutionMode), mode.name, mode.exact
    (True, 'statevector', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..backends.protocol import Array, Backend

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Observable

__all__ = ["ExecutionMode"]


@runtime_checkable
class ExecutionMode(Protocol):
    """What tyxq asks of an execution mode.

    Attributes:
        name: the registered name (``"statevector"``, ``"shots"``, ...).
        takes_shots: the mode estimates from a finite number of shots; a
            shot count must then be given (per call or as the mode's
            ``shots`` option), and results are random variables.
        exact: ``expectation`` returns ⟨ψ|O|ψ⟩ of the simulated final
            statevector up to rounding, computed with the backend's own
            array operations. The ``adjoint`` gradient serves exactly these
            modes, and ``autograd`` differentiates through them; modes that
            are not exact (shots, noise, hardware) are differentiated by
            ``parameter_shift`` or ``finite_difference``.

    Both methods accept a circuit whose parameters (or ``inputs``) carry a
    leading batch axis of size ``B``; results then carry that axis too.
    ``shots`` and ``seed`` may be ``None`` to use the mode's own defaults; a
    mode that does not take shots raises :class:`~tyxq.errors.ShotsError`
    when ``shots`` is given. ``seed`` is an int (each call with that int
    draws the same samples), a ``numpy.random.Generator`` (advanced by each
    call, so a loop draws fresh, reproducible samples) or ``None``.
    """

    name: str
    takes_shots: bool
    exact: bool

    def expectation(
        self,
        circuit: Circuit,
        observable: Observable,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> Array:
        """⟨observable⟩ after ``circuit``: a real array of shape ``()``, or ``(B,)`` when batched."""
        ...

    def probabilities(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> Array:
        """Probabilities of the basis states of ``qubits`` (all by default): ``(2**k,)`` or ``(B, 2**k)``.

        The first listed qubit is the most significant bit of the index.
        """
        ...
