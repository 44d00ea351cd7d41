"""The channel table: every noise channel tyxq knows, one entry each, as Kraus operators.

A channel is a completely positive, trace-preserving map
``ρ → Σ_m K_m ρ K_m†``. A :class:`ChannelSpec` says how many qubits and
parameters a channel takes, which parameter values are allowed, and how to
build its Kraus operators on any backend, batched over a leading parameter
axis and differentiable in the parameters wherever the backend is (the
builders use only backend arithmetic: ``sqrt``, ``exp``, products). Adding a
channel is adding one entry to :data:`CHANNELS`; ``Circuit`` grows the
matching method by itself (through the operation table,
:mod:`tyxq.operations`), and the ``density_matrix`` and ``trajectories``
modes run it. Any other channel is ``Circuit.kraus(qubits, [K0, K1, ...])``,
checked for ``Σ K†K = I`` by :func:`check_kraus`. The table also holds
``reset`` and ``measure`` (kinds :attr:`~tyxq.kinds.OperationKind.RESET` and
:attr:`~tyxq.kinds.OperationKind.MEASURE`): their Kraus operators are how the
mixed-state modes run them.

Conventions: ``depolarizing(q, p)`` is ``ρ → (1 - p) ρ + p I/2`` (``0 ≤ p ≤ 4/3``),
``depolarizing2(q0, q1, p)`` is ``ρ → (1 - p) ρ + p I/4`` (``0 ≤ p ≤ 16/15``);
``bit_flip`` and ``phase_flip`` apply X or Z with probability ``p``;
``amplitude_damping(q, γ)`` decays ``|1⟩`` to ``|0⟩`` with probability ``γ``;
``phase_damping(q, λ)`` multiplies the coherences by ``√(1 - λ)``;
``thermal_relaxation(q, t1, t2, time)`` (keywords in any order) relaxes towards ``|0⟩``: populations
by ``exp(-time/t1)``, coherences by ``exp(-time/t2)`` (``t2 ≤ 2·t1``). The
derivative of a Kraus operator's square root is infinite where its argument
is zero (``p = 0``), so differentiate at interior points. ``reset(q)`` sets a
qubit to ``|0⟩``; ``measure`` is a Z-basis measurement whose outcome is not kept
(it removes the qubit's coherences): the form ``Circuit.measure`` takes in the noisy modes when
nothing reads its classical bit (:mod:`tyxq.deferral`).

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> kraus = CHANNELS["amplitude_damping"].build(NumpyBackend(), np.float64(0.36))
    >>> kraus.shape, kraus[1].real.tolist()
    ((2, 2, 2), [[0.0, 0.6], [0.0, 0.0]])
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .arguments import range_problem
from .backends.protocol import Array, Backend
from .errors import ChannelError, UnknownGateError
from .kinds import OperationKind

__all__ = [
    "CHANNELS",
    "ChannelSpec",
    "channel_problem",
    "channel_spec",
    "check_kraus",
]

KRAUS_TOLERANCE = 1e-6
"""Largest entry of ``|Σ K†K − I|`` accepted by :func:`check_kraus`."""

_RANGE_SLACK = 1e-6
"""Parameters this far (relative) outside their range are accepted: a bound such as 4/3 rounds in float32."""


@dataclass(frozen=True)
class ChannelSpec:
    """One channel of the table.

    Attributes:
        name: canonical lower-case name.
        n_qubits: number of qubits it acts on.
        params: the parameters' names, in order.
        build: ``build(backend, *params)`` returns the Kraus operators,
            shape ``(..., m, d, d)``, where ``...`` is the parameters' batch
            shape; parameters are real arrays of the backend.
        problem: ``problem(*params)`` on host float64 arrays: ``None`` if
            every value is allowed, else what is wrong (naming the
            parameters) and the allowed range.
        doc: what the channel does and its Kraus operators, for the
            generated ``Circuit`` method's docstring.
        quantity: what the parameters are, for error messages
            (``"probability"``, ``"time"``).
        kind: :attr:`~tyxq.kinds.OperationKind.CHANNEL`, or ``RESET`` and
            ``MEASURE`` for those two entries.
    """

    name: str
    n_qubits: int
    params: tuple[str, ...]
    build: Callable[..., Array]
    problem: Callable[..., str | None]
    doc: str = ""
    quantity: str = "probability"
    kind: OperationKind = OperationKind.CHANNEL

    @property
    def n_params(self) -> int:
        return len(self.params)

    @property
    def dim(self) -> int:
        return 2**self.n_qubits


_I = np.eye(2, dtype=np.complex128)
_X = np.array([[0, 1], [1, 0]], dtype=np.complex128)
_Y = np.array([[0, -1j], [1j, 0]], dtype=np.complex128)
_Z = np.diag([1.0, -1.0]).astype(np.complex128)
_P0 = np.diag([1.0, 0.0]).astype(np.complex128)
_P1 = np.diag([0.0, 1.0]).astype(np.complex128)
_LOWER = np.array([[0, 1], [0, 0]], dtype=np.complex128)  # |0⟩⟨1|


def _at(count: int, slot: int, matrix: np.ndarray) -> np.ndarray:
    """A ``(count, d, d)`` constant holding ``matrix`` in Kraus slot ``slot`` and zeros elsewhere."""
    constant = np.zeros((count, *matrix.shape), dtype=np.complex128)
    constant[slot] = matrix
    return constant


def _kraus_sum(backend: Backend, terms: Sequence[tuple[Array, np.ndarray]]) -> Array:
    """``Σ coefficient · constant``: real coefficients ``(...)`` times ``(m, d, d)`` constants → ``(..., m, d, d)``."""
    total: Array = None
    for coefficient, constant in terms:
        shape = backend.shape(coefficient)
        scaled = backend.reshape(backend.cast(coefficient, backend.complex_dtype), (*shape, 1, 1, 1))
        term = scaled * backend.asarray(constant, dtype=backend.complex_dtype)
        total = term if total is None else total + term
    return total


def _between(name: str, low: float, high: float) -> Callable[[np.ndarray], str | None]:
    """A range check of one parameter: ``low ≤ value ≤ high`` for every batch member."""

    slack = _RANGE_SLACK * max(1.0, abs(high))

    def problem(value: np.ndarray) -> str | None:
        return range_problem(name, value, low, high, slack)

    return problem


def _pauli_channel(
    name: str, n_qubits: int, paulis: Sequence[np.ndarray], per_pauli: float, high: float, doc: str
) -> ChannelSpec:
    """``√(1 - (m-1)·w·p) · P_0`` and ``√(w·p) · P_j``: the identity ``P_0`` and ``m - 1`` other Paulis."""
    count = len(paulis)
    identity = _at(count, 0, paulis[0])
    others = np.sum([_at(count, j, paulis[j]) for j in range(1, count)], axis=0)

    def build(backend: Backend, p: Array) -> Array:
        rest = backend.sqrt(backend.abs(1 - (count - 1) * per_pauli * p))  # abs: rounding at the upper bound
        return _kraus_sum(backend, [(rest, identity), (backend.sqrt(per_pauli * p), others)])

    return ChannelSpec(name, n_qubits, ("p",), build, _between("p", 0.0, high), doc=doc)


def _amplitude_damping(backend: Backend, gamma: Array) -> Array:
    return _kraus_sum(
        backend,
        [
            (backend.ones_like(gamma), _at(2, 0, _P0)),
            (backend.sqrt(1 - gamma), _at(2, 0, _P1)),
            (backend.sqrt(gamma), _at(2, 1, _LOWER)),
        ],
    )


def _phase_damping(backend: Backend, lam: Array) -> Array:
    return _kraus_sum(
        backend,
        [
            (backend.ones_like(lam), _at(2, 0, _P0)),
            (backend.sqrt(1 - lam), _at(2, 0, _P1)),
            (backend.sqrt(lam), _at(2, 1, _P1)),
        ],
    )


def _thermal_relaxation(backend: Backend, t1: Array, t2: Array, time: Array) -> Array:
    """Amplitude damping by ``1 - e^{-time/t1}`` then the extra dephasing that brings coherences to ``e^{-time/t2}``."""
    population = backend.exp(-time / t1)
    coherence = backend.exp(-time / t2)
    return _kraus_sum(
        backend,
        [
            (backend.ones_like(time), _at(3, 0, _P0)),
            (coherence, _at(3, 0, _P1)),
            (backend.sqrt(1 - population), _at(3, 1, _LOWER)),
            (backend.sqrt(backend.abs(population - coherence * coherence)), _at(3, 2, _P1)),
        ],
    )


def _first(values: np.ndarray, bad: np.ndarray) -> str:
    """The first value where ``bad`` holds (all of ``values`` broadcast), as text."""
    return f"{np.ravel(np.broadcast_to(values, np.shape(bad))[bad])[0]:.6g}"


def _thermal_problem(t1: np.ndarray, t2: np.ndarray, time: np.ndarray) -> str | None:
    for label, value in (("t1", t1), ("t2", t2)):
        bad = ~(np.isfinite(value) & (value > 0))
        if np.any(bad):
            return f"{label} = {_first(value, bad)} must be positive and finite"
    bad = ~(np.isfinite(time) & (time >= 0))
    if np.any(bad):
        return f"time = {_first(time, bad)} must be non-negative and finite"
    bad = ~(t2 <= 2 * t1 * (1 + _RANGE_SLACK))
    if np.any(bad):
        return (
            f"t2 = {_first(t2, bad)} exceeds 2·t1 = 2·{_first(t1, bad)} "
            "(coherences cannot outlive what amplitude damping allows)"
        )
    return None


def _fixed(*operators: np.ndarray) -> Callable[[Backend], Array]:
    """A channel without parameters: its constant Kraus operators."""
    stacked = np.stack(operators)

    def build(backend: Backend) -> Array:
        return backend.asarray(stacked, dtype=backend.complex_dtype)

    return build


def _no_parameters() -> None:
    return None


_PAULIS_2 = [np.kron(a, b) for a, b in itertools.product([_I, _X, _Y, _Z], repeat=2)]

_SPECS: list[ChannelSpec] = [
    _pauli_channel(
        "depolarizing", 1, [_I, _X, _Y, _Z], 1 / 4, 4 / 3,
        "``ρ → (1 - p) ρ + p I/2`` (``0 ≤ p ≤ 4/3``); Kraus operators ``√(1 - 3p/4) I, √(p/4) X, √(p/4) Y, √(p/4) Z``.",
    ),
    _pauli_channel(
        "depolarizing2", 2, _PAULIS_2, 1 / 16, 16 / 15,
        "``ρ → (1 - p) ρ + p I/4`` on two qubits (``0 ≤ p ≤ 16/15``); Kraus operators ``√(1 - 15p/16) I⊗I`` and "
        "``√(p/16) P⊗Q`` for the 15 other Pauli pairs.",
    ),
    _pauli_channel(
        "bit_flip", 1, [_I, _X], 1.0, 1.0, "X with probability ``p``; Kraus operators ``√(1 - p) I, √p X``."
    ),
    _pauli_channel(
        "phase_flip", 1, [_I, _Z], 1.0, 1.0, "Z with probability ``p``; Kraus operators ``√(1 - p) I, √p Z``."
    ),
    ChannelSpec(
        "amplitude_damping", 1, ("gamma",), _amplitude_damping, _between("gamma", 0.0, 1.0),
        doc="Decays ``|1⟩`` to ``|0⟩`` with probability ``γ``; Kraus operators ``[[1, 0], [0, √(1 - γ)]]`` and "
        "``[[0, √γ], [0, 0]]``.",
    ),
    ChannelSpec(
        "phase_damping", 1, ("lam",), _phase_damping, _between("lam", 0.0, 1.0),
        doc="Multiplies the coherences by ``√(1 - λ)``; Kraus operators ``[[1, 0], [0, √(1 - λ)]]`` and "
        "``[[0, 0], [0, √λ]]``.",
    ),
    ChannelSpec(
        "thermal_relaxation", 1, ("t1", "t2", "time"), _thermal_relaxation, _thermal_problem,
        doc="Relaxes towards ``|0⟩`` for ``time``: populations by ``e^{-time/t1}``, coherences by ``e^{-time/t2}`` "
        "(``0 < t2 ≤ 2·t1``): amplitude damping by ``1 - e^{-time/t1}``, then the dephasing that brings the "
        "coherences to ``e^{-time/t2}``.",
        quantity="time",
    ),
    ChannelSpec(
        "reset", 1, (), _fixed(_P0, _LOWER), _no_parameters, kind=OperationKind.RESET,
        doc="Sets the qubit to ``|0⟩`` (Kraus operators ``|0⟩⟨0|, |0⟩⟨1|``). Every built-in mode runs it: the "
        "statevector and shots modes by deferral (the qubit's state is moved to an extra qubit), the "
        "density_matrix and trajectories modes as the channel.",
    ),
    ChannelSpec(
        "measure", 1, (), _fixed(_P0, _P1), _no_parameters, kind=OperationKind.MEASURE,
        doc="A Z-basis measurement whose outcome is not kept (Kraus operators ``|0⟩⟨0|, |1⟩⟨1|``).",
    ),
]

CHANNELS: dict[str, ChannelSpec] = {spec.name: spec for spec in _SPECS}
"""Canonical name → spec. ``"kraus"`` (any Kraus operators) is handled by ``Circuit.kraus``."""


def channel_spec(name: str) -> ChannelSpec:
    """Look a channel up by name, case-insensitively.

    Example:
        >>> channel_spec("Bit_Flip").params
        ('p',)
    """
    try:
        return CHANNELS[name.lower()]
    except KeyError:
        known = ", ".join([*sorted(CHANNELS), "kraus"])
        raise UnknownGateError(f"unknown channel {name!r}; tyxq knows: {known}") from None


def channel_problem(name: str, params: Sequence[np.ndarray]) -> str | None:
    """What is wrong with these (host) parameter values of channel ``name``, or ``None``.

    Example:
        >>> channel_problem("bit_flip", [np.array(1.5)])
        'bit_flip: p = 1.5 is outside [0, 1]'
    """
    problem = CHANNELS[name].problem(*(np.asarray(p, dtype=np.float64) for p in params))
    return None if problem is None else f"{name}: {problem}"


def check_kraus(operators: Any, n_qubits: int) -> np.ndarray:
    """Kraus operators as a complex128 ``(m, d, d)`` array, checked: finite, right size, ``Σ K†K = I``.

    Raises :class:`~tyxq.errors.ChannelError` quoting ``max |Σ K†K − I|``
    when the map is not trace preserving.

    Example:
        >>> p = 0.2
        >>> check_kraus([np.sqrt(1 - p) * np.eye(2), np.sqrt(p) * np.diag([1.0, -1.0])], 1).shape
        (2, 2, 2)
        >>> check_kraus([np.eye(2), np.eye(2)], 1)
        Traceback (most recent call last):
        ...
        tyxq.errors.ChannelError: the Kraus operators are not trace preserving: max |Σ K†K − I| = 1.00e+00...
    """
    dim = 2**n_qubits
    try:
        stacked = np.asarray([np.asarray(k, dtype=np.complex128) for k in operators])
    except (TypeError, ValueError) as error:
        raise ChannelError(f"Kraus operators must be a list of {dim}x{dim} matrices ({error})") from None
    if stacked.ndim != 3 or stacked.shape[1:] != (dim, dim) or stacked.shape[0] == 0:
        raise ChannelError(
            f"a channel on {n_qubits} qubit{'s' if n_qubits > 1 else ''} takes a non-empty list of {dim}x{dim} "
            f"Kraus matrices, but got shape {stacked.shape}"
        )
    if not np.all(np.isfinite(stacked)):
        raise ChannelError("the Kraus operators contain NaN or infinite entries")
    total = np.einsum("mba,mbc->ac", stacked.conj(), stacked)
    deviation = float(np.max(np.abs(total - np.eye(dim))))
    if deviation > KRAUS_TOLERANCE:
        raise ChannelError(
            f"the Kraus operators are not trace preserving: max |Σ K†K − I| = {deviation:.2e} "
            f"(tolerance {KRAUS_TOLERANCE:.0e}); scale them so that Σ K†K = I, or add the missing operator "
            "√(I − Σ K†K)"
        )
    return stacked
