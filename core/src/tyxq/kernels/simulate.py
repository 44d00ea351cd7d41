"""Running a compiled plan: from a circuit to its final statevector on a backend.

Parameters are turned into arrays of the backend's real dtype here, checked
for NaN and infinity where their values can be read (not inside a ``jit`` or
``vmap`` trace), and each plan step's matrix is rebuilt from them. Constant
steps (no parameters) and permutation indices are cached on the plan per
backend, so repeated runs of one circuit structure only redo the
parameter-dependent work. A value computed inside a ``jit`` trace (where
``backend.all_finite`` answers ``None``) is a placeholder of that trace, not
an array, and is never cached: it must not outlive the trace.

On backends that write in place, the state ping-pongs between two buffers:
no statevector-sized array is allocated per gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..backends.protocol import Array, Backend
from ..circuit import UNITARY, Circuit, Operation
from ..errors import ParameterError
from ..gates import GATES
from .apply import apply_diagonal, apply_matrix, apply_permutation
from .memory import check_state_fits
from .plan import Plan, Step, compile_plan

__all__ = ["final_state", "evolve", "initial_state", "operation_matrix", "param_array"]


def _backend_key(backend: Backend) -> tuple[str, str, str, int]:
    return (backend.name, backend.complex_dtype, str(backend.device), id(backend))


def param_array(backend: Backend, value: Any, where: str) -> Array:
    """A gate parameter as an array of ``backend``'s real dtype, checked for NaN and infinity."""
    if isinstance(value, float):
        return backend.asarray(value, dtype=backend.real_dtype)
    if not backend.is_array(value):
        value = backend.asarray(value)
    if backend.dtype_name(value) != backend.real_dtype:
        if backend.dtype_name(value).startswith("complex"):
            raise ParameterError(f"{where} is complex; gate angles are real numbers")
        value = backend.cast(value, backend.real_dtype)
    if backend.all_finite(value) is False:
        raise ParameterError(f"{where} contains NaN or infinite values; angles must be finite")
    return value


def operation_matrix(backend: Backend, op: Operation, params: Sequence[Array] | None = None) -> tuple[str, Array]:
    """``("dense", matrix)`` or ``("diagonal", diagonal)`` of one operation on ``backend``.

    ``params`` overrides the operation's own parameters (already converted);
    the gradient methods use it to evaluate shifted or differentiated gates.
    """
    if op.name == UNITARY:
        matrix = op.matrix if backend.is_array(op.matrix) else backend.asarray(op.matrix)
        return "dense", backend.cast(matrix, backend.complex_dtype)
    spec = GATES[op.name]
    if params is None:
        params = [param_array(backend, p, f"parameter {i} of {op.name}") for i, p in enumerate(op.params)]
    built = spec.build(backend, *params)
    return ("diagonal" if spec.kind == "diagonal" else "dense"), built


def _remember(backend: Backend, plan: Plan, key: Any, value: Array) -> Array:
    """Cache ``value`` on the plan unless it was computed inside a trace; return it."""
    if backend.all_finite(value) is not None:
        plan.cache[key] = value
    return value


def _permutation(backend: Backend, plan: Plan, step: Step) -> Array:
    key = ("index", _backend_key(backend), id(step))
    index = plan.cache.get(key)
    if index is None:
        index = _remember(backend, plan, key, backend.asarray(step.index))
    return index


def _step_operator(backend: Backend, plan: Plan, step: Step, ops: Sequence[Operation]) -> Array:
    """The matrix (dense steps) or diagonal (diagonal steps) of one step."""
    key = (_backend_key(backend), id(step))
    if step.constant and key in plan.cache:
        return plan.cache[key]
    if step.kind == "dense":
        result = None
        for i in step.sources:
            kind, built = operation_matrix(backend, ops[i])
            matrix = built[..., :, None] * backend.eye(2 ** len(ops[i].qubits)) if kind == "diagonal" else built
            result = matrix if result is None else backend.matmul(matrix, result)
    else:
        result = None
        first = step.targets[0]
        for i in step.sources:
            _, diagonal = operation_matrix(backend, ops[i])
            qubits = ops[i].qubits
            if tuple(qubits) != step.targets:
                diagonal = _expand(backend, diagonal, qubits, first, len(step.targets), plan, step, i)
            result = diagonal if result is None else result * diagonal
    if step.constant:
        _remember(backend, plan, key, result)
    return result


def _expand(
    backend: Backend,
    diagonal: Array,
    qubits: Sequence[int],
    first: int,
    width: int,
    plan: Plan,
    step: Step,
    source: int,
) -> Array:
    """Spread an operation's diagonal over the step's contiguous block of qubits."""
    from .apply import _expansion_index, _reorder_diagonal

    key = ("expand", _backend_key(backend), id(step), source)
    index = plan.cache.get(key)
    if index is None:
        local = sorted(qubits)
        host = _expansion_index(local, first, width)
        index = _remember(backend, plan, key, backend.asarray(host))
    return backend.take(_reorder_diagonal(backend, diagonal, qubits), index, axis=-1)


def initial_state(backend: Backend, circuit: Circuit) -> Array:
    """The ``(B, 2**n)`` starting state: ``circuit.inputs`` (copied) or ``|0…0⟩``."""
    dim = 2**circuit.n_qubits
    if circuit.inputs is None:
        return backend.concatenate([backend.ones((1, 1)), backend.zeros((1, dim - 1))], axis=1)
    inputs = circuit.inputs if backend.is_array(circuit.inputs) else backend.asarray(circuit.inputs)
    if backend.dtype_name(inputs) != backend.complex_dtype:
        inputs = backend.cast(inputs, backend.complex_dtype)
    else:
        inputs = backend.copy(inputs)
    return backend.reshape(inputs, (-1, dim))


def evolve(backend: Backend, circuit: Circuit, psi: Array, plan: Plan | None = None) -> Array:
    """Apply every operation of ``circuit`` to ``psi`` ``(B, 2**n)``; returns the new state.

    ``psi`` may be overwritten on backends that write in place.
    """
    plan = plan or compile_plan(circuit)
    ops = circuit.ops
    n = circuit.n_qubits
    spare: Array | None = None
    for step in plan.steps:
        inplace = backend.capabilities.inplace and backend.writable(psi)
        if step.kind == "diagonal":
            operator = _step_operator(backend, plan, step, ops)
            psi = apply_diagonal(backend, psi, n, step.targets, operator, out=psi if inplace else None)
            continue
        out = None
        if inplace:
            if spare is None or backend.shape(spare) != backend.shape(psi):
                spare = backend.zeros(backend.shape(psi))
            out = spare
        if step.kind == "permutation":
            result = apply_permutation(backend, psi, _permutation(backend, plan, step), out=out)
        else:
            result = apply_matrix(backend, psi, n, step.targets, _step_operator(backend, plan, step, ops), out=out)
        # the old state's buffer is free once the result exists: it becomes the next workspace
        spare = psi if inplace and backend.shape(result) == backend.shape(psi) else None
        psi = result
    return psi


def final_state(circuit: Circuit, backend: Backend | None = None, squeeze: bool = True) -> Array:
    """The final statevector of ``circuit``: ``(2**n,)``, or ``(B, 2**n)`` when batched.

    With ``squeeze=False`` the batch axis is always there (``B = 1`` when
    nothing is batched).

    Example:
        >>> import tyxq
        >>> from tyxq.kernels.simulate import final_state
        >>> final_state(tyxq.Circuit(1).x(0)).real.tolist()
        [0.0, 1.0]
    """
    if backend is None:
        from ..api import get_backend

        backend = get_backend()
    check_state_fits(backend, circuit.n_qubits, circuit.batch_size or 1)
    psi = evolve(backend, circuit, initial_state(backend, circuit))
    if circuit.batch_size is None and squeeze:
        return backend.reshape(psi, (2**circuit.n_qubits,))
    if circuit.batch_size is not None and backend.shape(psi)[0] != circuit.batch_size:
        psi = backend.broadcast_to(psi, (circuit.batch_size, 2**circuit.n_qubits))
    return psi

