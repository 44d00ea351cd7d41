"""The leading layer of single-qubit gates on ``|0…0⟩``, prepared as a product state instead of applied.

Before a circuit's first multi-qubit gate, the compiled plan holds one
fused single-qubit operator per qubit, grouped into dense Kronecker blocks
and diagonals on disjoint qubits (:mod:`tyxq.kernels.plan`). Applied to
``|0…0⟩`` such a layer gives a product state: each block contributes the
first column of its matrix (a diagonal, its first entry times ``|0…0⟩`` of
its qubits), and the state is the Kronecker product of those columns, one
outer product per block, in place of one pass over the state per block.
Every factor is backend arithmetic of the step operators, so autodiff
differentiates it like the passes it replaces.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> from tyxq.kernels.operators import step_operators
    >>> from tyxq.kernels.plan import compile_plan
    >>> c = tyxq.Circuit(3).h(range(3)).ry(1, 0.3).cnot(0, 1)
    >>> plan, backend = compile_plan(c), NumpyBackend()
    >>> leading = product_prefix(plan, c.ops)
    >>> psi = product_state(backend, plan, step_operators(backend, plan, c.ops), leading)
    >>> leading, np.allclose(psi, tyxq.state(tyxq.Circuit(3).h(range(3)).ry(1, 0.3)))
    (1, True)
"""

from __future__ import annotations

from collections.abc import Sequence

from ..backends.protocol import Array, Backend
from ..circuit import Operation
from .plan import Plan

__all__ = ["product_prefix", "product_state"]


def product_prefix(plan: Plan, ops: Sequence[Operation]) -> int:
    """How many leading steps of ``plan`` are dense or diagonal steps of single-qubit operations on disjoint qubits.

    Each step's qubits must be a run of consecutive qubits in ascending order
    (as the plan's blocks are), so that the factors, sorted by their first
    qubit, multiply into the state in qubit order with no transposition (an
    axis per qubit is more than some backends hold: Legate arrays have at most 6).
    """
    seen: set[int] = set()
    for count, step in enumerate(plan.steps):
        single = step.kind in ("dense", "diagonal") and all(len(ops[i].qubits) == 1 for i in step.sources)
        targets = step.targets
        consecutive = bool(targets) and targets == tuple(range(targets[0], targets[0] + len(targets)))
        if not (single and consecutive) or seen.intersection(targets):
            return count
        seen.update(targets)
    return len(plan.steps)


def product_state(backend: Backend, plan: Plan, operators: Sequence[Array], leading: int) -> Array:
    """``(B, 2**n)``: the first ``leading`` steps (see :func:`product_prefix`) applied to ``|0…0⟩``.

    ``B`` is 1 unless a step's operator is batched. Qubits no leading step
    touches stay in ``|0⟩``.
    """
    n = plan.n_qubits
    factors: list[tuple[tuple[int, ...], Array]] = []
    for step, operator in zip(plan.steps[:leading], operators[:leading], strict=True):
        factors.append((step.targets, _first_column(backend, step.kind, operator, len(step.targets))))
    touched = {q for targets, _ in factors for q in targets}
    zero = backend.asarray([[1.0, 0.0]], dtype=backend.complex_dtype)
    factors += [((q,), zero) for q in range(n) if q not in touched]
    factors.sort(key=lambda factor: factor[0][0])  # runs of consecutive qubits: qubit order, qubit 0 first
    state: Array = None
    for _, column in factors:
        if state is None:
            state = column
            continue
        batch = max(backend.shape(state)[0], backend.shape(column)[0])
        outer = backend.reshape(state, (backend.shape(state)[0], -1, 1)) * backend.reshape(
            column, (backend.shape(column)[0], 1, -1)
        )
        state = backend.reshape(outer, (batch, -1))
    return state


def _first_column(backend: Backend, kind: str, operator: Array, width: int) -> Array:
    """A step's operator applied to ``|0…0⟩`` of its ``width`` qubits: ``(1, 2**width)`` or ``(B, 2**width)``."""
    dim = 2**width
    if kind == "dense":  # a copy: the operator may be cached on the plan, and the state is written in place
        column = backend.copy(operator[..., :, 0])
    else:  # a diagonal keeps |0…0⟩ and multiplies it by its first entry
        indicator = [1.0] + [0.0] * (dim - 1)
        column = operator[..., :1] * backend.asarray(indicator, dtype=backend.complex_dtype)
    return backend.reshape(column, (-1, dim))
