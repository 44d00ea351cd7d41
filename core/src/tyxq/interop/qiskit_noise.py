"""Qiskit Aer noise models to ``tyxq.NoiseModel``: the standard errors whose channels tyxq has.

Each quantum error of the Aer model is recognised by its Pauli transfer
matrix ``R`` (``R[i, j] = tr(P_i E(P_j))/2``, Paulis ``I, X, Y, Z``), so it
does not matter how the error was built (``depolarizing_error``,
``pauli_error``, ``amplitude_damping_error``, ``kraus_error`` of the same
operators...): a single-qubit error with a diagonal ``R = diag(1, a, b, c)``
is a Pauli channel (``depolarizing`` where ``a = b = c``, ``bit_flip`` where
``a = 1, b = c``, ``phase_flip`` where ``a = b, c = 1``, any other Pauli
mixture as its Kraus operators ``√p_P·P``); one with ``R[3, 0] = 1 - R[3, 3]`` and
``R[1, 1] = R[2, 2]`` is ``amplitude_damping`` (where
``R[1, 1]² = R[3, 3]``) or ``thermal_relaxation``; a two-qubit error whose
``R`` is ``diag(1, 1-p, …)`` is ``depolarizing2(p)``. Any other error
(generalised amplitude damping, composed or correlated errors) is refused by
name, unless ``unmatched="kraus"`` converts it to its Kraus operators.
Errors on ``measure`` are refused: readout errors are the confusion matrices,
which carry over as ``add_readout_error`` (Aer's ``P(measured | true)`` rows
transposed to tyxq's columns). Qubit ``q`` of the Aer model is tyxq's qubit
``q``, as in :func:`~tyxq.interop.from_qiskit`. An error on given qubits
replaces an all-qubit error on the same instruction there, as in Aer (given
``n_qubits``, the circuits' width).

Example:
    >>> from qiskit_aer.noise import NoiseModel, depolarizing_error, amplitude_damping_error
    >>> aer = NoiseModel()
    >>> aer.add_all_qubit_quantum_error(depolarizing_error(0.01, 1), ["sx", "x"])
    >>> aer.add_quantum_error(amplitude_damping_error(0.05), ["x"], [1])
    >>> model = from_qiskit_noise(aer, n_qubits=2)  # on qubit 1, x's own error replaces the all-qubit one
    >>> import tyxq
    >>> [str(op) for op in model.apply(tyxq.Circuit(2).x(0).x(1))]
    ['x q[0]', 'depolarizing(0.01) q[0]', 'x q[1]', 'amplitude_damping(0.05) q[1]']
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..errors import InteropError
from ..noise import NoiseModel
from .extras import require
from .qiskit_gates import QISKIT_TO_TYXQ

if TYPE_CHECKING:
    from qiskit_aer.noise import NoiseModel as AerNoiseModel

__all__ = ["from_qiskit_noise"]

_TOLERANCE = 1e-9
_PAULIS = {"X": np.array([[0, 1], [1, 0]], complex), "Y": np.array([[0, -1j], [1j, 0]]), "Z": np.diag([1.0, -1.0])}


def from_qiskit_noise(
    noise_model: AerNoiseModel, *, n_qubits: int | None = None, unmatched: Literal["refuse", "kraus"] = "refuse"
) -> NoiseModel:
    """The ``tyxq.NoiseModel`` of a Qiskit Aer ``NoiseModel`` (see the module docstring for what is recognised).

    Where an instruction has both an all-qubit error and errors on given
    qubits, Aer applies the given qubits' error *instead of* the all-qubit
    one there; tyxq's rules add up, so the all-qubit error is then put on the
    other qubits one by one, which needs the circuits' width ``n_qubits``.
    """
    require("qiskit_aer", "qiskit")
    model = NoiseModel()
    local = getattr(noise_model, "_local_quantum_errors", {})
    for instruction, error in getattr(noise_model, "_default_quantum_errors", {}).items():
        for qubits in _uncovered(instruction, error.num_qubits, set(local.get(instruction, {})), n_qubits):
            _add(model, error, instruction, qubits, unmatched)
    for instruction, by_qubits in local.items():
        for qubits, error in by_qubits.items():
            _add(model, error, instruction, tuple(qubits), unmatched)
    default_readout = getattr(noise_model, "_default_readout_error", None)
    if default_readout is not None:
        model.add_readout_error(_confusion(default_readout))
    for qubits, readout in getattr(noise_model, "_local_readout_errors", {}).items():
        if len(qubits) != 1:
            raise InteropError(f"the readout error on qubits {tuple(qubits)} is correlated; tyxq's are per qubit")
        model.add_readout_error(_confusion(readout), qubits=[qubits[0]])
    return model


def _uncovered(
    instruction: str, width: int, covered: set[tuple[int, ...]], n_qubits: int | None
) -> list[tuple[int, ...] | None]:
    """The qubit tuples an all-qubit error reaches: all (``[None]``), or those without an error of their own."""
    if not covered:
        return [None]
    if n_qubits is None:
        raise InteropError(
            f"the Aer model has an all-qubit error on {instruction} and errors on given qubits {sorted(covered)}, "
            "which replace it there; pass n_qubits (the circuits' width) so that tyxq puts the all-qubit error "
            "on the other qubits"
        )
    if width == 1:
        return [(q,) for q in range(n_qubits) if (q,) not in covered]
    pairs = [(a, b) for a in range(n_qubits) for b in range(a + 1, n_qubits)]
    one_way = [p for p in pairs if (p in covered) != (p[::-1] in covered)]
    if one_way:
        raise InteropError(
            f"the Aer model's error on {instruction} at qubits {one_way[0]} differs from the one at "
            f"{one_way[0][::-1]}; tyxq's rules do not tell a two-qubit gate's qubit order apart"
        )
    return [p for p in pairs if p not in covered]


def _confusion(readout: Any) -> np.ndarray:
    probabilities = np.asarray(readout.probabilities, dtype=np.float64)
    if probabilities.shape != (2, 2):
        raise InteropError(f"a readout error of shape {probabilities.shape} is not one qubit's; tyxq's are per qubit")
    return probabilities.T


def _add(model: NoiseModel, error: Any, instruction: str, qubits: tuple[int, ...] | None, unmatched: str) -> None:
    where = f"on {instruction}" + (f" at qubits {qubits}" if qubits is not None else "")
    gate = QISKIT_TO_TYXQ.get(instruction)
    if gate is None:
        raise InteropError(
            f"the Aer error {where} follows an instruction tyxq has no gate for (noise on measure is its readout "
            "error; a custom instruction has no tyxq name): remove it, or convert the circuit's gates first"
        )
    transfer = _pauli_transfer_matrix(error)
    found = _recognise(transfer)
    if found is None:
        if unmatched != "kraus":
            raise InteropError(
                f"the Aer error {where} is not a depolarizing, Pauli, amplitude damping, phase damping or thermal "
                "relaxation error (tyxq's channels); pass unmatched='kraus' to convert it to Kraus operators"
            )
        if qubits is not None and len(qubits) == 2 and qubits[0] > qubits[1]:
            raise InteropError(f"the two-qubit Aer error {where} is given on reversed qubits, which tyxq cannot order")
        model.add_kraus(_kraus(error), gates=[gate], qubits=None if qubits is None else list(qubits))
        return
    name, params = found  # every recognised channel is symmetric in its qubits: their order does not matter
    targets = None if qubits is None else list(qubits)
    if name == "pauli":
        identity = 1 - sum(params)
        paulis = [np.eye(2), _PAULIS["X"], _PAULIS["Y"], _PAULIS["Z"]]
        weights = [identity, *params]
        model.add_kraus([np.sqrt(max(w, 0.0)) * p for w, p in zip(weights, paulis, strict=True)], gates=[gate],
                        qubits=targets)
        return
    model.add(name, *params, gates=[gate], qubits=targets)


def _pauli_transfer_matrix(error: Any) -> np.ndarray:
    """``R[i, j] = tr(P_i E(P_j)) / 2^n`` with tyxq's qubit order (Pauli labels read left to right as qubits 0, 1)."""
    quantum_info = require("qiskit.quantum_info", "qiskit")
    superop = quantum_info.SuperOp(error.to_quantumchannel())
    n = round(math.log2(superop.dim[0]))
    labels = ["".join(p) for p in _products("IXYZ", n)]
    paulis = [quantum_info.Pauli(label[::-1]).to_matrix() for label in labels]  # Qiskit reads labels right to left
    transfer = np.zeros((4**n, 4**n))
    for j, pj in enumerate(paulis):
        image = _apply(superop, pj)
        for i, pi in enumerate(paulis):
            transfer[i, j] = np.real(np.trace(pi @ image)) / 2**n
    return transfer


def _products(letters: str, n: int) -> list[tuple[str, ...]]:
    result: list[tuple[str, ...]] = [()]
    for _ in range(n):
        result = [(*r, c) for r in result for c in letters]
    return result


def _apply(superop: Any, rho: np.ndarray) -> np.ndarray:
    """``E(ρ)`` for a Qiskit ``SuperOp`` (column-stacking vectorisation)."""
    d = rho.shape[0]
    return (superop.data @ rho.reshape(-1, order="F")).reshape(d, d, order="F")


def _recognise(transfer: np.ndarray) -> tuple[str, tuple[float, ...]] | None:
    """The tyxq channel with this Pauli transfer matrix, or ``None``."""
    close = lambda a, b: abs(a - b) < _TOLERANCE  # noqa: E731 - a one-line comparison reads best inline
    if transfer.shape == (16, 16):
        p = 1 - transfer[1, 1]
        expected = np.diag([1.0] + [1 - p] * 15)
        return ("depolarizing2", (p,)) if np.allclose(transfer, expected, atol=_TOLERANCE) else None
    off_diagonal = transfer - np.diag(np.diag(transfer))
    a, b, c = transfer[1, 1], transfer[2, 2], transfer[3, 3]
    if np.max(np.abs(off_diagonal)) < _TOLERANCE:
        if close(a, b) and close(b, c):
            return ("depolarizing", (1 - a,))
        if close(a, 1) and close(b, c):
            return ("bit_flip", ((1 - b) / 2,))
        if close(a, b) and close(c, 1):
            return ("phase_flip", ((1 - a) / 2,))
        return ("pauli", ((1 + a - b - c) / 4, (1 - a + b - c) / 4, (1 - a - b + c) / 4))
    relaxed = transfer[3, 0]
    others = off_diagonal.copy()
    others[3, 0] = 0
    if np.max(np.abs(others)) > _TOLERANCE or not close(a, b) or not close(relaxed, 1 - c):
        return None
    if close(a * a, c):
        return ("amplitude_damping", (relaxed,))
    if c <= 0 or a <= 0 or a * a > c + _TOLERANCE:
        return None
    return ("thermal_relaxation", (-1 / math.log(c), -1 / math.log(a), 1.0))  # times in units of the gate time


def _kraus(error: Any) -> list[np.ndarray]:
    """Kraus operators of an Aer error in tyxq's qubit order (the first qubit the most significant)."""
    quantum_info = require("qiskit.quantum_info", "qiskit")
    operators = quantum_info.Kraus(error.to_quantumchannel()).data
    n = round(math.log2(operators[0].shape[0]))
    return [np.asarray(quantum_info.Operator(k).reverse_qargs().data) if n > 1 else np.asarray(k) for k in operators]
