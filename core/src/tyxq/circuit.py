"""``Circuit``: an ordered list of operations on ``n`` qubits, built by chainable methods.

Qubit 0 is the leftmost bit: in a bitstring or basis label ``"011"`` of a
three-qubit state, qubit 0 is ``0`` and qubits 1 and 2 are ``1``, and
amplitude index ``i`` has qubit ``q`` as bit ``n - 1 - q`` of ``i``.

The circuit is data. It records gates with their parameters (Python numbers
or arrays of any backend, scalar or batched along a leading axis) and
computes nothing: the verbs run it (``tyxq.state``, ``tyxq.probabilities``,
``tyxq.expectation``, ``tyxq.sample``, ``tyxq.counts``), and
``tyxq.qasm.dumps`` writes it as text. Every gate and channel of the
operation table (:mod:`tyxq.operations`) is a method with real parameter
names (generated into :mod:`tyxq.circuit_methods`): ``c.u(0, theta=0.1,
phi=0.2, lam=0.3)`` is ``c.u(0, 0.1, 0.2, 0.3)``. A single-qubit gate takes
one qubit, a list or a range, and a multi-qubit gate takes one qubit per
argument, or equal-length lists of them. The transforms (``inverse``,
``ctrl``, ``compose``, ``repeat``, ``pauli_rot``) live in
:mod:`tyxq.transforms` and the checks in :mod:`tyxq.validation`; the
methods here are one-line calls of them.

Parameters of a gate given several qubits (the rule never depends on sizes
that happen to coincide):

- a number, or an array of shape ``()``: the same angle on every qubit;
- a 1-D array or list of shape ``(k,)`` for ``k`` qubits: one angle per
  qubit (any other length is an error);
- a 2-D array ``(B, k)``: a batch of ``B`` angles per qubit, ``(B, 1)`` the
  same batch on every qubit.

With a single qubit, a 1-D array ``(B,)`` is a batch of ``B`` angles.
Qubit indices are integers (Python or NumPy integers; ``1.9`` is refused).

Example:
    >>> import numpy as np, tyxq
    >>> c = tyxq.Circuit(3).h(0).cnot(0, 1).cnot(1, 2)
    >>> print(tyxq.counts(c, 1000, seed=7))
    {'000': 502, '111': 498}
    >>> [op.params[0] for op in tyxq.Circuit(2).ry([0, 1], [0.1, 0.2])]
    [0.1, 0.2]
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from . import transforms
from .arguments import as_qubit_list, check_qubits, qubit_arguments, short
from .channels import ChannelSpec, channel_problem, check_kraus
from .circuit_methods import CircuitMethods
from .errors import (
    ArgumentOrderError,
    CapabilityError,
    ChannelError,
    NonUnitaryError,
    ParameterError,
    QubitIndexError,
    UnknownGateError,
)
from .kinds import OperationKind
from .operations import KRAUS, UNITARY, Condition, Operation, operation_spec
from .validation import (
    batch_size_of,
    batch_size_of_state,
    check_bit,
    check_inputs,
    check_parameter,
    check_unitary,
    host_copy,
    per_qubit,
)

__all__ = ["Circuit", "Condition", "Operation", "OperationKind"]

_KEEP: Any = object()


class Circuit(CircuitMethods):
    """A quantum circuit on ``n_qubits`` qubits.

    Args:
        n_qubits: number of qubits (at least 1).
        inputs: optional initial statevector of shape ``(2**n,)`` or a batch
            ``(B, 2**n)``, a list or an array of any backend; by default
            ``|0…0⟩``. It must be finite and of norm 1 (within 1e-10 of the
            squared norm in complex128, 1e-5 in complex64), else a
            :class:`~tyxq.errors.ParameterError`.
        normalize: divide ``inputs`` by their norm instead of requiring
            norm 1 (each batch member by its own).
        bits: the size of the classical register, if declared (as OpenQASM's
            ``creg c[bits]``): measurements may write bits ``0 … bits-1`` only,
            and the verbs' ``bits=`` read any of them, a bit never written
            holding 0. Undeclared, the register is as large as the highest
            bit a measurement writes (:attr:`n_bits`).

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(2).h(0).cnot(0, 1)
        >>> [round(float(p), 3) for p in tyxq.probabilities(c)]
        [0.5, 0.0, 0.0, 0.5]
        >>> float(tyxq.expectation(tyxq.Circuit(1, [3.0, 4.0], normalize=True), "Z"))
        -0.28
    """

    def __init__(self, n_qubits: int, inputs: Any = None, *, normalize: bool = False, bits: int | None = None) -> None:
        if isinstance(n_qubits, bool) or not isinstance(n_qubits, numbers.Integral) or n_qubits < 1:
            raise QubitIndexError(f"a circuit needs a positive integer number of qubits, got {n_qubits!r}")
        if bits is not None and (isinstance(bits, bool) or not isinstance(bits, numbers.Integral) or bits < 0):
            raise ParameterError(
                f"bits={bits!r}: the classical register's size is a non-negative integer, e.g. Circuit(2, bits=2)"
            )
        self.n_qubits: int = int(n_qubits)
        self.declared_bits: int | None = None if bits is None else int(bits)
        self._final: dict[int, int] = {}  # classical bit -> qubit measured into it after the last operation
        self.normalize: bool = bool(normalize)
        self.inputs: Any = check_inputs(inputs, self.n_qubits, self.normalize)
        self._ops: list[Operation] = []
        self._batch_size: int | None = batch_size_of_state(self.inputs)

    # --- the list of operations -------------------------------------------------------------

    @property
    def ops(self) -> tuple[Operation, ...]:
        """The operations in order, as an immutable tuple."""
        return tuple(self._ops)

    @property
    def n_bits(self) -> int:
        """The size of the classical register, as declared (``Circuit(n, bits=k)``).

        Undeclared, one more than the highest bit a measurement writes (0 without measurements).
        """
        if self.declared_bits is not None:
            return self.declared_bits
        return 1 + max([op.bit for op in self._ops if op.bit is not None] + list(self._final), default=-1)

    @property
    def final_measurements(self) -> dict[int, int]:
        """The measurements after the last operation, as ``{classical bit: qubit}`` (a copy).

        :meth:`measure_at_end` records them; they are not operations, so the
        circuit stays a unitary one (``tyxq.state`` runs it) while ``bits=``
        of ``tyxq.probabilities`` / ``sample`` / ``counts`` reads them.
        """
        return dict(self._final)

    @property
    def batch_size(self) -> int | None:
        """The batch size of batched parameters or inputs, ``None`` if nothing is batched."""
        return self._batch_size

    def __len__(self) -> int:
        return len(self._ops)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self._ops)

    def __repr__(self) -> str:
        return f"Circuit(n_qubits={self.n_qubits}, ops={len(self._ops)})"

    def __str__(self) -> str:
        lines = [f"Circuit on {self.n_qubits} qubit{'s' if self.n_qubits > 1 else ''}, {len(self._ops)} operations"]
        lines += [f"  {i:>3}: {op}" for i, op in enumerate(self._ops)]
        lines += [f"  end: measure q[{qubit}] -> c[{bit}]" for bit, qubit in self._final.items()]
        return "\n".join(lines)

    def append(self, op: Operation | Circuit) -> Circuit:
        """Append an operation, or every operation of another circuit (and its final measurements); returns ``self``.

        Example:
            >>> import tyxq
            >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
            >>> len(tyxq.Circuit(2).append(bell).append(bell))
            4
        """
        if isinstance(op, Circuit):
            if op.n_qubits > self.n_qubits:
                raise QubitIndexError(f"cannot append a {op.n_qubits}-qubit circuit to a {self.n_qubits}-qubit one")
            for inner in op.ops:
                self.append(inner)
            for bit, qubit in op.final_measurements.items():  # still after the last operation
                self.measure_at_end(qubit, bit)
            return self
        if op.condition is not None:
            return self.cond(replace(op, condition=None), op.condition.bits, op.condition.values)
        if op.bit is not None:
            return self.measure(op.qubits[0], op.bit)
        if op.kind is OperationKind.MATRIX:
            return self.unitary(op.qubits, op.matrix)
        if op.kind is OperationKind.KRAUS:
            return self.kraus(op.qubits, op.matrix)
        return self.apply(op.name, *op.qubits, params=op.params)

    def empty_copy(self) -> Circuit:
        """A circuit with this one's qubits, inputs and classical register (final measurements too), no operations.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(2, bits=3).h(0).measure_at_end(0, 2)
            >>> twin = c.empty_copy()
            >>> len(twin), twin.n_bits, twin.final_measurements
            (0, 3, {2: 0})
        """
        twin = Circuit(self.n_qubits, self.inputs, normalize=self.normalize, bits=self.declared_bits)
        twin._final = dict(self._final)
        return twin

    def copy(self) -> Circuit:
        """A new circuit with the same inputs, operations and classical register."""
        twin = self.empty_copy()
        twin._ops = list(self._ops)
        twin._batch_size = self._batch_size
        return twin

    def with_params(self, params: Sequence[Sequence[Any]], inputs: Any = _KEEP) -> Circuit:
        """A circuit with the same gates on the same qubits and new parameters.

        ``params`` holds one sequence per operation, in order: the gate's new
        parameters, or for a ``unitary`` operation ``()`` (keep its matrix) or
        ``(matrix,)`` (a replacement of the same size, possibly batched).
        ``inputs`` replaces the initial state when given. The gradient
        methods use this to evaluate shifted and batched copies of a circuit.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(1).h(0).rx(0, 0.1)
            >>> [op.params for op in c.with_params([(), (0.5,)])]
            [(), (0.5,)]
        """
        if len(params) != len(self._ops):
            raise ParameterError(
                f"with_params needs {len(self._ops)} parameter sequences, one per operation, got {len(params)}"
            )
        twin = Circuit(
            self.n_qubits, self.inputs if inputs is _KEEP else inputs, normalize=self.normalize, bits=self.declared_bits
        )
        twin._final = dict(self._final)
        for op, new in zip(self._ops, params, strict=True):
            if op.kind is OperationKind.MATRIX:
                matrix = op.matrix if not new else new[0]
                shape = tuple(getattr(matrix, "shape", np.shape(matrix)))
                old = tuple(getattr(op.matrix, "shape", np.shape(op.matrix)))
                if shape[-2:] != old[-2:]:
                    raise NonUnitaryError(f"the replacement matrix has shape {shape}; the unitary it replaces, {old}")
                if len(shape) == 3:
                    twin._update_batch(shape[0], UNITARY)
                twin._ops.append(replace(op, matrix=matrix))
                continue
            if op.kind is OperationKind.KRAUS:
                twin._ops.append(op)
                continue
            entry = operation_spec(op.name)
            if len(new) != entry.n_params:
                raise ParameterError(f"{op.name} takes {entry.n_params} parameters, but {len(new)} were given")
            twin._record(replace(op, params=_checked_params(entry.name, new)))
        return twin

    def inverse(self) -> Circuit:
        """The adjoint circuit: operations reversed, each replaced by its inverse (:func:`tyxq.transforms.inverse`).

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(1).h(0).s(0).rx(0, 0.3)
            >>> [op.name for op in c.inverse()]
            ['rx', 'sdg', 'h']
        """
        return transforms.inverse(self)

    # --- adding gates ---------------------------------------------------------------------

    def apply(self, name: str, *qubits: Any, params: Sequence[Any] = ()) -> Circuit:
        """Append operation ``name`` (a gate, a channel or ``reset``, or an alias) on ``qubits`` with ``params``.

        Every generated method is this call: ``c.rx(0, 0.5)`` is
        ``c.apply("rx", 0, params=[0.5])``. Returns ``self``.

        Example:
            >>> import tyxq
            >>> tyxq.Circuit(2).apply("CX", 0, 1).ops[0].name
            'cnot'
        """
        if not isinstance(name, str):
            raise UnknownGateError(
                f"apply takes an operation's name (a string such as 'h' or 'cnot'), not {short(name)} "
                f"(of type {type(name).__name__}); for a matrix use Circuit.unitary(qubits, matrix)"
            )
        entry = operation_spec(name)
        if entry.channel is not None:
            return self._channel(entry.channel, qubits, params)
        if entry.gate is None:
            raise UnknownGateError(
                f"{entry.name} is given by data, not by parameters: use Circuit.{entry.name}(qubits, "
                f"{'matrix' if entry.kind is OperationKind.MATRIX else 'operators'})"
            )
        spec = entry.gate
        if len(qubits) != spec.n_qubits:
            raise QubitIndexError(
                f"{spec.name} acts on {spec.n_qubits} qubit{'s' if spec.n_qubits > 1 else ''}, "
                f"but {len(qubits)} qubit arguments were given"
            )
        if len(params) != spec.n_params:
            raise ParameterError(
                f"{spec.name} takes {spec.n_params} parameter{'s' if spec.n_params != 1 else ''} "
                f"({', '.join(spec.params) or 'none'}), but {len(params)} were given"
            )
        lists = [as_qubit_list(q) for q in qubits]
        if all(q is None for q in lists):
            checked = _checked_params(spec.name, params)
            self._record(Operation(spec.name, self._check_qubits(spec.name, qubits), checked, kind=OperationKind.GATE))
            return self
        lengths = {len(q) for q in lists if q is not None}
        if len(lengths) != 1 or (any(q is None for q in lists) and spec.n_qubits > 1):
            raise QubitIndexError(
                f"{spec.name} was given qubit lists of different lengths or a mix of lists and "
                "single qubits; pass one qubit per argument, or equal-length lists to apply the gate "
                "to each tuple of qubits"
            )
        k = lengths.pop()
        values = [per_qubit(spec.name, i, p, k) for i, p in enumerate(params)]
        for j, group in enumerate(zip(*(q if q is not None else [] for q in lists), strict=True)):
            checked = _checked_params(spec.name, [v[j] for v in values])
            self._record(Operation(spec.name, self._check_qubits(spec.name, group), checked, kind=OperationKind.GATE))
        return self

    def unitary(self, qubits: int | Sequence[int], matrix: Any) -> Circuit:
        """Append an arbitrary unitary ``matrix`` acting on ``qubits`` (first qubit = most significant).

        Qubits come first, as in every other method (``kraus`` included);
        the matrix is ``d×d`` with ``d = 2**len(qubits)``, or a batch
        ``(B, d, d)``, checked to be unitary where it can be read on the
        host. Before tyxq 0.2 the matrix came first: that order is an
        :class:`~tyxq.errors.ArgumentOrderError`.

        Example:
            >>> import numpy as np, tyxq
            >>> swap = np.eye(4)[[0, 2, 1, 3]]
            >>> tyxq.probabilities(tyxq.Circuit(2).x(0).unitary([0, 1], swap)).tolist()
            [0.0, 1.0, 0.0, 0.0]
        """
        if _looks_like_matrix(qubits) and not _looks_like_matrix(matrix):
            raise ArgumentOrderError(
                "unitary takes the qubits first and the matrix second (the order changed in tyxq 0.2, to match "
                "every other method, kraus included): write circuit.unitary(qubits, matrix), e.g. "
                "circuit.unitary([0, 1], U)"
            )
        targets = self._check_qubits(UNITARY, qubit_arguments(qubits))
        matrix = check_unitary(matrix, len(targets))
        shape = tuple(getattr(matrix, "shape", np.shape(matrix)))
        if len(shape) == 3:
            self._update_batch(shape[0], UNITARY)
        self._ops.append(Operation(UNITARY, targets, (), matrix, kind=OperationKind.MATRIX))
        return self

    def kraus(self, qubits: int | Sequence[int], operators: Any) -> Circuit:
        """Append the channel ``ρ → Σ K ρ K†`` of Kraus ``operators`` (first qubit = most significant).

        The operators must satisfy ``Σ K†K = I`` to 1e-6
        (:func:`tyxq.channels.check_kraus`), else :class:`~tyxq.errors.ChannelError`.
        Only the noisy modes (``density_matrix``, ``trajectories``) run channels.

        Example:
            >>> import numpy as np, tyxq
            >>> flip = [np.sqrt(0.9) * np.eye(2), np.sqrt(0.1) * np.array([[0, 1], [1, 0]])]
            >>> c = tyxq.Circuit(1).kraus(0, flip)
            >>> tyxq.probabilities(c, mode="density_matrix").round(6).tolist()
            [0.9, 0.1]
        """
        targets = self._check_qubits(KRAUS, qubit_arguments(qubits))
        self._ops.append(Operation(KRAUS, targets, (), check_kraus(operators, len(targets)), kind=OperationKind.KRAUS))
        return self

    def _channel(self, spec: ChannelSpec, qubits: Sequence[Any], params: Sequence[Any]) -> Circuit:
        """Append channel ``spec`` (its parameters checked against their ranges where readable).

        A single-qubit channel given a list or range of qubits acts on each, with the same parameters.
        """
        if spec.n_qubits == 1 and len(qubits) == 1 and as_qubit_list(qubits[0]) is not None:
            for qubit in as_qubit_list(qubits[0]) or ():
                self._channel(spec, (qubit,), params)
            return self
        if len(qubits) != spec.n_qubits or len(params) != spec.n_params:
            raise ParameterError(
                f"{spec.name} takes {spec.n_qubits} qubit(s) and the parameter(s) {', '.join(spec.params) or 'none'}, "
                f"but got {len(qubits)} qubit(s) and {len(params)} parameter(s)"
            )
        checked = tuple(
            check_parameter(spec.name, i, p, label=label, quantity=spec.quantity)
            for i, (label, p) in enumerate(zip(spec.params, params, strict=True))
        )
        hosts = [np.asarray(p, dtype=np.complex128) if isinstance(p, float) else host_copy(p) for p in checked]
        if all(h is not None for h in hosts):
            problem = channel_problem(spec.name, [np.real(h) for h in hosts if h is not None])
            if problem is not None:
                raise ChannelError(f"{problem}; choose a value in range")
        self._record(Operation(spec.name, self._check_qubits(spec.name, qubits), checked, kind=spec.kind))
        return self

    def _record(self, op: Operation) -> None:
        for param in op.params:
            size = batch_size_of(param)
            if size is not None:
                self._update_batch(size, op.name)
        self._ops.append(op)

    def _update_batch(self, size: int, name: str) -> None:
        if self._batch_size is None:
            self._batch_size = size
        elif size != self._batch_size:
            raise ParameterError(
                f"{name} has a batch of {size} parameter sets, but the circuit already has a batch of "
                f"{self._batch_size}; every batched parameter and input must share one batch size"
            )

    def _check_qubits(self, name: str, qubits: Iterable[Any]) -> tuple[int, ...]:
        return check_qubits(name, qubits, self.n_qubits)

    # --- mid-circuit measurement and classically conditioned gates ----------------------------

    def measure(self, qubits: Any, bit: int | None = None) -> Circuit:
        """Measure ``qubits`` in the Z basis here, writing each outcome to a classical bit; returns ``self``.

        Without ``bit`` each measurement writes the next unused bit
        (:attr:`n_bits` before it); with ``bit`` a single qubit's outcome
        overwrites that bit, as OpenQASM's ``measure q -> c[j]`` does. A later
        :meth:`cond` reads each bit's latest outcome; ``tyxq.probabilities``,
        ``tyxq.sample`` and ``tyxq.counts`` report final bits with ``bits=``.
        The ``statevector`` and ``shots`` modes run measurements exactly by
        deferring them (each outcome is copied onto an extra qubit), the
        ``density_matrix`` and ``trajectories`` modes as the channel.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(2).h(0).measure(0).cond(tyxq.Operation("x", (1,)), bits=0)
            >>> print(c)
            Circuit on 2 qubits, 3 operations
                0: h q[0]
                1: measure q[0] -> c[0]
                2: x q[1] if c[0]=1
            >>> tyxq.counts(c, 1000, seed=7)
            {'00': 502, '11': 498}
        """
        listed = as_qubit_list(qubits)
        if listed is not None and bit is not None and len(listed) != 1:
            raise QubitIndexError(
                f"measure was given {len(listed)} qubits and the single bit {bit!r}; give one qubit per bit, "
                "or leave bit out to write each outcome to the next unused bit"
            )
        for qubit in [qubits] if listed is None else listed:
            target = self._next_bit() if bit is None else self._register_bit("measure", bit)
            (checked,) = self._check_qubits("measure", [qubit])
            self._ops.append(Operation("measure", (checked,), bit=target, kind=OperationKind.MEASURE))
        return self

    def measure_at_end(self, qubits: Any, bits: Any = None) -> Circuit:
        """Record that ``qubits`` are measured into ``bits`` after the last operation; returns ``self``.

        Unlike :meth:`measure` this adds no operation: the circuit stays
        unitary (``tyxq.state`` runs it; later operations still come before
        these measurements), and ``bits=`` of ``tyxq.probabilities`` /
        ``sample`` / ``counts`` reads each bit as its qubit's final value.
        ``bits`` gives one bit per qubit (by default the next unused ones); a
        bit measured at the end again keeps the last qubit. This is how
        ``tyxq.qasm.loads`` keeps a program's final ``measure`` statements,
        and ``tyxq.qasm.dumps`` writes them back.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(2, bits=3).x(0).measure_at_end([0, 1], [2, 0])
            >>> c.final_measurements, tyxq.counts(c, 10, bits=[2, 1, 0])
            ({2: 0, 0: 1}, {'100': 10})
            >>> print(c)
            Circuit on 2 qubits, 1 operations
                0: x q[0]
              end: measure q[0] -> c[2]
              end: measure q[1] -> c[0]
        """
        listed = as_qubit_list(qubits)
        checked = self._check_qubits("measure_at_end", [qubits] if listed is None else listed)
        targets = as_qubit_list(bits) if bits is not None else None
        if bits is None:
            first = self._next_bit()
            targets = list(range(first, first + len(checked)))
        elif targets is None:
            targets = [bits]
        if len(targets) != len(checked):
            raise QubitIndexError(
                f"measure_at_end was given {len(checked)} qubit(s) and {len(targets)} bit(s); give one bit per qubit"
            )
        for qubit, bit in zip(checked, [self._register_bit("measure_at_end", b) for b in targets], strict=True):
            self._final.pop(bit, None)  # the latest measurement into a bit is its final value
            self._final[bit] = qubit
        return self

    def _next_bit(self) -> int:
        """The bit a measurement without ``bit=`` writes: one past the highest written, within a declared register."""
        written = [op.bit for op in self._ops if op.bit is not None] + list(self._final)
        return self._register_bit("measure", 1 + max(written, default=-1))

    def _register_bit(self, name: str, bit: Any) -> int:
        """``bit`` checked as an index of the classical register (a declared one bounds it)."""
        checked = check_bit(name, bit)
        if self.declared_bits is not None and checked >= self.declared_bits:
            raise ParameterError(
                f"{name}: classical bit {checked} is past the circuit's register of {self.declared_bits} bits "
                f"(valid: 0..{self.declared_bits - 1}); declare a larger one, e.g. Circuit({self.n_qubits}, "
                f"bits={checked + 1})"
            )
        return checked

    def cond(self, gates: Circuit | Operation, bits: Sequence[int] | int, values: Any = None) -> Circuit:
        """Append ``gates`` (an operation, or a circuit's operations), acting only where ``bits`` hold ``values``.

        Each bit is read at this point of the circuit: the latest outcome a
        :meth:`measure` wrote to it (``values`` is 1 for each bit by
        default). A bit no measurement has written yet is refused, unless
        the circuit declares its register (``Circuit(n, bits=k)``): then it
        holds 0, as in OpenQASM. This is how feed-forward is written: teleportation's corrections, active
        reset, repeat-until-success steps.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(1).h(0).measure(0).cond(tyxq.Operation("x", (0,)), bits=0)  # active reset
            >>> tyxq.probabilities(c).round(12).tolist()
            [1.0, 0.0]
        """
        listed: list[Any] = [bits] if isinstance(bits, numbers.Integral) else list(bits)  # type: ignore[arg-type]
        checked = tuple(check_bit("cond", b) for b in listed)
        if not checked or len(set(checked)) != len(checked):
            raise ParameterError(f"cond needs one or more distinct classical bits, got {bits!r}")
        written = {op.bit for op in self._ops if op.bit is not None}
        for bit in checked if self.declared_bits is not None else ():
            self._register_bit("cond", bit)  # a declared register's bits hold 0 until written
        unread = [b for b in checked if b not in written]
        if unread and self.declared_bits is None:
            raise ParameterError(
                f"cond reads classical bit{'s' if len(unread) > 1 else ''} {unread}, which no measurement has "
                "written yet; measure into it first, e.g. circuit.measure(qubit, bit)"
            )
        wanted = [1] * len(checked) if values is None else list(np.atleast_1d(values))
        if len(wanted) != len(checked) or any(v not in (0, 1) for v in wanted):
            raise ParameterError(
                f"cond values {values!r} do not give 0 or 1 for each of the {len(checked)} bits {checked}; "
                f"pass e.g. {[1] * len(checked)}"
            )
        condition = Condition(checked, tuple(int(v) for v in wanted))
        ops = gates.ops if isinstance(gates, Circuit) else (gates,)
        for op in ops:
            if not op.kind.is_unitary or op.condition is not None:
                raise CapabilityError(
                    f"cond conditions gates; {op} is a channel, a measurement or already conditioned, which tyxq "
                    "cannot condition on classical bits: condition the gates only"
                )
            start = len(self._ops)
            self.append(op)
            self._ops[start:] = [replace(added, condition=condition) for added in self._ops[start:]]
        return self

    # --- Pauli rotations, controls and composition -------------------------------------------

    def multi_rz(self, qubits: int | Sequence[int], theta: Any) -> Circuit:
        """Append ``exp(-iθ Z⊗…⊗Z/2)`` on ``qubits``: one diagonal (a phase by parity), whatever their number.

        Example:
            >>> import tyxq
            >>> [op.name for op in tyxq.Circuit(4).multi_rz([3, 0, 1], 0.5)]
            ['multi_rz[3]']
        """
        return transforms.multi_rz(self, qubits, theta)

    def pauli_rot(self, qubits: int | Sequence[int], theta: Any, pauli: str) -> Circuit:
        """Append ``exp(-iθP/2)`` for the Pauli string ``pauli`` (one letter of ``IXYZ`` per qubit of ``qubits``).

        See :func:`tyxq.transforms.pauli_rot`: one :meth:`multi_rz` between
        basis changes, never a dense matrix.

        Example:
            >>> import numpy as np, tyxq
            >>> c = tyxq.Circuit(2).pauli_rot([0, 1], np.pi, "XY")
            >>> [op.name for op in c]
            ['h', 'sdg', 'h', 'rzz', 'h', 'h', 's']
            >>> np.round(tyxq.probabilities(c), 6).tolist()  # XY|00> = i|11>, up to a phase
            [0.0, 0.0, 0.0, 1.0]
        """
        return transforms.pauli_rot(self, qubits, theta, pauli)

    def ctrl(self, gates: Circuit | Operation, controls: Sequence[int] | int, control_values: Any = None) -> Circuit:
        """Append ``gates`` (an operation, or every operation of a circuit on these qubits) under ``controls``.

        Each gate acts only where every control qubit holds its control value
        (``control_values``, 1 for each by default): the simulator applies
        it to that subspace, never building the controlled matrix. A
        controlled gate's parameter-shift rule comes from its generator's
        spectrum with the eigenvalue 0 added; its inverse is the controlled
        inverse. A ``unitary`` operation is controlled as its full matrix
        (at most 10 qubits with the controls). Only unitary operations can
        be controlled (:func:`tyxq.transforms.ctrl`).

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(3).ctrl(tyxq.Circuit(3).h(2).rx(2, 0.5), controls=[0, 1], control_values=[1, 0])
            >>> [op.name for op in c]
            ['ctrl[10]:h', 'ctrl[10]:rx']
            >>> [op.name for op in tyxq.Circuit(2).ctrl(tyxq.Operation("x", (1,)), 0)]
            ['cnot']
        """
        return transforms.ctrl(self, gates, controls, control_values)

    def mcx(self, controls: Sequence[int] | int, target: int, control_values: Any = None) -> Circuit:
        """Append X on ``target`` controlled by ``controls`` (``cnot`` for one, ``ccx`` for two).

        Example:
            >>> import tyxq
            >>> print(tyxq.counts(tyxq.Circuit(4).x([0, 1, 2]).mcx([0, 1, 2], 3), 10, seed=0))
            {'1111': 10}
        """
        return self.ctrl(Operation("x", (target,)), controls, control_values)

    def mcz(self, controls: Sequence[int] | int, target: int, control_values: Any = None) -> Circuit:
        """Append Z on ``target`` controlled by ``controls`` (``cz`` for one): a phase of -1 on one basis state.

        Example:
            >>> import tyxq
            >>> [op.name for op in tyxq.Circuit(3).mcz([0, 1], 2)]
            ['ctrl[11]:z']
        """
        return self.ctrl(Operation("z", (target,)), controls, control_values)

    def compose(self, other: Circuit, qubits: Sequence[int] | None = None) -> Circuit:
        """Append ``other``'s operations with its qubit ``i`` placed on ``qubits[i]`` of this circuit; returns ``self``.

        Example:
            >>> import tyxq
            >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
            >>> [str(op) for op in tyxq.Circuit(4).compose(bell, qubits=[3, 1])]
            ['h q[3]', 'cnot q[3], q[1]']
        """
        return transforms.compose(self, other, qubits)

    def repeat(self, times: int) -> Circuit:
        """A new circuit with this one's operations ``times`` times (``times < 0``: the inverse repeated).

        ``c * k`` and ``k * c`` are ``c.repeat(k)``.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(1).h(0).t(0)
            >>> [op.name for op in c * 2], [op.name for op in c.repeat(-1)]
            (['h', 't', 'h', 't'], ['tdg', 'h'])
        """
        return transforms.repeat(self, times)

    def __mul__(self, times: int) -> Circuit:
        if isinstance(times, bool) or not isinstance(times, numbers.Integral):
            return NotImplemented
        return self.repeat(times)

    __rmul__ = __mul__


def _checked_params(name: str, params: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(check_parameter(name, i, p) for i, p in enumerate(params))


def _looks_like_matrix(value: Any) -> bool:
    """Whether ``value`` is a matrix (an array of 2 or more axes, or a list of rows), not qubits."""
    if isinstance(value, (list, tuple)):
        return (bool(value) and isinstance(value[0], (list, tuple))) or any(len(getattr(v, "shape", ())) for v in value)
    return len(tuple(getattr(value, "shape", ()))) >= 2
