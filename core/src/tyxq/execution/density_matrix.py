"""The ``density_matrix`` mode: exact results of the mixed state of a noisy circuit.

The circuit's gates and channels (its own, and those of the mode's
``noise`` model) evolve ``ρ`` stored as a ``2n``-qubit vector
(:mod:`tyxq.kernels.density`): ``4**n`` amplitudes, so memory is checked up
front as for a ``2n``-qubit statevector. Expectations are ``Tr(ρO)``,
probabilities ``ρ_aa`` (after the model's readout error, if any), and
``tyxq.density_matrix`` returns ``ρ`` itself (traced to the qubits asked).
All of it is backend arithmetic, so ``autograd`` differentiates gate and
channel parameters; ``parameter_shift`` differentiates gate angles on any
backend. The mode is exact but not pure: it has no statevector
(``tyxq.state`` raises ``CapabilityError``) and the ``adjoint`` gradient does
not serve it.

Shots, as hardware would take them: a mode created with a ``shots`` option
estimates probabilities and expectations from shots drawn from those exact
(misread) probabilities through the one sampler
(:mod:`tyxq.kernels.sampling`), each group of qubit-wise commuting terms
measured with the full ``shots`` in its own basis as in the ``shots`` mode,
and seeded the same way (``seed`` per call, else the mode's own generator).
Such a mode is not exact (gradients treat its values as samples) and takes
another count per call; the exact mode refuses one, naming the option.

Example:
    >>> import tyxq
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1).depolarizing(1, 0.2)
    >>> with tyxq.use_execution_mode("density_matrix"):
    ...     tyxq.expectation(bell, [tyxq.Z(0) @ tyxq.Z(1), tyxq.X(0) @ tyxq.X(1)]).round(6).tolist()
    [0.8, 0.8]
    >>> model = tyxq.NoiseModel().add("depolarizing", 0.2, gates=["cnot"])
    >>> sampled = tyxq.DensityMatrixMode(noise=model, shots=1000)
    >>> tyxq.expectation(tyxq.Circuit(2).h(0).cnot(0, 1), tyxq.Z(0) @ tyxq.Z(1), mode=sampled, seed=1)
    array(0.67)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..kernels.density import density_diagonal, density_expectations, evolve_density, final_density, matrix_index
from ..kernels.reduced import reduced_from_densities
from ..noise import NoiseModel
from .base import BaseExecutionMode
from .dynamic import mode_circuit, widened
from .noisy import NoiseApplication

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["DensityMatrixMode"]


class DensityMatrixMode(BaseExecutionMode):
    """Exact expectations and probabilities of ``ρ`` after a noisy circuit, or estimates from shots of them.

    Args:
        noise: a :class:`~tyxq.NoiseModel` applied to every circuit run
            (the circuit itself is not changed), or ``None``; kept as the
            ``noise`` attribute.
        shots: estimate from this many shots (per measured group) instead of
            the exact values (``None``); the mode is then not exact.
        seed: seeds the mode's own generator, which draws shots.

    Example:
        >>> import pickle, tyxq
        >>> mode = tyxq.DensityMatrixMode(noise=tyxq.NoiseModel().add("bit_flip", 0.1))
        >>> pickle.loads(pickle.dumps(mode)) == mode
        True
    """

    name = "density_matrix"
    accepts_shots = True
    pure = False
    classical = True
    distribution_draws = False
    noise: NoiseModel | None
    _noise: NoiseApplication

    def __init__(self, noise: NoiseModel | None = None, shots: int | None = None, seed: Any = None) -> None:
        self._noise = NoiseApplication(noise)
        self.noise = noise
        super().__init__(shots=shots, seed=seed)

    def _run(
        self, circuit: Circuit, qubits: Sequence[int] | None = None, bits: Sequence[int] | None = None
    ) -> tuple[Circuit, tuple[int, ...] | None]:
        """The noisy circuit to simulate (outcomes read by conditions or ``bits`` deferred) and the qubits to read."""
        return mode_circuit(self._noise.circuit(circuit), qubits, bits, pure=False)

    def density_matrix(self, circuit: Circuit, qubits: Sequence[int] | None = None, *, backend: Backend) -> Array:
        """The final density matrices of ``qubits`` (all by default) ``(B, 2**k, 2**k)``, noise model applied.

        Measured bits that the simulation holds on extra qubits are traced out.

        Example:
            >>> import tyxq
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> c = tyxq.Circuit(1).h(0).phase_damping(0, 0.75)
            >>> DensityMatrixMode().density_matrix(c, backend=NumpyBackend()).real.round(6).tolist()
            [[[0.5, 0.25], [0.25, 0.5]]]
        """
        run, _ = self._run(circuit)
        width = run.n_qubits
        vector = final_density(backend, run)
        entries = backend.take(vector, backend.asarray(matrix_index(width)), axis=1)
        rho = backend.reshape(entries, (backend.shape(vector)[0], 2**width, 2**width))
        return reduced_from_densities(backend, rho, width, range(circuit.n_qubits) if qubits is None else qubits)

    def distribution(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        rng: np.random.Generator | None,
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
        run, read = self._run(circuit, qubits, bits)
        probs = density_diagonal(backend, final_density(backend, run), run.n_qubits)
        return self._noise.probabilities(backend, run, probs, read, circuit.n_qubits)

    def basis_distributions(
        self, circuit: Circuit, *, backend: Backend, rng: np.random.Generator | None
    ) -> Callable[[Circuit | None], Array]:
        """The misread probabilities of the circuit's qubits after each basis change, rotating copies of one ``ρ``."""
        run, _ = self._run(circuit)
        rho = final_density(backend, run)
        width, n = run.n_qubits, circuit.n_qubits
        user = None if width == n else tuple(range(n))

        def measured(rotation: Circuit | None) -> Array:
            rotated = rho
            if rotation is not None:
                start = backend.copy(rho) if backend.capabilities.inplace else rho
                rotated = evolve_density(backend, widened(rotation, width), start)
            probs = density_diagonal(backend, rotated, width)
            return self._noise.probabilities(backend, run, probs, user, n)

        return measured

    def expectation_values(
        self, circuit: Circuit, observables: Sequence[Hamiltonian], *, backend: Backend, rng: np.random.Generator | None
    ) -> Array:
        """``Tr(ρ O_k)`` ``(B, K)`` for every observable, from one simulation (readout error folded in)."""
        run, _ = self._run(circuit)
        measured = self._noise.observables(circuit, observables)
        return density_expectations(backend, final_density(backend, run), run.n_qubits, measured)
