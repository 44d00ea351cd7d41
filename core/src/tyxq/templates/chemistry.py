"""Chemistry ansätze: the Hartree–Fock state, UCCSD, k-UpCCGSD and a Givens-rotation (particle-conserving) ansatz.

Spin orbitals are qubits, ordered as OpenFermion and PennyLane order them
(``0↑ 0↓ 1↑ 1↓ …``: even qubits spin up, odd spin down), occupied when the
qubit is ``1``; the Hartree–Fock state fills the lowest ``electrons``.

A fermionic excitation ``exp(θ (a†_p a_r − a†_r a_p))`` (and its double
``exp(θ (a†_p a†_q a_r a_s − h.c.))``) is exact under the Jordan–Wigner
transformation as a product of Pauli rotations, 2 for a single and 8 for
a double, whose strings commute: UCCSD and k-UpCCGSD are built of them,
never of dense matrices. The rotations of one excitation share their
Jordan–Wigner Z-string: a CNOT ladder gathers its parity on one qubit once,
and each rotation is a ``multi_rz`` on its 2 or 4 X/Y qubits and that one,
so the adjoint and parameter-shift gradients serve strings of any length.
The Givens ansatz uses the ``single_excitation`` and ``double_excitation``
gates instead (no Jordan–Wigner signs).

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.templates import excitations, uccsd, uccsd_shape
    >>> singles, doubles = excitations(electrons=2, n_qubits=4)
    >>> singles, doubles
    ([(0, 2), (1, 3)], [(0, 1, 2, 3)])
    >>> c = uccsd(tyxq.Circuit(4), np.zeros(uccsd_shape(2, 4)), electrons=2)
    >>> print(tyxq.counts(c, 10, seed=0))
    {'1100': 10}
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..circuit import Circuit
from ..errors import TemplateError
from ..problems.fermions import jordan_wigner
from ._arguments import as_array, check_shape, layer_count, template_qubits

__all__ = [
    "hartree_fock",
    "excitations",
    "fermionic_single_excitation",
    "fermionic_double_excitation",
    "uccsd",
    "uccsd_shape",
    "k_upccgsd",
    "k_upccgsd_shape",
    "givens_ansatz",
    "givens_ansatz_shape",
]

Single = tuple[int, int]
Double = tuple[int, int, int, int]


def hartree_fock(circuit: Circuit, electrons: int, qubits: Sequence[int] | int | None = None) -> Circuit:
    """The Hartree–Fock state: ``X`` on the first ``electrons`` of ``qubits`` (a count, a list, or all).

    Example:
        >>> import tyxq
        >>> print(tyxq.counts(hartree_fock(tyxq.Circuit(6), electrons=2, qubits=4), 3, seed=0))
        {'110000': 3}
    """
    targets = template_qubits(circuit, qubits, "hartree_fock")
    if isinstance(electrons, bool) or not isinstance(electrons, int) or not 0 <= electrons <= len(targets):
        raise TemplateError(
            f"hartree_fock: {electrons!r} electrons do not fit in {len(targets)} spin orbitals; give an integer "
            f"from 0 to {len(targets)}"
        )
    return circuit.x(targets[:electrons]) if electrons else circuit


def excitations(electrons: int, n_qubits: int) -> tuple[list[Single], list[Double]]:
    """The spin-conserving single ``(r, p)`` and double ``(s, r, q, p)`` excitations from the Hartree–Fock state.

    ``r, s`` run over the occupied spin orbitals, ``p, q`` over the empty
    ones, in PennyLane's order (``qml.qchem.excitations`` with
    ``delta_sz=0``).

    Example:
        >>> excitations(2, 6)[0]
        [(0, 2), (0, 4), (1, 3), (1, 5)]
    """
    if not 0 < electrons < n_qubits:
        raise TemplateError(f"excitations: need 0 < electrons < n_qubits, got {electrons} and {n_qubits}")
    spin = [1 if i % 2 == 0 else -1 for i in range(n_qubits)]
    singles = [(r, p) for r in range(electrons) for p in range(electrons, n_qubits) if spin[p] == spin[r]]
    doubles = [
        (s, r, q, p)
        for s in range(electrons - 1)
        for r in range(s + 1, electrons)
        for q in range(electrons, n_qubits - 1)
        for p in range(q + 1, n_qubits)
        if spin[p] + spin[q] == spin[r] + spin[s]
    ]
    return singles, doubles


@lru_cache(maxsize=4096)
def _rotations(term: tuple[tuple[float, str], ...]) -> tuple[tuple[tuple[int, ...], str, float], ...]:
    """The Pauli rotations ``(qubits, letters, factor)`` of ``exp(θ G)`` for the anti-Hermitian ``G`` of ``term``.

    ``G = Σ i c_k P_k`` with commuting ``P_k``, so ``exp(θG) = Π exp(−i (−2 c_k θ) P_k / 2)``:
    rotation ``k`` has angle ``factor · θ`` with ``factor = −2 c_k``.
    """
    generator = jordan_wigner([(c, t) for c, t in term])
    result = []
    for pauli in generator.terms:
        coefficient = complex(pauli.coefficient)
        result.append((pauli.qubits, "".join(p for _, p in pauli.paulis), -2 * coefficient.imag))
    return tuple(result)


_TO_Z = {"X": ("h",), "Y": ("sdg", "h")}
_FROM_Z = {"X": ("h",), "Y": ("h", "s")}


def _core_rotation(circuit: Circuit, core: list[tuple[int, str]], extra: list[int], angle: Any) -> None:
    """``exp(−i angle P/2)``: the X/Y letters of ``core`` turned to Z, one ``multi_rz`` with the ``extra`` qubits."""
    for qubit, letter in core:
        for gate in _TO_Z[letter]:
            circuit.apply(gate, qubit)
    circuit.multi_rz([q for q, _ in core] + extra, angle)
    for qubit, letter in core:
        for gate in _FROM_Z[letter]:
            circuit.apply(gate, qubit)


def _excite(circuit: Circuit, theta: Any, term: tuple[tuple[float, str], ...], targets: Sequence[int]) -> Circuit:
    """The rotations of one excitation, the Jordan–Wigner Z-string they share gathered once by a CNOT ladder.

    The string's parity is put on its last qubit (``CNOT`` ladder, whose
    inverse follows the rotations), which then joins each rotation's
    ``multi_rz`` on the 2 or 4 X/Y qubits: no rotation spans the string, so
    every gradient method serves any length, and the ladder is paid once
    per excitation rather than once per rotation (all rotations carry X or Y
    on the excitation's orbitals and so the same Z-string; the tests check
    each excitation against the exponential of its generator).
    """
    rotations = [
        (
            [(targets[q], p) for q, p in zip(qubits, letters, strict=True) if p != "Z"],
            [targets[q] for q, p in zip(qubits, letters, strict=True) if p == "Z"],
            factor,
        )
        for qubits, letters, factor in _rotations(term)
    ]
    shared = rotations[0][1]  # every rotation has X/Y on the excitation's orbitals, so one Z-string
    _ladder(circuit, shared)
    for core, _, factor in rotations:
        _core_rotation(circuit, core, shared[-1:], factor * theta)
    _ladder(circuit, shared, undo=True)
    return circuit


def _ladder(circuit: Circuit, string: list[int], undo: bool = False) -> None:
    """CNOTs that leave the parity of ``string`` on its last qubit (``undo``: the inverse)."""
    pairs = list(itertools.pairwise(string))
    for a, b in reversed(pairs) if undo else pairs:
        circuit.cnot(a, b)


def fermionic_single_excitation(
    circuit: Circuit, theta: Any, excitation: Single, qubits: Sequence[int] | None = None
) -> Circuit:
    """Append ``exp(θ (a†_p a_r − a†_r a_p))`` for ``excitation = (r, p)``, under Jordan–Wigner (2 Pauli rotations).

    Example:
        >>> import numpy as np, tyxq
        >>> c = fermionic_single_excitation(tyxq.Circuit(3).x(0), np.pi / 2, (0, 2))
        >>> np.round(tyxq.probabilities(c), 6).tolist()  # the electron hopped from orbital 0 to 2
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    targets = template_qubits(circuit, qubits, "fermionic_single_excitation")
    r, p = _indices(excitation, 2, len(targets), "fermionic_single_excitation")
    return _excite(circuit, theta, ((1.0, f"{p}^ {r}"), (-1.0, f"{r}^ {p}")), targets)


def fermionic_double_excitation(
    circuit: Circuit, theta: Any, excitation: Double, qubits: Sequence[int] | None = None
) -> Circuit:
    """Append ``exp(θ (a†_p a†_q a_r a_s − h.c.))`` for ``excitation = (s, r, q, p)`` (8 Pauli rotations).

    Example:
        >>> import numpy as np, tyxq
        >>> c = fermionic_double_excitation(tyxq.Circuit(4).x([0, 1]), np.pi / 2, (0, 1, 2, 3))
        >>> print(tyxq.counts(c, 4, seed=0))
        {'0011': 4}
    """
    targets = template_qubits(circuit, qubits, "fermionic_double_excitation")
    s, r, q, p = _indices(excitation, 4, len(targets), "fermionic_double_excitation")
    return _excite(circuit, theta, ((1.0, f"{p}^ {q}^ {r} {s}"), (-1.0, f"{s}^ {r}^ {q} {p}")), targets)


def _indices(excitation: Sequence[int], length: int, n: int, template: str) -> tuple[int, ...]:
    indices = tuple(int(i) for i in excitation)
    if len(indices) != length or len(set(indices)) != length or min(indices) < 0 or max(indices) >= n:
        raise TemplateError(
            f"{template}: excitation {tuple(excitation)!r} must be {length} distinct spin orbitals from 0 to {n - 1}"
        )
    return indices


def _excitation_lists(electrons: int, n: int, singles: Any, doubles: Any) -> tuple[list[Single], list[Double]]:
    default_singles, default_doubles = excitations(electrons, n)
    chosen_singles = default_singles if singles is None else [tuple(s) for s in singles]
    chosen_doubles = default_doubles if doubles is None else [tuple(d) for d in doubles]
    return chosen_singles, chosen_doubles


def uccsd_shape(electrons: int, n_qubits: int, n_repeats: int = 1) -> tuple[int, int]:
    """The weight shape of :func:`uccsd` with the default excitations: ``(n_repeats, n_singles + n_doubles)``.

    Example:
        >>> uccsd_shape(2, 10)  # LiH with a frozen core: 8 singles, 16 doubles
        (1, 24)
    """
    singles, doubles = excitations(electrons, n_qubits)
    return (n_repeats, len(singles) + len(doubles))


def uccsd(
    circuit: Circuit,
    weights: Any,
    qubits: Sequence[int] | None = None,
    *,
    electrons: int,
    singles: Sequence[Single] | None = None,
    doubles: Sequence[Double] | None = None,
    initial_state: bool = True,
) -> Circuit:
    """Unitary coupled cluster with singles and doubles, as PennyLane's ``UCCSD``.

    The Hartree–Fock state (unless ``initial_state=False``), then per repeat
    ``l``: for each double ``j``, ``exp(θ (a†_p a†_q a_r a_s − h.c.))`` with
    ``θ = w[l, len(singles) + j]``, then for each single ``i``
    ``exp(w[l, i] (a†_p a_r − h.c.))``. The excitations default to
    :func:`excitations`; weights have shape ``(n_repeats, len(singles) +
    len(doubles))`` (:func:`uccsd_shape`), with an optional batch axis.

    Example:
        >>> import numpy as np, tyxq
        >>> c = uccsd(tyxq.Circuit(4), np.zeros((1, 3)), electrons=2)
        >>> len(c)  # 2 X, then 8 and 2 × 2 Pauli rotations with their basis changes and CNOT ladders
        134
    """
    targets = template_qubits(circuit, qubits, "uccsd")
    chosen_singles, chosen_doubles = _excitation_lists(electrons, len(targets), singles, doubles)
    values = as_array(weights, "weights", "uccsd")
    n_repeats = layer_count(values, 2, "weights", "uccsd")
    check_shape(
        values,
        (n_repeats, len(chosen_singles) + len(chosen_doubles)),
        "weights",
        "uccsd",
        "see uccsd_shape(electrons, n_qubits, n_repeats)",
    )
    if initial_state:
        hartree_fock(circuit, electrons, targets)
    offset = len(chosen_singles)
    for layer in range(n_repeats):
        for j, double in enumerate(chosen_doubles):
            fermionic_double_excitation(circuit, values[..., layer, offset + j], double, targets)
        for i, single in enumerate(chosen_singles):
            fermionic_single_excitation(circuit, values[..., layer, i], single, targets)
    return circuit


def _generalized(n: int) -> tuple[list[Single], list[Double]]:
    singles = [(r, p) for r in range(n) for p in range(r + 1, n) if (p - r) % 2 == 0]
    pairs = [(2 * i, 2 * i + 1, 2 * j, 2 * j + 1) for i in range(n // 2) for j in range(i + 1, n // 2)]
    return singles, pairs


def k_upccgsd_shape(k: int, n_qubits: int) -> tuple[int, int]:
    """The weight shape of :func:`k_upccgsd`: ``(k, n_generalized_singles + n_pair_doubles)``.

    Example:
        >>> k_upccgsd_shape(2, 4)
        (2, 3)
    """
    singles, doubles = _generalized(n_qubits)
    return (k, len(singles) + len(doubles))


def k_upccgsd(
    circuit: Circuit, weights: Any, qubits: Sequence[int] | None = None, *, electrons: int, initial_state: bool = True
) -> Circuit:
    """k-UpCCGSD (Lee et al., J. Chem. Theory Comput. 15, 311 (2019)): ``k`` products of generalised excitations.

    The Hartree–Fock state, then per layer ``l``: each paired double
    (both electrons of spatial orbital ``i`` to ``j > i``, i.e.
    ``(2i, 2i+1, 2j, 2j+1)``) with ``θ = w[l, n_singles + m]``, then each
    generalised spin-conserving single ``(r, p)``, ``r < p``, with
    ``θ = w[l, i]``. Shape: :func:`k_upccgsd_shape`. (PennyLane's ``kUpCCGSD``
    also lists each pair excitation's reverse, whose rotation is the same
    one with ``−θ``; here it appears once.)

    Example:
        >>> import numpy as np, tyxq
        >>> c = k_upccgsd(tyxq.Circuit(4), np.zeros(k_upccgsd_shape(1, 4)), electrons=2)
        >>> round(float(tyxq.expectation(c, "ZZZZ")), 6)
        1.0
    """
    targets = template_qubits(circuit, qubits, "k_upccgsd")
    singles, doubles = _generalized(len(targets))
    values = as_array(weights, "weights", "k_upccgsd")
    k = layer_count(values, 2, "weights", "k_upccgsd")
    check_shape(values, k_upccgsd_shape(k, len(targets)), "weights", "k_upccgsd", "see k_upccgsd_shape(k, n_qubits)")
    if initial_state:
        hartree_fock(circuit, electrons, targets)
    for layer in range(k):
        for j, double in enumerate(doubles):
            fermionic_double_excitation(circuit, values[..., layer, len(singles) + j], double, targets)
        for i, single in enumerate(singles):
            fermionic_single_excitation(circuit, values[..., layer, i], single, targets)
    return circuit


def givens_ansatz_shape(electrons: int, n_qubits: int) -> tuple[int]:
    """The weight shape of :func:`givens_ansatz` with the default excitations: ``(n_singles + n_doubles,)``.

    Example:
        >>> givens_ansatz_shape(2, 4)
        (3,)
    """
    singles, doubles = excitations(electrons, n_qubits)
    return (len(singles) + len(doubles),)


def givens_ansatz(
    circuit: Circuit,
    weights: Any,
    qubits: Sequence[int] | None = None,
    *,
    electrons: int,
    singles: Sequence[Single] | None = None,
    doubles: Sequence[Double] | None = None,
) -> Circuit:
    """A particle-conserving ansatz of Givens rotations, as PennyLane's ``AllSinglesDoubles``.

    The Hartree–Fock state, then ``double_excitation(w[len(singles) + j])``
    on the qubits ``(s, r, q, p)`` of each double and
    ``single_excitation(w[i])`` on ``(r, p)`` of each single: rotations in
    the subspace of a fixed number of ones, so the state keeps ``electrons``
    particles. Shape: :func:`givens_ansatz_shape`.

    Example:
        >>> import numpy as np, tyxq
        >>> c = givens_ansatz(tyxq.Circuit(4), [0.0, 0.0, np.pi], electrons=2)
        >>> print(tyxq.counts(c, 5, seed=0))
        {'0011': 5}
    """
    targets = template_qubits(circuit, qubits, "givens_ansatz")
    chosen_singles, chosen_doubles = _excitation_lists(electrons, len(targets), singles, doubles)
    values = as_array(weights, "weights", "givens_ansatz")
    check_shape(
        values,
        (len(chosen_singles) + len(chosen_doubles),),
        "weights",
        "givens_ansatz",
        "see givens_ansatz_shape(electrons, n_qubits)",
    )
    doubles_at = [_indices(double, 4, len(targets), "givens_ansatz") for double in chosen_doubles]
    singles_at = [_indices(single, 2, len(targets), "givens_ansatz") for single in chosen_singles]
    hartree_fock(circuit, electrons, targets)
    for j, (s, r, q, p) in enumerate(doubles_at):
        circuit.double_excitation(targets[s], targets[r], targets[q], targets[p], values[..., len(chosen_singles) + j])
    for i, (r, p) in enumerate(singles_at):
        circuit.single_excitation(targets[r], targets[p], values[..., i])
    return circuit
