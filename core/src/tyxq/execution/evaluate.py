"""The user verbs ``tyxq.expectation`` and ``tyxq.probabilities``: one entry point for every mode.

Both take a circuit, or a function that builds one from arguments, and run
it in an execution mode on the active backend; results are arrays of that
backend. With ``batch_axes`` a function written for one parameter set runs a
whole batch of them as one batched simulation
(:mod:`tyxq.execution.batching`).

Example:
    >>> import numpy as np, tyxq
    >>> def circuit(theta):
    ...     return tyxq.Circuit(1).ry(0, theta)
    >>> thetas = np.array([0.0, np.pi / 2, np.pi])
    >>> tyxq.expectation(circuit, tyxq.Z(0), thetas, batch_axes=0).round(6).tolist()
    [1.0, 0.0, -1.0]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..backends.protocol import Array
from ..circuit import Circuit
from ..errors import PluginError
from ..kernels.measure import check_qubits
from ..observables import Observable, as_hamiltonian
from .batching import BatchAxes, build_circuit
from .interception import active_interceptor
from .protocol import ExecutionMode

__all__ = ["expectation", "probabilities", "resolve_mode"]


def resolve_mode(mode: str | ExecutionMode | None) -> ExecutionMode:
    """The execution mode meant by ``mode``: the active one (``None``), one by name, or the object itself.

    Example:
        >>> resolve_mode("shots").takes_shots
        True
    """
    from ..api import execution_mode_instance, get_execution_mode

    if mode is None:
        return get_execution_mode()  # type: ignore[no-any-return,unused-ignore]
    if isinstance(mode, str):
        return execution_mode_instance(mode)  # type: ignore[no-any-return,unused-ignore]
    if isinstance(mode, ExecutionMode):
        return mode
    raise PluginError(
        f"mode must be an execution mode's name (see tyxq.available_execution_modes()) or an ExecutionMode, "
        f"got a {type(mode).__name__}"
    )


def expectation(
    circuit_or_fn: Circuit | Callable[..., Circuit],
    observable: Observable,
    *args: Any,
    mode: str | ExecutionMode | None = None,
    shots: int | None = None,
    seed: Any = None,
    batch_axes: BatchAxes = None,
) -> Array:
    """⟨observable⟩ after a circuit, in an execution mode, on the active backend.

    Args:
        circuit_or_fn: a :class:`~tyxq.Circuit`, or a function
            ``fn(*args) -> Circuit``.
        observable: a Pauli string, a Hamiltonian, or text like ``"ZZ"``.
        args: the arguments of ``fn``.
        mode: an execution mode's name or object; the active mode
            (``tyxq.set_execution_mode``, ``statevector`` by default) if
            ``None``.
        shots: shots per measured group (``shots`` mode); the mode's default
            if ``None``. An exact mode refuses a shot count.
        seed: an int, a ``numpy.random.Generator`` or ``None`` (see
            :mod:`tyxq.execution.shots`).
        batch_axes: ``None``, an int, or one int-or-``None`` per argument:
            where the arguments carry a batch of parameter sets, which then
            run as one batched simulation.

    Returns:
        A real array of the active backend: shape ``()``, or ``(B,)`` for a
        batch. Gradient methods see this call (see :mod:`tyxq.gradients`).

    Example:
        >>> import tyxq
        >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
        >>> round(float(tyxq.expectation(bell, "ZZ")), 12)
        1.0
        >>> float(tyxq.expectation(bell, "ZZ", mode="shots", shots=100, seed=0))
        1.0
    """
    from ..api import get_backend

    backend = get_backend()
    chosen = resolve_mode(mode)
    circuit = build_circuit(circuit_or_fn, args, batch_axes, backend)
    hamiltonian = as_hamiltonian(observable, circuit.n_qubits)
    interceptor = active_interceptor()
    if interceptor is not None:
        return interceptor.expectation(circuit, hamiltonian, mode=chosen, backend=backend, shots=shots, seed=seed)
    return chosen.expectation(circuit, hamiltonian, backend=backend, shots=shots, seed=seed)


def probabilities(
    circuit_or_fn: Circuit | Callable[..., Circuit],
    *args: Any,
    qubits: Sequence[int] | None = None,
    mode: str | ExecutionMode | None = None,
    shots: int | None = None,
    seed: Any = None,
    batch_axes: BatchAxes = None,
) -> Array:
    """Basis-state probabilities of ``qubits`` (all by default) in an execution mode.

    Arguments as for :func:`expectation`; the result has shape ``(2**k,)``
    or ``(B, 2**k)``, the first listed qubit being the most significant bit.
    Gradient methods see this call as they see :func:`expectation`.

    Example:
        >>> import tyxq
        >>> tyxq.probabilities(tyxq.Circuit(2).x(0), qubits=[0], mode="shots", shots=10, seed=1).tolist()
        [0.0, 1.0]
    """
    from ..api import get_backend

    backend = get_backend()
    chosen = resolve_mode(mode)
    circuit = build_circuit(circuit_or_fn, args, batch_axes, backend)
    measured = None if qubits is None else tuple(check_qubits(list(qubits), circuit.n_qubits))
    interceptor = active_interceptor()
    if interceptor is not None:
        return interceptor.probabilities(circuit, measured, mode=chosen, backend=backend, shots=shots, seed=seed)
    return chosen.probabilities(circuit, measured, backend=backend, shots=shots, seed=seed)
