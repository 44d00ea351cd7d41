"""The adjoint sweep: gate-angle derivatives by walking a circuit's compiled plan backwards.

For ``E = ⟨ψ|H|ψ⟩`` with ``|ψ⟩ = S_K ⋯ S_1 |ψ_0⟩`` (the plan's fused
steps), the sweep starts from the final state ``|ψ⟩`` and ``|λ⟩ = H|ψ⟩``
(for several observables weighted by a cotangent, ``Σ_k g_k H_k|ψ⟩``: one
sweep serves them all) and visits the steps in reverse. At each step it

1. reads the derivatives of every angle the step applies from the states
   *after* the step, through the step's transition matrix
   ``M[a, b] = Σ_rest ψ[a, rest] · conj(λ[b, rest])`` over its qubits:
   a gate with generator ``G`` (``dU/dθ = -iGU``) that no later gate of the
   step touches has ``dE/dθ = 2 Im tr(G M)``, and a gate without one
   (``u``) ``2 Re tr(D U† M)`` with ``D = dU/dθ``. Inside a fused block the
   gates on one qubit are peeled off last to first on the ``2 × 2``
   matrix of that qubit (``M ← U† M U``): a block of a dozen gates costs one
   small contraction per qubit, not a pass per gate. A diagonal step needs
   only the diagonal of ``M``, and its rotations' generators, spread over
   the step's qubits, form one table: one product gives all its angles;
2. un-applies the step from both states with the step's inverse (the
   conjugate transpose of its operator, the inverse gather of a
   permutation).

What is kept: only the two states, ``ψ`` and ``λ``, whatever the number of
gates or parameters; no intermediate state of the forward pass is stored
or recomputed. The price is the rounding of the un-applied steps, which is
that of the forward pass (the steps are unitary). The sweep stops after the
first step that holds a wanted angle. Every quantity keeps the leading batch
axis, so one sweep gives every batch member's derivatives.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> from tyxq.kernels.simulate import final_state
    >>> backend = NumpyBackend()
    >>> c = tyxq.Circuit(1).rx(0, 0.3).ry(0, 0.5)
    >>> psi = final_state(backend, c)
    >>> lam = psi * np.array([1, -1])  # Z|ψ⟩
    >>> rx, ry = adjoint_sweep(backend, c, psi, lam, [(0, 0), (1, 0)])
    >>> bool(np.allclose([rx[0], ry[0]], [-np.sin(0.3) * np.cos(0.5), -np.cos(0.3) * np.sin(0.5)]))
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..backends.cache import backend_key, cached
from ..backends.protocol import Array, Backend
from ..circuit import Circuit, Operation
from ..gates import GATES
from ..kinds import OperationKind
from .operators import param_array, spread_diagonal, step_operators
from .permutation import permutation_index
from .plan import Plan, Step, compile_plan
from .simulate import apply_step

__all__ = ["adjoint_sweep"]

Slot = tuple[int, int]
"""``(operation index, parameter index)``: one gate angle."""


def adjoint_sweep(
    backend: Backend, circuit: Circuit, psi: Array, lam: Array, wanted: Sequence[Slot]
) -> list[Array]:
    """Per wanted angle, ``2 Re⟨λ|dψ/dθ⟩`` for each batch member, shape ``(B,)``.

    ``psi`` and ``lam`` are ``(B, 2**n)``: the final states and the weighted
    observable applied to them. They are not written. ``wanted`` names the
    angles (operation, parameter) of gates; matrices (``unitary``) and
    initial states are constants here.
    """
    plan = compile_plan(circuit)
    ops, n = circuit.ops, plan.n_qubits
    position = {slot: k for k, slot in enumerate(wanted)}
    grads: list[Array] = [None] * len(wanted)
    wanted_ops = {op for op, _ in wanted}
    holding = [s for s, step in enumerate(plan.steps) if wanted_ops.intersection(step.sources)]
    if not holding:
        return grads
    operators = step_operators(backend, plan, ops)
    for s in range(len(plan.steps) - 1, holding[0] - 1, -1):
        step = plan.steps[s]
        if s in holding:
            _step_gradients(backend, plan, s, ops, (psi, lam), position, grads)
        if s > holding[0]:
            inverse = _inverse_operator(backend, plan, ops, s, operators[s])
            psi = apply_step(backend, step, n, inverse, psi)
            lam = apply_step(backend, step, n, inverse, lam)
    return grads


def _inverse_operator(backend: Backend, plan: Plan, ops: Sequence[Operation], s: int, operator: Array) -> Array:
    step = plan.steps[s]
    if step.kind == "permutation":
        key = ("inverse gather", backend_key(backend), s)
        host = lambda: np.argsort(permutation_index(plan.n_qubits, ops, step.sources))  # noqa: E731
        return cached(backend, plan.cache, key, lambda: backend.asarray(host()))
    if step.kind == "diagonal" or (step.kind == "controlled" and step.base_kind == "diagonal"):
        return backend.conj(operator)
    return _dagger(backend, operator)


def _dagger(backend: Backend, matrix: Array) -> Array:
    return backend.conj(backend.moveaxis(matrix, -1, -2))


def _step_gradients(
    backend: Backend,
    plan: Plan,
    s: int,
    ops: Sequence[Operation],
    states: tuple[Array, Array],
    position: dict[Slot, int],
    grads: list[Array],
) -> None:
    """Fill ``grads`` for the wanted angles of step ``s``, from the states after it."""
    step = plan.steps[s]
    psi, lam = states
    lam_conj = backend.conj(lam)
    if step.kind == "diagonal":
        overlaps = _diagonal_overlaps(backend, psi, lam_conj, plan.n_qubits, step)
        _diagonal_gradients(backend, plan, s, ops, overlaps, position, grads)
        return
    chains = step.factors if step.factors is not None else (tuple(step.sources),)
    qubits = [(t,) for t in step.targets] if step.factors is not None else [step.targets]
    matrices = _gate_matrices(backend, ops, [i for chain in chains for i in chain if _has_angles(ops[i])])
    for chain, targets in zip(chains, qubits, strict=True):
        if not any((i, j) in position for i in chain for j in range(len(ops[i].params))):
            continue
        transition = _transition(backend, psi, lam_conj, plan.n_qubits, targets)
        _chain_gradients(backend, plan, ops, chain, transition, matrices, position, grads)


def _has_angles(op: Operation) -> bool:
    return op.kind is OperationKind.GATE and bool(op.params)


def _chain_gradients(
    backend: Backend,
    plan: Plan,
    ops: Sequence[Operation],
    chain: Sequence[int],
    transition: Array,
    matrices: dict[int, tuple[list[Array], Array]],
    position: dict[Slot, int],
    grads: list[Array],
) -> None:
    """Peel the gates of ``chain`` (on the qubits of ``transition``) off last to first, reading each angle."""
    remaining = sum(1 for i in chain for j in range(len(ops[i].params)) if (i, j) in position)
    for i in reversed(chain):
        if remaining == 0:
            return
        op = ops[i]
        matrix = matrices[i][1] if i in matrices else _constant_matrix(backend, plan, op)
        for j in range(len(op.params)):
            if (i, j) not in position:
                continue
            grads[position[(i, j)]] = _angle_derivative(backend, plan, op, j, matrices[i], transition)
            remaining -= 1
        if remaining:
            transition = backend.matmul(_dagger(backend, matrix), backend.matmul(transition, matrix))


def _angle_derivative(
    backend: Backend, plan: Plan, op: Operation, j: int, built: tuple[list[Array], Array], transition: Array
) -> Array:
    spec = GATES[op.name]
    host = spec.generators[j]
    if host is not None:
        key = ("generator", backend_key(backend), op.name, j)
        generator = cached(backend, plan.cache, key, lambda: backend.asarray(host, dtype=backend.complex_dtype))
        return 2 * backend.imag(_trace_product(backend, generator, transition))
    assert spec.derivative is not None  # the gate table gives one where a generator is missing
    params, matrix = built
    derivative = spec.derivative(backend, tuple(params), j)
    return 2 * backend.real(_trace_product(backend, backend.matmul(derivative, _dagger(backend, matrix)), transition))


def _trace_product(backend: Backend, a: Array, b: Array) -> Array:
    """``tr(a b)`` over the last two axes, broadcast over the leading ones: shape ``(B,)``."""
    product = backend.moveaxis(a, -1, -2) * b
    return backend.sum(backend.reshape(product, (*backend.shape(product)[:-2], -1)), axis=-1)


def _constant_matrix(backend: Backend, plan: Plan, op: Operation) -> Array:
    if op.kind is OperationKind.MATRIX:
        return backend.asarray(op.matrix, dtype=backend.complex_dtype)
    key = ("gate matrix", backend_key(backend), op.name)
    return cached(backend, plan.cache, key, lambda: GATES[op.name].matrix(backend))


def _gate_matrices(
    backend: Backend, ops: Sequence[Operation], indices: Sequence[int]
) -> dict[int, tuple[list[Array], Array]]:
    """Each gate's converted parameters and full matrix; gates of one name and parameter shape in one build."""
    groups: dict[tuple[object, ...], list[tuple[int, list[Array]]]] = {}
    for i in indices:
        op = ops[i]
        params = [param_array(backend, p, f"parameter {j} of {op.name}") for j, p in enumerate(op.params)]
        groups.setdefault((op.name, *(backend.shape(p) for p in params)), []).append((i, params))
    built: dict[int, tuple[list[Array], Array]] = {}
    for (name, *_), members in groups.items():
        spec = GATES[str(name)]
        if len(members) == 1:
            i, params = members[0]
            built[i] = (params, spec.matrix(backend, params))
            continue
        stacked = [backend.stack([params[j] for _, params in members]) for j in range(spec.n_params)]
        matrices = spec.matrix(backend, stacked)
        for k, (i, params) in enumerate(members):
            built[i] = (params, matrices[k])
    return built


def _transition(backend: Backend, psi: Array, lam_conj: Array, n: int, targets: Sequence[int]) -> Array:
    """``M[b, x, y] = Σ_rest ψ[b, x, rest] conj(λ[b, y, rest])`` over ``targets`` (first = most significant)."""
    batch, k = backend.shape(psi)[0], len(targets)
    if list(targets) == list(range(targets[0], targets[0] + k)):
        shape = (batch, 2 ** targets[0], 2**k, 2 ** (n - targets[0] - k))
        return backend.einsum("bxay,bxcy->bac", backend.reshape(psi, shape), backend.reshape(lam_conj, shape))
    left, right = _gathered(backend, psi, n, targets), _gathered(backend, lam_conj, n, targets)
    return backend.matmul(left, backend.moveaxis(right, -1, -2))


def _gathered(backend: Backend, state: Array, n: int, targets: Sequence[int]) -> Array:
    """``state`` ``(B, 2**n)`` as ``(B, 2**k, 2**(n-k))`` with ``targets`` first, in their order."""
    batch = backend.shape(state)[0]
    tensor = backend.reshape(state, (batch, *([2] * n)))
    moved = backend.moveaxis(tensor, [1 + t for t in targets], list(range(1, 1 + len(targets))))
    return backend.reshape(moved, (batch, 2 ** len(targets), -1))


def _diagonal_overlaps(backend: Backend, psi: Array, lam_conj: Array, n: int, step: Step) -> Array:
    """The diagonal of the transition matrix over the step's qubits: ``(B, 2**k)``."""
    targets = step.targets
    if list(targets) == list(range(targets[0], targets[0] + len(targets))):
        batch = backend.shape(psi)[0]
        shape = (batch, 2 ** targets[0], 2 ** len(targets), 2 ** (n - targets[0] - len(targets)))
        product = backend.reshape(psi * lam_conj, shape)
        return backend.sum(backend.sum(product, axis=3), axis=1)
    return backend.sum(_gathered(backend, psi * lam_conj, n, targets), axis=-1)


def _diagonal_gradients(
    backend: Backend,
    plan: Plan,
    s: int,
    ops: Sequence[Operation],
    overlaps: Array,
    position: dict[Slot, int],
    grads: list[Array],
) -> None:
    """Every wanted angle of diagonal step ``s``: ``2 Im(overlaps) @ table`` of the generators' diagonals."""
    step = plan.steps[s]
    slots = [(i, j) for i in step.sources for j in range(len(ops[i].params)) if (i, j) in position]
    for i, j in slots:
        spec = GATES[ops[i].name]
        if spec.generators[j] is None:  # only gates too large to write down: their derivative says so
            assert spec.derivative is not None
            spec.derivative(backend, tuple(ops[i].params), j)
    key = ("generator table", backend_key(backend), s, tuple(slots))
    host = lambda: _generator_table(ops, step, slots)  # noqa: E731
    table = cached(backend, plan.cache, key, lambda: backend.asarray(host(), dtype=backend.real_dtype))
    values = 2 * backend.matmul(backend.imag(overlaps), table)
    for k, slot in enumerate(slots):
        grads[position[slot]] = values[:, k]


def _generator_table(ops: Sequence[Operation], step: Step, slots: Sequence[Slot]) -> np.ndarray:
    """``(2**k, P)``: per wanted angle, its generator's diagonal over the step's qubits."""
    columns = []
    for i, j in slots:
        generator = GATES[ops[i].name].generators[j]
        assert generator is not None
        diagonal = np.real(np.diag(generator))
        columns.append(diagonal if ops[i].qubits == step.targets else spread_diagonal(diagonal, ops[i].qubits, step))
    return np.stack(columns, axis=1)
