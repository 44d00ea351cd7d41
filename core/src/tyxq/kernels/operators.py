"""Building the operator of every plan step from a circuit's parameters, in few array operations.

A step's operator is what its kernel needs: a matrix (dense steps), a
diagonal (diagonal steps) or a gather index (permutations). Built gate by
gate, each gate costs about a dozen tiny array operations, which is most of
the time of a small circuit, and more so under automatic differentiation,
where every one of them is recorded. So gates are built in groups:

- a *unit* is one product chain: a target qubit of a dense step (the gates
  on that qubit, in order), a multi-qubit dense operation, or one operation
  of a diagonal step;
- units whose chains have the same *signature* (the gate names in order and,
  per parameter, whether it is a number, a scalar array or a batch) are
  built together: the parameters of each chain position are stacked into
  one array, the gate table builds all their matrices in one call, and one
  batched product per position fuses the chains;
- a dense block's operator is the Kronecker product of its qubits' units; a
  diagonal step's is the product of its units' diagonals, each spread over
  the step's qubits;
- a diagonal step of several one-parameter rotations (RZ, RZZ, CRZ, phase
  gates) is ``exp(-i · angles @ generators)`` instead: one product of the
  stacked angles with a precomputed table of the generators' diagonals, and a
  few elementwise operations, however many gates the step merges.

Constant steps (no parameters) and gather indices are built once per backend
and cached on the plan.

Example:
    >>> import tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> from tyxq.kernels.plan import compile_plan
    >>> c = tyxq.Circuit(2).rx(0, 0.1).rx(1, 0.2).ry(0, 0.3).ry(1, 0.4).cnot(0, 1)
    >>> plan = compile_plan(c)
    >>> [tuple(op.shape) for op in step_operators(NumpyBackend(), plan, c.ops)]
    [(4, 4), (4,)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backends.cache import backend_key, cached, can_cache
from ..backends.numpy_backend import NumpyBackend
from ..backends.protocol import Array, Backend
from ..circuit import Operation
from ..errors import ParameterError
from ..gates import GATES
from ..kinds import OperationKind
from .apply import _expansion_index, _reorder_diagonal, reorder_index
from .permutation import permutation_index
from .plan import Plan, Step

__all__ = ["param_array", "permutation_operator", "spread_diagonal", "step_operators"]

_HOST = NumpyBackend()
"""Builds constant gates on the host, for the structure-only tables of the plan."""

Unit = tuple[int, tuple[int, ...], bool]
"""``(step index, chain of operation indices, whether a matrix is wanted)``."""


def _converted(backend: Backend, value: Any, where: str) -> Array:
    if isinstance(value, float):
        return backend.asarray(value, dtype=backend.real_dtype)
    value = backend.asarray(value)  # also refuses arrays on another device
    if backend.dtype_name(value) != backend.real_dtype:
        if backend.dtype_name(value).startswith("complex"):
            raise ParameterError(f"{where} is complex; gate angles are real numbers")
        value = backend.cast(value, backend.real_dtype)
    return value


def param_array(backend: Backend, value: Any, where: str) -> Array:
    """A gate or channel parameter as an array of ``backend``'s real dtype, checked for NaN and infinity.

    Example:
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> param_array(NumpyBackend(dtype="complex64"), 0.5, "angle").dtype
        dtype('float32')
    """
    value = _converted(backend, value, where)
    if backend.all_finite(value) is False:
        raise ParameterError(f"{where} contains NaN or infinite values; parameters must be finite")
    return value


def _param_kind(value: Any) -> Any:
    """``"number"`` for a Python float, else the array's shape."""
    return "number" if isinstance(value, float) else tuple(getattr(value, "shape", ()))


def _signature(op: Operation) -> tuple[Any, ...]:
    if op.kind is OperationKind.MATRIX:
        return (op.name, tuple(getattr(op.matrix, "shape", np.shape(op.matrix))))
    return (op.name, *(_param_kind(p) for p in op.params))


def _units(plan: Plan) -> list[Unit]:
    units = plan.cache.get("units")
    if units is None:
        units = []
        for s, step in enumerate(plan.steps):
            if step.kind == "dense":
                chains = step.factors if step.factors is not None else (tuple(step.sources),)
                units.extend((s, chain, True) for chain in chains)
            elif step.kind == "diagonal":
                units.extend((s, (i,), False) for i in step.sources)
        plan.cache["units"] = units
    return units


def _stacked_params(backend: Backend, ops: Sequence[Operation], sources: Sequence[int], j: int) -> Array:
    """Parameter ``j`` of every operation in ``sources``, stacked: ``(U,)`` or ``(U, B)``."""
    values = [ops[i].params[j] for i in sources]
    if all(isinstance(v, float) for v in values):  # Circuit already checked them
        return backend.asarray(np.array(values, dtype=np.float64), dtype=backend.real_dtype)
    name = ops[sources[0]].name
    stacked = backend.stack([_converted(backend, v, f"parameter {j} of {name}") for v in values])
    if backend.all_finite(stacked) is False:
        for i, v in zip(sources, values, strict=True):
            if backend.all_finite(_converted(backend, v, "")) is False:
                raise ParameterError(
                    f"parameter {j} of {name} (operation {i}) contains NaN or infinite values; "
                    "angles must be finite"
                )
    return stacked


def _constant_gate(backend: Backend, plan: Plan, name: str) -> Array:
    return cached(backend, plan.cache, ("gate", backend_key(backend), name), lambda: GATES[name].build(backend))


def _build_position(backend: Backend, plan: Plan, ops: Sequence[Operation], sources: Sequence[int]) -> Array:
    """The operators of ``sources`` (one gate each, same signature): shared ``(d, d)`` or ``(U, [B], d, d)``."""
    first = ops[sources[0]]
    if first.kind is OperationKind.MATRIX:
        return backend.stack([backend.asarray(ops[i].matrix, dtype=backend.complex_dtype) for i in sources])
    spec = GATES[first.name]
    if spec.n_params == 0:
        return _constant_gate(backend, plan, first.name)
    params = [_stacked_params(backend, ops, sources, j) for j in range(spec.n_params)]
    shapes = {backend.shape(p) for p in params}
    if len(shapes) > 1:  # some parameters batched, some not: give them all the batch
        widest = max(shapes, key=len)
        params = [backend.broadcast_to(p[:, None], widest) if len(backend.shape(p)) == 1 else p for p in params]
    return spec.build(backend, *params)


def _as_matrix(backend: Backend, diagonal: Array) -> Array:
    dim = backend.shape(diagonal)[-1]
    return diagonal[..., :, None] * backend.eye(dim, dtype=backend.dtype_name(diagonal))


def _product(backend: Backend, later: Array, earlier: Array, shared: tuple[bool, bool]) -> Array:
    """``later @ earlier`` for stacks ``(U, [B], d, d)`` or shared ``(d, d)`` operators."""
    later_rank, earlier_rank = len(backend.shape(later)), len(backend.shape(earlier))
    if not any(shared) and later_rank != earlier_rank:  # (U, d, d) against (U, B, d, d)
        if later_rank < earlier_rank:
            later = later[:, None]
        else:
            earlier = earlier[:, None]
    return backend.matmul(later, earlier)


class _Group:
    """Units built together: ``array`` is ``(U, [B], d, d)`` (or ``(U, [B], d)``), or one shared operator."""

    def __init__(self, units: list[Unit], array: Array, shared: bool) -> None:
        self.units = units
        self.array = array
        self.shared = shared
        self.position = {unit: u for u, unit in enumerate(units)}

    def member(self, unit: Unit) -> Array:
        return self.array if self.shared else self.array[self.position[unit]]


def _build_groups(backend: Backend, plan: Plan, ops: Sequence[Operation], units: Sequence[Unit]) -> list[_Group]:
    signatures: dict[tuple[Any, ...], list[Unit]] = {}
    for unit in units:
        _, chain, dense = unit
        signatures.setdefault((dense, *(_signature(ops[i]) for i in chain)), []).append(unit)
    groups = []
    for members in signatures.values():
        _, chain, dense = members[0]
        result, shared = None, True
        for position in range(len(chain)):
            sources = [unit[1][position] for unit in members]
            first = ops[sources[0]]
            operator = _build_position(backend, plan, ops, sources)
            gate = first.kind is OperationKind.GATE
            constant = gate and GATES[first.name].n_params == 0
            if dense and gate and GATES[first.name].apply_as == "diagonal":
                operator = _as_matrix(backend, operator)
            result = operator if result is None else _product(backend, operator, result, (constant, shared))
            shared = shared and constant
        groups.append(_Group(members, result, shared))
    return groups


def _kron(backend: Backend, factors: Sequence[Array]) -> Array:
    """Kronecker product of ``(…, d, d)`` matrices, broadcast over their leading axes.

    Each pairwise product is one broadcast multiplication of two reshaped
    views, the cheapest form on every backend.
    """
    result = factors[0]
    for factor in factors[1:]:
        *lead, a, b = backend.shape(result)
        *other, c, d = backend.shape(factor)
        product = backend.reshape(result, (*lead, a, 1, b, 1)) * backend.reshape(factor, (*other, 1, c, 1, d))
        result = backend.reshape(product, (*backend.shape(product)[:-4], a * c, b * d))
    return result


def _slot_order(backend: Backend, plan: Plan, group: _Group, order: list[int]) -> Array | None:
    """The gather index putting ``group``'s units in ``order``, or ``None`` if they already are."""
    if order == list(range(len(group.units))):
        return None
    key = ("order", backend_key(backend), tuple(order))
    return cached(backend, plan.cache, key, lambda: backend.asarray(np.array(order, dtype=np.int64)))


def _dense_blocks(backend: Backend, plan: Plan, blocks: list[int], groups: list[_Group]) -> dict[int, Array]:
    """Operators of the Kronecker-block steps ``blocks``: blocks whose factors all come from one group are
    built together (one gather, one product per factor), the others one by one."""
    home = {unit: group for group in groups for unit in group.units}
    together: dict[tuple[int, int], list[int]] = {}
    operators: dict[int, Array] = {}
    for s in blocks:
        factors = plan.steps[s].factors or ()
        owners = {id(home[(s, chain, True)]) for chain in factors}
        group = home[(s, factors[0], True)]
        if len(owners) == 1 and not group.shared:
            together.setdefault((id(group), len(factors)), []).append(s)
        else:
            operators[s] = _kron(backend, [home[(s, chain, True)].member((s, chain, True)) for chain in factors])
    for (_, width), steps in together.items():
        group = home[(steps[0], (plan.steps[steps[0]].factors or ())[0], True)]
        order = [group.position[(s, (plan.steps[s].factors or ())[j], True)] for j in range(width) for s in steps]
        array = group.array
        index = _slot_order(backend, plan, group, order)
        if index is not None:
            array = backend.take(array, index, axis=0)
        slots = backend.reshape(array, (width, len(steps), *backend.shape(array)[1:]))
        built = _kron(backend, [slots[j] for j in range(width)])
        for b, s in enumerate(steps):
            operators[s] = built[b]
    return operators


def _expand(backend: Backend, plan: Plan, step: Step, s: int, op: Operation, diagonal: Array) -> Array:
    """Spread an operation's diagonal over the step's contiguous block of qubits."""
    key = ("expand", backend_key(backend), s, op.qubits)
    host = lambda: _expansion_index(sorted(op.qubits), step.targets[0], len(step.targets))  # noqa: E731
    index = cached(backend, plan.cache, key, lambda: backend.asarray(host()))
    return backend.take(_reorder_diagonal(backend, diagonal, op.qubits), index, axis=-1)


@dataclass(frozen=True)
class _PhaseForm:
    """A merged diagonal step as ``constant · exp(-i · angles @ generators)``.

    Every parametric source is a one-parameter diagonal gate ``exp(-iθG)``;
    ``generators[k]`` is the diagonal of source ``parametric[k]``'s ``G``
    spread over the step's qubits, ``constant`` the product of the
    parameterless sources' diagonals (``None`` if there are none).
    """

    parametric: tuple[int, ...]
    generators: np.ndarray
    constant: np.ndarray | None


def spread_diagonal(values: np.ndarray, qubits: Sequence[int], step: Step) -> np.ndarray:
    """A gate's diagonal (in its own qubit order) as a diagonal over the step's block of qubits."""
    index = reorder_index(qubits)
    ascending = values if index is None else values[index]
    return ascending[_expansion_index(sorted(qubits), step.targets[0], len(step.targets))]


def _phase_form(plan: Plan, ops: Sequence[Operation], s: int, step: Step) -> _PhaseForm | None:
    """The phase form of a diagonal step with several rotations, if every gate in it has one."""
    key = ("phase form", s)
    if key in plan.cache:
        return plan.cache[key]
    form = None
    specs = [GATES[ops[i].name] for i in step.sources]
    parametric = tuple(i for i, spec in zip(step.sources, specs, strict=True) if spec.n_params)
    if len(parametric) > 1 and all(
        spec.n_params == 0 or (spec.n_params == 1 and spec.generators and spec.generators[0] is not None)
        for spec in specs
    ):
        generators = np.stack(
            [spread_diagonal(np.real(np.diag(_generator(ops[i].name))), ops[i].qubits, step) for i in parametric]
        )
        constant = None
        for i in step.sources:
            spec = GATES[ops[i].name]
            if not spec.n_params:
                values = spread_diagonal(np.asarray(spec.build(_HOST)), ops[i].qubits, step)
                constant = values if constant is None else constant * values
        form = _PhaseForm(parametric, generators, constant)
    plan.cache[key] = form
    return form


def _phase_diagonal(backend: Backend, plan: Plan, ops: Sequence[Operation], s: int, form: _PhaseForm) -> Array:
    """``constant · exp(-i · angles @ generators)``: one product and a few elementwise operations."""
    angles = [_converted(backend, ops[i].params[0], f"parameter 0 of {ops[i].name}") for i in form.parametric]
    shapes = {backend.shape(a) for a in angles}
    if len(shapes) > 1:
        widest = max(shapes, key=len)
        angles = [backend.broadcast_to(a, widest) for a in angles]
    stacked = backend.stack(angles, axis=-1)
    if backend.all_finite(stacked) is False:
        raise ParameterError(
            f"a parameter of the diagonal gates {sorted({ops[i].name for i in form.parametric})} contains NaN or "
            "infinite values; angles must be finite"
        )
    key = backend_key(backend)
    generators = cached(
        backend, plan.cache, ("generators", key, s), lambda: backend.asarray(form.generators, dtype=backend.real_dtype)
    )
    phase = backend.matmul(stacked, generators)
    diagonal = backend.cast(backend.cos(phase), backend.complex_dtype) - 1j * backend.cast(
        backend.sin(phase), backend.complex_dtype
    )
    if form.constant is not None:
        constant = form.constant
        diagonal = diagonal * cached(
            backend, plan.cache, ("constant", key, s), lambda: backend.asarray(constant, dtype=backend.complex_dtype)
        )
    return diagonal


def _diagonal(
    backend: Backend, plan: Plan, ops: Sequence[Operation], s: int, step: Step, home: dict[Unit, _Group]
) -> Array:
    result = None
    for i in step.sources:
        unit = (s, (i,), False)
        diagonal = home[unit].member(unit)
        if ops[i].qubits != step.targets:
            diagonal = _expand(backend, plan, step, s, ops[i], diagonal)
        result = diagonal if result is None else result * diagonal
    return result


def permutation_operator(backend: Backend, plan: Plan, ops: Sequence[Operation], s: int) -> Array:
    """The gather index of permutation step ``s``, built on first use and cached on the plan per backend.

    It has one entry per amplitude: only the out-of-place path asks for it
    (the in-place one moves amplitudes gate by gate).
    """
    key = (backend_key(backend), s)
    found = plan.cache.get(key)
    if found is None:
        found = backend.asarray(permutation_index(plan.n_qubits, ops, plan.steps[s].sources))
        if can_cache(backend):
            plan.cache[key] = found
    return found


def step_operators(
    backend: Backend, plan: Plan, ops: Sequence[Operation], permutations: bool = True
) -> list[Array]:
    """The operator of every step of ``plan`` for the operations ``ops`` (whose structure it was compiled from).

    Dense steps get a ``(d, d)`` or batched ``(B, d, d)`` matrix, diagonal
    steps a ``(d,)`` or ``(B, d)`` diagonal, permutation steps their gather
    index (``None`` unless ``permutations``). Parameter arrays keep their
    autodiff tape: every operator is a differentiable function of the
    circuit's parameters.
    """
    key = backend_key(backend)
    keep = can_cache(backend)
    operators: list[Array] = [None] * len(plan.steps)
    wanted = []
    for s, step in enumerate(plan.steps):
        found = plan.cache.get((key, s)) if step.constant and step.kind != "permutation" else None
        if found is not None:
            operators[s] = found
        elif step.kind == "permutation":
            operators[s] = permutation_operator(backend, plan, ops, s) if permutations else None
        else:
            wanted.append(s)
    if not wanted:
        return operators
    for s in list(wanted):
        step = plan.steps[s]
        if step.kind == "controlled":
            operators[s] = _base_operator(backend, ops[step.sources[0]])
            if step.constant and keep:
                plan.cache[(key, s)] = operators[s]
            wanted.remove(s)
            continue
        form = _phase_form(plan, ops, s, step) if step.kind == "diagonal" else None
        if form is not None:
            operators[s] = _phase_diagonal(backend, plan, ops, s, form)
            wanted.remove(s)
    chosen = set(wanted)
    groups = _build_groups(backend, plan, ops, [unit for unit in _units(plan) if unit[0] in chosen])
    home = {unit: group for group in groups for unit in group.units}
    blocks = [s for s in wanted if plan.steps[s].factors is not None]
    operators_of_blocks = _dense_blocks(backend, plan, blocks, groups) if blocks else {}
    for s in wanted:
        step = plan.steps[s]
        if s in operators_of_blocks:
            operators[s] = operators_of_blocks[s]
        elif step.kind == "dense":
            unit = (s, tuple(step.sources), True)
            operators[s] = home[unit].member(unit)
        else:
            operators[s] = _diagonal(backend, plan, ops, s, step, home)
        if step.constant and keep:
            plan.cache[(key, s)] = operators[s]
    return operators


def _base_operator(backend: Backend, op: Operation) -> Array:
    """The matrix (or diagonal) of a controlled operation's base gate, which the kernel applies to the subspace."""
    base = GATES[op.name].base
    assert base is not None
    params = [param_array(backend, p, f"parameter {j} of {op.name}") for j, p in enumerate(op.params)]
    return base.build(backend, *params)


def _generator(name: str) -> np.ndarray:
    """The generator of a one-parameter gate (the caller has checked that it exists)."""
    generator = GATES[name].generators[0]
    assert generator is not None
    return generator
