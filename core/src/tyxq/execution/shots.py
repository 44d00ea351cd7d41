"""The ``shots`` mode: expectations and probabilities estimated from a finite number of shots.

How shots are spent. An observable's terms are measured in groups, the
same groups the exact kernels use: every Z-only term (and the constant)
together in the computational basis, then every group of X/Y-carrying terms
that commute qubit by qubit in one rotated basis
(:func:`tyxq.kernels.measure.qubitwise_groups`). **Each group gets the full
``shots`` shots**, drawn independently, so an observable with ``G`` groups
costs ``G × shots`` shots per circuit (per batch member). This is what a
device does when it runs one measurement circuit per basis, it keeps every
term's variance at ``(1 - ⟨P⟩²) / shots`` whatever the other terms are, and
it makes ``shots`` mean the same thing for ``⟨Z⟩`` and for a Hamiltonian.

Every term's estimate is the average of its ±1 outcomes over the group's
shots, so it is unbiased, and so is the weighted sum; constant terms are
exact. Probabilities are the observed frequencies ``counts / shots``
(unbiased too).

Shots are drawn by :func:`tyxq.kernels.sampling.draw_indices`, the one
sampler of every verb: ``seed`` is an int (a call with that int always draws
the same shots), a ``numpy.random.Generator`` (advanced by each call, so a
loop draws fresh, reproducible shots) or ``None`` (the mode's own generator,
seeded from its ``seed`` option). A call draws its groups in order from one
generator, the computational-basis group first, so ``tyxq.counts(c, N,
seed=s)``, ``tyxq.probabilities(c, shots=N, seed=s)`` and the Z terms of
``tyxq.expectation(c, H, shots=N, seed=s)`` all see the same shots; the
statevector mode's ``tyxq.counts`` draws them too.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> with tyxq.use_execution_mode("shots", shots=1000, seed=5) as mode:
    ...     tyxq.counts(c)
    {'00': 521, '11': 479}
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import CapabilityError, ShotsError
from ..kernels.measure import pauli_expectations, state_marginals, state_probabilities
from ..kernels.sampling import check_shots, draw_indices, frequencies, make_rng
from ..kernels.simulate import final_state
from .dynamic import mode_circuit

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["ShotsMode"]


class ShotsMode:
    """Results estimated from ``shots`` measurements; see the module docstring for the rules.

    Args:
        shots: the default shot count (per measured group), used when a call
            gives none.
        seed: seeds the mode's own generator (an int, a
            ``numpy.random.Generator`` or ``None`` for fresh entropy).
    """

    name = "shots"
    takes_shots = True
    exact = False
    pure = True
    classical = True

    def __init__(self, shots: int | None = None, seed: Any = None) -> None:
        self.shots = None if shots is None else check_shots(shots)
        self.seed = seed
        self._generator = make_rng(seed)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ShotsMode(shots={self.shots!r}, seed={self.seed!r})"

    def _count(self, shots: int | None) -> int:
        if shots is None:
            if self.shots is None:
                raise ShotsError(
                    "the shots mode needs a shot count: pass shots=1000 (for example) to the call, or "
                    'create the mode with one: tyxq.set_execution_mode("shots", shots=1000)'
                )
            return self.shots
        return check_shots(shots)

    @contextlib.contextmanager
    def _rng(self, seed: Any) -> Iterator[np.random.Generator]:
        """The generator for one call; the mode's own one is locked while a call draws from it."""
        if seed is None:
            with self._lock:
                yield self._generator
        else:
            yield make_rng(seed)

    def next_seed(self) -> int:
        """An int seed drawn from the mode's own generator (common random numbers for finite differences)."""
        with self._lock:
            return int(self._generator.integers(2**63))

    def state(self, circuit: Circuit, *, backend: Backend) -> Array:
        """Refused: results of this mode are estimates from shots, and it keeps no state."""
        raise CapabilityError(
            "the shots mode estimates results from measurement shots and has no statevector; ask for the "
            'state in an exact mode (tyxq.state(circuit, mode="statevector")), or for samples with '
            "tyxq.sample / tyxq.counts"
        )

    def expectation(
        self,
        circuit: Circuit,
        observables: Sequence[Hamiltonian],
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> Array:
        """The estimated expectations ``(B, K)``; each measured group gets ``shots`` shots.

        Example:
            >>> import tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> c = tyxq.Circuit(1).ry(0, 1.0)
            >>> ShotsMode().expectation(c, [tyxq.Z(0)], backend=NumpyBackend(), shots=100_000, seed=1).round(2)
            array([[0.54]])
        """
        count = self._count(shots)
        run, _ = mode_circuit(circuit, None, None, pure=True)
        psi = final_state(backend, run)
        dim = 2**run.n_qubits
        with self._rng(seed) as rng:

            def observed(backend: Backend, state: Array) -> Array:
                return frequencies(backend, draw_indices(backend, state_probabilities(backend, state), count, rng), dim)

            return pauli_expectations(backend, psi, run.n_qubits, observables, measure=observed)

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
        """``shots`` measured indices of ``qubits`` (or classical ``bits``) per member: host int64 ``(B, shots)``."""
        count = self._count(shots)
        run, read = mode_circuit(circuit, qubits, bits, pure=True)
        probs = state_marginals(backend, final_state(backend, run), run.n_qubits, read)
        with self._rng(seed) as rng:
            return draw_indices(backend, probs, count, rng)

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
        """Observed frequencies of the basis states of ``qubits`` (or classical ``bits``): ``(B, 2**k)``.

        Example:
            >>> import tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> ShotsMode().probabilities(tyxq.Circuit(2).x(0), [0], backend=NumpyBackend(), shots=10, seed=0).tolist()
            [[0.0, 1.0]]
        """
        indices = self.sample(circuit, qubits, backend=backend, shots=shots, seed=seed, bits=bits)
        read = bits if bits is not None else qubits
        k = circuit.n_qubits if read is None else len(read)
        return frequencies(backend, indices, 2**k)
