"""The operation table and the operations a circuit holds.

One table, :data:`OPERATIONS`, lists every operation tyxq knows, each with
its :class:`~tyxq.kinds.OperationKind`, its parameter names, its qubit count
and what builds it: the gates of :mod:`tyxq.gates` (matrix builder,
generators, shift rules), the channels of :mod:`tyxq.channels` (Kraus
builder, range check), ``measure`` and ``reset``, and the two operations
given by data, ``unitary`` (a matrix) and ``kraus`` (Kraus operators). A
gate or a channel is added as one entry of its list; it appears here, and
``Circuit`` has its method once ``core/tools/generate_circuit_methods.py``
has been run (a test fails until it is).

An :class:`Operation` carries its kind, so every module asks
``op.kind`` what an operation is, never its name.

Example:
    >>> OPERATIONS["rx"].kind, OPERATIONS["rx"].params
    (<OperationKind.GATE: 'gate'>, ('theta',))
    >>> OPERATIONS["thermal_relaxation"].params
    ('t1', 't2', 'time')
    >>> operation_spec("CX").name, operation_spec("ctrl[10]:h").n_qubits
    ('cnot', 3)
    >>> Operation("reset", (0,)).kind
    <OperationKind.RESET: 'reset'>
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .backends.protocol import Array, Backend
from .channels import CHANNELS, ChannelSpec
from .errors import CapabilityError, UnknownGateError
from .gates import GATES, GateSpec, gate_spec
from .kinds import OperationKind

__all__ = [
    "KRAUS",
    "OPERATIONS",
    "UNITARY",
    "OperationTable",
    "OperationSpec",
    "operation_spec",
    "refuse_channels",
]

UNITARY = "unitary"
"""The name of an operation given by its matrix (``Circuit.unitary``)."""

KRAUS = "kraus"
"""The name of a channel given by its Kraus operators (``Circuit.kraus``)."""


@dataclass(frozen=True)
class OperationSpec:
    """One entry of the operation table.

    Attributes:
        name: canonical lower-case name.
        kind: what the operation is.
        n_qubits: how many qubits it acts on; ``None`` for ``unitary`` and
            ``kraus``, which act on as many as their matrices say.
        params: the names of its real parameters, in order.
        gate: the gate table entry (kind ``GATE``): matrix builder,
            generators, shift rules, how the kernels apply it.
        channel: the channel table entry (kinds ``CHANNEL``, ``MEASURE``,
            ``RESET``): Kraus builder and range check.
        aliases: other names the circuit and OpenQASM accept.
        doc: what it is, for the generated ``Circuit`` method.
    """

    name: str
    kind: OperationKind
    n_qubits: int | None
    params: tuple[str, ...] = ()
    gate: GateSpec | None = None
    channel: ChannelSpec | None = None
    aliases: tuple[str, ...] = ()
    doc: str = ""

    @property
    def n_params(self) -> int:
        """The number of real parameters."""
        return len(self.params)

    @property
    def generators(self) -> tuple[Any, ...]:
        """Per parameter of a gate, the Hermitian ``G`` with ``dU/dθ = -i G U`` (``None`` where there is none).

        Example:
            >>> OPERATIONS["rz"].generators[0].real.tolist()
            [[0.5, 0.0], [0.0, -0.5]]
            >>> OPERATIONS["depolarizing"].generators
            ()
        """
        return () if self.gate is None else self.gate.generators

    def matrix(self, backend: Backend, params: Sequence[Any] = ()) -> Array:
        """The unitary ``(..., d, d)`` of a gate.

        Example:
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> OPERATIONS["x"].matrix(NumpyBackend()).real.tolist()
            [[0.0, 1.0], [1.0, 0.0]]
        """
        if self.gate is None:
            raise CapabilityError(
                f"{self.name} is a {self.kind.value} operation, not a gate of the table: it has no matrix builder"
            )
        return self.gate.matrix(backend, params)

    def kraus(self, backend: Backend, params: Sequence[Any] = ()) -> Array:
        """The Kraus operators ``(..., m, d, d)`` of a channel, a reset or a measurement.

        Example:
            >>> from tyxq.backends.numpy_backend import NumpyBackend
            >>> OPERATIONS["reset"].kraus(NumpyBackend()).shape
            (2, 2, 2)
        """
        if self.channel is None:
            raise CapabilityError(
                f"{self.name} is a {self.kind.value} operation, not a channel of the table: it has no Kraus builder"
            )
        return self.channel.build(backend, *params)


def _gate_entry(spec: GateSpec) -> OperationSpec:
    return OperationSpec(
        spec.name, OperationKind.GATE, spec.n_qubits, spec.params, gate=spec, aliases=spec.aliases, doc=spec.doc
    )


def _channel_entry(spec: ChannelSpec) -> OperationSpec:
    return OperationSpec(spec.name, spec.kind, spec.n_qubits, spec.params, channel=spec, doc=spec.doc)


class OperationTable(dict[str, OperationSpec]):
    """Canonical name → entry; indexing also finds the members of the gate families (not listed)."""

    def __missing__(self, name: str) -> OperationSpec:
        return _family_entry(name)


@lru_cache(maxsize=512)
def _family_entry(name: str) -> OperationSpec:
    return _gate_entry(GATES[name])  # UnknownGateError for a name that is no family member


OPERATIONS: OperationTable = OperationTable(
    {
        **{spec.name: _gate_entry(spec) for spec in GATES.values()},
        **{spec.name: _channel_entry(spec) for spec in CHANNELS.values()},
        UNITARY: OperationSpec(UNITARY, OperationKind.MATRIX, None, doc="A unitary given as its matrix."),
        KRAUS: OperationSpec(KRAUS, OperationKind.KRAUS, None, doc="A channel given by its Kraus operators."),
    }
)
"""Canonical name → :class:`~tyxq.operations.OperationSpec`: every gate, channel, measure, reset, unitary, kraus."""


def operation_spec(name: str) -> OperationSpec:
    """Look an operation up by name or alias, case-insensitively (gate family members too).

    Example:
        >>> operation_spec("Bit_Flip").kind, operation_spec("u3").params
        (<OperationKind.CHANNEL: 'channel'>, ('theta', 'phi', 'lam'))
    """
    key = name.lower()
    found = OPERATIONS.get(key)
    if found is not None:
        return found
    try:
        return OPERATIONS[gate_spec(key).name]
    except UnknownGateError:
        known = ", ".join(sorted(OPERATIONS))
        raise UnknownGateError(
            f"unknown operation {name!r}; tyxq knows: {known}, and the gate families multi_rz[k] and "
            "ctrl[values]:gate. For any other matrix use Circuit.unitary(qubits, matrix)"
        ) from None


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


_FROM_NAME: Any = None


@dataclass(frozen=True)
class Operation:
    """One operation of a circuit: name, qubits (in the operation's argument order), parameters, kind.

    ``matrix`` is set only for ``unitary`` and ``kraus`` operations
    (``kind.holds_matrix``). ``bit`` is the classical bit a ``measure``
    writes its outcome to (``None``: a measurement whose outcome is not
    kept), and ``condition`` the classical bits a conditioned gate reads
    (``None``: it always acts). ``kind`` is looked up in the operation table
    from the name when not given; an unknown name is an
    :class:`~tyxq.errors.UnknownGateError`.

    Example:
        >>> op = Operation("rx", (0,), (0.5,))
        >>> op.kind, op.kind.is_unitary, str(op)
        (<OperationKind.GATE: 'gate'>, True, 'rx(0.5) q[0]')
    """

    name: str
    qubits: tuple[int, ...]
    params: tuple[Any, ...] = ()
    matrix: Any = None
    bit: int | None = None
    condition: Condition | None = None
    kind: OperationKind = _FROM_NAME

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", operation_spec(self.name).kind)

    @property
    def spec(self) -> GateSpec | None:
        """The gate table entry of a gate, ``None`` for every other kind."""
        return GATES[self.name] if self.kind is OperationKind.GATE else None

    @property
    def definition(self) -> OperationSpec:
        """The operation table entry."""
        return operation_spec(self.name)

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


def refuse_channels(circuit_ops: Sequence[Operation], simulation: str) -> None:
    """Raise :class:`~tyxq.errors.CapabilityError` if any operation is not unitary: ``simulation`` is pure-state only.

    Example:
        >>> refuse_channels([Operation("depolarizing", (0,), (0.1,))], "statevector simulation")
        Traceback (most recent call last):
        ...
        tyxq.errors.CapabilityError: the statevector simulation runs pure states only, but operation 0 is the channel...
    """
    for index, op in enumerate(circuit_ops):
        if op.kind.is_channel:
            raise CapabilityError(
                f"the {simulation} runs pure states only, but operation {index} is the channel {op.name} on qubit(s) "
                f"{', '.join(map(str, op.qubits))}; run noisy circuits with mode='density_matrix' (exact) or "
                "mode='trajectories' (sampled, for more qubits), e.g. "
                'tyxq.use_execution_mode("density_matrix")'
            )
