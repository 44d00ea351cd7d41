"""Running a compiled plan: from a circuit to its final statevector on a backend.

Each run rebuilds the parameter-dependent step operators
(:mod:`tyxq.kernels.operators`, where parameters become arrays of the
backend's real dtype, checked for NaN and infinity where their values can be
read) and applies the steps in order. Constant steps (no parameters) and
permutation indices are cached on the plan per backend, so repeated runs of
one circuit structure only redo the parameter-dependent work.

Large states on backends that write through views (numpy) are simulated
in place, block by block (:mod:`tyxq.kernels.blocked`): the state is the
only statevector-sized array. On other backends that write in place, the
state ping-pongs between two buffers: no statevector-sized array is
allocated per gate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..backends.protocol import Array, Backend
from ..circuit import Circuit, Operation
from ..errors import ParameterError
from ..gates import GATES
from ..kinds import OperationKind
from ..validation import norm_problem
from .apply import apply_diagonal, apply_matrix, apply_permutation
from .blocked import inplace_path, run_inplace, runs_in_place
from .controlled import apply_controlled
from .inplace import BLOCK
from .memory import INPLACE_COPIES, NEVER_FITS_QUBITS, WORKING_COPIES, check_state_fits
from .operators import param_array, step_operators
from .plan import Plan, Step, compile_plan
from .product import product_prefix, product_state
from .threads import one_blas_thread

__all__ = ["apply_step", "evolve", "final_state", "initial_state", "operation_matrix", "param_array", "run_steps"]


def operation_matrix(backend: Backend, op: Operation, params: Sequence[Array] | None = None) -> tuple[str, Array]:
    """``("dense", matrix)`` or ``("diagonal", diagonal)`` of one operation on ``backend``.

    ``params`` overrides the operation's own parameters (already converted);
    the gradient methods use it to evaluate shifted or differentiated gates.
    """
    if op.kind is OperationKind.MATRIX:
        return "dense", backend.asarray(op.matrix, dtype=backend.complex_dtype)
    spec = GATES[op.name]
    if params is None:
        params = [param_array(backend, p, f"parameter {i} of {op.name}") for i, p in enumerate(op.params)]
    built = spec.build(backend, *params)
    return ("diagonal" if spec.apply_as == "diagonal" else "dense"), built


def initial_state(backend: Backend, circuit: Circuit) -> Array:
    """The ``(B, 2**n)`` starting state: ``circuit.inputs`` (copied, checked) or ``|0…0⟩``.

    Inputs must be finite and normalised within the tolerance of the
    backend's dtype (:func:`tyxq.validation.norm_problem`), or are normalised
    here when the circuit was built with ``normalize=True``. Values inside a
    trace (``backend.all_finite`` gives ``None``) cannot be read and are
    taken as given.
    """
    dim = 2**circuit.n_qubits
    if circuit.inputs is None:
        if backend.capabilities.views:
            zero = backend.zeros((1, dim))
            zero[0, 0] = 1
            return zero
        return backend.concatenate([backend.ones((1, 1)), backend.zeros((1, dim - 1))], axis=1)
    # asarray refuses arrays of other devices and may share the caller's memory (numpy into torch does):
    # the kernels may write into the state, so it is always a copy
    inputs = backend.reshape(backend.copy(backend.asarray(circuit.inputs, dtype=backend.complex_dtype)), (-1, dim))
    in_place = runs_in_place(backend, int(np.prod(backend.shape(inputs))))
    norms = _squared_norms(backend, inputs, BLOCK if in_place else dim)
    if backend.all_finite(norms) is not None:
        host = np.asarray(backend.to_numpy(backend.detach(norms)), dtype=np.float64)
        problem = norm_problem(host, backend.complex_dtype, circuit.normalize)
        if problem is not None:
            raise ParameterError(problem)
    if circuit.normalize:
        scale = backend.cast(backend.reshape(backend.sqrt(norms), (-1, 1)), backend.complex_dtype)
        if in_place:
            backend.multiply(inputs, 1 / scale, out=inputs)
        else:
            inputs = inputs / scale
    return inputs


def _squared_norms(backend: Backend, states: Array, block: int) -> Array:
    """``Σ|ψᵢ|²`` of each row of ``states``, summed ``block`` columns at a time (temporaries of that size)."""
    dim = backend.shape(states)[1]
    total = None
    for start in range(0, dim, block):
        piece = states[:, start : start + block]
        part = backend.sum(backend.square(backend.real(piece)) + backend.square(backend.imag(piece)), axis=1)
        total = part if total is None else total + part
    return total


def evolve(
    backend: Backend, circuit: Circuit, psi: Array, plan: Plan | None = None, *, from_zero: bool = False
) -> Array:
    """Apply every operation of ``circuit`` to ``psi`` ``(B, 2**n)``; returns the new state.

    ``psi`` may be overwritten on backends that write in place. BLAS runs on one
    thread meanwhile, on both paths (:mod:`tyxq.kernels.threads`): every product is
    a gate of a few qubits times a view of the state, too small to share.
    ``from_zero`` says that ``psi`` is ``|0…0⟩``: off the in-place path, the
    leading layer of single-qubit gates is then prepared as a product state
    (:mod:`tyxq.kernels.product`) instead of applied pass by pass.
    """
    plan = plan or compile_plan(circuit)
    if inplace_path(backend, psi):
        return run_inplace(backend, plan, step_operators(backend, plan, circuit.ops, permutations=False), psi)
    with one_blas_thread():
        operators = step_operators(backend, plan, circuit.ops)
        leading = product_prefix(plan, circuit.ops) if from_zero else 0
        if leading:
            psi = product_state(backend, plan, operators, leading)
        return run_steps(backend, plan, operators, psi, start=leading)


def apply_step(backend: Backend, step: Step, n: int, operator: Array, psi: Array, out: Array | None = None) -> Array:
    """Apply one plan step, whose operator is ``operator``, to ``psi`` ``(B, 2**n)``."""
    if step.kind == "diagonal":
        return apply_diagonal(backend, psi, n, step.targets, operator, out=out)
    if step.kind == "permutation":
        return apply_permutation(backend, psi, operator, out=out)
    if step.kind == "controlled":
        controls = len(step.control_values)
        targets = step.targets
        return apply_controlled(
            backend, psi, n, targets[:controls], step.control_values, targets[controls:], operator,
            diagonal=step.base_kind == "diagonal",
        )
    return apply_matrix(backend, psi, n, step.targets, operator, out=out)


def run_steps(backend: Backend, plan: Plan, operators: Sequence[Array], psi: Array, start: int = 0) -> Array:
    """Apply the steps of ``plan`` from step ``start`` on, with their ``operators``, to ``psi``.

    Where the backend writes in place and neither the state nor the
    operator is on an autodiff tape, the state ping-pongs between two
    buffers. ``psi`` may be overwritten then.
    """
    n = plan.n_qubits
    spare: Array | None = None
    inplace_capable = backend.capabilities.inplace
    for step, operator in zip(plan.steps[start:], operators[start:], strict=True):
        tracked = step.kind != "permutation" and not backend.writable(operator)
        inplace = inplace_capable and not tracked and backend.writable(psi)
        if not inplace:
            psi = apply_step(backend, step, n, operator, psi)
            continue
        if step.kind == "diagonal":
            psi = apply_diagonal(backend, psi, n, step.targets, operator, out=psi)
            continue
        if spare is None or backend.shape(spare) != backend.shape(psi):
            spare = backend.zeros(backend.shape(psi))
        result = apply_step(backend, step, n, operator, psi, out=spare)
        # the old state's buffer is free once the result exists: it becomes the next workspace
        spare = psi if backend.shape(result) == backend.shape(psi) else None
        psi = result
    return psi


def final_state(backend: Backend, circuit: Circuit) -> Array:
    """The final statevectors of ``circuit`` on ``backend``: shape ``(B, 2**n)``, ``B = 1`` when unbatched.

    The memory a state needs is checked before anything is allocated: about
    one state's size where it is simulated in place, three elsewhere.

    Example:
        >>> import tyxq
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> final_state(NumpyBackend(), tyxq.Circuit(1).x(0)).real.tolist()
        [[0.0, 1.0]]
    """
    batch = circuit.batch_size or 1
    in_place = circuit.n_qubits < NEVER_FITS_QUBITS and runs_in_place(backend, batch * 2**circuit.n_qubits)
    check_state_fits(backend, circuit.n_qubits, batch, INPLACE_COPIES if in_place else WORKING_COPIES)
    psi = evolve(backend, circuit, initial_state(backend, circuit), from_zero=circuit.inputs is None)
    if circuit.batch_size is not None and backend.shape(psi)[0] != circuit.batch_size:
        psi = backend.broadcast_to(psi, (circuit.batch_size, 2**circuit.n_qubits))
    return psi
