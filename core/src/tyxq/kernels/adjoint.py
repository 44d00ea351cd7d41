"""The adjoint sweep: gate-angle derivatives by walking a circuit's compiled plan backwards.

For ``E = ⟨ψ|H|ψ⟩`` with ``|ψ⟩ = S_K ⋯ S_1 |ψ_0⟩`` (the plan's fused
steps), the sweep starts from the final state and ``|λ⟩ = H|ψ⟩`` (for
several observables weighted by a cotangent, ``Σ_k g_k H_k|ψ⟩``: one sweep
serves them all) and visits the steps in reverse. At each step that holds
a wanted angle it reads the derivatives of all the step's angles from the
states *after* the step (:mod:`tyxq.kernels.adjoint_steps`: one
contraction over the state per step, whatever the number of gates fused
into it); then it un-applies the step from ``λ`` with the step's inverse
(the conjugate transpose of its operator, the inverse gather of a
permutation). Every quantity keeps the leading batch axis, so one sweep
gives every batch member's derivatives. The sweep stops after the first
step that holds a wanted angle.

Which states are kept (:func:`forward_keeping`, the rule):

- **small states**: when the states after every step that holds an angle
  fit in :data:`KEEP_LIMIT` amplitudes together (batch included) and the
  state is below the in-place size (:data:`~tyxq.kernels.blocked.INPLACE_MIN`),
  the forward pass keeps them, and the sweep reads them: only ``λ`` is
  un-applied. This is the regime where each pass costs its overhead, and
  it halves the backward passes;
- **otherwise** only the final state is kept, and the sweep un-applies
  every step from ``ψ`` as well as from ``λ``: two states' memory whatever
  the depth, at the price of one more pass per step. The rounding of the un-applied steps is that
  of the forward pass (the steps are unitary).

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> backend = NumpyBackend()
    >>> c = tyxq.Circuit(1).rx(0, 0.3).ry(0, 0.5)
    >>> states = forward_keeping(backend, c)
    >>> lam = states[-1] * np.array([1, -1])  # Z|ψ⟩
    >>> rx, ry = adjoint_sweep(backend, c, states, lam, [(0, 0), (1, 0)])
    >>> bool(np.allclose([rx[0], ry[0]], [-np.sin(0.3) * np.cos(0.5), -np.cos(0.3) * np.sin(0.5)]))
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..backends.cache import backend_key, cached
from ..backends.protocol import Array, Backend
from ..circuit import Circuit, Operation
from .adjoint_steps import Slot, dagger, gate_matrices, has_angles, step_gradients
from .blocked import INPLACE_MIN
from .memory import WORKING_COPIES, check_state_fits
from .operators import step_operators
from .permutation import permutation_index
from .plan import Plan, compile_plan
from .simulate import apply_step, final_state, initial_state

__all__ = ["KEEP_LIMIT", "adjoint_sweep", "angle_steps", "forward_keeping"]

KEEP_LIMIT = 2**20
"""Most amplitudes (all kept states and the batch together: 16 MiB in complex128) the forward pass keeps.

Above it the sweep's memory is two states whatever the depth (the contract
of the adjoint method); below it, a bounded extra buys one pass less per step.
"""


def angle_steps(plan: Plan, ops: Sequence[Operation]) -> list[int]:
    """The plan's steps that apply at least one gate angle, in order."""
    return [s for s, step in enumerate(plan.steps) if any(has_angles(ops[i]) for i in step.sources)]


def forward_keeping(backend: Backend, circuit: Circuit) -> list[Array]:
    """The forward pass for :func:`adjoint_sweep`: ``K`` states ``(B, 2**n)``, the final one last.

    Under the keeping rule (module docstring) ``K - 1`` is the number of
    :func:`angle_steps` and the others are the states after them; else
    ``K = 1``. The batch ``B`` is the circuit's (1 when unbatched).
    """
    plan = compile_plan(circuit)
    n, batch = circuit.n_qubits, circuit.batch_size or 1
    dim = 2**n
    holding = set(angle_steps(plan, circuit.ops))
    if (len(holding) + 1) * batch * dim > KEEP_LIMIT or batch * dim >= INPLACE_MIN:
        return [backend.broadcast_to(final_state(backend, circuit), (batch, dim))]
    check_state_fits(backend, n, batch * (len(holding) + 1), WORKING_COPIES)
    psi = initial_state(backend, circuit)
    kept = []
    for s, (step, operator) in enumerate(zip(plan.steps, step_operators(backend, plan, circuit.ops), strict=True)):
        psi = apply_step(backend, step, n, operator, psi)
        if s in holding:
            kept.append(psi)
    kept.append(psi)
    return [backend.broadcast_to(state, (batch, dim)) for state in kept]


def adjoint_sweep(
    backend: Backend, circuit: Circuit, states: Sequence[Array], lam: Array, wanted: Sequence[Slot]
) -> list[Array]:
    """Per wanted angle, ``2 Re⟨λ|dψ/dθ⟩`` for each batch member, shape ``(B,)``.

    ``states`` is what :func:`forward_keeping` returned and ``lam``
    ``(B, 2**n)`` the weighted observable applied to the final state;
    neither is written. ``wanted`` names the angles (operation, parameter)
    of gates; matrices (``unitary``) and initial states are constants here.
    """
    plan = compile_plan(circuit)
    ops = circuit.ops
    position = {slot: k for k, slot in enumerate(wanted)}
    grads: list[Array] = [None] * len(wanted)
    wanted_ops = {op for op, _ in wanted}
    needed = [s for s, step in enumerate(plan.steps) if wanted_ops.intersection(step.sources)]
    if not needed:
        return grads
    dense = [i for s in needed if plan.steps[s].kind != "diagonal" for i in plan.steps[s].sources]
    matrices = gate_matrices(backend, ops, [i for i in dense if has_angles(ops[i])])
    holding = angle_steps(plan, ops)
    kept = len(states) == len(holding) + 1
    operators = step_operators(backend, plan, ops)
    psi = None if kept else states[0]
    index, reading = {s: h for h, s in enumerate(holding)}, set(needed)
    for s in range(len(plan.steps) - 1, needed[0] - 1, -1):
        step = plan.steps[s]
        if s in reading:
            step_gradients(backend, plan, s, ops, (states[index[s]] if kept else psi, lam), position, grads, matrices)
        if s > needed[0]:
            inverse = _inverse_operator(backend, plan, ops, s, operators[s])
            lam = apply_step(backend, step, plan.n_qubits, inverse, lam)
            if not kept:
                psi = apply_step(backend, step, plan.n_qubits, inverse, psi)
    return grads


def _inverse_operator(backend: Backend, plan: Plan, ops: Sequence[Operation], s: int, operator: Array) -> Array:
    step = plan.steps[s]
    if step.kind == "permutation":
        key = ("inverse gather", backend_key(backend), s)
        host = lambda: np.argsort(permutation_index(plan.n_qubits, ops, step.sources))  # noqa: E731
        return cached(backend, plan.cache, key, lambda: backend.asarray(host()))
    if step.kind == "diagonal" or (step.kind == "controlled" and step.base_kind == "diagonal"):
        return backend.conj(operator)
    return backend.copy(dagger(backend, operator))  # a contiguous copy: products with lazy views are slower
