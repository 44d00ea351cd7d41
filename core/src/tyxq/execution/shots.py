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
    >>> with tyxq.use_execution_mode(tyxq.ShotsMode(shots=1000, seed=5)):
    ...     tyxq.counts(c)
    {'00': 521, '11': 479}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..kernels.measure import state_marginals
from ..kernels.simulate import final_state
from .base import BaseExecutionMode
from .dynamic import mode_circuit
from .pure import state_distributions

if TYPE_CHECKING:
    from ..circuit import Circuit

__all__ = ["ShotsMode"]


class ShotsMode(BaseExecutionMode):
    """Results estimated from ``shots`` measurements; see the module docstring for the rules.

    Args:
        shots: the default shot count (per measured group), used when a call
            gives none.
        seed: seeds the mode's own generator (an int, a
            ``numpy.random.Generator`` or ``None`` for fresh entropy).

    Example:
        >>> import tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> c = tyxq.Circuit(1).ry(0, 1.0)
        >>> ShotsMode().expectation(c, [tyxq.Z(0)], backend=NumpyBackend(), shots=100_000, seed=1).round(2)
        array([[0.54]])
        >>> ShotsMode().probabilities(tyxq.Circuit(2).x(0), [0], backend=NumpyBackend(), shots=10, seed=0).tolist()
        [[0.0, 1.0]]
    """

    name = "shots"
    takes_shots = True
    accepts_shots = True
    exact = False
    classical = True
    distribution_draws = False

    def __init__(self, shots: int | None = None, seed: Any = None) -> None:
        super().__init__(shots=shots, seed=seed)

    def distribution(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        rng: np.random.Generator | None,
        bits: Sequence[int] | None = None,
    ) -> Array:
        """The exact probabilities of ``qubits`` (or classical ``bits``) that the shots are drawn from."""
        run, read = mode_circuit(circuit, qubits, bits, pure=True)
        return state_marginals(backend, final_state(backend, run), run.n_qubits, read)

    def basis_distributions(
        self, circuit: Circuit, *, backend: Backend, rng: np.random.Generator | None
    ) -> Callable[[Circuit | None], Array]:
        """The exact probabilities after each group's basis change, from one simulation."""
        run, _ = mode_circuit(circuit, None, None, pure=True)
        return state_distributions(backend, final_state(backend, run), run.n_qubits, circuit.n_qubits)
