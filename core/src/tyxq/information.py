"""What a state holds: the circuit's matrix, purity, entropies, mutual information and fidelity.

Each function takes a :class:`~tyxq.Circuit` or a function that builds one,
with the verbs' arguments (``*args``, ``mode=``, ``batch_axes=``), and is
built on :func:`tyxq.state` and :func:`tyxq.density_matrix` with the
backend's own arithmetic (``eigh``, ``einsum``): results are arrays of the
backend, batched like the circuit (a leading ``B``), and torch's (and jax's)
autodiff differentiates them.

- :func:`~tyxq.matrix`: the unitary of a unitary circuit, from the basis states
  simulated as one batch (columns ``U[:, j] = U|j⟩``).
- :func:`~tyxq.purity`: ``Tr ρ²``.
- :func:`~tyxq.vn_entropy`: ``S(ρ) = −Tr ρ ln ρ`` in nats (natural logarithm),
  from the eigenvalues of ``ρ``; eigenvalues at or below ``1e-12`` (zero up
  to rounding) contribute 0, their limit ``λ ln λ → 0``, and no gradient.
- :func:`~tyxq.mutual_info`: ``I(A:B) = S(ρ_A) + S(ρ_B) − S(ρ_AB)`` from one
  density matrix of ``A ∪ B``, traced in the backend.
- :func:`~tyxq.fidelity`: ``|⟨ψ|φ⟩|²`` of two pure states, ``⟨ψ|ρ|ψ⟩`` of a pure
  and a mixed one, and Uhlmann's ``(Tr √(√ρ σ √ρ))²`` of two mixed ones.

Example:
    >>> import tyxq
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> round(float(tyxq.vn_entropy(bell, qubits=[0])), 6)  # ln 2
    0.693147
    >>> round(float(tyxq.mutual_info(bell, qubits_a=[0], qubits_b=[1])), 6)  # 2 ln 2
    1.386294
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .api import CircuitOrFn, ModeLike, _prepare, density_matrix, state
from .backends.protocol import Array, Backend
from .circuit import Circuit
from .context import get_backend
from .errors import CapabilityError, ParameterError
from .execution.batching import BatchAxes, build_circuit

__all__ = ["fidelity", "matrix", "mutual_info", "purity", "vn_entropy"]

_ZERO = 1e-12  # eigenvalues at or below this are zero up to rounding: they contribute 0 to λ ln λ and √λ


def matrix(circuit_or_fn: CircuitOrFn, *args: Any, batch_axes: BatchAxes = None) -> Array:
    """The unitary ``U`` of a unitary circuit: ``(2**n, 2**n)``, or ``(B, 2**n, 2**n)`` if batched.

    Column ``j`` is the state the circuit makes from the basis state ``|j⟩``
    (qubit 0 the most significant bit, as everywhere in tyxq); the basis
    states run as one batched statevector simulation on the active backend
    (``2**n`` simulations of the batch for a batched circuit), whatever the
    active execution mode: the matrix is the circuit's, no noise model
    applied. A circuit with channels, measurements, resets or conditioned
    gates (any operation whose ``kind`` is not unitary) has no unitary, and
    one with an initial state is a state, not an operator: both raise
    :class:`~tyxq.errors.CapabilityError`. Final measurements
    (``measure_at_end``) are not operations and are ignored.

    Example:
        >>> import tyxq
        >>> tyxq.matrix(tyxq.Circuit(2).x(0)).real.astype(int).tolist()
        [[0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0]]
    """
    backend = get_backend()
    circuit = build_circuit(circuit_or_fn, args, batch_axes, backend)
    for op in circuit.ops:
        if not op.kind.is_unitary or op.condition is not None:
            what = "a conditioned gate" if op.kind.is_unitary else f"a {op.kind.value} operation"
            raise CapabilityError(
                f"tyxq.matrix needs a unitary circuit, but {op.name!r} is {what}, which has no unitary matrix; "
                "use tyxq.density_matrix for the state such a circuit makes"
            )
    if circuit.inputs is not None:
        raise CapabilityError(
            "tyxq.matrix takes a circuit without an initial state (Circuit(n, inputs=...) makes a state, not an "
            "operator); build the circuit without inputs to get its unitary"
        )
    dim = 2**circuit.n_qubits
    basis = backend.eye(dim)
    kept = [() if op.kind.holds_matrix else op.params for op in circuit.ops]
    if circuit.batch_size is None:
        rows = state(circuit.with_params(kept, inputs=basis), mode="statevector")  # row j is U|j⟩
        return backend.transpose(rows, (1, 0))
    size = circuit.batch_size
    columns = [
        state(circuit.with_params(kept, inputs=backend.broadcast_to(basis[j], (size, dim))), mode="statevector")
        for j in range(dim)
    ]
    return backend.stack(columns, axis=2)


def purity(
    circuit_or_fn: CircuitOrFn,
    *args: Any,
    qubits: Sequence[int] | None = None,
    mode: ModeLike = None,
    batch_axes: BatchAxes = None,
    **mode_options: Any,
) -> Array:
    """``Tr ρ²`` of the state of ``qubits`` (all by default): ``()`` or ``(B,)``, 1 for a pure state.

    Arguments as in :func:`tyxq.density_matrix` (exact modes only).

    Example:
        >>> import tyxq
        >>> round(float(tyxq.purity(tyxq.Circuit(2).h(0).cnot(0, 1), qubits=[1])), 6)
        0.5
    """
    rho = density_matrix(circuit_or_fn, *args, qubits=qubits, mode=mode, batch_axes=batch_axes, **mode_options)
    backend = get_backend()
    return backend.real(backend.einsum("...ij,...ji->...", rho, rho))


def vn_entropy(
    circuit_or_fn: CircuitOrFn,
    *args: Any,
    qubits: Sequence[int] | None = None,
    mode: ModeLike = None,
    batch_axes: BatchAxes = None,
    **mode_options: Any,
) -> Array:
    """The von Neumann entropy ``−Tr ρ ln ρ`` of ``qubits`` (all by default), in nats: ``()`` or ``(B,)``.

    The logarithm is the natural one (divide by ``ln 2`` for bits). It is
    computed from the eigenvalues of ``ρ`` (the backend's ``eigh``);
    eigenvalues at or below ``1e-12`` count as 0 and contribute 0, the limit
    of ``λ ln λ``, with a zero gradient (finite everywhere, also for a pure
    state). Arguments as in :func:`tyxq.density_matrix` (exact modes only).

    Example:
        >>> import tyxq
        >>> round(float(tyxq.vn_entropy(tyxq.Circuit(2).h(0).cnot(0, 1), qubits=[0])), 6)
        0.693147
        >>> round(float(tyxq.vn_entropy(tyxq.Circuit(2).h(0).cnot(0, 1))), 6)
        0.0
    """
    rho = density_matrix(circuit_or_fn, *args, qubits=qubits, mode=mode, batch_axes=batch_axes, **mode_options)
    return _entropy(get_backend(), rho)


def mutual_info(
    circuit_or_fn: CircuitOrFn,
    *args: Any,
    qubits_a: Sequence[int],
    qubits_b: Sequence[int],
    mode: ModeLike = None,
    batch_axes: BatchAxes = None,
    **mode_options: Any,
) -> Array:
    """The mutual information ``S(A) + S(B) − S(AB)`` of two disjoint sets of qubits, in nats: ``()`` or ``(B,)``.

    One density matrix of ``qubits_a + qubits_b`` is computed and traced to
    each part; entropies as in :func:`vn_entropy`. Other arguments as in
    :func:`tyxq.density_matrix`.

    Example:
        >>> import tyxq
        >>> round(float(tyxq.mutual_info(tyxq.Circuit(3).h(0).cnot(0, 2), qubits_a=[0], qubits_b=[1, 2])), 6)
        1.386294
    """
    a, b = list(qubits_a), list(qubits_b)
    if not a or not b or set(a) & set(b):
        raise ParameterError(
            f"mutual_info needs two non-empty, disjoint sets of qubits, got qubits_a={qubits_a!r} and "
            f"qubits_b={qubits_b!r}; list each qubit in one of them only"
        )
    rho = density_matrix(circuit_or_fn, *args, qubits=a + b, mode=mode, batch_axes=batch_axes, **mode_options)
    backend = get_backend()
    da, db = 2 ** len(a), 2 ** len(b)
    lead = backend.shape(rho)[:-2]
    blocks = backend.reshape(rho, (*lead, da, db, da, db))
    rho_a = backend.einsum("...ikjk->...ij", blocks)
    rho_b = backend.einsum("...kikj->...ij", blocks)
    return _entropy(backend, rho_a) + _entropy(backend, rho_b) - _entropy(backend, rho)


def fidelity(
    a: CircuitOrFn | Array,
    b: CircuitOrFn | Array,
    *args: Any,
    mode: ModeLike = None,
    batch_axes: BatchAxes = None,
    **mode_options: Any,
) -> Array:
    """The fidelity of two states: ``()``, or ``(B,)`` if either is batched.

    ``a`` and ``b`` are each a circuit, a function building one (called with
    ``*args``, ``batch_axes`` as in the verbs; they go to each function given,
    a circuit takes none), or a state given as an array:
    a statevector ``(2**n,)``, a density matrix ``(2**n, 2**n)`` (a square
    2-D array is read as a density matrix), a batch of statevectors
    ``(B, 2**n)`` or of density matrices ``(B, 2**n, 2**n)``, in the
    backend's complex dtype and used as given (not normalised). A circuit gives
    its statevector in a pure mode (``statevector``, the default) and its
    density matrix otherwise (``mode="density_matrix"`` with a noise model).

    The result is ``|⟨ψ|φ⟩|²`` for two pure states, ``⟨ψ|ρ|ψ⟩`` for a pure
    and a mixed one, and Uhlmann's ``(Tr √(√ρ σ √ρ))²`` for two mixed ones,
    computed as ``(Σ √μ)²`` over the eigenvalues ``μ`` of ``Y† ρ Y`` with
    ``σ = Y Y†`` (``Y = W √ν`` from ``σ``'s eigenvectors ``W``; eigenvalues at
    or below ``1e-12`` count as 0). Autodiff differentiates all three; in the
    mixed–mixed case the gradient with respect to ``b`` passes through its
    eigenvectors, which a degenerate spectrum of ``b`` leaves undefined (NaN
    on torch): put the state you differentiate first there.

    Example:
        >>> import numpy as np, tyxq
        >>> round(float(tyxq.fidelity(tyxq.Circuit(1).h(0), np.array([1, 0]))), 6)
        0.5
        >>> noisy = tyxq.DensityMatrixMode(noise=tyxq.NoiseModel().add("depolarizing", 0.3, gates=["h"]))
        >>> plus = np.array([1, 1]) / np.sqrt(2)
        >>> round(float(tyxq.fidelity(tyxq.Circuit(1).h(0), plus, mode=noisy)), 6)  # 0.7 + 0.3 / 2
        0.85
    """
    backend = get_backend()
    first, first_pure = _as_state(backend, a, args, mode, batch_axes, mode_options)
    second, second_pure = _as_state(backend, b, args, mode, batch_axes, mode_options)
    if backend.shape(first)[-1] != backend.shape(second)[-1]:
        raise ParameterError(
            f"fidelity compares states of one size, got dimensions {backend.shape(first)[-1]} and "
            f"{backend.shape(second)[-1]}; give two states of the same qubits"
        )
    if first_pure and second_pure:
        overlap = backend.einsum("...i,...i->...", backend.conj(first), second)
        return backend.real(overlap * backend.conj(overlap))
    if first_pure or second_pure:
        psi, rho = (first, second) if first_pure else (second, first)
        return backend.real(backend.einsum("...i,...ij,...j->...", backend.conj(psi), rho, psi))
    nu, w = backend.eigh(second)
    factor = w * backend.sqrt(_positive(backend, nu))[..., None, :]  # σ = Y Y†
    inner = backend.einsum("...ki,...kl,...lj->...ij", backend.conj(factor), first, factor)
    mu = backend.eigh(inner)[0]  # the eigenvalues of Y† ρ Y, those of √ρ σ √ρ
    root = backend.sum(backend.sqrt(_positive(backend, mu)), axis=-1)
    return root * root


def _as_state(
    backend: Backend, given: Any, args: Sequence[Any], mode: ModeLike, batch_axes: BatchAxes, options: dict[str, Any]
) -> tuple[Array, bool]:
    """A statevector or density matrix (batched or not) of a circuit, a function building one, or an array.

    The flag says which: ``True`` for statevectors.
    """
    if isinstance(given, Circuit) or callable(given):
        built = isinstance(given, Circuit)  # the arguments go to the functions only
        _, chosen, circuit = _prepare(
            given, () if built else args, None if built else batch_axes, mode, "fidelity", options
        )
        if chosen.pure and all(op.kind.is_unitary and op.condition is None for op in circuit.ops):
            return state(circuit, mode=chosen), True
        return density_matrix(circuit, mode=chosen), False
    values = backend.asarray(given, dtype=backend.complex_dtype)
    shape = backend.shape(values)
    square = len(shape) >= 2 and shape[-1] == shape[-2]
    if len(shape) not in (1, 2, 3) or (len(shape) == 3 and not square) or shape[-1] & (shape[-1] - 1):
        raise ParameterError(
            f"fidelity reads an array as a statevector (2**n,), a density matrix (2**n, 2**n) or a batch of either, "
            f"got shape {shape}; give one of those"
        )
    return values, len(shape) == 1 or (len(shape) == 2 and not square)


def _positive(backend: Backend, values: Array) -> Array:
    """Eigenvalues with those at or below ``_ZERO`` set to exactly 0 (no gradient flows through them)."""
    keep = backend.cast(values > _ZERO, backend.dtype_name(values))
    return values * keep


def _entropy(backend: Backend, rho: Array) -> Array:
    """``−Σ λ ln λ`` over the eigenvalues of ``rho`` (batched), zero eigenvalues contributing 0."""
    lam = backend.eigh(rho)[0]
    keep = backend.cast(lam > _ZERO, backend.dtype_name(lam))
    safe = lam * keep + (1 - keep)  # 1 where λ is zero: ln 1 = 0, and no gradient through the mask
    return -backend.sum(keep * lam * backend.log(safe), axis=-1)
