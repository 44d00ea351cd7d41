"""Density matrices as 2n-qubit vectors: gates, channels, probabilities and Pauli expectations.

An ``n``-qubit density matrix ``ρ`` is stored as a vector of ``4**n``
entries, the amplitudes of a ``2n``-qubit "state" whose qubit ``2q`` is the
row index of qubit ``q`` and qubit ``2q + 1`` its column index (interleaved,
so that a qubit's row and column are neighbours). Then every statevector
kernel applies unchanged (:mod:`tyxq.kernels.apply`): an operation on qubits
``Q`` with Kraus operators ``K_m`` (one, ``U``, for a gate) is the dense
matrix ``Σ_m K_m ⊗ K_m*`` on the rows ``2Q`` and columns ``2Q + 1``, so
``ρ → Σ_m K_m ρ K_m†``; a diagonal gate is the diagonal ``d ⊗ d*``. A
single-qubit operation is one ``4 × 4`` product on two neighbouring qubits
(runs of them on one qubit are composed first), and a permutation gate
(CNOT, SWAP, Toffoli) one gather. No view has more than six axes, so
every backend that implements the protocol runs it (cupynumeric's six
included), and everything is backend arithmetic, so autodiff differentiates
gate and channel parameters alike.

Expectations read ``Tr(ρP) = Σ_a ρ_{a, a⊕x} · w(a)`` for a Pauli string
``P`` with X/Y mask ``x``: one gather per distinct mask and one product with
a ``(2**n, K)`` weight table for all ``K`` observables.

Example:
    >>> import tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> xp = NumpyBackend()
    >>> rho = final_density(xp, tyxq.Circuit(2).h(0).cnot(0, 1).depolarizing(0, 0.5))
    >>> density_expectations(xp, rho, 2, [tyxq.Z(0) @ tyxq.Z(1), tyxq.X(0) @ tyxq.X(1)]).round(6).tolist()
    [[0.5, 0.5]]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..backends.protocol import Array, Backend
from ..channels import channel_problem
from ..circuit import Circuit, Operation
from ..deferral import refuse_conditions
from ..errors import ChannelError
from ..gates import GATES
from ..kinds import OperationKind
from ..observables import Hamiltonian, Observable, as_hamiltonian
from ..operations import OPERATIONS
from .apply import apply_diagonal, apply_matrix, apply_permutation
from .memory import check_state_fits
from .operators import param_array
from .permutation import permutation_index
from .simulate import initial_state, operation_matrix

__all__ = [
    "density_diagonal",
    "density_expectations",
    "evolve_density",
    "final_density",
    "kraus_operators",
    "matrix_index",
    "superoperator",
]


def kraus_operators(backend: Backend, op: Operation) -> Array:
    """The Kraus operators of a channel operation on ``backend``: ``(m, d, d)`` or ``(B, m, d, d)``.

    Parameters are checked against their ranges where their values can be
    read (not inside a trace), raising :class:`~tyxq.errors.ChannelError`.
    """
    if op.kind is OperationKind.KRAUS:
        return backend.asarray(op.matrix, dtype=backend.complex_dtype)
    names = OPERATIONS[op.name].params
    params = [param_array(backend, p, f"{name} of {op.name}") for name, p in zip(names, op.params, strict=True)]
    if all(backend.all_finite(p) is not None for p in params):
        hosts = [np.asarray(backend.to_numpy(backend.detach(p)), dtype=np.float64) for p in params]
        problem = channel_problem(op.name, hosts)
        if problem is not None:
            raise ChannelError(f"{problem}; choose a value in range")
    return OPERATIONS[op.name].kraus(backend, params)


@lru_cache(maxsize=64)
def _interleaved(n: int, rows: bytes, cols: bytes) -> np.ndarray:
    """Positions in the vector of ``ρ_{rows[k], cols[k]}`` (int64 arrays passed as bytes, for the cache)."""
    row, col = np.frombuffer(rows, dtype=np.int64), np.frombuffer(cols, dtype=np.int64)
    index = np.zeros_like(row)
    for q in range(n):
        index |= ((row >> (n - 1 - q)) & 1) << (2 * n - 1 - 2 * q)
        index |= ((col >> (n - 1 - q)) & 1) << (2 * n - 2 - 2 * q)
    return index


def matrix_index(n: int) -> np.ndarray:
    """For row-major entry ``i·2**n + j`` of ``ρ``, its position in the vector.

    Example:
        >>> matrix_index(1).tolist()
        [0, 1, 2, 3]
        >>> matrix_index(2)[[1, 4]].tolist()  # ρ_01 and ρ_10: bits (row q0, column q0, row q1, column q1)
        [1, 2]
    """
    rows, cols = np.divmod(np.arange(4**n, dtype=np.int64), 2**n)
    return _interleaved(n, rows.tobytes(), cols.tobytes())


def superoperator(backend: Backend, kraus: Array) -> Array:
    """``Σ_m K_m ⊗ K_m*``: ``(m, d, d)`` → ``(d², d²)``, batched ``(B, m, d, d)`` → ``(B, d², d²)``.

    Example:
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> flip = np.array([[[0, 1], [1, 0]]], dtype=complex)
        >>> superoperator(NumpyBackend(), flip).real.astype(int).tolist()[0]
        [0, 0, 0, 1]
    """
    shape = backend.shape(kraus)
    dim = shape[-1]
    if len(shape) == 3:
        product = backend.einsum("mab,mce->acbe", kraus, backend.conj(kraus))
        return backend.reshape(product, (dim * dim, dim * dim))
    product = backend.einsum("zmab,zmce->zacbe", kraus, backend.conj(kraus))
    return backend.reshape(product, (shape[0], dim * dim, dim * dim))


def initial_density(backend: Backend, circuit: Circuit) -> Array:
    """The vector of ``|ψ₀⟩⟨ψ₀|`` ``(B, 4**n)`` for the circuit's initial state (``|0…0⟩`` or its ``inputs``)."""
    n = circuit.n_qubits
    if circuit.inputs is None:
        return backend.concatenate([backend.ones((1, 1)), backend.zeros((1, 4**n - 1))], axis=1)
    psi = initial_state(backend, circuit)
    batch = backend.shape(psi)[0]
    outer = backend.reshape(backend.einsum("bi,bj->bij", psi, backend.conj(psi)), (batch, 4**n))
    placed = np.empty(4**n, dtype=np.int64)
    placed[matrix_index(n)] = np.arange(4**n)
    return backend.take(outer, backend.asarray(placed), axis=1)


def _superoperator_of(backend: Backend, op: Operation, n: int) -> tuple[str, Array]:
    """``("dense", Σ K ⊗ K*)``, ``("diagonal", d ⊗ d*)`` or ``("permutation", gather index)`` of one operation."""
    if op.kind.is_channel:
        return "dense", superoperator(backend, kraus_operators(backend, op))
    if len(op.qubits) > 1 and op.kind is OperationKind.GATE and GATES[op.name].apply_as == "permutation":
        return "permutation", backend.asarray(_permutation_gather(op.name, op.qubits, n))
    kind, built = operation_matrix(backend, op)
    shape = backend.shape(built)
    if kind == "diagonal":
        if len(shape) == 1:
            return kind, backend.reshape(backend.einsum("a,c->ac", built, backend.conj(built)), (shape[-1] ** 2,))
        product = backend.einsum("za,zc->zac", built, backend.conj(built))
        return kind, backend.reshape(product, (shape[0], shape[-1] ** 2))
    return "dense", superoperator(backend, backend.reshape(built, (*shape[:-2], 1, shape[-1], shape[-1])))


@lru_cache(maxsize=128)
def _permutation_gather(name: str, qubits: tuple[int, ...], n: int) -> np.ndarray:
    """The gather index of a permutation gate on rows and columns alike (``P* = P``)."""
    rows = Operation(name, tuple(2 * q for q in qubits))
    cols = Operation(name, tuple(2 * q + 1 for q in qubits))
    return permutation_index(2 * n, [rows, cols], [0, 1])


def _compose(backend: Backend, later: tuple[str, Array], earlier: tuple[str, Array]) -> tuple[str, Array]:
    """One superoperator for ``later ∘ earlier`` on the same qubit."""
    if later[0] == earlier[0] == "diagonal":
        return "diagonal", later[1] * earlier[1]
    dense = [a if kind == "dense" else a[..., :, None] * backend.eye(4) for kind, a in (later, earlier)]
    return "dense", backend.matmul(dense[0], dense[1])


def _apply(backend: Backend, rho: Array, n: int, qubits: tuple[int, ...], step: tuple[str, Array]) -> Array:
    kind, array = step
    if kind == "permutation":
        return apply_permutation(backend, rho, array)
    targets = tuple(2 * q for q in qubits) + tuple(2 * q + 1 for q in qubits)
    if kind == "diagonal":
        return apply_diagonal(backend, rho, 2 * n, targets, array)
    return apply_matrix(backend, rho, 2 * n, targets, array)


def evolve_density(backend: Backend, circuit: Circuit, rho: Array) -> Array:
    """Apply every gate and channel of ``circuit`` to ``rho`` ``(B, 4**n)``; returns the new vector.

    Single-qubit operations wait, composed into one ``4 × 4`` superoperator
    per qubit, until an operation on several qubits touches that qubit
    (operations on disjoint qubits commute, channels included): one pass
    over ``ρ`` for each such run.
    """
    n = circuit.n_qubits
    refuse_conditions(circuit.ops, "density-matrix simulation")
    pending: dict[int, tuple[str, Array]] = {}
    for op in circuit.ops:
        step = _superoperator_of(backend, op, n)
        if len(op.qubits) == 1:
            qubit = op.qubits[0]
            pending[qubit] = step if qubit not in pending else _compose(backend, step, pending[qubit])
            continue
        for qubit in op.qubits:
            if qubit in pending:
                rho = _apply(backend, rho, n, (qubit,), pending.pop(qubit))
        rho = _apply(backend, rho, n, op.qubits, step)
    for qubit in sorted(pending):
        rho = _apply(backend, rho, n, (qubit,), pending[qubit])
    return rho


def final_density(backend: Backend, circuit: Circuit) -> Array:
    """The vector of ``ρ`` after ``circuit`` (interleaved, see the module docstring): ``(B, 4**n)``.

    ``B = 1`` when the circuit is unbatched.

    The memory of ``2n`` qubits' worth of state is checked before anything
    is allocated (:func:`tyxq.kernels.memory.check_state_fits`).
    """
    batch = circuit.batch_size or 1
    check_state_fits(backend, 2 * circuit.n_qubits, batch)
    rho = evolve_density(backend, circuit, initial_density(backend, circuit))
    if backend.shape(rho)[0] != batch:
        rho = backend.broadcast_to(rho, (batch, 4**circuit.n_qubits))
    return rho


def _gather_index(n: int, mask: int) -> np.ndarray:
    """Positions of ``ρ_{a, a⊕mask}`` in the vector for ``a = 0 … 2**n - 1``."""
    rows = np.arange(2**n, dtype=np.int64)
    return _interleaved(n, rows.tobytes(), (rows ^ mask).tobytes())


def density_diagonal(backend: Backend, rho: Array, n: int) -> Array:
    """The basis-state probabilities ``ρ_aa``: real ``(B, 2**n)``.

    Example:
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> density_diagonal(NumpyBackend(), np.array([[0.25, 0, 0, 0.75]], dtype=complex), 1).tolist()
        [[0.25, 0.75]]
    """
    return backend.real(backend.take(rho, backend.asarray(_gather_index(n, 0)), axis=1))


@lru_cache(maxsize=128)
def _weight_tables(n: int, observables: tuple[Hamiltonian, ...]) -> tuple[tuple[int, ...], np.ndarray, np.ndarray]:
    """The X/Y masks, one ``(2**n, K)`` complex weight table per mask, and the constants ``(K,)``."""
    tables: dict[int, np.ndarray] = {}
    constants = np.zeros(len(observables))
    states = np.arange(2**n, dtype=np.int64)
    for k, hamiltonian in enumerate(observables):
        for term in hamiltonian.terms:
            if not term.paulis:
                constants[k] += term.coefficient.real
                continue
            mask, weight = 0, np.full(2**n, term.coefficient.real, dtype=np.complex128)
            for qubit, pauli in term.paulis:
                bit = (states >> (n - 1 - qubit)) & 1
                sign = 1 - 2 * bit
                if pauli != "Z":
                    mask |= 1 << (n - 1 - qubit)
                if pauli == "Y":
                    weight *= 1j * sign
                elif pauli == "Z":
                    weight *= sign
            tables.setdefault(mask, np.zeros((2**n, len(observables)), dtype=np.complex128))[:, k] += weight
    masks = tuple(sorted(tables))
    stacked = np.stack([tables[m] for m in masks]) if masks else np.zeros((0, 2**n, len(observables)))
    return masks, stacked, constants


def density_expectations(backend: Backend, rho: Array, n: int, observables: Sequence[Observable]) -> Array:
    """``Tr(ρ O_k)`` for each observable: real ``(B, K)``."""
    hamiltonians = tuple(as_hamiltonian(o, n) for o in observables)
    masks, tables, constants = _weight_tables(n, hamiltonians)
    total = backend.zeros((backend.shape(rho)[0], len(hamiltonians)), dtype=backend.real_dtype)
    for mask, table in zip(masks, tables, strict=True):
        entries = backend.take(rho, backend.asarray(_gather_index(n, mask)), axis=1)
        total = total + backend.real(backend.matmul(entries, backend.asarray(table, dtype=backend.complex_dtype)))
    if constants.any():
        total = total + backend.asarray(constants, dtype=backend.real_dtype)
    return total
