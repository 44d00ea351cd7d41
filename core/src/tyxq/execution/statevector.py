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

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import ShotsError
from ..kernels.measure import pauli_expectations, state_marginals
from ..kernels.sampling import check_shots, draw_indices, make_rng
from ..kernels.simulate import final_state
from .dynamic import mode_circuit, refuse_mixed_state
from .memo import memoized_state

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["StatevectorMode"]


class StatevectorMode:
    """Exact results: ⟨ψ|O|ψ⟩ and ``|ψ|²`` of the simulated statevector."""

    name = "statevector"
    takes_shots = False
    exact = True
    pure = True
    classical = True

    def __repr__(self) -> str:
        return "StatevectorMode()"

    def state(self, circuit: Circuit, *, backend: Backend) -> Array:
        """The final statevectors ``(B, 2**n)`` (shared within one :func:`tyxq.evaluation`)."""
        refuse_mixed_state(circuit, self.name)
        return memoized_state(backend, circuit, lambda: final_state(backend, circuit))

    def expectation(
        self,
        circuit: Circuit,
        observables: Sequence[Hamiltonian],
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> Array:
        """The exact expectations ``(B, K)``, every observable from one simulation."""
        _no_shots(shots)
        run, _ = mode_circuit(circuit, None, None, pure=True)
        return pauli_expectations(backend, self.state(run, backend=backend), run.n_qubits, observables)

    def probabilities(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
        bits: Sequence[int] | None = None,
    ) -> Array:
        """Exact basis-state probabilities of ``qubits`` (all by default), or of classical ``bits``: ``(B, 2**k)``.

        Example:
            >>> import tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> StatevectorMode().probabilities(tyxq.Circuit(2).x(1), [1], backend=NumpyBackend()).tolist()
            [[0.0, 1.0]]
        """
        _no_shots(shots)
        run, read = mode_circuit(circuit, qubits, bits, pure=True)
        return state_marginals(backend, self.state(run, backend=backend), run.n_qubits, read)

    def sample(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
        bits: Sequence[int] | None = None,
    ) -> np.ndarray:
        """``shots`` draws from the exact probabilities: host int64 indices ``(B, shots)``."""
        if shots is None:
            raise ShotsError("sampling needs a shot count: tyxq.sample(circuit, 1000) or tyxq.counts(circuit, 1000)")
        count = check_shots(shots)
        rng = make_rng(seed)
        probs = self.probabilities(circuit, qubits, backend=backend, bits=bits)
        return draw_indices(backend, probs, count, rng)


def _no_shots(shots: int | None) -> None:
    if shots is not None:
        raise ShotsError(
            f"the statevector mode is exact and takes no shots, but shots={shots!r} was given; "
            'to estimate from samples pass mode="shots" (or use tyxq.use_execution_mode("shots"))'
        )
