"""``tyxq.variance``: ``Var(O) = ⟨O²⟩ − ⟨O⟩²`` after a circuit, exact or estimated from shots.

**Exact values** (a call without a shot count: ``statevector``,
``density_matrix``, ...): for a Pauli observable ``O²`` is the Hamiltonian
product ``O @ O``, and ``⟨O⟩`` and ``⟨O²⟩`` come from one expectation
call; for a :class:`~tyxq.Hermitian` they are ``p · λ`` and ``p · λ²``
from the probabilities ``p`` of its eigenvalues. Both are functions of
verbs every gradient method differentiates, so ``variance`` is
differentiable wherever ``expectation`` is (autodiff on torch and jax,
parameter shift, finite differences).

**Estimates from shots** (the ``shots`` mode, or any call with a shot
count ``N ≥ 2``): each measured basis gets ``N`` shots, and each shot reads
one eigenvalue of what that basis measures: for a Hermitian, ``λ_j`` in its
eigenbasis; for a Pauli observable, the sum of the ±1 readings of the terms
of one group ``H_g`` (the Z-only terms and constant together, then each
group of terms that commute qubit by qubit, the groups of
``tyxq.expectation``). Where the observable is one group (a Pauli string, a
sum of Z terms, a Hermitian) the result is the **unbiased sample variance**
of those readings, ``s² = N/(N−1) · (mean of squares − square of mean)``.
Where it is a sum of ``G > 1`` groups measured on separate shots, the
groups' readings are never taken on the same shot, so their covariances are
estimated from the anticommutators: the result is

    ``Σ_g s_g² + Σ_{g<h} (Ê⟨H_g H_h + H_h H_g⟩ − 2 m_g m_h)``

with ``m_g`` the groups' sample means and ``Ê`` the shots mode's estimate
of the anticommutator (more groups, ``N`` shots each). Every part is
unbiased (the groups' shots are independent), so the result is an unbiased
estimate of the exact modes' ``Var(O)`` (it may come out negative near
zero); the cost is the groups' ``G × N`` shots plus ``N`` per group of the
anticommutators.

Example:
    >>> import numpy as np, tyxq
    >>> c = tyxq.Circuit(1).ry(0, np.pi / 3)
    >>> round(float(tyxq.variance(c, tyxq.Z(0))), 12)   # 1 − cos²(π/3)
    0.75
    >>> round(float(tyxq.variance(c, tyxq.Z(0), mode="shots", shots=10_000, seed=1)), 2)  # ± 0.005
    0.76
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .api import CircuitOrFn, ModeLike, _measure, _prepare, eigenbasis_probabilities, listed_observables
from .arguments import make_rng
from .backends.protocol import Array, Backend
from .circuit import Circuit
from .errors import ShotsError
from .execution.batching import BatchAxes
from .execution.measurement import Measurement
from .execution.protocol import ExecutionMode
from .execution.shot_vectors import is_shot_vector
from .hermitian import Hermitian
from .kernels.measure import qubitwise_groups, rotation_circuit
from .observables import Hamiltonian, Observable, PauliString, as_hamiltonian

__all__ = ["variance"]


def variance(
    circuit_or_fn: CircuitOrFn,
    observable: Observable | Hermitian | Sequence[Observable | Hermitian],
    *args: Any,
    mode: ModeLike = None,
    shots: int | None = None,
    seed: Any = None,
    batch_axes: BatchAxes = None,
    **mode_options: Any,
) -> Array:
    """The variance of ``observable`` after a circuit, or of each of a list of observables.

    The arguments are those of :func:`tyxq.expectation`, and so is the
    shape: ``()`` or ``(B,)`` for one observable, ``(K,)`` or ``(B, K)`` for
    a list. Exact without a shot count; with one (at least 2), an unbiased
    estimate from the shots (the module docstring says what is measured).

    Example:
        >>> import numpy as np, tyxq
        >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
        >>> tyxq.variance(bell, [tyxq.Z(0) @ tyxq.Z(1), tyxq.X(0)]).round(12).tolist()
        [0.0, 1.0]
        >>> swap = tyxq.Hermitian([0, 1], np.eye(4)[[0, 2, 1, 3]])
        >>> round(float(tyxq.variance(tyxq.Circuit(2).x(0), swap)), 12)
        1.0
    """
    backend, chosen, circuit = _prepare(circuit_or_fn, args, batch_axes, mode, "variance", mode_options)
    listed = listed_observables(observable, "variance")
    if is_shot_vector(shots):
        raise ShotsError(
            f"tyxq.variance takes one shot count, got the shot vector shots={shots!r}; call it once per count"
        )
    count = shots if shots is not None else getattr(chosen, "shots", None)
    if count is None and not getattr(chosen, "takes_shots", False):
        values = _exact_variances(circuit, listed, chosen, backend)
    else:
        if count is not None and count < 2:
            raise ShotsError(f"a sample variance needs at least 2 shots per measured basis, got shots={count!r}")
        rng = None if seed is None else make_rng(seed)  # the call's runs draw in turn from one stream
        bessel = 1.0 if count is None else count / (count - 1)  # without a count, the mode refuses before it is used
        values = [_sampled_variance(circuit, item, chosen, backend, shots, rng, bessel) for item in listed]
    return values[0] if not isinstance(observable, (list, tuple)) else backend.stack(values, axis=-1)


def _exact_variances(circuit: Circuit, listed: list[Any], mode: ExecutionMode, backend: Backend) -> list[Array]:
    """``⟨O²⟩ − ⟨O⟩²`` of each observable: Pauli ones from one expectation call of ``O`` and ``O @ O``."""
    paulis = [as_hamiltonian(o, circuit.n_qubits) for o in listed if not isinstance(o, Hermitian)]
    asked = tuple(h for pauli in paulis for h in (pauli, _product(pauli, pauli)))
    moments = _measure(Measurement(circuit, asked, mode, backend, single=False)) if asked else None
    values, position = [], 0
    for item in listed:
        if isinstance(item, Hermitian):
            probs, eigenvalues = eigenbasis_probabilities(circuit, item, mode, backend, None, None)
            mean = backend.matmul(probs, eigenvalues)
            values.append(backend.matmul(probs, eigenvalues * eigenvalues) - mean * mean)
        else:
            mean, square = moments[..., 2 * position], moments[..., 2 * position + 1]  # type: ignore[index]
            values.append(square - mean * mean)
            position += 1
    return values


def _product(a: Hamiltonian, b: Hamiltonian) -> Hamiltonian:
    """The Hermitian part of ``a @ b`` (all of it for ``a @ a``), with real coefficients."""
    terms = (a @ b).terms + (b @ a).terms
    return Hamiltonian(tuple(PauliString(t.paulis, complex(t.coefficient).real / 2) for t in terms), a.n_qubits)


def _sampled_variance(
    circuit: Circuit, item: Any, mode: ExecutionMode, backend: Backend, shots: int | None, rng: Any, bessel: float
) -> Array:
    """The estimate from shots of one observable's variance (module docstring)."""
    if isinstance(item, Hermitian):
        probs, eigenvalues = eigenbasis_probabilities(circuit, item, mode, backend, shots, rng)
        return _sample_moments(backend, probs, eigenvalues, bessel)[1]
    hamiltonian = as_hamiltonian(item, circuit.n_qubits)
    groups = _groups(hamiltonian)
    means, total = [], None
    for basis, terms in groups:
        mean, spread = _group_moments(circuit, basis, terms, mode, backend, shots, rng, bessel)
        means.append(mean)
        total = spread if total is None else total + spread
    pairs = [(g, h) for g in range(len(groups)) for h in range(g + 1, len(groups))]
    if pairs:
        anticommutators = tuple(_product(Hamiltonian(groups[g][1]), Hamiltonian(groups[h][1])) * 2.0 for g, h in pairs)
        cross = _measure(Measurement(circuit, anticommutators, mode, backend, shots, rng, single=False))
        for index, (g, h) in enumerate(pairs):
            total = total + cross[..., index] - 2.0 * means[g] * means[h]
    if not backend.is_array(total):  # constants only: nothing was measured, and nothing varies
        shape = () if circuit.batch_size is None else (circuit.batch_size,)
        return backend.zeros(shape, dtype=backend.real_dtype)
    return total


def _groups(hamiltonian: Hamiltonian) -> list[tuple[dict[int, str], tuple[PauliString, ...]]]:
    """The measured groups of ``tyxq.expectation``: Z-only terms and constants first, then qubit-wise ones."""
    z_terms = tuple(t for t in hamiltonian.terms if all(p == "Z" for _, p in t.paulis))
    found: list[tuple[dict[int, str], tuple[PauliString, ...]]] = [({}, z_terms)] if z_terms else []
    found += [(basis, tuple(hamiltonian.terms[i] for i in members)) for basis, members in qubitwise_groups(hamiltonian)]
    return found or [({}, ())]


def _group_moments(
    circuit: Circuit,
    basis: dict[int, str],
    terms: tuple[PauliString, ...],
    mode: ExecutionMode,
    backend: Backend,
    shots: int | None,
    rng: Any,
    bessel: float,
) -> tuple[Any, Any]:
    """The sample mean and unbiased sample variance of one group's per-shot readings."""
    support = sorted({q for term in terms for q in term.qubits})
    if not support:  # constants only: read without measuring
        return sum(float(complex(t.coefficient).real) for t in terms), 0.0
    rotation = rotation_circuit(circuit.n_qubits, basis)
    rotated = circuit if rotation is None else circuit.copy().compose(rotation)
    probs = _measure(Measurement(rotated, None, mode, backend, shots, rng, tuple(support)))
    readings = backend.cast(backend.asarray(_readings(support, terms)), backend.dtype_name(probs))
    return _sample_moments(backend, probs, readings, bessel)


def _readings(support: list[int], terms: tuple[PauliString, ...]) -> np.ndarray:
    """The value of ``Σ c_t Z…Z`` on each basis state of ``support`` (first qubit most significant)."""
    k = len(support)
    bits = (np.arange(2**k)[:, None] >> np.arange(k - 1, -1, -1)[None, :]) & 1
    signs = 1 - 2 * bits  # (2**k, k): the eigenvalue of Z on each qubit of support
    values = np.zeros(2**k)
    for term in terms:
        columns = [support.index(q) for q in term.qubits]
        values += complex(term.coefficient).real * np.prod(signs[:, columns], axis=1)
    return values


def _sample_moments(backend: Backend, frequencies: Array, readings: Array, bessel: float) -> tuple[Array, Array]:
    """Mean and unbiased variance ``N/(N−1)·(⟨v²⟩ − ⟨v⟩²)`` of readings ``v`` observed with ``frequencies``.

    ``bessel`` is ``N/(N−1)`` for ``N`` shots (``1`` for exact probabilities).
    """
    mean = backend.matmul(frequencies, readings)
    spread = backend.matmul(frequencies, readings * readings) - mean * mean
    return mean, spread * bessel
