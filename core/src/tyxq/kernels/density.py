"""Density matrices as 2n-qubit vectors: gates, channels, probabilities and Pauli expectations.

An ``n``-qubit density matrix ``ρ`` is stored as the vector ``vec(ρ)`` of
``4**n`` entries, entry ``i·2**n + j`` holding ``ρ_ij``: row qubit ``q`` is
qubit ``q`` of a ``2n``-qubit "state" and column qubit ``q`` is qubit
``q + n``. Then every statevector kernel applies unchanged
(:mod:`tyxq.kernels.apply`): a gate ``U`` on qubits ``Q`` is ``U`` on ``Q``
followed by ``U*`` on ``Q + n`` (``ρ → UρU†``), and a channel with Kraus
operators ``K_m`` is one dense matrix ``Σ_m K_m ⊗ K_m*`` on ``Q ∪ (Q + n)``.
No view has more than six axes, so every backend that implements the
protocol runs it (cupynumeric's six included), and everything is backend
arithmetic, so autodiff differentiates gate and channel parameters alike.

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
from ..channels import CHANNELS, KRAUS, channel_problem, is_channel
from ..circuit import Circuit, Operation
from ..errors import ChannelError
from ..observables import Hamiltonian, Observable, as_hamiltonian
from .apply import apply_diagonal, apply_matrix
from .memory import check_state_fits
from .operators import param_array
from .simulate import initial_state, operation_matrix

__all__ = [
    "density_diagonal",
    "density_expectations",
    "evolve_density",
    "final_density",
    "kraus_operators",
    "superoperator",
]


def kraus_operators(backend: Backend, op: Operation) -> Array:
    """The Kraus operators of a channel operation on ``backend``: ``(m, d, d)`` or ``(B, m, d, d)``.

    Parameters are checked against their ranges where their values can be
    read (not inside a trace), raising :class:`~tyxq.errors.ChannelError`.
    """
    if op.name == KRAUS:
        return backend.asarray(op.matrix, dtype=backend.complex_dtype)
    params = [param_array(backend, p, f"parameter {i} of {op.name}") for i, p in enumerate(op.params)]
    if all(backend.all_finite(p) is not None for p in params):
        hosts = [np.asarray(backend.to_numpy(backend.detach(p)), dtype=np.float64) for p in params]
        problem = channel_problem(op.name, hosts)
        if problem is not None:
            raise ChannelError(f"{problem}; choose a value in range")
    return CHANNELS[op.name].build(backend, *params)


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
    """``vec(|ψ₀⟩⟨ψ₀|)`` ``(B, 4**n)`` of the circuit's initial state (``|0…0⟩`` or its checked ``inputs``)."""
    n = circuit.n_qubits
    if circuit.inputs is None:
        return backend.concatenate([backend.ones((1, 1)), backend.zeros((1, 4**n - 1))], axis=1)
    psi = initial_state(backend, circuit)
    outer = backend.einsum("bi,bj->bij", psi, backend.conj(psi))
    return backend.reshape(outer, (backend.shape(psi)[0], 4**n))


def _apply_operation(backend: Backend, op: Operation, rho: Array, n: int) -> Array:
    shifted = tuple(q + n for q in op.qubits)
    if is_channel(op.name):
        channel = superoperator(backend, kraus_operators(backend, op))
        return apply_matrix(backend, rho, 2 * n, op.qubits + shifted, channel)
    kind, built = operation_matrix(backend, op)
    if kind == "diagonal":
        rho = apply_diagonal(backend, rho, 2 * n, op.qubits, built)
        return apply_diagonal(backend, rho, 2 * n, shifted, backend.conj(built))
    rho = apply_matrix(backend, rho, 2 * n, op.qubits, built)
    return apply_matrix(backend, rho, 2 * n, shifted, backend.conj(built))


def evolve_density(backend: Backend, circuit: Circuit, rho: Array) -> Array:
    """Apply every gate and channel of ``circuit`` to ``rho`` ``(B, 4**n)``; returns the new vector."""
    for op in circuit.ops:
        rho = _apply_operation(backend, op, rho, circuit.n_qubits)
    return rho


def final_density(backend: Backend, circuit: Circuit) -> Array:
    """``vec(ρ)`` after ``circuit``: ``(B, 4**n)``, ``B = 1`` when unbatched.

    The memory of ``2n`` qubits' worth of state is checked before anything
    is allocated (:func:`tyxq.kernels.memory.check_state_fits`).
    """
    batch = circuit.batch_size or 1
    check_state_fits(backend, 2 * circuit.n_qubits, batch)
    rho = evolve_density(backend, circuit, initial_density(backend, circuit))
    if backend.shape(rho)[0] != batch:
        rho = backend.broadcast_to(rho, (batch, 4**circuit.n_qubits))
    return rho


@lru_cache(maxsize=32)
def _gather_index(n: int, mask: int) -> np.ndarray:
    """Positions of ``ρ_{a, a⊕mask}`` in ``vec(ρ)`` for ``a = 0 … 2**n - 1``."""
    rows = np.arange(2**n, dtype=np.int64)
    return rows * 2**n + (rows ^ mask)


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
