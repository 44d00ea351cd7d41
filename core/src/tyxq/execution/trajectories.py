"""The ``trajectories`` mode: noisy circuits estimated from Monte Carlo wavefunction trajectories.

Each estimate averages ``trajectories`` statevector trajectories
(:mod:`tyxq.kernels.trajectories`), so memory grows with ``n`` as for a
statevector, not as for a density matrix: 20 noisy qubits take 16 MiB per
trajectory where ``density_matrix`` would need 16 TiB. Expectations are the
average of each trajectory's exact ``⟨ψ|O|ψ⟩`` and probabilities the average
of ``|ψ|²``: unbiased, with a standard error below ``‖O‖/√trajectories``.
The trajectories run as batched simulations of :data:`CHUNK_BYTES` of
statevectors each (small enough to stay in a CPU's cache, measured 25%
less work than one batch of 1,000 at 13 qubits), and never fewer than
:data:`MIN_CHUNK` trajectories at once (a 20-qubit circuit runs 16 per
batch, 256 MiB); the noise model (``noise=``) is applied as in
``density_matrix``.

Seeds work as in the ``shots`` mode: an int (every call with it draws the
same trajectories), a ``numpy.random.Generator`` (advanced by each call) or
``None`` (the mode's own generator, seeded from its ``seed`` option). Samples
(``tyxq.sample``) are drawn from the estimated probabilities with the same
generator, after the trajectories. Given a shot count (per call, or the
``shots`` option), probabilities and expectations are estimated from that
many shots drawn from the estimated probabilities, each group of qubit-wise
commuting terms with its own trajectories and shots, as in the ``shots`` mode. ``finite_difference`` differentiates with
common random numbers, ``parameter_shift`` with shifted circuits; autograd
is refused (random branch choices have no derivative).

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1).depolarizing(1, 0.2)
    >>> with tyxq.use_execution_mode(tyxq.TrajectoriesMode(trajectories=2000, seed=3)):
    ...     round(float(tyxq.expectation(c, tyxq.Z(0) @ tyxq.Z(1))), 1)
    0.8
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..arguments import check_count
from ..backends.protocol import Array, Backend
from ..errors import ConfigurationError
from ..kernels.measure import pauli_expectations, rotated_state, state_probabilities
from ..kernels.memory import check_state_fits, state_bytes
from ..kernels.trajectories import trajectory_states
from ..noise import NoiseModel
from .base import BaseExecutionMode
from .dynamic import mode_circuit, widened
from .noisy import NoiseApplication

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["CHUNK_BYTES", "MAX_TRAJECTORIES", "MIN_CHUNK", "TrajectoriesMode"]

CHUNK_BYTES = 2**24
"""Bytes of trajectory statevectors simulated in one batch (16 MiB), unless that is under :data:`MIN_CHUNK` of them."""

MIN_CHUNK = 16
"""Fewest trajectories simulated in one batch (when there are that many)."""

MAX_TRAJECTORIES = 2**30
"""The most trajectories one estimate runs (checked when the mode is created, before any work)."""


class TrajectoriesMode(BaseExecutionMode):
    """Estimates from ``trajectories`` Monte Carlo wavefunction trajectories; see the module docstring.

    Args:
        trajectories: trajectories per estimate (per batch member).
        seed: seeds the mode's own generator.
        noise: a :class:`~tyxq.NoiseModel` applied to every circuit, or ``None``.
        shots: the default shot count (``None``: trajectory averages unless
            a call gives one).
    """

    name = "trajectories"
    accepts_shots = True
    exact = False
    pure = False
    classical = True
    trajectories: int
    noise: NoiseModel | None
    _noise: NoiseApplication

    def __init__(
        self, trajectories: int = 1000, seed: Any = None, noise: NoiseModel | None = None, shots: int | None = None
    ) -> None:
        self.trajectories = check_count(
            "trajectories",
            trajectories,
            limit=MAX_TRAJECTORIES,
            error=ConfigurationError,
            too_many="the statistical error falls as 1/sqrt(trajectories), so 10**4 to 10**6 is the useful range, "
            "and the density_matrix mode gives the exact value",
        )
        self._noise = NoiseApplication(noise)
        self.noise = noise
        super().__init__(shots=shots, seed=seed)

    def _run(
        self, circuit: Circuit, qubits: Sequence[int] | None = None, bits: Sequence[int] | None = None
    ) -> tuple[Circuit, tuple[int, ...] | None]:
        """The noisy circuit to simulate (outcomes read by conditions or ``bits`` deferred) and the qubits to read."""
        return mode_circuit(self._noise.circuit(circuit), qubits, bits, pure=False)

    def _averaged(self, backend: Backend, noisy: Circuit, rng: np.random.Generator, reduce: Any) -> Array:
        """``reduce(states) -> (T·B, ...)`` of ``noisy`` averaged over trajectories, chunk by chunk: ``(B, ...)``."""
        batch, n = noisy.batch_size or 1, noisy.n_qubits
        check_state_fits(backend, n, batch)
        per_trajectory = state_bytes(n, batch, backend.complex_dtype)
        chunk = min(self.trajectories, max(MIN_CHUNK, CHUNK_BYTES // per_trajectory))
        total: Array = None
        done = 0
        while done < self.trajectories:
            count = min(chunk, self.trajectories - done)
            check_state_fits(backend, n, count * batch)
            values = reduce(trajectory_states(backend, noisy, count, rng))
            shape = backend.shape(values)
            summed = backend.sum(backend.reshape(values, (count, batch, *shape[1:])), axis=0)
            total = summed if total is None else total + summed
            done += count
        return total / self.trajectories

    def distribution(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        rng: np.random.Generator | None,
        bits: Sequence[int] | None = None,
    ) -> Array:
        """The trajectory average of ``|ψ|²`` over ``qubits`` (all by default) or ``bits``, misread: ``(B, 2**k)``."""
        assert rng is not None  # distribution_draws: the base class always hands this mode a generator
        run, read = self._run(circuit, qubits, bits)
        probs = self._averaged(backend, run, rng, lambda psi: state_probabilities(backend, psi))
        return self._noise.probabilities(backend, run, probs, read, circuit.n_qubits)

    def basis_distributions(
        self, circuit: Circuit, *, backend: Backend, rng: np.random.Generator | None
    ) -> Callable[[Circuit | None], Array]:
        """The misread probabilities of the circuit's qubits after each basis change, each from its own trajectories."""
        assert rng is not None  # distribution_draws: the base class always hands this mode a generator
        run, _ = self._run(circuit)
        width, n = run.n_qubits, circuit.n_qubits
        user = None if width == n else tuple(range(n))

        def measured(rotation: Circuit | None) -> Array:
            change = None if rotation is None else widened(rotation, width)

            def reduce(psi: Array) -> Array:
                return state_probabilities(backend, psi if change is None else rotated_state(backend, change, psi))

            probs = self._averaged(backend, run, rng, reduce)
            return self._noise.probabilities(backend, run, probs, user, n)

        return measured

    def expectation_values(
        self, circuit: Circuit, observables: Sequence[Hamiltonian], *, backend: Backend, rng: np.random.Generator | None
    ) -> Array:
        """The trajectory average of ``⟨ψ|O_k|ψ⟩``: ``(B, K)``, unbiased."""
        assert rng is not None  # distribution_draws: the base class always hands this mode a generator
        measured = self._noise.observables(circuit, observables)
        run, _ = self._run(circuit)
        return self._averaged(backend, run, rng, lambda psi: pauli_expectations(backend, psi, run.n_qubits, measured))
