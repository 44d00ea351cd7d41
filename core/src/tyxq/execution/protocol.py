"""The execution-mode protocol: how a circuit's expectations, probabilities, shots and state are obtained.

An execution mode turns a circuit (possibly batched) into numbers: exactly
from the statevector (the built-in ``statevector`` mode), estimated from a
finite number of measurement shots (``shots``), or in any other way a plugin
chooses (noise models, remote hardware). Modes speak to arrays only through
the :class:`~tyxq.backends.Backend` they are handed and return arrays of that
backend, **always with the batch axis** (``B = 1`` for an unbatched circuit):
the verbs (``tyxq.expectation``, ...) drop it for unbatched circuits.

Plugins register modes through the ``tyxq_execution_modes`` hook
(:class:`~tyxq.plugins.ExecutionModePlugin`); users give a mode object with
its options (``tyxq.ShotsMode(shots=1000)``), or a mode's name for its
defaults, to ``tyxq.set_execution_mode``, ``tyxq.use_execution_mode`` or the
``mode=`` argument of every verb.

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

import numpy as np

from ..backends.protocol import Array, Backend
from ..context import execution_mode_instance, get_execution_mode
from ..errors import CapabilityError, PluginError
from ..kernels.reduced import reduced_from_states

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["ExecutionMode", "density_matrices", "reads_classical_bits", "resolve_mode"]


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
            array operations, and ``state`` returns that statevector. The
            ``adjoint`` gradient serves exactly these modes, and
            ``autograd`` differentiates through them; modes that are not
            exact (shots, noise, hardware) are differentiated by
            ``parameter_shift`` or ``finite_difference``.
        pure: the mode simulates pure states (a statevector). An exact
            mode that is not pure (``density_matrix``) computes exact values
            of a mixed state: ``state`` raises ``CapabilityError``,
            ``autograd`` differentiates it, ``adjoint`` does not serve it.

    Most modes subclass :class:`~tyxq.execution.BaseExecutionMode`, which
    implements this protocol around one method and gives the optional
    members below their defaults; a mode may also implement it from scratch.

    Optional attribute: ``classical`` (``False`` when absent, as in the base
    class): the mode runs circuits with mid-circuit measurements, resets and
    classically conditioned gates (the built-in modes do, through
    :mod:`tyxq.deferral`), and its ``probabilities`` and ``sample`` take a
    keyword ``bits`` (classical bits to read instead of ``qubits``). The
    verbs refuse such circuits, and ``bits=``, in a mode without it
    (:func:`reads_classical_bits`).

    Optional method: ``density_matrix(circuit, qubits=None, *, backend)``,
    the (reduced) density matrices ``(B, 2**k, 2**k)`` behind
    ``tyxq.density_matrix``; where it is absent an exact, pure mode's are
    reduced from its ``state`` and other modes refuse.

    Every method accepts a circuit whose parameters (or ``inputs``) carry a
    leading batch axis of size ``B``, and returns results with that axis
    (``B = 1`` when nothing is batched). ``shots`` and ``seed`` may be
    ``None`` to use the mode's own defaults; a mode that does not take shots
    raises :class:`~tyxq.errors.ShotsError` when ``shots`` is given to
    ``expectation`` or ``probabilities``, unless it declares the optional
    ``accepts_shots`` (then it estimates from that many shots). ``seed`` is an int (each call with
    that int draws the same shots), a ``numpy.random.Generator`` (advanced
    by each call) or ``None``; modes that draw shots do so through
    :func:`tyxq.kernels.sampling.draw_indices`, so that one seed gives the
    same shots through every verb.
    """

    name: str
    takes_shots: bool
    exact: bool
    pure: bool

    def expectation(
        self,
        circuit: Circuit,
        observables: Sequence[Hamiltonian],
        *,
        backend: Backend,
        shots: int | tuple[int, ...] | None = None,
        seed: Any = None,
    ) -> Array:
        """⟨O_k⟩ after ``circuit`` for each of ``observables``: a real array ``(B, K)``.

        A mode that samples measures each group of qubit-wise commuting
        terms across the whole list once (one set of shots per group). A
        tuple of shot counts (asked only of a mode with ``shot_vectors =
        True``) gives ``(S, B, K)``, one estimate per count from consecutive
        slices of one stream (:mod:`tyxq.execution.shot_vectors`).
        """
        ...

    def probabilities(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | tuple[int, ...] | None = None,
        seed: Any = None,
    ) -> Array:
        """Probabilities of the basis states of ``qubits`` (all by default): ``(B, 2**k)``.

        The first listed qubit is the most significant bit of the index. A
        tuple of shot counts gives ``(S, B, 2**k)``, as for :meth:`expectation`.
        """
        ...

    def sample(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> np.ndarray:
        """``shots`` measured basis-state indices of ``qubits`` per member: host int64 ``(B, shots)``."""
        ...

    def state(self, circuit: Circuit, *, backend: Backend) -> Array:
        """The final statevectors ``(B, 2**n)``; a mode with no statevector raises ``CapabilityError``."""
        ...


def reads_classical_bits(mode: ExecutionMode) -> bool:
    """Whether ``mode`` runs mid-circuit measurements and reads ``bits=``: its ``classical``, ``False`` where absent.

    Example:
        >>> import tyxq
        >>> reads_classical_bits(tyxq.StatevectorMode())
        True
    """
    return bool(getattr(mode, "classical", False))  # optional in the protocol; the base class declares it


def density_matrices(mode: ExecutionMode, circuit: Circuit, qubits: Sequence[int] | None, *, backend: Backend) -> Array:
    """The density matrices ``(B, 2**k, 2**k)`` of ``qubits`` in ``mode``: its ``density_matrix``, else from its state.

    A mode implementing the protocol from scratch without ``density_matrix``
    has its state reduced where it is exact and pure, and is refused by name
    otherwise.

    Example:
        >>> import tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> density_matrices(tyxq.ShotsMode(), tyxq.Circuit(1), None, backend=NumpyBackend())
        Traceback (most recent call last):
        ...
        tyxq.errors.CapabilityError: the shots mode is not exact ...
    """
    own = getattr(mode, "density_matrix", None)  # optional in the protocol; the base class implements it
    if callable(own):
        return own(circuit, qubits, backend=backend)
    if not (mode.exact and mode.pure):
        raise CapabilityError(
            f"the execution mode {mode.name!r} has no density_matrix method and is not an exact, pure mode, so it "
            'has no density matrix to return; ask for it in an exact mode: mode="density_matrix" or "statevector"'
        )
    n = circuit.n_qubits
    return reduced_from_states(backend, mode.state(circuit, backend=backend), n, range(n) if qubits is None else qubits)


def resolve_mode(mode: str | ExecutionMode | None) -> ExecutionMode:
    """The execution mode meant by ``mode``: the active one (``None``), one by name, or the object itself.

    Example:
        >>> resolve_mode("shots").takes_shots
        True
    """
    if mode is None:
        return get_execution_mode()
    if isinstance(mode, str):
        return execution_mode_instance(mode)
    if isinstance(mode, ExecutionMode):
        return mode
    raise PluginError(
        f"mode must be an execution mode's name (see tyxq.available_execution_modes()) or an ExecutionMode, "
        f"got a {type(mode).__name__}"
    )
