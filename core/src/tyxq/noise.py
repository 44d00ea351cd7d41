"""``NoiseModel``: which channel follows which gate, and how each qubit misreads, kept apart from the circuit.

A noise model is given to a noisy execution mode
(``mode=tyxq.DensityMatrixMode(noise=model)``), which runs
:meth:`NoiseModel.apply` on each circuit it is handed: the user's circuit is
never changed, and one circuit runs noise-free or under any model. Rules
match gates by name (or every gate) and by qubit (or every qubit); a
single-qubit channel follows a gate on each of the gate's matching qubits, a
two-qubit channel follows a two-qubit gate on its qubits (a rule naming gates
of another size is refused when it is added, with
:class:`~tyxq.errors.NoiseRuleError`; without ``gates`` it follows every gate
of its size). Measurements, resets and channels are never followed by noise. Readout error is a
confusion matrix per qubit, ``M[measured, true]`` (columns sum to one),
applied by the modes to probabilities, samples and expectations
(:func:`readout_observables`): the model of Qiskit Aer's ``NoiseModel`` and
TensorCircuit's ``NoiseConf``.

Example:
    >>> import tyxq
    >>> model = tyxq.NoiseModel().add("depolarizing", 0.1, gates=["h"]).add_readout_error([[0.9, 0.2], [0.1, 0.8]])
    >>> noisy = model.apply(tyxq.Circuit(1).h(0).x(0))
    >>> [op.name for op in noisy]
    ['h', 'depolarizing', 'x']
    >>> with tyxq.use_execution_mode(tyxq.DensityMatrixMode(noise=model)):
    ...     tyxq.probabilities(tyxq.Circuit(1).x(0)).round(6).tolist()
    [0.2, 0.8]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .channels import channel_problem, channel_spec, check_kraus
from .circuit import Circuit, Operation
from .errors import ChannelError, NoiseRuleError, QubitIndexError
from .gates import gate_spec
from .observables import Hamiltonian, PauliString
from .operations import KRAUS

__all__ = ["NoiseModel", "readout_observables"]

_CONFUSION_TOLERANCE = 1e-9


@dataclass(frozen=True)
class _Rule:
    """Channel ``name`` (``params``, or Kraus ``matrix``) after gates in ``gates`` on qubits in ``qubits``."""

    name: str
    params: tuple[float, ...]
    matrix: np.ndarray | None
    n_qubits: int
    gates: frozenset[str] | None
    qubits: frozenset[int] | None


class NoiseModel:
    """Channels after gates and per-qubit readout error; see the module docstring.

    Example:
        >>> import tyxq
        >>> model = tyxq.NoiseModel().add("amplitude_damping", 0.05, qubits=[1])
        >>> [str(op) for op in model.apply(tyxq.Circuit(2).cnot(0, 1))]
        ['cnot q[0], q[1]', 'amplitude_damping(0.05) q[1]']
    """

    def __init__(self) -> None:
        self._rules: list[_Rule] = []
        self._readout: dict[int | None, np.ndarray] = {}

    def __repr__(self) -> str:
        return f"NoiseModel(rules={len(self._rules)}, readout_qubits={sorted(self._readout, key=str)})"

    def _value(self) -> tuple[Any, ...]:
        """The rules and confusion matrices as plain, comparable data."""
        rules = tuple(
            (
                r.name,
                r.params,
                None if r.matrix is None else (r.matrix.shape, r.matrix.tobytes()),
                r.n_qubits,
                r.gates,
                r.qubits,
            )
            for r in self._rules
        )
        readout = tuple(sorted(((str(q), m.tobytes()) for q, m in self._readout.items())))
        return rules, readout

    def __eq__(self, other: object) -> bool:
        """Two models are equal when they hold the same rules, in order, and the same readout error.

        So a model that travelled to another process (pickled) equals the
        original, and so do the execution modes that carry them.

        Example:
            >>> import pickle, tyxq
            >>> model = tyxq.NoiseModel().add("bit_flip", 0.1)
            >>> pickle.loads(pickle.dumps(model)) == model, model == tyxq.NoiseModel()
            (True, False)
        """
        if not isinstance(other, NoiseModel):
            return NotImplemented
        return self._value() == other._value()

    def __hash__(self) -> int:
        # by value, like equality: a model changed by add() after it was used as a key hashes anew
        return hash(self._value())

    def add(
        self, channel: str, *params: float, gates: Sequence[str] | None = None, qubits: Sequence[int] | None = None
    ) -> NoiseModel:
        """After each gate named in ``gates`` (all gates if ``None``), apply ``channel(params)`` on ``qubits``.

        Unknown gate or channel names raise :class:`~tyxq.errors.UnknownGateError`;
        parameters out of range, :class:`~tyxq.errors.ChannelError`; a channel
        on two qubits after gates on another number of qubits,
        :class:`~tyxq.errors.NoiseRuleError`. Returns the model.

        Example:
            >>> import tyxq
            >>> tyxq.NoiseModel().add("depolarizing2", 0.1, gates=["h"])
            Traceback (most recent call last):
            ...
            tyxq.errors.NoiseRuleError: depolarizing2 acts on 2 qubits, but h acts on 1: ...
        """
        spec = channel_spec(channel)
        if len(params) != spec.n_params:
            raise ChannelError(f"{spec.name} takes the parameter(s) {', '.join(spec.params)}, got {len(params)}")
        values = tuple(float(p) for p in params)
        problem = channel_problem(spec.name, [np.asarray(v) for v in values])
        if problem is not None:
            raise ChannelError(f"{problem}; choose a value in range")
        names = _gate_names(gates, spec.name, spec.n_qubits)
        self._rules.append(_Rule(spec.name, values, None, spec.n_qubits, names, _qubit_set(qubits)))
        return self

    def add_kraus(
        self, operators: Any, *, gates: Sequence[str] | None = None, qubits: Sequence[int] | None = None
    ) -> NoiseModel:
        """After matching gates, apply the channel of Kraus ``operators`` (one or two qubits, checked CPTP)."""
        first = np.asarray(operators[0])
        n_qubits = int(np.log2(first.shape[-1])) if first.ndim == 2 and first.shape[-1] in (2, 4) else 0
        if n_qubits == 0:
            raise ChannelError("a noise model's Kraus operators are 2x2 (one qubit) or 4x4 (two qubits) matrices")
        matrix = check_kraus(operators, n_qubits)
        names = _gate_names(gates, "the Kraus channel", n_qubits)
        self._rules.append(_Rule(KRAUS, (), matrix, n_qubits, names, _qubit_set(qubits)))
        return self

    def add_readout_error(self, confusion: Any, qubits: Sequence[int] | None = None) -> NoiseModel:
        """Misread ``qubits`` (all if ``None``) by ``confusion[measured, true]`` (2x2, columns summing to 1).

        Example:
            >>> import tyxq
            >>> tyxq.NoiseModel().add_readout_error([[0.9, 0.1], [0.2, 0.9]])
            Traceback (most recent call last):
            ...
            tyxq.errors.ChannelError: a confusion matrix holds probabilities P(measured | true) ...
        """
        matrix = np.asarray(confusion, dtype=np.float64)
        if (
            matrix.shape != (2, 2)
            or not np.all(np.isfinite(matrix))
            or np.any(matrix < 0)
            or np.max(np.abs(matrix.sum(axis=0) - 1)) > _CONFUSION_TOLERANCE
        ):
            raise ChannelError(
                "a confusion matrix holds probabilities P(measured | true) as [[P(0|0), P(0|1)], [P(1|0), P(1|1)]]: "
                f"2x2, non-negative, each column summing to 1; got {matrix.tolist()}"
            )
        for qubit in [None] if qubits is None else _qubit_set(qubits) or ():
            self._readout[qubit] = matrix
        return self

    def readout(self, n_qubits: int) -> dict[int, np.ndarray]:
        """The confusion matrix of each misread qubit of an ``n_qubits``-qubit circuit."""
        every = self._readout.get(None)
        found = {q: every for q in range(n_qubits)} if every is not None else {}
        found.update({q: m for q, m in self._readout.items() if q is not None and q < n_qubits})
        return found

    def apply(self, circuit: Circuit) -> Circuit:
        """A new circuit: ``circuit``'s operations with this model's channels after the matching gates."""
        noisy = circuit.empty_copy()  # the classical register and final measurements come along
        for op in circuit.ops:
            noisy.append(op)
            for rule in self._rules:
                for qubits in _targets(rule, op):
                    if rule.matrix is not None:
                        noisy.kraus(qubits, rule.matrix)
                    else:
                        noisy.append(Operation(rule.name, qubits, rule.params))
        return noisy


def _gate_names(gates: Sequence[str] | None, channel: str, n_qubits: int) -> frozenset[str] | None:
    """The canonical names of ``gates``, checked to be gates that a channel on ``n_qubits`` qubits can follow."""
    if gates is None:
        return None
    if isinstance(gates, str):
        gates = [gates]
    specs = [gate_spec(name) for name in gates]  # unknown names raise UnknownGateError
    for spec in specs:
        if n_qubits > 1 and spec.n_qubits != n_qubits:
            raise NoiseRuleError(
                f"{channel} acts on {n_qubits} qubits, but {spec.name} acts on {spec.n_qubits}: a {n_qubits}-qubit "
                f"channel follows a gate on that gate's own {n_qubits} qubits, so this rule would never apply. Name "
                f"{n_qubits}-qubit gates, or use a one-qubit channel (it follows a gate on each of its qubits)"
            )
    return frozenset(spec.name for spec in specs)


def _qubit_set(qubits: Sequence[int] | None) -> frozenset[int] | None:
    if qubits is None:
        return None
    if isinstance(qubits, (int, np.integer)):
        qubits = [int(qubits)]
    for qubit in qubits:
        if isinstance(qubit, bool) or not isinstance(qubit, (int, np.integer)) or qubit < 0:
            raise QubitIndexError(f"a noise model's qubits are non-negative integers, got {qubit!r}")
    return frozenset(int(q) for q in qubits)


def _targets(rule: _Rule, op: Operation) -> list[tuple[int, ...]]:
    """The qubit tuples after ``op`` that ``rule`` puts its channel on (none where it does not match)."""
    if op.kind.is_channel or (rule.gates is not None and op.name not in rule.gates):
        return []
    if rule.n_qubits == 1:
        return [(q,) for q in op.qubits if rule.qubits is None or q in rule.qubits]
    if len(op.qubits) == rule.n_qubits and (rule.qubits is None or set(op.qubits) <= rule.qubits):
        return [op.qubits]
    return []


def readout_observables(observables: Sequence[Hamiltonian], readout: dict[int, np.ndarray]) -> tuple[Hamiltonian, ...]:
    """Observables whose exact values equal the originals' values as misread by ``readout``.

    A qubit measured in some basis reports ``±1`` with ``E[s | t] = α + β(−1)^t``
    (``α, β`` from its confusion matrix), so a term ``P`` on qubits ``S``
    becomes ``Σ_{T ⊆ S} Π_{S∖T} α_q Π_T β_q · P|_T``: ``2**|S|`` terms.

    Example:
        >>> import tyxq
        >>> flips = {0: np.array([[0.9, 0.2], [0.1, 0.8]])}
        >>> print(readout_observables([tyxq.Hamiltonian((tyxq.Z(0),))], flips)[0])
        0.1 * I + 0.7 * Z0
    """
    if not readout:
        return tuple(observables)
    changed = []
    for hamiltonian in observables:
        terms: list[PauliString] = []
        for term in hamiltonian.terms:
            paulis = term.paulis
            for keep in itertools.product((False, True), repeat=len(paulis)):
                factor = term.coefficient.real
                for (qubit, _), kept in zip(paulis, keep, strict=True):
                    alpha, beta = _alpha_beta(readout.get(qubit))
                    factor *= beta if kept else alpha
                if factor != 0:
                    kept_paulis = tuple(p for p, k in zip(paulis, keep, strict=True) if k)
                    terms.append(PauliString(kept_paulis, factor))
        changed.append(Hamiltonian(tuple(terms)))
    return tuple(changed)


def _alpha_beta(confusion: np.ndarray | None) -> tuple[float, float]:
    if confusion is None:
        return 0.0, 1.0
    zero, one = confusion[0, 0] - confusion[1, 0], confusion[0, 1] - confusion[1, 1]
    return (zero + one) / 2, (zero - one) / 2
