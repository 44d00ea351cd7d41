"""Compiling a circuit into a short list of kernel steps, cached per circuit structure.

The plan depends only on the circuit's structure (its size and the names and
qubits of its operations), never on parameter values, so a training loop
that rebuilds the same circuit with new angles compiles once and afterwards
only recomputes the parameter-dependent matrices. The compiler

- fuses the single-qubit gates between two multi-qubit gates into one 2×2
  (or one diagonal) per qubit; gates on different qubits commute, so they
  wait until the next multi-qubit gate;
- applies those 2×2s on up to :data:`DENSE_BLOCK` neighbouring qubits as one
  Kronecker-product block: one pass over the state instead of several, which
  is what small states (where each pass costs its overhead, not its
  arithmetic) and large ones (where each pass costs memory bandwidth) need;
- merges consecutive diagonal gates (which all commute) into one diagonal per
  block of up to :data:`DIAGONAL_BLOCK` adjacent qubits, applied as one
  elementwise product;
- turns a run of permutation gates (CNOT, SWAP, Toffoli, CSWAP) into one
  step: one gather on backends that compute out of place (its index is built
  when a backend first asks for it), gate by gate in place on the others
  (:mod:`tyxq.kernels.blocked`), with no index of the state's size.

Example:
    >>> import tyxq
    >>> from tyxq.kernels.plan import compile_plan
    >>> c = tyxq.Circuit(3).h(range(3)).rz(range(3), 0.1).cnot(0, 1).cnot(1, 2)
    >>> c = c.rz(2, 0.3).rzz(0, 1, 0.2).rx(0, 0.1).rz(1, 0.2)
    >>> print(compile_plan(c))
    Plan for 3 qubits, 12 operations in 4 steps:
      dense q[0, 1, 2] <- [0, 3] ⊗ [1, 4] ⊗ [2, 5]
      permutation of [6, 7]
      diagonal q[0, 1, 2] <- [8, 9, 11]
      dense q[0] <- [10]
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..circuit import Circuit, Operation
from ..deferral import refuse_conditions
from ..gates import GATES
from ..kinds import OperationKind
from ..operations import refuse_channels
from .permutation import permutation_index

__all__ = ["DENSE_BLOCK", "DIAGONAL_BLOCK", "Plan", "Step", "compile_plan", "permutation_index"]

DIAGONAL_BLOCK = 12
"""Most qubits one fused diagonal spans (its vector has ``2**12`` entries)."""

DENSE_BLOCK = 3
"""Most neighbouring qubits whose fused 2×2s are applied as one ``2**3 × 2**3`` block.

An ``8 × 8`` block costs 8 complex multiply-adds per amplitude, still below
what one pass over memory costs on a CPU, so it is never slower than three
separate passes; wider blocks would be compute-bound on large states.
"""

_CACHE_SIZE = 256


@dataclass
class Step:
    """One kernel call: ``kind`` is ``dense``, ``diagonal`` or ``permutation``.

    ``sources`` are the indices of the circuit operations the step applies,
    in circuit order; ``targets`` the qubits its matrix or diagonal acts on
    (in the operations' own order for a single multi-qubit operation).
    ``gates`` are the ``(qubits, permutation)`` of a permutation step's
    gates, in circuit order. A
    ``controlled`` step's first ``len(control_values)`` targets are its
    controls, and ``base_kind`` is how its base gate is applied
    (``dense`` or ``diagonal``). ``factors``
    is set on a dense block of single-qubit gates on neighbouring qubits:
    per target qubit, the operations on it, whose products are combined
    by a Kronecker product.
    """

    kind: str
    targets: tuple[int, ...]
    sources: list[int]
    gates: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()
    constant: bool = False
    factors: tuple[tuple[int, ...], ...] | None = None
    control_values: tuple[int, ...] = ()
    base_kind: str = ""

    def __str__(self) -> str:
        if self.kind == "permutation":
            return f"permutation of {self.sources}"
        if self.factors is not None:
            factors = " ⊗ ".join(str(list(chain)) for chain in self.factors)
            return f"{self.kind} q[{', '.join(map(str, self.targets))}] <- {factors}"
        return f"{self.kind} q[{', '.join(map(str, self.targets))}] <- {self.sources}"


@dataclass
class Plan:
    """The compiled steps of one circuit structure, with per-backend caches."""

    n_qubits: int
    n_ops: int
    steps: list[Step]
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        lines = [f"Plan for {self.n_qubits} qubits, {self.n_ops} operations in {len(self.steps)} steps:"]
        lines += [f"  {step}" for step in self.steps]
        return "\n".join(lines)


def _kind(op: Operation) -> str:
    if op.kind is OperationKind.MATRIX:
        return "dense"
    return GATES[op.name].apply_as


def _is_constant(ops: Sequence[Operation], sources: Sequence[int]) -> bool:
    return all(ops[i].kind is OperationKind.GATE and GATES[ops[i].name].n_params == 0 for i in sources)


def _single_qubit_steps(ops: Sequence[Operation], pending: dict[int, list[int]]) -> list[Step]:
    diagonal, dense = [], []
    for qubit in sorted(pending):
        sources = pending[qubit]
        if all(_kind(ops[i]) == "diagonal" for i in sources):
            diagonal.append(Step("diagonal", (qubit,), list(sources), constant=_is_constant(ops, sources)))
        else:
            dense.append((qubit, sources))
    pending.clear()
    # they all commute: diagonal ones first, so they can merge with a diagonal run before them
    return diagonal + [_dense_block(ops, block) for block in _neighbour_blocks(dense)]


def _neighbour_blocks(dense: list[tuple[int, list[int]]]) -> list[list[tuple[int, list[int]]]]:
    """Split qubits (ascending) into runs of neighbours, each cut into near-equal blocks of ≤ DENSE_BLOCK."""
    runs: list[list[tuple[int, list[int]]]] = []
    for entry in dense:
        if runs and runs[-1][-1][0] == entry[0] - 1:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    blocks = []
    for run in runs:
        count = math.ceil(len(run) / DENSE_BLOCK)
        size, extra = divmod(len(run), count)
        start = 0
        for b in range(count):
            width = size + (b < extra)
            blocks.append(run[start : start + width])
            start += width
    return blocks


def _dense_block(ops: Sequence[Operation], block: list[tuple[int, list[int]]]) -> Step:
    sources = sorted(i for _, chain in block for i in chain)
    constant = _is_constant(ops, sources)
    if len(block) == 1:
        return Step("dense", (block[0][0],), list(block[0][1]), constant=constant)
    factors = tuple(tuple(chain) for _, chain in block)
    return Step("dense", tuple(q for q, _ in block), sources, constant=constant, factors=factors)


def _block_of(n: int, qubits: Sequence[int]) -> tuple[int, int] | None:
    """The fixed block ``(first, width)`` that contains all ``qubits``, if one does."""
    n_blocks = math.ceil(n / DIAGONAL_BLOCK)
    width = math.ceil(n / n_blocks)
    block = min(qubits) // width
    if max(qubits) // width != block:
        return None
    first = block * width
    return first, min(width, n - first)


def _merge_diagonals(n: int, ops: Sequence[Operation], run: list[Step]) -> list[Step]:
    blocks: dict[tuple[int, int], list[int]] = {}
    merged: list[Step] = []
    for step in run:
        block = _block_of(n, step.targets)
        if block is None:
            merged.append(step)
        else:
            blocks.setdefault(block, []).extend(step.sources)
    for (first, width), sources in sorted(blocks.items()):
        targets = tuple(range(first, first + width))
        if len(sources) == 1:
            targets = ops[sources[0]].qubits
        merged.append(Step("diagonal", targets, sorted(sources), constant=_is_constant(ops, sources)))
    return merged


def _merge_runs(n: int, ops: Sequence[Operation], steps: list[Step]) -> list[Step]:
    merged: list[Step] = []
    i = 0
    while i < len(steps):
        j = i
        while j < len(steps) and steps[j].kind == steps[i].kind:
            j += 1
        run = steps[i:j]
        if run[0].kind == "diagonal" and len(run) > 1:
            merged.extend(_merge_diagonals(n, ops, run))
        elif run[0].kind == "permutation":
            sources = [s for step in run for s in step.sources]
            gates = tuple((ops[i].qubits, _permutation_of(ops[i])) for i in sources)
            merged.append(Step("permutation", (), sources, gates=gates, constant=True))
        else:
            merged.extend(run)
        i = j
    return merged


def _permutation_of(op: Operation) -> tuple[int, ...]:
    permutation = GATES[op.name].permutation
    assert permutation is not None  # only permutation gates reach a permutation step
    return permutation


def _multi_qubit_step(ops: Sequence[Operation], i: int) -> Step:
    op = ops[i]
    kind = _kind(op)
    step = Step(kind, op.qubits, [i], constant=_is_constant(ops, [i]))
    if kind == "controlled":
        spec = GATES[op.name]
        assert spec.base is not None
        step.control_values = spec.control_values
        step.base_kind = "diagonal" if spec.base.apply_as == "diagonal" else "dense"
    return step


def _compile(n: int, ops: Sequence[Operation]) -> Plan:
    refuse_channels(ops, "statevector simulation (the statevector and shots modes, the adjoint gradient)")
    refuse_conditions(ops, "statevector simulation")
    steps: list[Step] = []
    pending: dict[int, list[int]] = {}
    for i, op in enumerate(ops):
        if len(op.qubits) == 1:
            pending.setdefault(op.qubits[0], []).append(i)
            continue
        steps.extend(_single_qubit_steps(ops, pending))
        steps.append(_multi_qubit_step(ops, i))
    steps.extend(_single_qubit_steps(ops, pending))
    return Plan(n, len(ops), _merge_runs(n, ops, steps))


_PLANS: OrderedDict[tuple[Any, ...], Plan] = OrderedDict()
_PLANS_LOCK = threading.Lock()
"""Guards every read and write of ``_PLANS``: threads (``tyxq.submit``, a torch DataLoader) share the cache."""


def structure_key(circuit: Circuit) -> tuple[Any, ...]:
    """What a plan depends on: the qubit count and each operation's name and qubits."""
    return (circuit.n_qubits, *((op.name, op.qubits, op.condition) for op in circuit.ops))


def compile_plan(circuit: Circuit) -> Plan:
    """The cached plan for ``circuit``'s structure (compiled on first use).

    Thread-safe: the cache is read and updated under a lock, and a plan is
    compiled outside it (two threads meeting a new structure at once may both
    compile it; both plans are equal and one is kept).
    """
    key = structure_key(circuit)
    with _PLANS_LOCK:
        plan = _PLANS.get(key)
        if plan is not None:
            _PLANS.move_to_end(key)
            return plan
    plan = _compile(circuit.n_qubits, circuit.ops)
    with _PLANS_LOCK:
        _PLANS[key] = plan
        _PLANS.move_to_end(key)
        while len(_PLANS) > _CACHE_SIZE:
            _PLANS.popitem(last=False)
    return plan
