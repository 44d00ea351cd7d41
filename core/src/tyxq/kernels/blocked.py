"""Running a plan in place and block by block: the statevector path of backends that write through views.

The state ``(B, 2**n)`` is cut into rows of ``2**b`` amplitudes, ``b =``
:data:`BLOCK_QUBITS`: a row holds every amplitude with one value of the
*outer* qubits ``0 .. n-b-1`` and fits in a core's cache. A step is
*local* when every amplitude it mixes lies in one row:

- dense steps (and the targets of controlled ones) on inner qubits only;
- diagonal steps always: in a row, the outer qubits hold fixed values, so
  a diagonal restricted to them is a diagonal on the inner qubits (or one
  number);
- permutation gates that change only inner qubits (their controls may be
  outer: in a row, a CNOT with an outer control is an X or nothing).

The plan's steps are scheduled into *passes* (cached on the plan): a run of
local steps becomes one blocked pass, which loads each row once and applies
every step of the run to it while it is in cache (as qsim does); a step that
is not local runs as one in-place pass over the whole state
(:mod:`tyxq.kernels.inplace`); permutation gates on outer qubits only move
whole rows (one reordering for a run of them). A step that is not local and
shares no qubit with the pending local run is moved ahead of it (gates on
disjoint qubits commute), so the local runs stay long. In a blocked pass,
consecutive local permutation gates become one gather per row, with an index
of one row's size (one index per value of the outer qubits they depend on,
built once per pass), and neighbouring dense blocks of up to
:data:`FUSE_MAX` qubits one product.

Nothing statevector-sized is allocated: the state is overwritten, and every
temporary is one row or one :data:`~tyxq.kernels.inplace.BLOCK`.

Example:
    >>> import tyxq
    >>> from tyxq.kernels.plan import compile_plan
    >>> c = tyxq.Circuit(4).h(range(4)).cnot(0, 1).cnot(2, 3).rz(range(4), 0.1)
    >>> for p in schedule(compile_plan(c), 2):
    ...     print(p)
    full: dense q[0, 1]
    full: rows q[0, 1]
    blocked: dense q[2, 3]; permutation q[2, 3]; diagonal q[0, 1, 2, 3]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import numpy as np

from ..backends.numpy_backend import NumpyBackend
from ..backends.protocol import Array, Backend
from .apply import _reorder_diagonal
from .inplace import Dense, Workspace, apply_diagonal_inplace, apply_permutation_gate, cycles
from .plan import Plan
from .threads import one_blas_thread

__all__ = [
    "BLOCK_QUBITS",
    "FUSE_MAX",
    "INPLACE_MIN",
    "Pass",
    "Unit",
    "inplace_path",
    "run_inplace",
    "runs_in_place",
    "schedule",
]

BLOCK_QUBITS = 15
"""Inner qubits per row: ``2**15`` amplitudes, 512 KiB in complex128."""

INPLACE_MIN = 2**18
"""Amplitudes (batch included) from which a state is simulated in place; smaller ones take the
out-of-place kernels, whose few large array operations cost less than the block loops."""

_HOST = NumpyBackend()

Gate = tuple[tuple[int, ...], tuple[int, ...]]
"""A permutation gate: its qubits and ``permutation[state] = destination``."""


@dataclass(frozen=True)
class Unit:
    """One step of the plan (or one gate of a permutation step) as the in-place runner applies it."""

    kind: str
    step: int
    qubits: tuple[int, ...]
    local: bool
    gates: tuple[Gate, ...] = ()

    def __str__(self) -> str:
        return f"{self.kind} q[{', '.join(map(str, sorted(self.qubits)))}]"


@dataclass(frozen=True)
class Pass:
    """Units applied in one pass over memory: row by row if ``blocked``, else one unit over the whole state."""

    units: tuple[Unit, ...]
    blocked: bool

    def __str__(self) -> str:
        return f"{'blocked' if self.blocked else 'full'}: " + "; ".join(map(str, self.units))


def runs_in_place(backend: Backend, amplitudes: int) -> bool:
    """Whether a state of ``amplitudes`` amplitudes (batch included) on ``backend`` is simulated in place.

    A backend with autodiff never is: its operators may be on its tape, which writes in place would break.
    """
    capabilities = backend.capabilities
    return capabilities.inplace and capabilities.views and not capabilities.autodiff and amplitudes >= INPLACE_MIN


def inplace_path(backend: Backend, psi: Array) -> bool:
    """Whether ``psi`` ``(B, 2**n)`` is simulated in place: large, writable, C-ordered, on a backend with views."""
    if not (runs_in_place(backend, math.prod(backend.shape(psi))) and backend.writable(psi)):
        return False
    flags = getattr(psi, "flags", None)  # an array that reports its layout must be C-ordered to reshape into views
    return flags is None or bool(flags.c_contiguous)


def changed_qubits(qubits: Sequence[int], permutation: Sequence[int]) -> set[int]:
    """The qubits whose value the permutation gate changes for some basis state (its targets, not its controls)."""
    k = len(qubits)
    flips = 0
    for state, destination in enumerate(permutation):
        flips |= state ^ destination
    return {qubit for p, qubit in enumerate(qubits) if (flips >> (k - 1 - p)) & 1}


def _units(plan: Plan, outer: int) -> list[Unit]:
    units = []
    for s, step in enumerate(plan.steps):
        if step.kind == "permutation":
            for qubits, permutation in step.gates:
                local = min(changed_qubits(qubits, permutation)) >= outer
                kind = "rows" if max(qubits) < outer else "permutation"
                units.append(Unit(kind, s, qubits, local, ((qubits, permutation),)))
        elif step.kind == "diagonal":
            units.append(Unit("diagonal", s, step.targets, True))
        else:
            base = step.targets[len(step.control_values) :]
            units.append(Unit(step.kind, s, step.targets, min(base) >= outer))
    return units


def _merged(units: list[Unit]) -> tuple[Unit, ...]:
    """Consecutive local permutation gates as one unit (one gather per row)."""
    merged: list[Unit] = []
    for unit in units:
        if unit.kind == "permutation" and merged and merged[-1].kind == "permutation":
            last = merged[-1]
            qubits = tuple(sorted(set(last.qubits) | set(unit.qubits)))
            merged[-1] = replace(last, qubits=qubits, gates=last.gates + unit.gates)
        else:
            merged.append(unit)
    return tuple(merged)


def schedule(plan: Plan, inner: int) -> list[Pass]:
    """The passes that apply ``plan`` with rows of ``2**inner`` amplitudes (cached on the plan)."""
    key = ("schedule", inner)
    cached = plan.cache.get(key)
    if cached is not None:
        return cached
    passes: list[Pass] = []
    pending: list[Unit] = []
    touched: set[int] = set()
    for unit in _units(plan, plan.n_qubits - inner):
        if unit.local:
            pending.append(unit)
            touched |= set(unit.qubits)
            continue
        if not touched.isdisjoint(unit.qubits):
            passes.append(Pass(_merged(pending), True))
            pending, touched = [], set()
        last = passes[-1].units[0] if passes and not passes[-1].blocked else None
        if unit.kind == "rows" and last is not None and last.kind == "rows":  # one reordering of rows for the run
            qubits = tuple(sorted(set(last.qubits) | set(unit.qubits)))
            passes[-1] = Pass((replace(last, qubits=qubits, gates=last.gates + unit.gates),), False)
        else:
            passes.append(Pass((unit,), False))
    if pending:
        passes.append(Pass(_merged(pending), True))
    plan.cache[key] = passes
    return passes


def _batched(plan: Plan, unit: Unit, operator: Array, backend: Backend) -> bool:
    step = plan.steps[unit.step]
    kind = step.base_kind if step.kind == "controlled" else step.kind
    return len(backend.shape(operator)) == (3 if kind == "dense" else 2)


def run_inplace(backend: Backend, plan: Plan, operators: Sequence[Array], psi: Array) -> Array:
    """Apply ``plan`` with its ``operators`` to ``psi`` ``(B, 2**n)`` in place; returns the state.

    Permutation steps need no operator (``None``): their gates are on the
    plan. If an operator is batched beyond the state's batch, the state is
    first copied to that batch (the result's size). ``psi`` is overwritten.
    """
    n = plan.n_qubits
    batch = backend.shape(psi)[0]
    for unit in (u for p in schedule(plan, min(n, BLOCK_QUBITS)) for u in p.units):
        operator = operators[unit.step]
        if unit.kind not in ("permutation", "rows") and _batched(plan, unit, operator, backend):
            batch = max(batch, backend.shape(operator)[0])
    if batch != backend.shape(psi)[0]:
        psi = backend.copy(backend.broadcast_to(psi, (batch, 2**n)))
    inner = min(n, BLOCK_QUBITS)
    work = Workspace(backend, backend.dtype_name(psi), 2**inner)
    with one_blas_thread():
        for one in schedule(plan, inner):
            if one.blocked:
                _blocked_pass(backend, plan, one.units, operators, psi, inner, work)
            else:
                _full_pass(backend, plan, one.units[0], operators[one.units[0].step], psi, work)
    return psi


def _member(batched: bool, operator: Array, b: int) -> Array:
    return operator[b] if batched else operator


def _full_pass(backend: Backend, plan: Plan, unit: Unit, operator: Array, psi: Array, work: Workspace) -> None:
    n, step = plan.n_qubits, plan.steps[unit.step]
    if unit.kind == "rows":
        _move_rows(backend, plan, unit, psi, work)
        return
    if unit.kind == "permutation":
        for qubits, permutation in unit.gates:
            apply_permutation_gate(backend, psi, n, qubits, permutation, work)
        return
    batched = _batched(plan, unit, operator, backend)
    members = range(backend.shape(psi)[0]) if batched else [None]
    controls = dict(zip(step.targets, step.control_values, strict=False))
    targets = step.targets[len(step.control_values) :]
    for b in members:
        state = psi if b is None else psi[b : b + 1]
        matrix = operator if b is None else operator[b]
        if step.kind == "controlled" and step.base_kind == "diagonal":
            apply_diagonal_inplace(backend, state, n, targets, matrix, controls)
        else:
            Dense(backend, n, targets, matrix, controls or None).apply(state, work)


def _row_cycles(plan: Plan, unit: Unit, outer: int) -> list[list[int]]:
    """The cycles of the row gather of a ``rows`` unit: row ``j`` takes row ``index[j]`` (cached on the plan)."""
    key = ("rows", unit, outer)
    found = plan.cache.get(key)
    if found is None:
        index = np.arange(2**outer, dtype=np.int64).reshape(1, -1)
        for qubits, permutation in unit.gates:
            apply_permutation_gate(_HOST, index, outer, qubits, permutation)
        found = [list(cycle) for cycle in cycles(tuple(index[0].tolist()))]
        plan.cache[key] = found
    return found


def _move_rows(backend: Backend, plan: Plan, unit: Unit, psi: Array, work: Workspace) -> None:
    """Permutation gates on outer qubits only move whole rows: each row is copied once, along its cycle."""
    batch, n = backend.shape(psi)[0], plan.n_qubits
    outer = n - min(n, BLOCK_QUBITS)
    rows = backend.reshape(psi, (batch, 2**outer, 2 ** (n - outer)))
    saved = work.view(0, (2 ** (n - outer),))
    for b in range(batch):
        for cycle in _row_cycles(plan, unit, outer):
            saved[...] = rows[b, cycle[0]]
            for here, there in pairwise(cycle):
                rows[b, here] = rows[b, there]
            rows[b, cycle[-1]] = saved


class _RowRun:
    """What one local unit needs per row, prepared once per pass."""

    def __init__(self, backend: Backend, plan: Plan, unit: Unit, operator: Array, inner: int) -> None:
        self.unit, self.outer = unit, plan.n_qubits - inner
        self.inner = inner
        step = plan.steps[unit.step]
        self.step = step
        self.batched = unit.kind != "permutation" and _batched(plan, unit, operator, backend)
        self.operator = operator
        if unit.kind == "diagonal":
            self.order = sorted(step.targets)
            self.inner_targets = [q - self.outer for q in self.order if q >= self.outer]
            ascending = _reorder_diagonal(backend, operator, step.targets)
            lead = backend.shape(ascending)[:-1]
            self.split = backend.reshape(ascending, (*lead, *([2] * len(self.order))))
        self.indices: dict[tuple[int, ...], Any] = {}
        self.kernels: dict[int, Dense] = {}

    def _dense(self, backend: Backend, member: int, controls: dict[int, int] | None = None) -> Dense:
        """The prepared dense kernel of batch member ``member`` (one for all members if unbatched)."""
        key = member if self.batched else 0
        kernel = self.kernels.get(key)
        if kernel is None:
            step, outer = self.step, self.outer
            targets = [q - outer for q in step.targets[len(step.control_values) :]]
            matrix = _member(self.batched, self.operator, member)
            kernel = self.kernels[key] = Dense(backend, self.inner, targets, matrix, controls)
        return kernel

    def apply(self, backend: Backend, row: Array, member: int, outer_value: int, work: Workspace) -> None:
        def bit(qubit: int) -> int:
            return (outer_value >> (self.outer - 1 - qubit)) & 1

        step, outer = self.step, self.outer
        if self.unit.kind == "dense":
            self._dense(backend, member).apply(row, work)
        elif self.unit.kind == "diagonal":
            key: list[int | slice] = [member] if self.batched else []
            key += [bit(q) if q < outer else slice(None) for q in self.order]
            restricted = self.split[tuple(key)]
            if not self.inner_targets:
                backend.multiply(row, restricted, out=row)
            else:
                flat = backend.reshape(restricted, (2 ** len(self.inner_targets),))
                apply_diagonal_inplace(backend, row, self.inner, self.inner_targets, flat)
        elif self.unit.kind == "controlled":
            controls = {}
            for qubit, value in zip(step.targets, step.control_values, strict=False):
                if qubit < outer:
                    if bit(qubit) != value:
                        return
                else:
                    controls[qubit - outer] = value
            if step.base_kind == "diagonal":
                targets = [q - outer for q in step.targets[len(step.control_values) :]]
                matrix = _member(self.batched, self.operator, member)
                apply_diagonal_inplace(backend, row, self.inner, targets, matrix, controls)
            else:
                self._dense(backend, member, controls or None).apply(row, work)
        else:
            outer_bits = tuple(bit(q) for q in sorted(self.unit.qubits) if q < outer)
            if outer_bits not in self.indices:
                self.indices[outer_bits] = self._row_index(backend, outer_value)
            index = self.indices[outer_bits]
            if index is not None:
                moved = work.view(0, backend.shape(row))
                backend.take(row, index, axis=1, out=moved)
                row[...] = moved

    def _row_index(self, backend: Backend, outer_value: int) -> Array | None:
        """The gather index of this row's permutation (``None`` if it is the identity)."""
        index = np.arange(2**self.inner, dtype=np.int64).reshape(1, -1)
        moved = False
        for qubits, permutation in self.unit.gates:
            local_qubits, local = _restricted(qubits, permutation, self.outer, outer_value)
            if local != tuple(range(len(local))):
                apply_permutation_gate(_HOST, index, self.inner, local_qubits, local)
                moved = True
        return backend.asarray(index[0]) if moved else None


def _restricted(
    qubits: Sequence[int], permutation: Sequence[int], outer: int, outer_value: int
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The permutation gate on its inner qubits, its outer qubits (unchanged by it) fixed to their row's values."""
    k = len(qubits)
    inner_positions = [p for p, q in enumerate(qubits) if q >= outer]
    base = 0
    for p, qubit in enumerate(qubits):
        if qubit < outer:
            base |= ((outer_value >> (outer - 1 - qubit)) & 1) << (k - 1 - p)
    width = len(inner_positions)
    local = []
    for u in range(2**width):
        state = base
        for i, p in enumerate(inner_positions):
            state |= ((u >> (width - 1 - i)) & 1) << (k - 1 - p)
        destination = permutation[state]
        local.append(sum(((destination >> (k - 1 - p)) & 1) << (width - 1 - i) for i, p in enumerate(inner_positions)))
    return tuple(qubits[p] - outer for p in inner_positions), tuple(local)


FUSE_MAX = 4
"""Most qubits that neighbouring dense steps of a blocked pass are fused into (one ``16 × 16`` product)."""


class _Fused:
    """Neighbouring dense steps of one blocked pass as one dense gate: one product per row instead of two."""

    def __init__(self, backend: Backend, inner: int, targets: tuple[int, ...], matrix: Array) -> None:
        self.targets, self.matrix = targets, matrix
        self.kernel = Dense(backend, inner, targets, matrix)

    def apply(self, backend: Backend, row: Array, member: int, outer_value: int, work: Workspace) -> None:
        self.kernel.apply(row, work)


def _dense_block(run: _RowRun | _Fused) -> tuple[tuple[int, ...], Array] | None:
    """The row-local targets (a run of neighbours, ascending) and the matrix of a fusable dense run."""
    if isinstance(run, _Fused):
        return run.targets, run.matrix
    step = run.step
    if run.unit.kind != "dense" or run.batched:
        return None
    targets = tuple(q - run.outer for q in step.targets)
    if list(targets) != list(range(targets[0], targets[0] + len(targets))):
        return None
    return targets, run.operator


def _fused(backend: Backend, first: _RowRun | _Fused, second: _RowRun) -> _Fused | None:
    """``first`` and ``second`` as one dense gate, if both are unbatched blocks on adjacent qubits, few enough."""
    a, b = _dense_block(first), _dense_block(second)
    if a is None or b is None or len(a[0]) + len(b[0]) > FUSE_MAX:
        return None
    if a[0][-1] + 1 == b[0][0]:
        return _Fused(backend, second.inner, a[0] + b[0], backend.kron(a[1], b[1]))
    if b[0][-1] + 1 == a[0][0]:
        return _Fused(backend, second.inner, b[0] + a[0], backend.kron(b[1], a[1]))
    return None


def _blocked_pass(
    backend: Backend,
    plan: Plan,
    units: Sequence[Unit],
    operators: Sequence[Array],
    psi: Array,
    inner: int,
    work: Workspace,
) -> None:
    outer = plan.n_qubits - inner
    runs: list[_RowRun | _Fused] = []
    for unit in units:
        run = _RowRun(backend, plan, unit, operators[unit.step], inner)
        fused = _fused(backend, runs[-1], run) if runs else None
        if fused is not None:
            runs[-1] = fused
        else:
            runs.append(run)
    rows = backend.reshape(psi, (-1, 2**inner))
    per_member = 2**outer
    for r in range(backend.shape(rows)[0]):
        row = rows[r : r + 1]
        member, outer_value = divmod(r, per_member)
        for each in runs:
            each.apply(backend, row, member, outer_value, work)
