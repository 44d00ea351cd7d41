"""Monte Carlo wavefunction trajectories: a noisy circuit as a batch of randomly jumping statevectors.

Each trajectory is a statevector. Runs of gates between channels go through
the statevector plan (:func:`tyxq.kernels.simulate.evolve`); at a channel
with Kraus operators ``K_m`` every trajectory draws one ``m`` with
probability ``p_m = ‖K_m ψ‖²`` and becomes ``K_m ψ / √p_m``. The average of
``|ψ⟩⟨ψ|`` over trajectories is then an unbiased estimate of the density
matrix, and the average of ``⟨ψ|O|ψ⟩`` of ``Tr(ρO)``.

All trajectories of all batch members are one batch axis of one simulation
(member ``t·B + b`` is trajectory ``t`` of batch member ``b``): no Python
loop runs over trajectories. A channel costs four passes over the batch,
whatever its number of Kraus operators: one gather that brings its qubits to
the front, one product giving each trajectory's reduced density matrix
``ρ_Q`` (so ``p_m = Tr(K_m†K_m ρ_Q)``), one batched matrix product applying
each trajectory's chosen, rescaled operator, and the gather back. Channels
whose Kraus operators are multiples of unitaries (depolarizing, bit and
phase flips: Pauli noise) have branch probabilities that do not depend on
the state, so only the trajectories that draw a branch other than the
identity are touched: with small error rates most channels touch none, and
the gates around them run as one plan. Draws come from the given
``numpy.random.Generator``, one uniform number per trajectory and channel,
in circuit order.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> psi = trajectory_states(NumpyBackend(), tyxq.Circuit(1).x(0).amplitude_damping(0, 0.5), 1000,
    ...                         np.random.default_rng(1))
    >>> psi.shape, round(float(np.mean(np.abs(psi[:, 1]) ** 2)), 1)
    ((1000, 2), 0.5)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..circuit import Circuit
from ..kinds import OperationKind
from .apply import apply_matrix
from .density import kraus_operators
from .simulate import evolve, initial_state

__all__ = ["trajectory_states"]

_TOLERANCE = 1e-6
"""How close ``K†K`` must be to a multiple of ``I`` (and ``K/√q`` to ``I``) for the Pauli-noise shortcut."""


def _tile(backend: Backend, value: Any, copies: int) -> Any:
    """A batched value ``(B, ...)`` repeated trajectory-major to ``(copies·B, ...)``; other values unchanged."""
    if not backend.is_array(value) and not isinstance(value, np.ndarray):
        return value
    array = backend.asarray(value)
    shape = backend.shape(array)
    if not shape:
        return value
    return backend.reshape(backend.broadcast_to(array, (copies, *shape)), (copies * shape[0], *shape[1:]))


def _tiled(backend: Backend, circuit: Circuit, copies: int) -> Circuit:
    """``circuit`` with every batched parameter, matrix and input repeated for ``copies`` trajectories."""
    params = []
    for op in circuit.ops:
        if op.kind is OperationKind.MATRIX:
            batched = len(tuple(getattr(op.matrix, "shape", np.shape(op.matrix)))) == 3
            params.append((_tile(backend, op.matrix, copies),) if batched else ())
        else:
            params.append(tuple(_tile(backend, p, copies) for p in op.params))
    inputs = circuit.inputs
    if inputs is not None and len(tuple(getattr(inputs, "shape", np.shape(inputs)))) == 2:
        inputs = _tile(backend, inputs, copies)
    return circuit.with_params(params, inputs=inputs)


@lru_cache(maxsize=64)
def _front_indices(n: int, targets: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Gather indices that put ``targets`` (in order) first and the other qubits after, ascending, and back."""
    order = list(targets) + [q for q in range(n) if q not in targets]
    forward = np.arange(2**n, dtype=np.int64).reshape((2,) * n).transpose(order).ravel()
    backward = np.empty_like(forward)
    backward[forward] = np.arange(2**n, dtype=np.int64)
    return forward, backward


def _mixed_unitary(backend: Backend, kraus: Array) -> tuple[np.ndarray, np.ndarray] | None:
    """For ``K_m = √q_m · U_m`` (Pauli noise): the constant branch probabilities ``q`` and which ``U_m`` are ``I``.

    ``None`` for batched or traced operators, or any other channel.
    """
    if len(backend.shape(kraus)) != 3 or backend.all_finite(kraus) is None:
        return None
    host = np.asarray(backend.to_numpy(backend.detach(kraus)), dtype=np.complex128)
    effects = np.einsum("mba,mbc->mac", host.conj(), host)
    weights = np.real(np.trace(effects, axis1=1, axis2=2)) / host.shape[-1]
    identity = np.eye(host.shape[-1])
    if not np.allclose(effects, weights[:, None, None] * identity, atol=_TOLERANCE):
        return None
    unitaries = host / np.sqrt(np.where(weights > 0, weights, 1.0))[:, None, None]
    return weights, np.array([np.allclose(u, identity, atol=_TOLERANCE) for u in unitaries])


def _draw(probs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One branch per row of ``probs`` ``(N, m)``, with one uniform number each."""
    cumulative = np.cumsum(probs, axis=1)
    uniforms = rng.random(probs.shape[0]) * cumulative[:, -1]
    return np.minimum((cumulative <= uniforms[:, None]).sum(axis=1), probs.shape[1] - 1)


def _scaled_choice(backend: Backend, kraus: Array, probs: np.ndarray, chosen: np.ndarray) -> Array:
    """``K_{chosen[n]} / √p_{n, chosen[n]}`` per trajectory: ``(N, d, d)``."""
    rows = np.arange(len(chosen))
    scale = np.zeros(probs.shape, dtype=np.complex128)
    scale[rows, chosen] = 1 / np.sqrt(probs[rows, chosen])
    batched = len(backend.shape(kraus)) == 4
    return backend.einsum("nm,nmab->nab" if batched else "nm,mab->nab", backend.asarray(scale), kraus)


def _pauli_jump(
    backend: Backend,
    psi: Array,
    n: int,
    qubits: tuple[int, ...],
    kraus: Array,
    probs: np.ndarray,
    chosen: np.ndarray,
    moved: np.ndarray,
) -> Array:
    """Apply the drawn non-identity branches of a Pauli-noise channel to the trajectories ``moved`` only."""
    members = backend.shape(psi)[0]
    picked = backend.take(psi, backend.asarray(moved), axis=0)
    updated = apply_matrix(backend, picked, n, qubits, _scaled_choice(backend, kraus, probs[moved], chosen[moved]))
    rows = np.arange(members)
    rows[moved] = members + np.arange(len(moved))
    return backend.take(backend.concatenate([psi, updated], axis=0), backend.asarray(rows), axis=0)


def _jump(
    backend: Backend, psi: Array, n: int, qubits: tuple[int, ...], kraus: Array, rng: np.random.Generator
) -> Array:
    """Each trajectory takes one Kraus branch with its Born probability ``Tr(K_m†K_m ρ_Q)``."""
    members, d = backend.shape(psi)[0], 2 ** len(qubits)
    forward, backward = _front_indices(n, qubits)
    front = backend.reshape(backend.take(psi, backend.asarray(forward), axis=1), (members, d, 2**n // d))
    reduced = backend.matmul(front, backend.conj(backend.moveaxis(front, -1, -2)))  # ρ_Q[n, a, c]
    if len(backend.shape(kraus)) == 4:
        effects = backend.einsum("nmba,nmbc->nmac", backend.conj(kraus), kraus)
        weights = backend.einsum("nmac,nca->nm", effects, reduced)
    else:
        effects = backend.einsum("mba,mbc->mac", backend.conj(kraus), kraus)
        weights = backend.einsum("mac,nca->nm", effects, reduced)
    probs = np.clip(np.asarray(backend.to_numpy(backend.detach(backend.real(weights))), dtype=np.float64), 0, None)
    chosen = _draw(probs, rng)
    jumped = backend.matmul(_scaled_choice(backend, kraus, probs, chosen), front)
    return backend.take(backend.reshape(jumped, (members, 2**n)), backend.asarray(backward), axis=1)


def trajectory_states(backend: Backend, circuit: Circuit, trajectories: int, rng: np.random.Generator) -> Array:
    """The final states of ``trajectories`` trajectories per batch member: ``(T·B, 2**n)``, trajectory-major.

    Gates between channels run as one circuit through the statevector plan;
    a Pauli-noise channel whose draws leave every trajectory unchanged does
    not interrupt that run. The caller checks that ``T·B`` statevectors fit
    in memory.
    """
    batch = circuit.batch_size or 1
    n, members = circuit.n_qubits, trajectories * batch
    tiled = _tiled(backend, circuit, trajectories)
    psi = initial_state(backend, tiled)
    if backend.shape(psi)[0] != members:
        psi = backend.copy(backend.broadcast_to(psi, (members, 2**n)))
    run = Circuit(n)
    for op in tiled.ops:
        if op.kind.is_unitary:
            run.append(op)
            continue
        kraus = kraus_operators(backend, op)
        constant = _mixed_unitary(backend, kraus)
        if constant is None:
            psi, run = evolve(backend, run, psi), Circuit(n)
            psi = _jump(backend, psi, n, op.qubits, kraus, rng)
            continue
        weights, is_identity = constant  # the draws need no state: draw first, simulate only if a branch moves
        probs = np.broadcast_to(weights, (members, len(weights)))
        chosen = _draw(probs, rng)
        moved = np.flatnonzero(~is_identity[chosen])
        if len(moved):
            psi, run = evolve(backend, run, psi), Circuit(n)
            psi = _pauli_jump(backend, psi, n, op.qubits, kraus, probs, chosen, moved)
    return evolve(backend, run, psi)
