"""Layered ansätze: hardware-efficient, strongly entangling, simplified two-design, data re-uploading.

Every ansatz takes its weights as one array whose shape its ``*_shape``
function gives, in PennyLane's order (layers first, then qubits), so a
``TorchLayer``'s ``weight_shapes`` need no arithmetic. A leading batch axis
on the weights runs a batch of parameter sets in one simulation.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.templates import strongly_entangling, strongly_entangling_shape
    >>> shape = strongly_entangling_shape(n_layers=2, n_qubits=3)
    >>> shape
    (2, 3, 3)
    >>> c = strongly_entangling(tyxq.Circuit(3), np.zeros(shape))
    >>> round(float(tyxq.expectation(c, "ZZZ")), 6)
    1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..circuit import Circuit
from ..errors import TemplateError
from ..gates import GATES
from ._arguments import as_array, check_shape, layered_weights, pattern_pairs, template_qubits
from .embeddings import angle_embedding

__all__ = [
    "hardware_efficient",
    "hardware_efficient_shape",
    "strongly_entangling",
    "strongly_entangling_shape",
    "simplified_two_design",
    "simplified_two_design_shape",
    "data_reuploading",
    "data_reuploading_shape",
]


_ROT = ("rz", "ry", "rz")  # PennyLane's Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ): φ acts first


def _rotation_layer(
    circuit: Circuit, qubits: Sequence[int], weights: Any, layer: int, rotations: Sequence[str]
) -> None:
    """On each ``qubits[i]``, the one-angle gates ``rotations`` in order, angles ``weights[..., layer, i, :]``.

    Example:
        >>> import numpy as np, tyxq
        >>> c = tyxq.Circuit(2)
        >>> _rotation_layer(c, [1, 0], np.arange(6.0).reshape(1, 2, 3), 0, _ROT)
        >>> [str(op) for op in c][:3]
        ['rz(0) q[1]', 'ry(1) q[1]', 'rz(2) q[1]']
    """
    for index, qubit in enumerate(qubits):
        for k, name in enumerate(rotations):
            circuit.apply(name, qubit, params=[weights[..., layer, index, k]])


def _entangling_layer(circuit: Circuit, gate: str, pairs: Sequence[tuple[int, int]]) -> None:
    """The parameter-free two-qubit ``gate`` on each of ``pairs``, in order.

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(3)
        >>> _entangling_layer(c, "cz", [(0, 1), (2, 0)])
        >>> [str(op) for op in c]
        ['cz q[0], q[1]', 'cz q[2], q[0]']
    """
    for a, b in pairs:
        circuit.apply(gate, a, b)


def hardware_efficient_shape(n_layers: int, n_qubits: int, rotations: Sequence[str] = ("ry", "rz")) -> tuple[int, ...]:
    """The weight shape of :func:`hardware_efficient`: ``(n_layers, n_qubits, len(rotations))``.

    Example:
        >>> hardware_efficient_shape(3, 4)
        (3, 4, 2)
    """
    return (n_layers, n_qubits, len(tuple(rotations)))


def hardware_efficient(
    circuit: Circuit,
    weights: Any,
    qubits: Sequence[int] | None = None,
    rotations: Sequence[str] = ("ry", "rz"),
    entangler: str = "cnot",
    pattern: str = "linear",
) -> Circuit:
    """A hardware-efficient ansatz: per layer, ``rotations`` on every qubit, then ``entangler`` on the pattern's pairs.

    Layer ``l`` applies, on qubit ``qubits[q]``, the one-parameter gates
    ``rotations`` in order with angles ``weights[l, q, :]``, then the
    parameter-free two-qubit ``entangler`` (``"cnot"``, ``"cz"``, …) on each
    pair of ``pattern``: ``"linear"`` (``(0,1), (1,2), …``), ``"ring"``
    (and ``(n-1, 0)``) or ``"full"`` (every ``i < j``). Shape:
    :func:`hardware_efficient_shape`.

    Example:
        >>> import numpy as np, tyxq
        >>> w = np.zeros((1, 3, 1))
        >>> c = hardware_efficient(tyxq.Circuit(3), w, rotations=["rx"], entangler="cz", pattern="ring")
        >>> [op.name for op in c]
        ['rx', 'rx', 'rx', 'cz', 'cz', 'cz']
    """
    targets = template_qubits(circuit, qubits, "hardware_efficient")
    rotations = [str(r).lower() for r in rotations]
    for name in rotations:
        if name not in GATES or GATES[name].n_qubits != 1 or GATES[name].n_params != 1:
            raise TemplateError(
                f"hardware_efficient: rotation {name!r} is not a one-qubit gate of one angle; use e.g. 'rx', 'ry', 'rz'"
            )
    spec = GATES.get(str(entangler).lower())
    if spec is None or spec.n_qubits != 2 or spec.n_params != 0:
        raise TemplateError(
            f"hardware_efficient: entangler {entangler!r} is not a parameter-free two-qubit gate; use 'cnot', 'cz', …"
        )
    values, n_layers = layered_weights(
        weights,
        "hardware_efficient",
        lambda n_layers: hardware_efficient_shape(n_layers, len(targets), rotations),
        "see hardware_efficient_shape(n_layers, n_qubits, rotations)",
    )
    pairs = pattern_pairs(targets, pattern, "hardware_efficient")
    for layer in range(n_layers):
        _rotation_layer(circuit, targets, values, layer, rotations)
        _entangling_layer(circuit, spec.name, pairs)
    return circuit


def strongly_entangling_shape(n_layers: int, n_qubits: int) -> tuple[int, int, int]:
    """The weight shape of :func:`strongly_entangling`: ``(n_layers, n_qubits, 3)``, as PennyLane's gives it.

    Example:
        >>> strongly_entangling_shape(2, 4)
        (2, 4, 3)
    """
    return (n_layers, n_qubits, 3)


def strongly_entangling(
    circuit: Circuit,
    weights: Any,
    qubits: Sequence[int] | None = None,
    ranges: Sequence[int] | None = None,
    imprimitive: str = "cnot",
) -> Circuit:
    """PennyLane's ``StronglyEntanglingLayers`` (Schuld et al., Phys. Rev. A 101, 032308 (2020)).

    Layer ``l``: ``Rot(w[l,i,0], w[l,i,1], w[l,i,2]) = RZ·RY·RZ`` on each
    qubit ``i``, then (with more than one qubit) ``imprimitive(i, (i + r) mod n)``
    for every ``i``, with range ``r = ranges[l]``, by default ``l mod (n−1) + 1``.

    Example:
        >>> import numpy as np, tyxq
        >>> [str(op) for op in strongly_entangling(tyxq.Circuit(2), np.zeros((1, 2, 3)))][-2:]
        ['cnot q[0], q[1]', 'cnot q[1], q[0]']
    """
    targets = template_qubits(circuit, qubits, "strongly_entangling")
    n = len(targets)
    values, n_layers = layered_weights(
        weights,
        "strongly_entangling",
        lambda n_layers: strongly_entangling_shape(n_layers, n),
        "see strongly_entangling_shape(n_layers, n_qubits)",
    )
    chosen = [layer % (n - 1) + 1 for layer in range(n_layers)] if ranges is None and n > 1 else list(ranges or [])
    if n > 1 and (len(chosen) != n_layers or any(not 0 < r < n for r in chosen)):
        raise TemplateError(f"strongly_entangling: ranges {ranges!r} must give one range from 1 to {n - 1} per layer")
    for layer in range(n_layers):
        _rotation_layer(circuit, targets, values, layer, _ROT)
        if n > 1:
            _entangling_layer(circuit, imprimitive, [(targets[i], targets[(i + chosen[layer]) % n]) for i in range(n)])
    return circuit


def simplified_two_design_shape(n_layers: int, n_qubits: int) -> tuple[tuple[int], tuple[int, int, int]]:
    """The shapes of :func:`simplified_two_design`'s ``(initial_layer_weights, weights)``: ``((n,), (L, n-1, 2))``.

    Example:
        >>> simplified_two_design_shape(2, 4)
        ((4,), (2, 3, 2))
    """
    return (n_qubits,), (n_layers, n_qubits - 1, 2)


def simplified_two_design(
    circuit: Circuit, initial_layer_weights: Any, weights: Any, qubits: Sequence[int] | None = None
) -> Circuit:
    """PennyLane's ``SimplifiedTwoDesign`` (Cerezo et al., Nat. Commun. 12, 1791 (2021)).

    ``RY(init[i])`` on every qubit; then per layer ``l`` a block on each even
    pair ``(0,1), (2,3), …`` and then on each odd pair ``(1,2), (3,4), …``:
    the ``j``-th pair of the layer (even pairs first) gets ``CZ``, then
    ``RY(w[l,j,0])`` on its first and ``RY(w[l,j,1])`` on its second qubit.

    Example:
        >>> import numpy as np, tyxq
        >>> init, body = simplified_two_design_shape(1, 3)
        >>> [op.name for op in simplified_two_design(tyxq.Circuit(3), np.zeros(init), np.zeros(body))]
        ['ry', 'ry', 'ry', 'cz', 'ry', 'ry', 'cz', 'ry', 'ry']
    """
    targets = template_qubits(circuit, qubits, "simplified_two_design")
    n = len(targets)
    initial = as_array(initial_layer_weights, "initial_layer_weights", "simplified_two_design")
    check_shape(initial, (n,), "initial_layer_weights", "simplified_two_design")
    values, n_layers = layered_weights(
        weights,
        "simplified_two_design",
        lambda n_layers: simplified_two_design_shape(n_layers, n)[1],
        "see simplified_two_design_shape(n_layers, n_qubits)",
    )
    for index, qubit in enumerate(targets):
        circuit.ry(qubit, initial[..., index])
    pairs = [(i, i + 1) for i in range(0, n - 1, 2)] + [(i, i + 1) for i in range(1, n - 1, 2)]
    for layer in range(n_layers):
        for j, (a, b) in enumerate(pairs):
            circuit.cz(targets[a], targets[b])
            circuit.ry(targets[a], values[..., layer, j, 0])
            circuit.ry(targets[b], values[..., layer, j, 1])
    return circuit


def data_reuploading_shape(n_layers: int, n_qubits: int) -> tuple[int, int, int]:
    """The weight shape of :func:`data_reuploading`: ``(n_layers, n_qubits, 3)``.

    Example:
        >>> data_reuploading_shape(4, 2)
        (4, 2, 3)
    """
    return (n_layers, n_qubits, 3)


def data_reuploading(
    circuit: Circuit,
    features: Any,
    weights: Any,
    qubits: Sequence[int] | None = None,
    rotation: str = "X",
    pattern: str = "ring",
) -> Circuit:
    """Data re-uploading blocks (Pérez-Salinas et al., Quantum 4, 226 (2020)): the features enter every layer.

    Layer ``l``: :func:`angle_embedding` of ``features`` (rotation
    ``rotation``), then ``Rot(w[l,q,0], w[l,q,1], w[l,q,2])`` on each qubit
    ``q``, then (with more than one qubit) ``CZ`` on the pairs of
    ``pattern``. Features ``(k,)`` or ``(B, k)`` and weights
    (:func:`data_reuploading_shape`) may each carry a batch axis.

    Example:
        >>> import numpy as np, tyxq
        >>> c = data_reuploading(tyxq.Circuit(2), [0.3, -0.2], np.zeros((2, 2, 3)))
        >>> len(c), c.ops[0].name, c.ops[-1].name
        (18, 'rx', 'cz')
    """
    targets = template_qubits(circuit, qubits, "data_reuploading")
    values, n_layers = layered_weights(
        weights,
        "data_reuploading",
        lambda n_layers: data_reuploading_shape(n_layers, len(targets)),
        "see data_reuploading_shape(n_layers, n_qubits)",
    )
    pairs = pattern_pairs(targets, pattern, "data_reuploading") if len(targets) > 1 else []
    for layer in range(n_layers):
        angle_embedding(circuit, features, targets, rotation)
        _rotation_layer(circuit, targets, values, layer, _ROT)
        _entangling_layer(circuit, "cz", pairs)
    return circuit
