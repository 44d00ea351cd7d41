"""QAOA layers: the cost layer of any Hamiltonian, the X and XY mixers, and the layered ansatz.

``cost_layer(c, γ, H)`` appends ``exp(−iγH)`` as one Pauli rotation per term
(``exp(−iγ c_k P_k)``), exact when the terms commute (every diagonal cost:
MaxCut, independent sets, partitioning) and a first-order Trotter step
otherwise; a constant term is a global phase and is left out.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.templates import qaoa, qaoa_shape
    >>> cost = tyxq.Z(0) @ tyxq.Z(1) + tyxq.Z(1) @ tyxq.Z(2)
    >>> c = qaoa(tyxq.Circuit(3), np.full(qaoa_shape(2), 0.4), cost)
    >>> [op.name for op in c][:6]
    ['h', 'h', 'h', 'rzz', 'rzz', 'rx']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..circuit import Circuit
from ..errors import TemplateError
from ..observables import Hamiltonian, PauliString, as_hamiltonian
from ._arguments import as_array, check_shape, layer_count, pattern_pairs, template_qubits

__all__ = ["cost_layer", "mixer_layer", "qaoa", "qaoa_shape"]


def cost_layer(
    circuit: Circuit, gamma: Any, hamiltonian: Hamiltonian | PauliString | str, qubits: Sequence[int] | None = None
) -> Circuit:
    """Append ``exp(−iγH)``: ``pauli_rot(2 γ c_k)`` for each term ``c_k P_k`` of ``hamiltonian``.

    Qubit ``i`` of ``H`` is ``qubits[i]`` of the circuit.

    ``γ`` is a number or a batch ``(B,)``.

    Example:
        >>> import tyxq
        >>> [str(op) for op in cost_layer(tyxq.Circuit(2), 0.5, 0.25 * tyxq.Z(0) @ tyxq.Z(1) + 3.0)]
        ['rzz(0.25) q[0], q[1]']
    """
    targets = template_qubits(circuit, qubits, "cost_layer")
    checked = as_hamiltonian(hamiltonian, len(targets))
    for term in checked.terms:
        if term.paulis:
            letters = "".join(p for _, p in term.paulis)
            circuit.pauli_rot([targets[q] for q in term.qubits], 2 * complex(term.coefficient).real * gamma, letters)
    return circuit


def mixer_layer(
    circuit: Circuit,
    beta: Any,
    qubits: Sequence[int] | None = None,
    mixer: str | Hamiltonian = "x",
    pattern: str | Sequence[tuple[int, int]] = "ring",
) -> Circuit:
    """Append the mixer ``exp(−iβ B)``: ``"x"`` (``B = Σ X_i``), ``"xy"`` or a Hamiltonian.

    The XY mixer (Hadfield et al., Algorithms 12, 34 (2019)) keeps the number
    of ones, for constrained problems: ``B = ½ Σ_(i,j) (X_i X_j + Y_i Y_j)``
    over the pairs of ``pattern`` (``"ring"``, ``"full"``, ``"linear"`` or a
    list of index pairs), applied pair by pair as ``RXX(β) RYY(β)`` (each
    pair exact, the pairs in sequence as PennyLane's ``xy_mixer`` does). A
    Hamiltonian mixer is a :func:`cost_layer` with ``β``.

    Example:
        >>> import tyxq
        >>> [op.name for op in mixer_layer(tyxq.Circuit(3), 0.3, mixer="xy", pattern="linear")]
        ['rxx', 'ryy', 'rxx', 'ryy']
    """
    targets = template_qubits(circuit, qubits, "mixer_layer")
    if isinstance(mixer, (Hamiltonian, PauliString)):
        return cost_layer(circuit, beta, mixer, targets)
    if mixer == "x":
        for qubit in targets:
            circuit.rx(qubit, 2 * beta)
        return circuit
    if mixer == "xy":
        pairs = (
            pattern_pairs(targets, pattern, "mixer_layer")
            if isinstance(pattern, str)
            else [(targets[i], targets[j]) for i, j in pattern]
        )
        for a, b in pairs:
            circuit.rxx(a, b, beta).ryy(a, b, beta)
        return circuit
    raise TemplateError(f"mixer_layer: unknown mixer {mixer!r}; use 'x', 'xy' or a tyxq.Hamiltonian")


def qaoa_shape(n_layers: int) -> tuple[int, int]:
    """The weight shape of :func:`qaoa`: ``(n_layers, 2)``; ``[l, 0]`` is the cost angle γ, ``[l, 1]`` the mixer β.

    Example:
        >>> qaoa_shape(3)
        (3, 2)
    """
    return (n_layers, 2)


def qaoa(
    circuit: Circuit,
    weights: Any,
    cost: Hamiltonian | PauliString | str,
    qubits: Sequence[int] | None = None,
    mixer: str | Hamiltonian = "x",
    pattern: str | Sequence[tuple[int, int]] = "ring",
    initial_state: bool = True,
) -> Circuit:
    """The QAOA ansatz: ``|+⟩^n`` (unless ``initial_state=False``), then per layer ``l``
    ``cost_layer(γ_l)`` and ``mixer_layer(β_l)`` with ``(γ_l, β_l) = weights[l]``.

    Weights have shape ``(n_layers, 2)`` (:func:`qaoa_shape`) or
    ``(B, n_layers, 2)``: a batch scans many angle sets in one simulation.
    With the XY mixer, prepare a feasible state yourself (e.g. with
    :func:`basis_embedding`) and pass ``initial_state=False``.

    Example:
        >>> import numpy as np, tyxq
        >>> cost = tyxq.Z(0) @ tyxq.Z(1)
        >>> angles = np.array([[[0.0, 0.0]], [[np.pi / 4, 3 * np.pi / 8]]])  # a batch of two
        >>> np.round(tyxq.expectation(qaoa(tyxq.Circuit(2), angles, cost), cost), 6).tolist()
        [0.0, -1.0]
    """
    targets = template_qubits(circuit, qubits, "qaoa")
    values = as_array(weights, "weights", "qaoa")
    n_layers = layer_count(values, 2, "weights", "qaoa")
    check_shape(values, qaoa_shape(n_layers), "weights", "qaoa", "see qaoa_shape(n_layers)")
    if initial_state:
        circuit.h(targets)
    for layer in range(n_layers):
        cost_layer(circuit, values[..., layer, 0], cost, targets)
        mixer_layer(circuit, values[..., layer, 1], targets, mixer, pattern)
    return circuit
