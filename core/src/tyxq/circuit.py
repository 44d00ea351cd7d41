"""``Circuit``: an ordered list of operations on ``n`` qubits, built by chainable methods.

Qubit 0 is the leftmost bit: in a bitstring or basis label ``"011"`` of a
three-qubit state, qubit 0 is ``0`` and qubits 1 and 2 are ``1``, and
amplitude index ``i`` has qubit ``q`` as bit ``n - 1 - q`` of ``i``.

The circuit is data. It records gates with their parameters (Python numbers
or arrays of any backend, scalar or batched along a leading axis) and
computes nothing: the verbs run it (``tyxq.state``, ``tyxq.probabilities``,
``tyxq.expectation``, ``tyxq.sample``, ``tyxq.counts``), and
``tyxq.qasm.dumps`` writes it as text. Every gate of :mod:`tyxq.gates` is a
method; a single-qubit gate takes one qubit, a list or a range, and a
multi-qubit gate takes one qubit per argument, or equal-length lists of them.

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

import math
import numbers
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .channels import CHANNELS, KRAUS, ChannelSpec, channel_problem, check_kraus, is_channel
from .errors import (
    CapabilityError,
    ChannelError,
    ControlQubitError,
    NonUnitaryError,
    NotInvertibleError,
    ParameterError,
    PauliStringError,
    QubitIndexError,
    UnknownGateError,
)
from .gates import GATES, GateSpec, controlled_name, gate_spec, multi_rz_name

if TYPE_CHECKING:
    pass

__all__ = ["Circuit", "Condition", "Operation"]

UNITARY = "unitary"
_KEEP: Any = object()
_UNITARY_TOLERANCE = 1e-6
_NORM_TOLERANCE = {"complex128": 1e-10, "complex64": 1e-5}


@dataclass(frozen=True)
class Condition:
    """Run an operation only where the classical ``bits`` hold ``values`` (their latest measured outcomes).

    Example:
        >>> print(Condition((0, 2), (1, 0)))
        if c[0]=1, c[2]=0
    """

    bits: tuple[int, ...]
    values: tuple[int, ...]

    def __str__(self) -> str:
        return "if " + ", ".join(f"c[{b}]={v}" for b, v in zip(self.bits, self.values, strict=True))


@dataclass(frozen=True)
class Operation:
    """One gate application: name, qubits (in the gate's argument order), parameters.

    ``matrix`` is set only for ``unitary`` and ``kraus`` operations. ``bit`` is
    the classical bit a ``measure`` writes its outcome to (``None``: a
    measurement whose outcome is not kept), and ``condition`` the classical
    bits a conditioned gate reads (``None``: it always acts).
    """

    name: str
    qubits: tuple[int, ...]
    params: tuple[Any, ...] = ()
    matrix: Any = None
    bit: int | None = None
    condition: Condition | None = None

    @property
    def spec(self) -> GateSpec | None:
        """The gate table entry, or ``None`` for a ``unitary`` operation or a channel."""
        return None if self.name == UNITARY or is_channel(self.name) else GATES[self.name]

    def __str__(self) -> str:
        qubits = ", ".join(f"q[{q}]" for q in self.qubits)
        text = f"{self.name} {qubits}"
        if self.params:
            text = f"{self.name}({', '.join(_format_param(p) for p in self.params)}) {qubits}"
        if self.bit is not None:
            text += f" -> c[{self.bit}]"
        return text if self.condition is None else f"{text} {self.condition}"


def _format_param(param: Any) -> str:
    if isinstance(param, numbers.Real):
        return f"{float(param):.6g}"
    shape = tuple(getattr(param, "shape", ()))
    if shape:
        return f"<batch of {shape[0]}>"
    try:
        return f"{float(param):.6g}"
    except (TypeError, ValueError, RuntimeError):
        return "<array>"


def _batch_size_of(param: Any) -> int | None:
    shape = tuple(getattr(param, "shape", ()))
    return shape[0] if shape else None


def _numbers_array(value: list[Any] | tuple[Any, ...], what: str, accept: type, error: type[Exception]) -> np.ndarray:
    """``value`` (a list or tuple, possibly nested) as a NumPy array, each entry checked to be an ``accept``.

    Reads the list as objects first, so a ragged list or an entry that is no
    number is named in ``error`` instead of failing inside NumPy's conversion.
    """
    array = np.array(value, dtype=object)
    for position, entry in np.ndenumerate(array):
        if isinstance(entry, (bool, np.bool_)) or not isinstance(entry, accept):
            where = f"entry {position[0] if len(position) == 1 else position}"
            kind = "a list" if isinstance(entry, (list, tuple)) else f"{entry!r} (a {type(entry).__name__})"
            raise error(
                f"{what} has {kind} at {where}; every entry must be a "
                f"{'real' if accept is numbers.Real else 'complex'} number"
                f"{' and the rows of equal length' if isinstance(entry, (list, tuple)) else ''}"
            )
    return array.astype(np.float64 if accept is numbers.Real else np.complex128)


def _check_param(name: str, index: int, param: Any) -> Any:
    """Return the parameter in the form the circuit stores, or raise ``ParameterError``."""
    if isinstance(param, (bool, np.bool_)) or (
        isinstance(param, numbers.Complex) and not isinstance(param, numbers.Real)
    ):
        raise ParameterError(
            f"parameter {index} of {name} is {param!r}; gate angles are real numbers"
            + (" (a bool is not an angle: pass 1.0 for one radian)" if isinstance(param, (bool, np.bool_)) else "")
        )
    if isinstance(param, numbers.Real):
        value = float(param)
        if not math.isfinite(value):
            raise ParameterError(
                f"parameter {index} of {name} is {value}; angles must be finite: check the computation that produced it"
            )
        return value
    shape = getattr(param, "shape", None)
    if shape is None:
        if isinstance(param, (list, tuple)):
            param = _numbers_array(param, f"parameter {index} of {name}", numbers.Real, ParameterError)
            shape = param.shape
        else:
            raise ParameterError(
                f"parameter {index} of {name} is a {type(param).__name__}; pass a real number or an "
                "array of the active backend (a scalar, or a 1-D batch)"
            )
    if len(shape) > 1:
        raise ParameterError(
            f"parameter {index} of {name} has shape {tuple(shape)}; a gate parameter is a scalar or a "
            "1-D batch (one angle per batch member). Index the array to pick the angle for this gate"
        )
    if len(shape) == 1 and shape[0] == 0:
        raise ParameterError(
            f"parameter {index} of {name} is an empty batch (shape (0,)); a batch holds at least one angle: "
            "pass a number, or a 1-D array of one angle per batch member"
        )
    dtype = str(getattr(param, "dtype", ""))
    if "bool" in dtype:
        raise ParameterError(
            f"parameter {index} of {name} is an array of dtype {dtype}; gate angles are real numbers "
            "(a bool is not an angle): convert it with .astype(float) if that is meant"
        )
    if isinstance(param, np.ndarray):
        if param.dtype.kind not in "iufc":
            raise ParameterError(
                f"parameter {index} of {name} is an array of dtype {param.dtype}; gate angles are real numbers: "
                "pass a float array"
            )
        if np.iscomplexobj(param):
            raise ParameterError(f"parameter {index} of {name} is complex; gate angles are real numbers")
        if not np.all(np.isfinite(param)):
            raise ParameterError(f"parameter {index} of {name} contains NaN or infinite values; angles must be finite")
    return param


def _as_qubit_list(qubits: Any) -> list[int] | None:
    """A list of qubits if ``qubits`` is a list, tuple or range; ``None`` for a single qubit."""
    if isinstance(qubits, (list, tuple, range)):
        return list(qubits)
    if isinstance(qubits, np.ndarray) and qubits.ndim == 1:
        if not np.issubdtype(qubits.dtype, np.integer):
            raise QubitIndexError(
                f"qubit indices are integers, but an array of dtype {qubits.dtype} was given ({qubits.tolist()}); "
                "pass integers, e.g. numpy.arange(n) or a list of ints"
            )
        return [int(q) for q in qubits]
    return None


def _qubit_arguments(qubits: Any) -> list[Any]:
    """The qubits of ``unitary``/``kraus``: one index (a Python or NumPy integer) or a sequence of them.

    Anything else is handed on as one qubit, for ``_check_qubits`` to refuse by name.
    """
    listed = _as_qubit_list(qubits)
    return [qubits] if listed is None else listed


def _short(value: Any) -> str:
    """``repr(value)``, cut to 60 characters (an array can print pages)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _per_qubit(name: str, index: int, param: Any, k: int) -> list[Any]:
    """The values of parameter ``index`` for each of ``k`` qubit groups (the rule of the module docstring)."""
    if isinstance(param, (list, tuple)):
        if len(param) != k:
            raise ParameterError(_per_qubit_message(name, index, (len(param),), k))
        return list(param)
    shape = getattr(param, "shape", None)
    if shape is None or len(shape) == 0:
        return [param] * k
    if len(shape) == 1 and shape[0] == k:
        return [param[j] for j in range(k)]
    if len(shape) == 2 and shape[1] in (k, 1):
        return [param[:, j if shape[1] == k else 0] for j in range(k)]
    raise ParameterError(_per_qubit_message(name, index, tuple(shape), k))


def _per_qubit_message(name: str, index: int, shape: tuple[int, ...], k: int) -> str:
    return (
        f"parameter {index} of {name} on {k} qubits has shape {shape}; with a list of qubits give a number "
        f"(the same angle on each), shape ({k},) (one angle per qubit), (B, {k}) (a batch per qubit) or "
        f"(B, 1) (one batch shared by every qubit): for a batch t of shape (B,), pass t[:, None]"
    )


class Circuit:
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
        self.inputs: Any = inputs
        self.normalize: bool = bool(normalize)
        self._ops: list[Operation] = []
        self._batch_size: int | None = None
        if isinstance(inputs, (list, tuple)):
            inputs = _numbers_array(inputs, "inputs", numbers.Complex, ParameterError)
        elif isinstance(inputs, np.ndarray) and inputs.dtype.kind not in "biufc":
            raise ParameterError(f"inputs has dtype {inputs.dtype}; an initial state is an array of complex numbers")
        self.inputs = inputs
        if inputs is not None:
            shape = tuple(getattr(inputs, "shape", np.shape(inputs)))
            if shape not in ((2**self.n_qubits,),) and not (len(shape) == 2 and shape[1] == 2**self.n_qubits):
                raise ParameterError(
                    f"inputs has shape {shape}, but a {self.n_qubits}-qubit state has shape "
                    f"({2**self.n_qubits},) or (batch, {2**self.n_qubits})"
                )
            if len(shape) == 2:
                self._batch_size = shape[0]
            host = _host_copy(inputs)
            if host is not None:
                single = any(name in str(getattr(inputs, "dtype", "")) for name in ("complex64", "float32", "float16"))
                dtype = "complex64" if single else "complex128"
                problem = norm_problem(np.sum(np.abs(host) ** 2, axis=-1), dtype, self.normalize)
                if problem is not None:
                    raise ParameterError(problem)

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
        if op.name == UNITARY:
            return self.unitary(op.matrix, op.qubits)
        if op.name == KRAUS:
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
            if op.name == UNITARY:
                matrix = op.matrix if not new else new[0]
                shape = tuple(getattr(matrix, "shape", np.shape(matrix)))
                old = tuple(getattr(op.matrix, "shape", np.shape(op.matrix)))
                if shape[-2:] != old[-2:]:
                    raise NonUnitaryError(f"the replacement matrix has shape {shape}; the unitary it replaces, {old}")
                if len(shape) == 3:
                    twin._update_batch(shape[0], UNITARY)
                twin._ops.append(replace(op, matrix=matrix))
                continue
            if op.name == KRAUS:
                twin._ops.append(op)
                continue
            spec = GATES.get(op.name) or CHANNELS[op.name]
            if len(new) != spec.n_params:
                raise ParameterError(f"{op.name} takes {spec.n_params} parameters, but {len(new)} were given")
            twin._record(replace(op, params=tuple(_check_param(op.name, i, p) for i, p in enumerate(new))))
        return twin

    def inverse(self) -> Circuit:
        """The adjoint circuit: operations reversed, each replaced by its inverse.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(1).h(0).s(0).rx(0, 0.3)
            >>> [op.name for op in c.inverse()]
            ['rx', 'sdg', 'h']
        """
        if self.inputs is not None:
            raise NotInvertibleError(
                "this circuit starts from an input state, which is not an operation and has no inverse; invert "
                "the operations alone with tyxq.Circuit(n).append(circuit).inverse()"
            )
        inverted = Circuit(self.n_qubits)
        for op in reversed(self._ops):
            if op.condition is not None:
                raise CapabilityError(
                    f"the circuit holds {op}, a gate conditioned on measured bits, which has no inverse (the "
                    "measurement it depends on cannot be undone); invert the circuit before its measurements"
                )
            if is_channel(op.name):
                raise CapabilityError(
                    f"the circuit holds the channel {op.name}, which has no inverse (noise loses information); "
                    "invert the noise-free circuit and add the channels afterwards"
                )
            spec = op.spec
            if spec is None:
                matrix = np.asarray(op.matrix)
                inverted.unitary(np.conj(np.swapaxes(matrix, -1, -2)), op.qubits)
            elif spec.inverse is None:
                inverted._record(Operation(op.name, op.qubits, op.params))
            else:
                name, params = spec.inverse(op.params)
                inverted._record(Operation(name, op.qubits, tuple(params)))
        return inverted

    # --- adding gates ---------------------------------------------------------------------

    def apply(self, name: str, *qubits: Any, params: Sequence[Any] = ()) -> Circuit:
        """Append gate ``name`` (or an alias) on ``qubits`` with ``params``; returns ``self``.

        Every gate method is this call: ``c.rx(0, 0.5)`` is
        ``c.apply("rx", 0, params=[0.5])``.

        Example:
            >>> import tyxq
            >>> tyxq.Circuit(2).apply("CX", 0, 1).ops[0].name
            'cnot'
        """
        if not isinstance(name, str):
            raise UnknownGateError(
                f"apply takes a gate's name (a string such as 'h' or 'cnot'), not {_short(name)} "
                f"(of type {type(name).__name__}); for a matrix use Circuit.unitary(matrix, qubits)"
            )
        if is_channel(name.lower()) and name.lower() != KRAUS:
            return self._channel(CHANNELS[name.lower()], qubits, params)
        spec = gate_spec(name)
        if len(qubits) != spec.n_qubits:
            raise QubitIndexError(
                f"{spec.name} acts on {spec.n_qubits} qubit{'s' if spec.n_qubits > 1 else ''}, "
                f"but {len(qubits)} qubit arguments were given"
            )
        if len(params) != spec.n_params:
            raise ParameterError(
                f"{spec.name} takes {spec.n_params} parameter{'s' if spec.n_params != 1 else ''}, "
                f"but {len(params)} were given"
            )
        lists = [_as_qubit_list(q) for q in qubits]
        if all(q is None for q in lists):
            checked = tuple(_check_param(spec.name, i, p) for i, p in enumerate(params))
            self._record(Operation(spec.name, self._check_qubits(spec.name, qubits), checked))
            return self
        lengths = {len(q) for q in lists if q is not None}
        if len(lengths) != 1 or (any(q is None for q in lists) and spec.n_qubits > 1):
            raise QubitIndexError(
                f"{spec.name} was given qubit lists of different lengths or a mix of lists and "
                "single qubits; pass one qubit per argument, or equal-length lists to apply the gate "
                "to each tuple of qubits"
            )
        k = lengths.pop()
        values = [_per_qubit(spec.name, i, p, k) for i, p in enumerate(params)]
        for j, group in enumerate(zip(*(q if q is not None else [] for q in lists), strict=True)):
            checked = tuple(_check_param(spec.name, i, v[j]) for i, v in enumerate(values))
            self._record(Operation(spec.name, self._check_qubits(spec.name, group), checked))
        return self

    def unitary(self, matrix: Any, qubits: int | Sequence[int]) -> Circuit:
        """Append an arbitrary unitary ``matrix`` acting on ``qubits`` (first qubit = most significant).

        Example:
            >>> import numpy as np, tyxq
            >>> swap = np.eye(4)[[0, 2, 1, 3]]
            >>> tyxq.probabilities(tyxq.Circuit(2).x(0).unitary(swap, [0, 1])).tolist()
            [0.0, 1.0, 0.0, 0.0]
        """
        targets = self._check_qubits(UNITARY, _qubit_arguments(qubits))
        dim = 2 ** len(targets)
        if isinstance(matrix, (list, tuple)):
            matrix = _numbers_array(matrix, "the matrix given to unitary", numbers.Complex, NonUnitaryError)
        elif isinstance(matrix, np.ndarray) and matrix.dtype.kind not in "biufc":
            raise NonUnitaryError(
                f"the matrix given to unitary has dtype {matrix.dtype}; a unitary is an array of complex numbers"
            )
        shape = tuple(getattr(matrix, "shape", np.shape(matrix)))
        if shape[-2:] != (dim, dim) or len(shape) not in (2, 3):
            raise NonUnitaryError(
                f"a unitary on {len(targets)} qubit{'s' if len(targets) > 1 else ''} is a {dim}x{dim} "
                f"matrix (or a batch of them), but the matrix has shape {shape}"
            )
        host = _host_copy(matrix)
        if host is not None:
            if not np.all(np.isfinite(host)):
                raise NonUnitaryError("the matrix given to unitary contains NaN or infinite entries")
            product = np.conj(np.swapaxes(host, -1, -2)) @ host
            error = float(np.max(np.abs(product - np.eye(dim))))
            if error > _UNITARY_TOLERANCE:
                raise NonUnitaryError(
                    f"the matrix given to unitary is not unitary (|U†U - I| = {error:.2e}); "
                    "normalise it, or build it with scipy.linalg.expm(-1j * H) from a Hermitian H"
                )
        if len(shape) == 3:
            self._update_batch(shape[0], UNITARY)
        self._ops.append(Operation(UNITARY, targets, (), matrix))
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
        targets = self._check_qubits(KRAUS, _qubit_arguments(qubits))
        self._ops.append(Operation(KRAUS, targets, (), check_kraus(operators, len(targets))))
        return self

    def _channel(self, spec: ChannelSpec, qubits: Sequence[Any], params: Sequence[Any]) -> Circuit:
        """Append channel ``spec`` (its parameters checked against their ranges where readable).

        A single-qubit channel given a list or range of qubits acts on each, with the same parameters.
        """
        if spec.n_qubits == 1 and len(qubits) == 1 and _as_qubit_list(qubits[0]) is not None:
            for qubit in _as_qubit_list(qubits[0]) or ():
                self._channel(spec, (qubit,), params)
            return self
        if len(qubits) != spec.n_qubits or len(params) != spec.n_params:
            raise ParameterError(
                f"{spec.name} takes {spec.n_qubits} qubit(s) and the parameter(s) {', '.join(spec.params)}, "
                f"but got {len(qubits)} qubit(s) and {len(params)} parameter(s)"
            )
        checked = tuple(_check_param(spec.name, i, p) for i, p in enumerate(params))
        hosts = [np.asarray(p, dtype=np.complex128) if isinstance(p, float) else _host_copy(p) for p in checked]
        if all(h is not None for h in hosts):
            problem = channel_problem(spec.name, [np.real(h) for h in hosts if h is not None])
            if problem is not None:
                raise ChannelError(f"{problem}; choose a value in range")
        self._record(Operation(spec.name, self._check_qubits(spec.name, qubits), checked))
        return self

    def _record(self, op: Operation) -> None:
        for param in op.params:
            size = _batch_size_of(param)
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
        checked = []
        for qubit in qubits:
            if isinstance(qubit, bool) or not isinstance(qubit, numbers.Integral):
                raise QubitIndexError(f"{name}: qubit {qubit!r} is not an integer index")
            if not 0 <= int(qubit) < self.n_qubits:
                raise QubitIndexError(
                    f"{name}: qubit {qubit} is out of range for a {self.n_qubits}-qubit circuit "
                    f"(valid: 0..{self.n_qubits - 1})"
                )
            checked.append(int(qubit))
        if len(set(checked)) != len(checked):
            raise QubitIndexError(f"{name}: qubits {tuple(checked)} repeat; a gate's qubits must be distinct")
        return tuple(checked)

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
        listed = _as_qubit_list(qubits)
        if listed is not None and bit is not None and len(listed) != 1:
            raise QubitIndexError(
                f"measure was given {len(listed)} qubits and the single bit {bit!r}; give one qubit per bit, "
                "or leave bit out to write each outcome to the next unused bit"
            )
        for qubit in [qubits] if listed is None else listed:
            target = self._next_bit() if bit is None else self._register_bit("measure", bit)
            (checked,) = self._check_qubits("measure", [qubit])
            self._ops.append(Operation("measure", (checked,), bit=target))
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
        listed = _as_qubit_list(qubits)
        checked = self._check_qubits("measure_at_end", [qubits] if listed is None else listed)
        targets = _as_qubit_list(bits) if bits is not None else None
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
        checked = _check_bit(name, bit)
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
        checked = tuple(_check_bit("cond", b) for b in listed)
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
            if is_channel(op.name) or op.condition is not None:
                raise CapabilityError(
                    f"cond conditions gates; {op} is a channel, a measurement or already conditioned, which tyxq "
                    "cannot condition on classical bits: condition the gates only"
                )
            start = len(self._ops)
            self.append(op)
            self._ops[start:] = [replace(added, condition=condition) for added in self._ops[start:]]
        return self

    # --- Pauli rotations, controls and composition -------------------------------------------

    def multi_rz(self, qubits: Sequence[int], theta: Any) -> Circuit:
        """Append ``exp(-iθ Z⊗…⊗Z/2)`` on ``qubits``: one diagonal (a phase by parity), whatever their number.

        Example:
            >>> import tyxq
            >>> [op.name for op in tyxq.Circuit(4).multi_rz([3, 0, 1], 0.5)]
            ['multi_rz[3]']
        """
        ordered = self._check_qubits("multi_rz", list(qubits))  # the parity does not depend on their order
        return self.apply(multi_rz_name(len(ordered)), *sorted(ordered), params=[theta])

    def pauli_rot(self, qubits: Sequence[int], theta: Any, pauli: str) -> Circuit:
        """Append ``exp(-iθP/2)`` for the Pauli string ``pauli`` (one letter of ``IXYZ`` per qubit of ``qubits``).

        Applied as one :meth:`multi_rz` on the qubits that carry X, Y or Z,
        between basis changes (``h`` for X; ``sdg`` then ``h`` for Y) and
        their inverses: never as a dense matrix. An all-identity string is
        the global phase ``e^{-iθ/2}`` (as ``rz(θ)·phase(-θ)`` on the first qubit).

        Example:
            >>> import numpy as np, tyxq
            >>> c = tyxq.Circuit(2).pauli_rot([0, 1], np.pi, "XY")
            >>> [op.name for op in c]
            ['h', 'sdg', 'h', 'rzz', 'h', 'h', 's']
            >>> np.round(tyxq.probabilities(c), 6).tolist()  # XY|00> = i|11>, up to a phase
            [0.0, 0.0, 0.0, 1.0]
        """
        qubits = list(qubits)
        if not isinstance(pauli, str) or len(pauli) != len(qubits) or set(pauli.upper()) - set("IXYZ"):
            raise PauliStringError(
                f"pauli_rot needs one letter of I, X, Y, Z per qubit: got {pauli!r} for {len(qubits)} qubits "
                f"{tuple(qubits)}; write a string of length {len(qubits)}, e.g. {'Z' * len(qubits)!r}"
            )
        checked = self._check_qubits("pauli_rot", qubits)
        support = [(q, p) for q, p in zip(checked, pauli.upper(), strict=True) if p != "I"]
        if not support:
            return self.apply("rz", checked[0], params=[theta]).apply("phase", checked[0], params=[-theta])
        changes = {"X": ("h",), "Y": ("sdg", "h"), "Z": ()}
        undo = {"X": ("h",), "Y": ("h", "s"), "Z": ()}
        for qubit, letter in support:
            for gate in changes[letter]:
                self.apply(gate, qubit)
        self.multi_rz([q for q, _ in support], theta)
        for qubit, letter in support:
            for gate in undo[letter]:
                self.apply(gate, qubit)
        return self

    def ctrl(self, gates: Circuit | Operation, controls: Sequence[int] | int, control_values: Any = None) -> Circuit:
        """Append ``gates`` (an operation, or every operation of a circuit on these qubits) under ``controls``.

        Each gate acts only where every control qubit holds its control value
        (``control_values``, 1 for each by default): the simulator applies
        it to that subspace, never building the controlled matrix. A
        controlled gate's parameter-shift rule comes from its generator's
        spectrum with the eigenvalue 0 added; its inverse is the controlled
        inverse. A ``unitary`` operation is controlled as its full matrix
        (at most 10 qubits with the controls).

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(3).ctrl(tyxq.Circuit(3).h(2).rx(2, 0.5), controls=[0, 1], control_values=[1, 0])
            >>> [op.name for op in c]
            ['ctrl[10]:h', 'ctrl[10]:rx']
            >>> [op.name for op in tyxq.Circuit(2).ctrl(tyxq.Operation("x", (1,)), 0)]
            ['cnot']
        """
        listed: list[Any] = [controls] if isinstance(controls, numbers.Integral) else list(controls)  # type: ignore[arg-type]
        checked = list(self._check_qubits("ctrl", listed))
        if not checked:
            raise ControlQubitError("ctrl needs at least one control qubit")
        values = [1] * len(checked) if control_values is None else list(np.atleast_1d(control_values))
        if len(values) != len(checked) or any(v not in (0, 1) for v in values):
            raise ControlQubitError(
                f"control_values {control_values!r} do not give 0 or 1 for each of the {len(checked)} controls "
                f"{tuple(checked)}; pass e.g. {[1] * len(checked)}"
            )
        text = "".join(str(int(v)) for v in values)
        ops = gates.ops if isinstance(gates, Circuit) else (gates,)
        if isinstance(gates, Circuit) and gates.inputs is not None:
            raise ParameterError(
                "ctrl controls operations; this circuit also starts from an input state, which cannot be controlled"
            )
        for op in ops:
            both = sorted(set(checked) & set(op.qubits))
            if both:
                raise ControlQubitError(
                    f"qubit{'s' if len(both) > 1 else ''} {both} would be both a control and a target of {op.name} "
                    f"on {op.qubits}; a gate cannot control itself: choose controls among the other qubits"
                )
            if op.name == UNITARY:
                self._controlled_unitary(op, checked, values)
            else:
                self.apply(controlled_name(text, op.name), *checked, *op.qubits, params=op.params)
        return self

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

    def _controlled_unitary(self, op: Operation, controls: list[int], values: list[int]) -> None:
        size = len(controls) + len(op.qubits)
        host = _host_copy(op.matrix)
        if host is None or host.ndim != 2 or size > 10:
            raise ControlQubitError(
                f"ctrl builds a controlled unitary operation as its full matrix, which needs a single host-readable "
                f"matrix on at most 10 qubits with the controls (here {size}); control named gates instead"
            )
        block = np.zeros((2 ** len(controls),) * 2)
        index = int("".join(map(str, values)), 2)
        block[index, index] = 1
        matrix = np.eye(2**size, dtype=np.complex128) + np.kron(block, host - np.eye(len(host)))
        self.unitary(matrix, [*controls, *op.qubits])

    def compose(self, other: Circuit, qubits: Sequence[int] | None = None) -> Circuit:
        """Append ``other``'s operations with its qubit ``i`` placed on ``qubits[i]`` of this circuit; returns ``self``.

        Example:
            >>> import tyxq
            >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
            >>> [str(op) for op in tyxq.Circuit(4).compose(bell, qubits=[3, 1])]
            ['h q[3]', 'cnot q[3], q[1]']
        """
        places = list(range(other.n_qubits)) if qubits is None else list(qubits)
        if len(places) != other.n_qubits:
            raise QubitIndexError(
                f"compose places a {other.n_qubits}-qubit circuit, but {len(places)} qubits were given "
                f"({tuple(places)}); give one qubit of this circuit per qubit of the other"
            )
        mapping = self._check_qubits("compose", places)
        if other.inputs is not None:
            raise ParameterError(
                "compose appends operations; the other circuit starts from an input state, which cannot be appended"
            )
        for op in other.ops:
            self.append(replace(op, qubits=tuple(mapping[q] for q in op.qubits)))
        for bit, qubit in other.final_measurements.items():
            self.measure_at_end(mapping[qubit], bit)
        return self

    def repeat(self, times: int) -> Circuit:
        """A new circuit with this one's operations ``times`` times (``times < 0``: the inverse repeated).

        ``c * k`` and ``k * c`` are ``c.repeat(k)``.

        Example:
            >>> import tyxq
            >>> c = tyxq.Circuit(1).h(0).t(0)
            >>> [op.name for op in c * 2], [op.name for op in c.repeat(-1)]
            (['h', 't', 'h', 't'], ['tdg', 'h'])
        """
        if isinstance(times, bool) or not isinstance(times, numbers.Integral):
            raise ParameterError(f"repeat takes an integer number of times, got {times!r}")
        body = self.inverse() if times < 0 else self
        twin = self.empty_copy()
        for op in list(body.ops) * abs(int(times)):
            twin.append(op)
        return twin

    def __mul__(self, times: int) -> Circuit:
        if isinstance(times, bool) or not isinstance(times, numbers.Integral):
            return NotImplemented
        return self.repeat(times)

    __rmul__ = __mul__


def _check_bit(name: str, bit: Any) -> int:
    if isinstance(bit, bool) or not isinstance(bit, numbers.Integral) or bit < 0:
        raise ParameterError(f"{name}: classical bit {bit!r} is not a non-negative integer index")
    return int(bit)


def _host_copy(value: Any) -> np.ndarray | None:
    """A numpy copy of ``value`` for validation, or ``None`` where its values cannot be read on the host.

    Lists and numpy arrays are read; other arrays where NumPy reads them without help (a CPU tensor that
    autograd does not track). Arrays on a device or inside an autodiff trace are checked by the kernels,
    which have their backend.
    """
    if isinstance(value, (list, tuple, np.ndarray)):
        return np.asarray(value, dtype=np.complex128)
    if not hasattr(value, "__array__"):
        return None
    try:
        return np.asarray(value, dtype=np.complex128)
    except (TypeError, ValueError, RuntimeError):  # on a device, tracked by autograd, or traced: not readable here
        return None


def norm_problem(norms: np.ndarray, complex_dtype: str, normalize: bool) -> str | None:
    """What is wrong with initial states of squared norms ``norms``, or ``None`` if they may be used.

    States must be finite and non-zero, and unless ``normalize`` is set, of
    norm 1 within a tolerance suited to the dtype (1e-10 in complex128, 1e-5
    in complex64, relative to the squared norm).

    Example:
        >>> norm_problem(np.array([1.0, 4.0]), "complex128", normalize=False)[:42]
        'inputs member 1 has squared norm 4, not 1 '
    """
    tolerance = _NORM_TOLERANCE.get(complex_dtype, _NORM_TOLERANCE["complex64"])
    for member, norm in enumerate(np.atleast_1d(norms)):
        where = f"inputs member {member}" if np.ndim(norms) else "inputs"
        if not np.isfinite(norm):
            return f"{where} contains NaN or infinite amplitudes; an initial state must be finite"
        if norm == 0:
            return f"{where} is the zero vector; an initial state needs a non-zero amplitude"
        if not normalize and abs(norm - 1) > tolerance:
            return (
                f"{where} has squared norm {norm:.12g}, not 1 within {tolerance:.0e}; "
                "divide it by its norm, or pass normalize=True to Circuit to have tyxq do it"
            )
    return None


def _gate_method(spec: GateSpec) -> Any:
    def method(self: Circuit, *args: Any, **kwargs: Any) -> Circuit:
        qubits, params = args[: spec.n_qubits], list(args[spec.n_qubits :])
        params += list(kwargs.values())
        return self.apply(spec.name, *qubits, params=params)

    kind = {"dense": "a dense", "diagonal": "a diagonal", "permutation": "a permutation"}[spec.kind]
    qubit_args = ", ".join(f"q{i}" for i in range(spec.n_qubits))
    param_args = "".join(f", p{i}" for i in range(spec.n_params))
    method.__name__ = spec.name
    method.__qualname__ = f"Circuit.{spec.name}"
    method.__doc__ = (
        f"``{spec.name}({qubit_args}{param_args})``: append {kind} {spec.n_qubits}-qubit gate; returns the circuit.\n\n"
        "A qubit argument may be a list or range to apply the gate to each entry."
    )
    return method


def _channel_method(spec: ChannelSpec) -> Any:
    def method(self: Circuit, *args: Any, **kwargs: Any) -> Circuit:
        qubits, params = args[: spec.n_qubits], list(args[spec.n_qubits :])
        params += list(kwargs.values())
        return self._channel(spec, qubits, params)

    method.__name__ = spec.name
    method.__qualname__ = f"Circuit.{spec.name}"
    qubit_args = ", ".join(f"q{i}" for i in range(spec.n_qubits))
    method.__doc__ = (
        f"``{spec.name}({qubit_args}, {', '.join(spec.params)})``: append the {spec.name} channel "
        "(see :mod:`tyxq.channels`); returns the circuit. Run by the density_matrix and trajectories modes."
    )
    return method


for _channel_spec in CHANNELS.values():
    if _channel_spec.name != "measure":  # Circuit.measure records the outcome; the channel is its deferred form
        setattr(Circuit, _channel_spec.name, _channel_method(_channel_spec))

for _spec in GATES.values():
    setattr(Circuit, _spec.name, _gate_method(_spec))
    for _alias in _spec.aliases:
        setattr(Circuit, _alias, getattr(Circuit, _spec.name))
