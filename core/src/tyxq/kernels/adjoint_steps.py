"""Reading the angle derivatives of one plan step from the states after it (the adjoint sweep's inner part).

The step's transition matrix over its qubits,
``M[a, b] = Σ_rest ψ[a, rest] · conj(λ[b, rest])``, holds everything the
step's angles need: a gate with generator ``G`` (``dU/dθ = -iGU``) that no
later gate of the step touches has ``dE/dθ = 2 Im tr(G M)``, and a gate
without one (``u``) ``2 Re tr(D U† M)`` with ``D = dU/dθ``. In a fused
Kronecker block the gates on one qubit are peeled off last to first on
that qubit's ``2 × 2`` matrix (the block's ``M`` with the other qubits
traced out, one product with a 0/1 table; then ``M ← U† M U``), so a block
of a dozen gates costs one contraction over the state. A diagonal step
needs only the diagonal of ``M``, and its rotations' generators, spread
over the step's qubits, form one table: one product gives all its angles.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> from tyxq.kernels.plan import compile_plan
    >>> from tyxq.kernels.simulate import final_state
    >>> backend, c = NumpyBackend(), tyxq.Circuit(1).ry(0, 0.4)
    >>> psi = final_state(backend, c)
    >>> grads = [None]
    >>> step_gradients(backend, compile_plan(c), 0, c.ops, (psi, psi * np.array([1, -1])), {(0, 0): 0}, grads)
    >>> bool(np.allclose(grads[0], -np.sin(0.4)))  # d<Z>/dθ
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..backends.cache import backend_key, cached
from ..backends.protocol import Array, Backend
from ..circuit import Operation
from ..gates import GATES
from ..kinds import OperationKind
from .operators import param_array, spread_diagonal
from .plan import Plan, Step

__all__ = ["GateMatrices", "Slot", "dagger", "gate_matrices", "has_angles", "step_gradients"]

Slot = tuple[int, int]
"""``(operation index, parameter index)``: one gate angle."""

GateMatrices = dict[int, tuple[list[Array], Array]]
"""Per operation index, its converted parameters and its full matrix."""


def step_gradients(
    backend: Backend,
    plan: Plan,
    s: int,
    ops: Sequence[Operation],
    states: tuple[Array, Array],
    position: dict[Slot, int],
    grads: list[Array],
    matrices: GateMatrices | None = None,
) -> None:
    """Fill ``grads[position[slot]]`` for the wanted angles of step ``s`` from ``states = (ψ, λ)`` after it.

    ``matrices`` are the step's gates' matrices (:func:`gate_matrices`), built here if not given.
    """
    step = plan.steps[s]
    psi, lam = states
    lam_conj = backend.conj(lam)
    if step.kind == "diagonal":
        overlaps = _diagonal_overlaps(backend, psi, lam_conj, plan.n_qubits, step)
        _diagonal_gradients(backend, plan, s, ops, overlaps, position, grads)
        return
    chains = step.factors if step.factors is not None else (tuple(step.sources),)
    if matrices is None:
        matrices = gate_matrices(backend, ops, [i for chain in chains for i in chain if has_angles(ops[i])])
    transition = _transition(backend, psi, lam_conj, plan.n_qubits, step.targets)
    per_qubit = None if step.factors is None else _qubit_transitions(backend, plan, transition, len(chains))
    if per_qubit is not None and _alike(backend, ops, chains, matrices):
        _block_gradients(backend, plan, ops, chains, per_qubit, matrices, position, grads)
        return
    for p, chain in enumerate(chains):
        if not any((i, j) in position for i in chain for j in range(len(ops[i].params))):
            continue
        own = transition if per_qubit is None else per_qubit[:, p]
        _chain_gradients(backend, plan, ops, chain, own, matrices, position, grads)


def has_angles(op: Operation) -> bool:
    return op.kind is OperationKind.GATE and bool(op.params)


def _chain_gradients(
    backend: Backend,
    plan: Plan,
    ops: Sequence[Operation],
    chain: Sequence[int],
    transition: Array,
    matrices: GateMatrices,
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
            transition = backend.matmul(dagger(backend, matrix), backend.matmul(transition, matrix))


def _alike(backend: Backend, ops: Sequence[Operation], chains: Sequence[Sequence[int]], matrices: GateMatrices) -> bool:
    """Whether a block's chains hold the same gates in the same order, each with generators (peeled together)."""
    if len({tuple(ops[i].name for i in chain) for chain in chains}) != 1:
        return False
    for column in zip(*chains, strict=True):
        if any(ops[i].kind is not OperationKind.GATE for i in column):
            return False
        spec = GATES[ops[column[0]].name]
        if any(g is None for g in spec.generators):
            return False
        if spec.n_params and len({backend.shape(matrices[i][1]) for i in column}) != 1:
            return False
    return True


def _block_gradients(
    backend: Backend,
    plan: Plan,
    ops: Sequence[Operation],
    chains: Sequence[Sequence[int]],
    transitions: Array,
    matrices: GateMatrices,
    position: dict[Slot, int],
    grads: list[Array],
) -> None:
    """:func:`_chain_gradients` for all the (alike) chains of a block at once: ``transitions`` is ``(B, w, 2, 2)``."""
    for depth in reversed(range(len(chains[0]))):
        column = [chain[depth] for chain in chains]
        spec = GATES[ops[column[0]].name]
        if spec.n_params:
            stacked = backend.stack([matrices[i][1] for i in column])  # (w, 2, 2) or (w, B, 2, 2)
            matrix = stacked if len(backend.shape(stacked)) == 3 else backend.moveaxis(stacked, 0, 1)
        else:
            matrix = _constant_matrix(backend, plan, ops[column[0]])
        for j, host in enumerate(spec.generators):
            asked = [(p, i) for p, i in enumerate(column) if (i, j) in position]
            if not asked:
                continue
            assert host is not None  # _alike admits gates with generators only
            generator = _generator(backend, plan, spec.name, j, host)
            values = 2 * backend.imag(_trace_product(backend, generator, transitions))  # (B, w)
            for p, i in asked:
                grads[position[(i, j)]] = values[:, p]
        if depth:
            transitions = backend.matmul(dagger(backend, matrix), backend.matmul(transitions, matrix))


def _angle_derivative(
    backend: Backend, plan: Plan, op: Operation, j: int, built: tuple[list[Array], Array], transition: Array
) -> Array:
    spec = GATES[op.name]
    host = spec.generators[j]
    if host is not None:
        return 2 * backend.imag(_trace_product(backend, _generator(backend, plan, op.name, j, host), transition))
    assert spec.derivative is not None  # the gate table gives one where a generator is missing
    params, matrix = built
    derivative = spec.derivative(backend, tuple(params), j)
    return 2 * backend.real(_trace_product(backend, backend.matmul(derivative, dagger(backend, matrix)), transition))


def _generator(backend: Backend, plan: Plan, name: str, j: int, host: np.ndarray) -> Array:
    """Gate ``name``'s generator of parameter ``j`` on ``backend`` (cached on the plan)."""
    key = ("generator", backend_key(backend), name, j)
    return cached(backend, plan.cache, key, lambda: backend.asarray(host, dtype=backend.complex_dtype))


def _trace_product(backend: Backend, a: Array, b: Array) -> Array:
    """``tr(a b)`` over the last two axes, broadcast over the leading ones: shape ``(B,)``."""
    product = backend.moveaxis(a, -1, -2) * b
    return backend.sum(backend.reshape(product, (*backend.shape(product)[:-2], -1)), axis=-1)


def _constant_matrix(backend: Backend, plan: Plan, op: Operation) -> Array:
    if op.kind is OperationKind.MATRIX:
        return backend.asarray(op.matrix, dtype=backend.complex_dtype)
    key = ("gate matrix", backend_key(backend), op.name)
    return cached(backend, plan.cache, key, lambda: GATES[op.name].matrix(backend))


def gate_matrices(backend: Backend, ops: Sequence[Operation], indices: Sequence[int]) -> GateMatrices:
    """Each gate's converted parameters and full matrix; gates of one name and parameter shape in one build."""
    groups: dict[tuple[object, ...], list[tuple[int, list[Array]]]] = {}
    for i in indices:
        op = ops[i]
        params = [param_array(backend, p, f"parameter {j} of {op.name}") for j, p in enumerate(op.params)]
        groups.setdefault((op.name, *(backend.shape(p) for p in params)), []).append((i, params))
    built: GateMatrices = {}
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
    """``M[b, x, y] = Σ_rest ψ[b, x, rest] conj(λ[b, y, rest])`` over ``targets`` (first = most significant).

    One batched product ``ψ_t @ conj(λ_t)ᵀ`` of the states with the targets'
    index first: a view where the targets are the leading or the trailing
    qubits, one copy of each state otherwise.
    """
    batch, k = backend.shape(psi)[0], len(targets)
    contiguous = list(targets) == list(range(targets[0], targets[0] + k))
    before, after = 2 ** targets[0], 2 ** (n - targets[0] - k)
    if contiguous and before == 1:  # (B, d, rest): M = ψ conj(λ)ᵀ
        shape = (batch, 2**k, after)
        return backend.matmul(backend.reshape(psi, shape), backend.moveaxis(backend.reshape(lam_conj, shape), -1, -2))
    if contiguous and after == 1:  # (B, rest, d): M = ψᵀ conj(λ)
        shape = (batch, before, 2**k)
        return backend.matmul(backend.moveaxis(backend.reshape(psi, shape), -1, -2), backend.reshape(lam_conj, shape))
    left, right = _gathered(backend, psi, n, targets), _gathered(backend, lam_conj, n, targets)
    return backend.matmul(left, backend.moveaxis(right, -1, -2))


def _qubit_transitions(backend: Backend, plan: Plan, transition: Array, width: int) -> Array:
    """``(B, width, 2, 2)``: each qubit's transition matrix, the block's others traced out (one product)."""
    key = ("partial traces", backend_key(backend), width)
    table = cached(backend, plan.cache, key, lambda: backend.asarray(_trace_table(width), dtype=backend.complex_dtype))
    batch, dim = backend.shape(transition)[0], 2**width
    return backend.reshape(backend.matmul(backend.reshape(transition, (batch, dim * dim)), table), (batch, width, 2, 2))


def _trace_table(width: int) -> np.ndarray:
    """``(4**width, 4 * width)``: 1 where entry ``(a, c)`` of a block's matrix adds to ``(p, a_p, c_p)``."""
    dim = 2**width
    table = np.zeros((dim, dim, width, 2, 2))
    for a in range(dim):
        for c in range(dim):
            for p in range(width):
                shift = width - 1 - p
                if (a ^ c) & ~(1 << shift) & (dim - 1) == 0:  # the other qubits agree: on the traced diagonal
                    table[a, c, p, (a >> shift) & 1, (c >> shift) & 1] = 1
    return table.reshape(dim * dim, width * 4)


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


def dagger(backend: Backend, matrix: Array) -> Array:
    """The conjugate transpose over the last two axes."""
    return backend.conj(backend.moveaxis(matrix, -1, -2))
