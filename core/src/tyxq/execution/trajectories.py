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
generator, after the trajectories. ``finite_difference`` differentiates with
common random numbers, ``parameter_shift`` with shifted circuits; autograd
is refused (random branch choices have no derivative).

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1).depolarizing(1, 0.2)
    >>> with tyxq.use_execution_mode("trajectories", trajectories=2000, seed=3):
    ...     round(float(tyxq.expectation(c, tyxq.Z(0) @ tyxq.Z(1))), 1)
    0.8
"""

from __future__ import annotations

import contextlib
import numbers
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import CapabilityError, ConfigurationError, ShotsError
from ..kernels.measure import pauli_expectations, state_probabilities
from ..kernels.memory import check_state_fits, state_bytes
from ..kernels.sampling import check_shots, draw_indices, make_rng
from ..kernels.trajectories import trajectory_states
from ..noise import NoiseModel
from .dynamic import mode_circuit
from .noisy import NoiseApplication

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["CHUNK_BYTES", "MIN_CHUNK", "TrajectoriesMode"]

CHUNK_BYTES = 2**24
"""Bytes of trajectory statevectors simulated in one batch (16 MiB), unless that is under :data:`MIN_CHUNK` of them."""

MIN_CHUNK = 16
"""Fewest trajectories simulated in one batch (when there are that many)."""


class TrajectoriesMode:
    """Estimates from ``trajectories`` Monte Carlo wavefunction trajectories; see the module docstring.

    Args:
        trajectories: trajectories per estimate (per batch member).
        seed: seeds the mode's own generator.
        noise: a :class:`~tyxq.NoiseModel` applied to every circuit, or ``None``.
    """

    name = "trajectories"
    takes_shots = False
    exact = False
    pure = False
    classical = True
    trajectories: int
    seed: Any
    noise: NoiseApplication
    _generator: np.random.Generator
    _lock: threading.Lock

    def __init__(self, trajectories: int = 1000, seed: Any = None, noise: NoiseModel | None = None) -> None:
        if isinstance(trajectories, bool) or not isinstance(trajectories, numbers.Integral) or trajectories < 1:
            raise ConfigurationError(
                f"trajectories must be a positive integer, got {trajectories!r}; for example "
                'tyxq.use_execution_mode("trajectories", trajectories=1000)'
            )
        self.trajectories = int(trajectories)
        self.seed = seed
        self.noise = NoiseApplication(noise)
        self._generator = make_rng(seed)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TrajectoriesMode(trajectories={self.trajectories}, seed={self.seed!r}, noise={self.noise.model!r})"

    @contextlib.contextmanager
    def _rng(self, seed: Any) -> Iterator[np.random.Generator]:
        if seed is None:
            with self._lock:
                yield self._generator
        else:
            yield make_rng(seed)

    def next_seed(self) -> int:
        """An int seed drawn from the mode's own generator (common random numbers for finite differences)."""
        with self._lock:
            return int(self._generator.integers(2**63))

    def _run(
        self, circuit: Circuit, qubits: Sequence[int] | None = None, bits: Sequence[int] | None = None
    ) -> tuple[Circuit, tuple[int, ...] | None]:
        """The noisy circuit to simulate (outcomes read by conditions or ``bits`` deferred) and the qubits to read."""
        return mode_circuit(self.noise.circuit(circuit), qubits, bits, pure=False)

    def _averaged(self, backend: Backend, noisy: Circuit, seed: Any, reduce: Any) -> Array:
        """``reduce(states) -> (T·B, ...)`` of ``noisy`` averaged over trajectories, chunk by chunk: ``(B, ...)``."""
        batch, n = noisy.batch_size or 1, noisy.n_qubits
        check_state_fits(backend, n, batch)
        per_trajectory = state_bytes(n, batch, backend.complex_dtype)
        chunk = min(self.trajectories, max(MIN_CHUNK, CHUNK_BYTES // per_trajectory))
        total: Array = None
        done = 0
        with self._rng(seed) as rng:
            while done < self.trajectories:
                count = min(chunk, self.trajectories - done)
                check_state_fits(backend, n, count * batch)
                values = reduce(trajectory_states(backend, noisy, count, rng))
                shape = backend.shape(values)
                summed = backend.sum(backend.reshape(values, (count, batch, *shape[1:])), axis=0)
                total = summed if total is None else total + summed
                done += count
        return total / self.trajectories

    def state(self, circuit: Circuit, *, backend: Backend) -> Array:
        """Refused: the mode estimates a mixed state from random trajectories."""
        raise CapabilityError(
            "the trajectories mode estimates a mixed state from random trajectories and has no statevector; ask "
            "for tyxq.expectation or tyxq.probabilities, or for the state of the noise-free circuit in the "
            'statevector mode (tyxq.state(circuit, mode="statevector"))'
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
        """The trajectory average of ``⟨ψ|O_k|ψ⟩``: ``(B, K)``, unbiased."""
        _no_shots(shots)
        measured = self.noise.observables(circuit, observables)
        run, _ = self._run(circuit)
        return self._averaged(backend, run, seed, lambda psi: pauli_expectations(backend, psi, run.n_qubits, measured))

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
        """The trajectory average of ``|ψ|²`` over ``qubits`` (all by default) or ``bits``, misread: ``(B, 2**k)``."""
        _no_shots(shots)
        run, read = self._run(circuit, qubits, bits)
        probs = self._averaged(backend, run, seed, lambda psi: state_probabilities(backend, psi))
        return self.noise.probabilities(backend, run, probs, read, circuit.n_qubits)

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
        """``shots`` draws from the estimated probabilities: host int64 indices ``(B, shots)``."""
        if shots is None:
            raise ShotsError("sampling needs a shot count: tyxq.sample(circuit, 1000) or tyxq.counts(circuit, 1000)")
        count = check_shots(shots)
        with self._rng(seed) as rng:
            probs = self.probabilities(circuit, qubits, backend=backend, seed=rng, bits=bits)
            return draw_indices(backend, probs, count, rng)


def _no_shots(shots: int | None) -> None:
    if shots is not None:
        raise ShotsError(
            f"the trajectories mode averages trajectories and takes no shots, but shots={shots!r} was given; "
            'set the number of trajectories on the mode: tyxq.use_execution_mode("trajectories", trajectories=1000)'
        )
