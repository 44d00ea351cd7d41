"""The ``statevector`` mode: exact expectations and probabilities from the final statevector.

Example:
    >>> import tyxq
    >>> from tyxq.execution.statevector import StatevectorMode
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> mode, backend = StatevectorMode(), tyxq.get_backend()
    >>> round(float(mode.expectation(c, tyxq.Z(0) @ tyxq.Z(1), backend=backend)), 12)
    1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..backends.protocol import Array, Backend
from ..errors import ShotsError
from ..kernels.measure import circuit_probabilities, pauli_expectation, squeeze_batch
from ..kernels.simulate import final_state
from ..observables import as_hamiltonian

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Observable

__all__ = ["StatevectorMode", "squeeze_batch"]


def final_states(backend: Backend, circuit: Circuit) -> Array:
    """The final states ``(B, 2**n)``, with ``B = 1`` for an unbatched circuit."""
    return final_state(circuit, backend, squeeze=False)


class StatevectorMode:
    """Exact results: ⟨ψ|O|ψ⟩ and ``|ψ|²`` of the simulated statevector."""

    name = "statevector"
    takes_shots = False
    exact = True

    def __repr__(self) -> str:
        return "StatevectorMode()"

    def expectation(
        self, circuit: Circuit, observable: Observable, *, backend: Backend, shots: int | None = None, seed: Any = None
    ) -> Array:
        """The exact expectation: shape ``()``, or ``(B,)`` for a batched circuit."""
        _no_shots(shots)
        hamiltonian = as_hamiltonian(observable, circuit.n_qubits)
        psi = final_states(backend, circuit)
        return squeeze_batch(backend, circuit, pauli_expectation(backend, psi, circuit.n_qubits, hamiltonian))

    def probabilities(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> Array:
        """Exact basis-state probabilities of ``qubits`` (all by default).

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(2).x(1)
            >>> StatevectorMode().probabilities(c, [1], backend=tyxq.get_backend()).tolist()
            [0.0, 1.0]
        """
        _no_shots(shots)
        return squeeze_batch(backend, circuit, circuit_probabilities(backend, circuit, qubits))


def _no_shots(shots: int | None) -> None:
    if shots is not None:
        raise ShotsError(
            f"the statevector mode is exact and takes no shots, but shots={shots!r} was given; "
            'to estimate from samples pass mode="shots" (or use tyxq.use_execution_mode("shots"))'
        )
