"""``specs``: what a circuit is made of and what simulating it costs, without simulating it.

Example:
    >>> import tyxq
    >>> s = tyxq.specs(tyxq.Circuit(3).h(0).cnot(0, 1).cnot(1, 2).rz(2, 0.5))
    >>> s.depth, s.gate_counts, s.arity_counts, s.n_params
    (4, {'h': 1, 'cnot': 2, 'rz': 1}, {1: 2, 2: 2}, 1)
    >>> print(s)
    3 qubits, 4 operations, depth 4, 1 parameter, unbatched
      gates: h 1, cnot 2, rz 1
      by arity: 1-qubit 2, 2-qubit 2
      memory (complex128): statevector 128 B, density matrix 1.0 KiB
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .circuit import Circuit
from .errors import ParameterError

__all__ = ["CircuitSpecs", "specs"]

_ITEM_SIZE = {"complex64": 8, "complex128": 16}


def _bytes(count: int) -> str:
    size = float(count)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if size < 1024 or unit == "PiB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class CircuitSpecs:
    """The summary :func:`specs` returns.

    Attributes:
        n_qubits: the circuit's qubits.
        n_operations: its operations.
        depth: the longest chain of operations that share qubits.
        gate_counts: operations by gate name, in order of first use.
        arity_counts: operations by number of qubits.
        n_params: gate parameters (each angle once, batched or not).
        batch_size: the batch of its parameters or inputs, ``None`` if unbatched.
        dtype: the complex dtype the memory figures assume.
        statevector_bytes: memory of its statevector(s), the whole batch.
        density_matrix_bytes: memory of its density matrix (matrices).
    """

    n_qubits: int
    n_operations: int
    depth: int
    gate_counts: dict[str, int]
    arity_counts: dict[int, int]
    n_params: int
    batch_size: int | None
    dtype: str
    statevector_bytes: int
    density_matrix_bytes: int

    def __str__(self) -> str:
        batch = "unbatched" if self.batch_size is None else f"batch of {self.batch_size}"
        plural = "" if self.n_params == 1 else "s"
        lines = [
            f"{self.n_qubits} qubits, {self.n_operations} operations, depth {self.depth}, "
            f"{self.n_params} parameter{plural}, {batch}",
            "  gates: " + ", ".join(f"{name} {count}" for name, count in self.gate_counts.items()),
            "  by arity: " + ", ".join(f"{k}-qubit {count}" for k, count in self.arity_counts.items()),
            f"  memory ({self.dtype}): statevector {_bytes(self.statevector_bytes)}, "
            f"density matrix {_bytes(self.density_matrix_bytes)}",
        ]
        return "\n".join(lines)


def specs(circuit: Circuit, *, dtype: str = "complex128") -> CircuitSpecs:
    """Qubits, depth, gate counts by name and by arity, parameters, batch size and memory of ``circuit``.

    Example:
        >>> import tyxq
        >>> tyxq.specs(tyxq.Circuit(30)).statevector_bytes // 2**30  # GiB for 30 qubits in complex128
        16
    """
    if dtype not in _ITEM_SIZE:
        raise ParameterError(f"dtype is one of {sorted(_ITEM_SIZE)}, got {dtype!r}")
    level = [0] * circuit.n_qubits
    for op in circuit.ops:
        top = 1 + max(level[q] for q in op.qubits)
        for q in op.qubits:
            level[q] = top
    batch = circuit.batch_size or 1
    item = _ITEM_SIZE[dtype]
    return CircuitSpecs(
        n_qubits=circuit.n_qubits,
        n_operations=len(circuit),
        depth=max(level, default=0),
        gate_counts=dict(Counter(op.name for op in circuit.ops)),
        arity_counts=dict(sorted(Counter(len(op.qubits) for op in circuit.ops).items())),
        n_params=sum(len(op.params) for op in circuit.ops),
        batch_size=circuit.batch_size,
        dtype=dtype,
        statevector_bytes=batch * item * 2**circuit.n_qubits,
        density_matrix_bytes=batch * item * 4**circuit.n_qubits,
    )
