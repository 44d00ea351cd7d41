"""What the noisy modes share: the noise model applied to a circuit, and readout error applied to results.

Example:
    >>> import tyxq
    >>> model = tyxq.NoiseModel().add("bit_flip", 0.1)
    >>> [op.name for op in NoiseApplication(model).circuit(tyxq.Circuit(1).x(0))]
    ['x', 'bit_flip']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import ConfigurationError
from ..kernels.measure import marginal_probabilities
from ..kernels.readout import misread_probabilities
from ..noise import NoiseModel, readout_observables

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["NoiseApplication"]


class NoiseApplication:
    """A mode's noise model (or none), applied without touching the user's circuit."""

    def __init__(self, noise: NoiseModel | None) -> None:
        if noise is not None and not isinstance(noise, NoiseModel):
            raise ConfigurationError(
                f"noise must be a tyxq.NoiseModel, got a {type(noise).__name__}; build one with "
                'tyxq.NoiseModel().add("depolarizing", 0.01)'
            )
        self.model = noise

    def circuit(self, circuit: Circuit) -> Circuit:
        """``circuit`` with the model's channels inserted (the circuit itself without a model)."""
        return circuit if self.model is None else self.model.apply(circuit)

    def observables(self, circuit: Circuit, observables: Sequence[Hamiltonian]) -> tuple[Hamiltonian, ...]:
        """Observables whose exact values are those a misreading measurement estimates."""
        if self.model is None:
            return tuple(observables)
        return readout_observables(observables, self.model.readout(circuit.n_qubits))

    def probabilities(
        self, backend: Backend, circuit: Circuit, probs: Array, qubits: Sequence[int] | None, misread: int
    ) -> Array:
        """Marginal probabilities of ``qubits`` from the full ``probs`` ``(B, 2**n)``, then misread.

        Only qubits below ``misread`` (the user's circuit's, not the extra qubits holding
        measured bits, :mod:`tyxq.deferral`) are misread.
        """
        n = circuit.n_qubits
        if qubits is not None:
            probs = marginal_probabilities(backend, probs, n, qubits)
        readout = {} if self.model is None else self.model.readout(misread)
        confusions: list[np.ndarray | None] = [readout.get(q) for q in (range(n) if qubits is None else qubits)]
        if not any(c is not None for c in confusions):
            return probs
        return misread_probabilities(backend, probs, confusions)
