"""Embeddings: classical features written into a circuit (angle, amplitude, basis, IQP and ZZ feature maps).

Each function appends to the circuit and returns it, so templates chain
like gates. Features may carry a leading batch axis: ``(B, k)`` features
make every angle a batch of ``B``, one simulation for the whole batch.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.templates import angle_embedding, zz_feature_map
    >>> x = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])  # a batch of three samples
    >>> c = zz_feature_map(tyxq.Circuit(2), x, reps=1)
    >>> tyxq.state(c).shape
    (3, 4)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..circuit import Circuit
from ..errors import TemplateError
from ._arguments import as_array, check_trailing, pattern_pairs, template_qubits

__all__ = ["angle_embedding", "amplitude_embedding", "basis_embedding", "iqp_embedding", "zz_feature_map"]

_ROTATIONS = {"X": "rx", "Y": "ry", "Z": "rz"}


def angle_embedding(
    circuit: Circuit, features: Any, qubits: Sequence[int] | None = None, rotation: str = "X"
) -> Circuit:
    """Append ``R(x_i)`` on qubit ``qubits[i]`` for each feature: ``RX`` by default, ``rotation`` ``"Y"`` or ``"Z"``.

    ``features`` has shape ``(k,)`` or ``(B, k)`` with ``k`` at most the
    number of qubits (PennyLane's ``AngleEmbedding``); the first ``k`` qubits
    get one feature each.

    Example:
        >>> import tyxq
        >>> c = angle_embedding(tyxq.Circuit(3), [0.1, 0.2], rotation="Y")
        >>> [str(op) for op in c]
        ['ry(0.1) q[0]', 'ry(0.2) q[1]']
    """
    targets = template_qubits(circuit, qubits, "angle_embedding")
    gate = _ROTATIONS.get(str(rotation).upper())
    if gate is None:
        raise TemplateError(f"angle_embedding: unknown rotation {rotation!r}; use 'X', 'Y' or 'Z'")
    values = as_array(features, "features", "angle_embedding")
    for i in range(check_trailing(values, len(targets), "features", "angle_embedding")):
        circuit.apply(gate, targets[i], params=[values[..., i]])
    return circuit


def basis_embedding(circuit: Circuit, features: Any, qubits: Sequence[int] | None = None) -> Circuit:
    """Prepare the basis state ``|b_0 b_1 …⟩`` from bits (or an integer, qubit 0 its most significant bit).

    Unbatched bits become ``x`` gates. A batch of bitstrings ``(B, k)``
    becomes ``u(πb, 0, πb)`` on each qubit, which is exactly ``X`` for
    ``b = 1`` and the identity for ``b = 0``, so each batch member gets its
    own basis state with no phase.

    Example:
        >>> import numpy as np, tyxq
        >>> print(tyxq.counts(basis_embedding(tyxq.Circuit(3), [1, 0, 1]), 5, seed=0))
        {'101': 5}
        >>> basis_embedding(tyxq.Circuit(3), 6).ops == basis_embedding(tyxq.Circuit(3), [1, 1, 0]).ops
        True
    """
    targets = template_qubits(circuit, qubits, "basis_embedding")
    if isinstance(features, (int, np.integer)) and not isinstance(features, bool):
        if not 0 <= int(features) < 2 ** len(targets):
            raise TemplateError(
                f"basis_embedding: the integer {features} does not fit in {len(targets)} qubits; "
                f"give a value from 0 to {2 ** len(targets) - 1}"
            )
        features = [int(b) for b in format(int(features), f"0{len(targets)}b")]
    bits = np.asarray(features.detach().cpu() if hasattr(features, "detach") else features)
    if bits.ndim not in (1, 2) or bits.shape[-1] != len(targets) or not np.isin(bits, (0, 1)).all():
        raise TemplateError(
            f"basis_embedding: features {bits.tolist()!r} are not {len(targets)} bits of 0 and 1 (shape "
            f"({len(targets)},), or (batch, {len(targets)}) for a batch); pad with zeros or pass qubits="
        )
    if bits.ndim == 1:
        return circuit.x([q for q, b in zip(targets, bits, strict=True) if b]) if bits.any() else circuit
    angles = math.pi * bits.astype(np.float64)
    for i, qubit in enumerate(targets):
        circuit.u(qubit, angles[:, i], 0.0, angles[:, i])
    return circuit


def amplitude_embedding(
    circuit: Circuit,
    features: Any,
    qubits: Sequence[int] | None = None,
    pad_with: float | None = None,
    normalize: bool = False,
) -> Circuit:
    """Make the ``2**n`` amplitudes of the state the (padded, normalised) ``features``.

    The state is prepared exactly, as the circuit's initial state (its
    ``inputs``), so the circuit must be empty, start from ``|0…0⟩`` and the
    template cover all its qubits in order: anything else is a
    :class:`~tyxq.TemplateError` (build ``tyxq.Circuit(n)``, embed,
    then append gates). ``pad_with`` fills features shorter than ``2**n``
    (host arrays and lists only); ``normalize=True`` divides each batch
    member by its norm, else it must have norm 1. Features of shape
    ``(B, 2**n)`` are a batch of states; arrays of any backend are kept, so
    gradients reach them.

    Example:
        >>> import numpy as np, tyxq
        >>> c = amplitude_embedding(tyxq.Circuit(2), [3.0, 0.0, 4.0], pad_with=0.0, normalize=True).h(1)
        >>> np.round(tyxq.probabilities(c), 3).tolist()
        [0.18, 0.18, 0.32, 0.32]
    """
    targets = template_qubits(circuit, qubits, "amplitude_embedding")
    if len(circuit) or circuit.inputs is not None or targets != list(range(circuit.n_qubits)):
        raise TemplateError(
            "amplitude_embedding prepares the state exactly as the circuit's initial state, so it takes an empty "
            f"circuit starting from |0…0⟩ and all its qubits in order (got {len(circuit)} operations"
            f"{', an input state' if circuit.inputs is not None else ''} and qubits {targets}); embed first, "
            "then append the other gates"
        )
    size = 2 ** len(targets)
    values = features
    if not hasattr(values, "shape") or isinstance(values, np.ndarray):
        values = np.asarray(values, dtype=np.complex128)
        if pad_with is not None and 0 < values.shape[-1] < size:
            padding = np.full((*values.shape[:-1], size - values.shape[-1]), pad_with, dtype=np.complex128)
            values = np.concatenate([values, padding], axis=-1)
    shape = tuple(values.shape)
    if len(shape) not in (1, 2) or shape[-1] != size:
        raise TemplateError(
            f"amplitude_embedding: features have shape {shape}, but {len(targets)} qubits take {size} amplitudes "
            f"(shape ({size},) or (batch, {size})); pass pad_with=0.0 to pad shorter features, or use more qubits"
        )
    circuit.__init__(circuit.n_qubits, values, normalize=normalize)  # type: ignore[misc]  # still empty: exact
    return circuit


def _pairs(targets: list[int], entanglement: str | Sequence[tuple[int, int]], template: str) -> list[tuple[int, int]]:
    if isinstance(entanglement, str):
        return pattern_pairs(targets, entanglement, template)
    return [(targets[i], targets[j]) for i, j in entanglement]


def _one_feature_per_qubit(
    circuit: Circuit, features: Any, qubits: Sequence[int] | None, template: str
) -> tuple[list[int], Any]:
    """The template's qubits and its ``features``, exactly one per qubit: shape ``(n,)`` or ``(B, n)``.

    Example:
        >>> import tyxq
        >>> _one_feature_per_qubit(tyxq.Circuit(3), [0.5, 0.25], [2, 0], "iqp_embedding")
        ([2, 0], array([0.5 , 0.25]))
    """
    targets = template_qubits(circuit, qubits, template)
    values = as_array(features, "features", template)
    if check_trailing(values, len(targets), "features", template) != len(targets):
        raise TemplateError(f"{template} takes one feature per qubit: {len(targets)}, got {values.shape[-1]}")
    return targets, values


def iqp_embedding(
    circuit: Circuit,
    features: Any,
    qubits: Sequence[int] | None = None,
    n_repeats: int = 1,
    pattern: str | Sequence[tuple[int, int]] = "full",
) -> Circuit:
    """PennyLane's ``IQPEmbedding``: ``n_repeats`` times ``H`` on every qubit, ``RZ(x_i)``, then ``RZZ(x_i x_j)``.

    The pairs ``(i, j)`` are every pair (``pattern="full"``), neighbours
    (``"linear"``, ``"ring"``) or a list of feature-index pairs. ``features``
    has shape ``(n,)`` or ``(B, n)``, one per qubit.

    Example:
        >>> import tyxq
        >>> [op.name for op in iqp_embedding(tyxq.Circuit(2), [0.5, 0.25])]
        ['h', 'h', 'rz', 'rz', 'rzz']
    """
    targets, values = _one_feature_per_qubit(circuit, features, qubits, "iqp_embedding")
    index = {q: i for i, q in enumerate(targets)}
    for _ in range(n_repeats):
        circuit.h(targets)
        for i, qubit in enumerate(targets):
            circuit.rz(qubit, values[..., i])
        for a, b in _pairs(targets, pattern, "iqp_embedding"):
            circuit.rzz(a, b, values[..., index[a]] * values[..., index[b]])
    return circuit


def zz_feature_map(
    circuit: Circuit,
    features: Any,
    qubits: Sequence[int] | None = None,
    reps: int = 2,
    entanglement: str | Sequence[tuple[int, int]] = "full",
) -> Circuit:
    """The ZZ feature map of Havlíček et al. (Nature 567, 209 (2019)), gate for gate as Qiskit's ``ZZFeatureMap``.

    ``reps`` times: ``H`` on every qubit, ``P(2 φ_i)`` with ``φ_i = x_i``,
    then for each pair ``(i, j)`` of the entanglement (``"full"``,
    ``"linear"``, ``"ring"`` or a list of feature-index pairs)
    ``CNOT(i, j) · P(2 φ_ij)_j · CNOT(i, j)`` with ``φ_ij = (π − x_i)(π − x_j)``.
    ``P(2φ) = exp(iφ(I − Z))``, so each repetition is ``U_Φ(x) H^⊗n`` with
    ``U_Φ(x) = exp(−i Σ_S φ_S(x) Π_{k∈S} Z_k)`` up to a global phase (the
    paper's ``exp(+i …)`` with Qiskit's sign of the phases).

    Example:
        >>> import tyxq
        >>> [op.name for op in zz_feature_map(tyxq.Circuit(2), [0.1, 0.2], reps=1)]
        ['h', 'h', 'phase', 'phase', 'cnot', 'phase', 'cnot']
    """
    targets, values = _one_feature_per_qubit(circuit, features, qubits, "zz_feature_map")
    index = {q: i for i, q in enumerate(targets)}
    for _ in range(reps):
        circuit.h(targets)
        for i, qubit in enumerate(targets):
            circuit.phase(qubit, 2 * values[..., i])
        for a, b in _pairs(targets, entanglement, "zz_feature_map"):
            angle = 2 * (math.pi - values[..., index[a]]) * (math.pi - values[..., index[b]])
            circuit.cnot(a, b).phase(b, angle).cnot(a, b)
    return circuit
