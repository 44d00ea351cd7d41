"""The ``statevector`` mode: exact expectations and probabilities from the final statevector.

Shots drawn in this mode (``tyxq.sample``, ``tyxq.counts``) come from the
exact probabilities through the same sampler as the ``shots`` mode
(:mod:`tyxq.kernels.sampling`), so one seed gives the same counts in both.

Example:
    >>> import tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> StatevectorMode().expectation(c, [tyxq.Z(0) @ tyxq.Z(1)], backend=NumpyBackend()).round(12).tolist()
    [[1.0]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..backends.protocol import Array, Backend
from ..kernels.measure import pauli_expectations, state_marginals, state_probabilities
from ..kernels.reduced import reduced_from_states
from ..kernels.simulate import final_state
from .base import BaseExecutionMode
from .dynamic import mode_circuit, refuse_mixed_state
from .memo import memoized_probabilities, memoized_state
from .pure import state_distributions

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["StatevectorMode"]


def _probabilities_of_kept(backend: Backend, psi: Array) -> Array:
    """``|psi|²``, computed once for a state a memo holds (:func:`~tyxq.execution.memo.memoized_probabilities`)."""
    return memoized_probabilities(backend, psi, lambda: state_probabilities(backend, psi))


class StatevectorMode(BaseExecutionMode):
    """Exact results: ⟨ψ|O|ψ⟩ and ``|ψ|²`` of the simulated statevector.

    Example:
        >>> import tyxq
        >>> tyxq.StatevectorMode() == tyxq.StatevectorMode(), tyxq.StatevectorMode()
        (True, StatevectorMode())
    """

    name = "statevector"
    classical = True
    distribution_draws = False

    def __init__(self) -> None:
        super().__init__()

    def state(self, circuit: Circuit, *, backend: Backend) -> Array:
        """The final statevectors ``(B, 2**n)`` (shared within one :func:`tyxq.evaluation`).

        Outside one the state is simulated afresh, never read from the memo of recent
        states: the caller owns the array and may write into it.
        """
        refuse_mixed_state(circuit, self.name)
        return self._final_state(circuit, backend, recent=False)

    def _final_state(self, run: Circuit, backend: Backend, *, recent: bool = True) -> Array:
        return memoized_state(backend, run, lambda: final_state(backend, run), recent=recent)

    def density_matrix(self, circuit: Circuit, qubits: Sequence[int] | None = None, *, backend: Backend) -> Array:
        """The reduced density matrices of ``qubits`` ``(B, 2**k, 2**k)`` from the statevector.

        A circuit that measures or resets mid-circuit runs with its measured
        bits on extra qubits (:mod:`tyxq.deferral`), which are traced out.

        Example:
            >>> import tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> c = tyxq.Circuit(1).h(0).measure(0)
            >>> StatevectorMode().density_matrix(c, backend=NumpyBackend()).real.round(6).tolist()
            [[[0.5, 0.0], [0.0, 0.5]]]
        """
        run, _ = mode_circuit(circuit, None, None, pure=True)
        kept = range(circuit.n_qubits) if qubits is None else qubits
        return reduced_from_states(backend, self._final_state(run, backend), run.n_qubits, kept)

    def distribution(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        rng: np.random.Generator | None,
        bits: Sequence[int] | None = None,
    ) -> Array:
        """Exact basis-state probabilities of ``qubits`` (all by default), or of classical ``bits``: ``(B, 2**k)``.

        Example:
            >>> import numpy as np, tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> mode, rng = StatevectorMode(), np.random.default_rng()
            >>> mode.distribution(tyxq.Circuit(2).x(1), [1], backend=NumpyBackend(), rng=rng).tolist()
            [[0.0, 1.0]]
        """
        run, read = mode_circuit(circuit, qubits, bits, pure=True)
        return state_marginals(backend, self._final_state(run, backend), run.n_qubits, read)

    def basis_distributions(
        self, circuit: Circuit, *, backend: Backend, rng: np.random.Generator | None
    ) -> Callable[[Circuit | None], Array]:
        """The probabilities of the circuit's qubits after each basis change, from one simulation."""
        run, _ = mode_circuit(circuit, None, None, pure=True)
        return state_distributions(backend, self._final_state(run, backend), run.n_qubits, circuit.n_qubits)

    def expectation_values(
        self, circuit: Circuit, observables: Sequence[Hamiltonian], *, backend: Backend, rng: np.random.Generator | None
    ) -> Array:
        """The exact expectations ``(B, K)``, every observable from one simulation."""
        run, _ = mode_circuit(circuit, None, None, pure=True)
        state = self._final_state(run, backend)
        return pauli_expectations(backend, state, run.n_qubits, observables, measure=_probabilities_of_kept)
