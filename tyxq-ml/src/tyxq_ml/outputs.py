"""Circuit outputs for layers: ⟨Z_i⟩ of many qubits from one set of probabilities.

Asking ``tyxq.expectation(circuit, Z(i))`` once per qubit simulates (or
samples) the circuit once per qubit. Every ⟨Z_i⟩ is a signed sum of the same
basis-state probabilities, so they all come from one ``tyxq.probabilities``
call and one product with a ±1 table (``table[s, i] = 1 - 2·bit_i(s)``): one
simulation in the ``statevector`` mode, and in the ``shots`` mode one set of
shots for all qubits, as a device measures them. Every gradient method
differentiates that call (autograd directly; adjoint and parameter shift
intercept it like an expectation).

Example:
    >>> import tyxq
    >>> from tyxq_ml.outputs import z_expectations
    >>> z_expectations(tyxq.Circuit(3).x(1)).round(6).tolist()
    [1.0, -1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

import tyxq

__all__ = ["z_expectations", "z_sign_table"]


@lru_cache(maxsize=32)
def z_sign_table(n_qubits: int, qubits: tuple[int, ...]) -> np.ndarray:
    """``(2**n, k)``: the eigenvalue of ``Z_q`` on basis state ``s`` for each ``q`` in ``qubits``.

    Qubit 0 is the most significant bit of ``s``, as everywhere in tyxq.

    Example:
        >>> z_sign_table(2, (0, 1)).tolist()
        [[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]]
    """
    states = np.arange(2**n_qubits)[:, None]
    bits = (states >> (n_qubits - 1 - np.asarray(qubits))[None, :]) & 1
    return (1.0 - 2.0 * bits).astype(np.float64)


def z_expectations(circuit: tyxq.Circuit, qubits: Sequence[int] | None = None) -> Any:
    """⟨Z_q⟩ for each of ``qubits`` (all by default): ``(B, k)`` if batched, else ``(k,)``."""
    chosen = tuple(range(circuit.n_qubits)) if qubits is None else tuple(qubits)
    backend = tyxq.get_backend()
    probs = tyxq.probabilities(circuit)
    table = backend.asarray(z_sign_table(circuit.n_qubits, chosen), dtype=backend.real_dtype)
    return backend.matmul(probs, table)
