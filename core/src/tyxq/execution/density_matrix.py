"""The ``density_matrix`` mode: exact results of the mixed state of a noisy circuit.

The circuit's gates and channels (its own, and those of the mode's
``noise`` model) evolve ``ρ`` stored as a ``2n``-qubit vector
(:mod:`tyxq.kernels.density`): ``4**n`` amplitudes, so memory is checked up
front as for a ``2n``-qubit statevector. Expectations are ``Tr(ρO)``,
probabilities ``ρ_aa`` (after the model's readout error, if any); samples
are drawn from those probabilities through the one sampler
(:mod:`tyxq.kernels.sampling`). All of it is backend arithmetic, so
``autograd`` differentiates gate and channel parameters; ``parameter_shift``
differentiates gate angles on any backend. The mode is exact but not pure:
it has no statevector (``tyxq.state`` raises ``CapabilityError``) and the
``adjoint`` gradient does not serve it.

Example:
    >>> import tyxq
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1).depolarizing(1, 0.2)
    >>> with tyxq.use_execution_mode("density_matrix"):
    ...     tyxq.expectation(bell, [tyxq.Z(0) @ tyxq.Z(1), tyxq.X(0) @ tyxq.X(1)]).round(6).tolist()
    [0.8, 0.8]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import CapabilityError, ShotsError
from ..kernels.density import density_diagonal, density_expectations, final_density, matrix_index
from ..kernels.sampling import check_shots, draw_indices, make_rng
from ..noise import NoiseModel
from .dynamic import mode_circuit
from .noisy import NoiseApplication

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["DensityMatrixMode"]


class DensityMatrixMode:
    """Exact expectations and probabilities of ``ρ`` after a noisy circuit.

    Args:
        noise: a :class:`~tyxq.NoiseModel` applied to every circuit run
            (the circuit itself is not changed), or ``None``.
    """

    name = "density_matrix"
    takes_shots = False
    exact = True
    pure = False
    classical = True

    def __init__(self, noise: NoiseModel | None = None) -> None:
        self.noise = NoiseApplication(noise)

    def __repr__(self) -> str:
        return f"DensityMatrixMode(noise={self.noise.model!r})"

    def _run(
        self, circuit: Circuit, qubits: Sequence[int] | None = None, bits: Sequence[int] | None = None
    ) -> tuple[Circuit, tuple[int, ...] | None]:
        """The noisy circuit to simulate (outcomes read by conditions or ``bits`` deferred) and the qubits to read."""
        return mode_circuit(self.noise.circuit(circuit), qubits, bits, pure=False)

    def density_matrix(self, circuit: Circuit, *, backend: Backend) -> Array:
        """The final density matrices ``(B, 2**n, 2**n)`` (noise model applied).

        Example:
            >>> import tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> c = tyxq.Circuit(1).h(0).phase_damping(0, 0.75)
            >>> DensityMatrixMode().density_matrix(c, backend=NumpyBackend()).real.round(6).tolist()
            [[[0.5, 0.25], [0.25, 0.5]]]
        """
        n = circuit.n_qubits
        run, _ = self._run(circuit)
        if run.n_qubits != n:
            raise CapabilityError(
                "this circuit conditions gates on measured bits, which the mode simulates on extra qubits; its "
                "density matrix is not returned: ask for tyxq.probabilities or tyxq.expectation instead"
            )
        vector = final_density(backend, run)
        entries = backend.take(vector, backend.asarray(matrix_index(n)), axis=1)
        return backend.reshape(entries, (backend.shape(vector)[0], 2**n, 2**n))

    def state(self, circuit: Circuit, *, backend: Backend) -> Array:
        """Refused: a mixed state has no statevector."""
        raise CapabilityError(
            "the density_matrix mode simulates a mixed state, which has no statevector; ask for "
            "tyxq.probabilities or tyxq.expectation, or for the state of the noise-free circuit in the "
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
        """``Tr(ρ O_k)`` ``(B, K)`` for every observable, from one simulation."""
        _no_shots(shots)
        run, _ = self._run(circuit)
        measured = self.noise.observables(circuit, observables)
        return density_expectations(backend, final_density(backend, run), run.n_qubits, measured)

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
        """Exact probabilities of ``qubits`` (all by default) or classical ``bits``, misread: ``(B, 2**k)``.

        Example:
            >>> import tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> c = tyxq.Circuit(1).x(0).amplitude_damping(0, 0.25)
            >>> DensityMatrixMode().probabilities(c, backend=NumpyBackend()).round(6).tolist()
            [[0.25, 0.75]]
        """
        _no_shots(shots)
        run, read = self._run(circuit, qubits, bits)
        probs = density_diagonal(backend, final_density(backend, run), run.n_qubits)
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
        """``shots`` draws from the exact (misread) probabilities: host int64 indices ``(B, shots)``."""
        if shots is None:
            raise ShotsError("sampling needs a shot count: tyxq.sample(circuit, 1000) or tyxq.counts(circuit, 1000)")
        count = check_shots(shots)
        probs = self.probabilities(circuit, qubits, backend=backend, bits=bits)
        return draw_indices(backend, probs, count, make_rng(seed))


def _no_shots(shots: int | None) -> None:
    if shots is not None:
        raise ShotsError(
            f"the density_matrix mode is exact and takes no shots, but shots={shots!r} was given; "
            "sample with tyxq.sample / tyxq.counts, or estimate from trajectories with mode='trajectories'"
        )
