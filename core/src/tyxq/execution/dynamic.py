"""What a built-in mode simulates for a circuit with mid-circuit measurements, and which qubits it reads.

The modes hand the circuit (with their noise model's channels already in
place, so no noise lands on the copies) to :func:`mode_circuit`, which defers
its classical operations (:mod:`tyxq.deferral`) when the mode needs it and
turns a request for classical ``bits`` into the qubits holding them.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(1).h(0).measure(0)
    >>> run, read = mode_circuit(c, None, (0,), pure=True)
    >>> run.n_qubits, read
    (2, (1,))
"""

from __future__ import annotations

from collections.abc import Sequence

from ..circuit import Circuit
from ..deferral import defer_measurements, is_dynamic
from ..errors import CapabilityError

__all__ = ["mode_circuit", "refuse_mixed_state", "widened"]


def mode_circuit(
    circuit: Circuit, qubits: Sequence[int] | None, bits: Sequence[int] | None, *, pure: bool
) -> tuple[Circuit, tuple[int, ...] | None]:
    """The circuit to simulate and the qubits to read (``None``: all of it) for ``qubits=`` or ``bits=``."""
    if bits is None and not is_dynamic(circuit, pure=pure):
        return circuit, None if qubits is None else tuple(qubits)
    deferred = defer_measurements(circuit, pure=pure, bits=bits or ())
    if bits is not None:
        return deferred.circuit, tuple(deferred.bit_qubits[b] for b in bits)
    if qubits is not None:
        return deferred.circuit, tuple(qubits)
    widened = deferred.circuit.n_qubits > deferred.n_qubits
    return deferred.circuit, tuple(range(deferred.n_qubits)) if widened else None


def refuse_mixed_state(circuit: Circuit, mode: str) -> None:
    """Refuse the statevector of a circuit whose measurements or resets leave its qubits in a mixed state."""
    if is_dynamic(circuit, pure=True):
        raise CapabilityError(
            f"this circuit measures or resets mid-circuit, so its qubits end in a mixed state, which has no "
            f"statevector for the {mode} mode to return; ask for its density matrix with "
            'tyxq.density_matrix(circuit) (in this mode, or in mode="density_matrix"), or for tyxq.probabilities, '
            "tyxq.expectation or tyxq.counts (bits= reads the measured bits)"
        )


def widened(circuit: Circuit, n_qubits: int) -> Circuit:
    """``circuit`` on ``n_qubits`` qubits (its own first): a basis change for a run with measured bits' qubits.

    Example:
        >>> import tyxq
        >>> widened(tyxq.Circuit(1).h(0), 3).n_qubits
        3
    """
    if circuit.n_qubits == n_qubits:
        return circuit
    return Circuit(n_qubits).compose(circuit)
