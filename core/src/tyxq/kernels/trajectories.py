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
each trajectory's chosen, rescaled operator, and the gather back. Draws come from the
given ``numpy.random.Generator``, one uniform number per trajectory and
channel, in circuit order.

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
from ..channels import is_channel
from ..circuit import UNITARY, Circuit, Operation
from .density import kraus_operators
from .simulate import evolve, initial_state

__all__ = ["trajectory_states"]


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
        if op.name == UNITARY:
            batched = len(tuple(getattr(op.matrix, "shape", np.shape(op.matrix)))) == 3
            params.append((_tile(backend, op.matrix, copies),) if batched else ())
        else:
            params.append(tuple(_tile(backend, p, copies) for p in op.params))
    inputs = circuit.inputs
    if inputs is not None and len(tuple(getattr(inputs, "shape", np.shape(inputs)))) == 2:
        inputs = _tile(backend, inputs, copies)
    return circuit.with_params(params, inputs=inputs)


def _segments(circuit: Circuit) -> list[Circuit | Operation]:
    """The circuit as runs of gates (circuits) separated by channel operations."""
    parts: list[Circuit | Operation] = []
    run: Circuit | None = None
    for op in circuit.ops:
        if is_channel(op.name):
            if run is not None:
                parts.append(run)
                run = None
            parts.append(op)
            continue
        run = run or Circuit(circuit.n_qubits)
        run.append(op)
    if run is not None:
        parts.append(run)
    return parts


@lru_cache(maxsize=64)
def _front_indices(n: int, targets: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Gather indices that put ``targets`` (in order) first and the other qubits after, ascending, and back."""
    order = list(targets) + [q for q in range(n) if q not in targets]
    forward = np.arange(2**n, dtype=np.int64).reshape((2,) * n).transpose(order).ravel()
    backward = np.empty_like(forward)
    backward[forward] = np.arange(2**n, dtype=np.int64)
    return forward, backward


def _jump(backend: Backend, psi: Array, n: int, op: Operation, rng: np.random.Generator) -> Array:
    """Each trajectory takes one Kraus branch of channel ``op`` with its Born probability."""
    kraus = kraus_operators(backend, op)
    batched = len(backend.shape(kraus)) == 4
    members, d = backend.shape(psi)[0], 2 ** len(op.qubits)
    forward, backward = _front_indices(n, op.qubits)
    front = backend.reshape(backend.take(psi, backend.asarray(forward), axis=1), (members, d, 2**n // d))
    reduced = backend.matmul(front, backend.conj(backend.moveaxis(front, -1, -2)))  # ρ_Q[n, a, c]
    if batched:
        effects = backend.einsum("nmba,nmbc->nmac", backend.conj(kraus), kraus)
        weights = backend.einsum("nmac,nca->nm", effects, reduced)
    else:
        effects = backend.einsum("mba,mbc->mac", backend.conj(kraus), kraus)
        weights = backend.einsum("mac,nca->nm", effects, reduced)
    probs = np.clip(np.asarray(backend.to_numpy(backend.detach(backend.real(weights))), dtype=np.float64), 0, None)
    cumulative = np.cumsum(probs, axis=1)
    uniforms = rng.random(members) * cumulative[:, -1]
    chosen = np.minimum((cumulative <= uniforms[:, None]).sum(axis=1), probs.shape[1] - 1)
    scale = np.zeros(probs.shape, dtype=np.complex128)
    scale[np.arange(members), chosen] = 1 / np.sqrt(probs[np.arange(members), chosen])
    scale_array = backend.asarray(scale, dtype=backend.complex_dtype)
    operators = backend.einsum("nm,nmab->nab" if batched else "nm,mab->nab", scale_array, kraus)
    jumped = backend.reshape(backend.matmul(operators, front), (members, 2**n))
    return backend.take(jumped, backend.asarray(backward), axis=1)


def trajectory_states(backend: Backend, circuit: Circuit, trajectories: int, rng: np.random.Generator) -> Array:
    """The final states of ``trajectories`` trajectories per batch member: ``(T·B, 2**n)``, trajectory-major.

    The caller checks that ``T·B`` statevectors fit in memory.
    """
    batch = circuit.batch_size or 1
    n, members = circuit.n_qubits, trajectories * batch
    tiled = _tiled(backend, circuit, trajectories)
    psi = initial_state(backend, tiled)
    if backend.shape(psi)[0] != members:
        psi = backend.copy(backend.broadcast_to(psi, (members, 2**n)))
    for part in _segments(tiled):
        if isinstance(part, Circuit):
            psi = evolve(backend, part, psi)
        else:
            psi = _jump(backend, psi, n, part, rng)
    return psi
