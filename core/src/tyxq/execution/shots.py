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

Shots are drawn on the host with NumPy: each group's probabilities become
counts through one multinomial draw per batch member. ``seed`` is an int (a
call with that int always draws the same counts), a
``numpy.random.Generator`` (advanced by each call, so a loop draws fresh,
reproducible counts) or ``None`` (the mode's own generator, seeded from its
``seed`` option). The same seed gives the same counts on every backend.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> with tyxq.use_execution_mode("shots", shots=1000, seed=5) as mode:
    ...     mode.counts(c, backend=tyxq.get_backend())
    {'00': 515, '11': 485}
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import ShotsError
from ..kernels.measure import circuit_probabilities, pauli_expectation, squeeze_batch, state_probabilities
from ..kernels.sampling import check_shots
from ..observables import as_hamiltonian
from .statevector import final_states

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Observable

__all__ = ["ShotsMode", "sampled_counts"]


def sampled_counts(backend: Backend, probs: Array, shots: int, rng: np.random.Generator) -> np.ndarray:
    """Counts ``(B, K)`` (host int64) of ``shots`` draws from each row of ``probs`` ``(B, K)``.

    Example:
        >>> import numpy as np
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> sampled_counts(NumpyBackend(), np.array([[0.0, 1.0]]), 5, np.random.default_rng(0)).tolist()
        [[0, 5]]
    """
    host = np.asarray(backend.to_numpy(backend.detach(probs)), dtype=np.float64)
    host = np.clip(host, 0.0, None)
    host /= host.sum(axis=-1, keepdims=True)
    return rng.multinomial(shots, host)


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

    def __init__(self, shots: int | None = None, seed: Any = None) -> None:
        self.shots = None if shots is None else check_shots(shots)
        self.seed = seed
        self._generator = np.random.default_rng(seed)
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
            yield np.random.default_rng(seed)

    def expectation(
        self, circuit: Circuit, observable: Observable, *, backend: Backend, shots: int | None = None, seed: Any = None
    ) -> Array:
        """The estimated expectation, ``()`` or ``(B,)``; each measured group gets ``shots`` shots.

        Example:
            >>> import tyxq
            >>> mode, backend = ShotsMode(), tyxq.get_backend()
            >>> c = tyxq.Circuit(1).ry(0, 1.0)
            >>> round(float(mode.expectation(c, tyxq.Z(0), backend=backend, shots=100_000, seed=1)), 2)
            0.54
        """
        count = self._count(shots)
        hamiltonian = as_hamiltonian(observable, circuit.n_qubits)
        psi = final_states(backend, circuit)
        with self._rng(seed) as rng:

            def frequencies(backend: Backend, state: Array) -> Array:
                counts = sampled_counts(backend, state_probabilities(backend, state), count, rng)
                return backend.asarray(counts / count, dtype=backend.real_dtype)

            values = pauli_expectation(backend, psi, circuit.n_qubits, hamiltonian, measure=frequencies)
        return squeeze_batch(backend, circuit, values)

    def _counts(
        self, circuit: Circuit, qubits: Sequence[int] | None, backend: Backend, shots: int | None, seed: Any
    ) -> tuple[np.ndarray, int, int]:
        count = self._count(shots)
        probs = circuit_probabilities(backend, circuit, qubits)
        with self._rng(seed) as rng:
            counts = sampled_counts(backend, probs, count, rng)
        return counts, count, circuit.n_qubits if qubits is None else len(qubits)

    def probabilities(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> Array:
        """Observed frequencies of the basis states of ``qubits``: ``(2**k,)`` or ``(B, 2**k)``.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(2).x(0)
            >>> ShotsMode().probabilities(c, [0], backend=tyxq.get_backend(), shots=10, seed=0).tolist()
            [0.0, 1.0]
        """
        counts, count, _ = self._counts(circuit, qubits, backend, shots, seed)
        return squeeze_batch(backend, circuit, backend.asarray(counts / count, dtype=backend.real_dtype))

    def counts_array(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> Array:
        """How often each basis state of ``qubits`` was seen, as an int64 array ``(2**k,)`` or ``(B, 2**k)``.

        Index ``i`` counts the bitstring of ``i`` with the first listed qubit
        as the most significant bit (as in :meth:`counts`).

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(2).x(1)
            >>> ShotsMode().counts_array(c, backend=tyxq.get_backend(), shots=8, seed=0).tolist()
            [0, 8, 0, 0]
        """
        counts, _, _ = self._counts(circuit, qubits, backend, shots, seed)
        return squeeze_batch(backend, circuit, backend.asarray(counts, dtype="int64"))

    def counts(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
    ) -> dict[str, int] | list[dict[str, int]]:
        """``{"bitstring": count}`` for the states seen (qubit 0 leftmost); a list of dicts if batched.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(3).x(2)
            >>> ShotsMode().counts(c, backend=tyxq.get_backend(), shots=10, seed=0)
            {'001': 10}
        """
        counts, _, k = self._counts(circuit, qubits, backend, shots, seed)
        tables = [{format(int(i), f"0{k}b"): int(row[i]) for i in np.flatnonzero(row)} for row in counts]
        return tables if circuit.batch_size is not None else tables[0]
