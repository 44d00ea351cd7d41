"""Verbs that run circuits: ``state``, ``density_matrix``, ``probabilities``, ``expectation``, ``sample``, ``counts``.

Every verb takes a :class:`~tyxq.Circuit`, or a function that builds one
from arguments, and runs it in the active execution mode (or the one given
as ``mode=``) on the active backend: it reads that selection once, at its
start, and hands it down, so a ``tyxq.set_backend`` in another thread never
reaches into a call under way. Results are arrays of the backend; a batched
circuit (parameters or inputs with a leading batch axis ``B``) gives results
with that axis. With ``batch_axes`` a function written for one parameter set
runs a whole batch of them as one batched simulation
(:mod:`tyxq.execution.batching`).

Example:
    >>> import numpy as np, tyxq
    >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    >>> tyxq.expectation(bell, [tyxq.Z(0) @ tyxq.Z(1), tyxq.X(0)]).round(12).tolist()
    [1.0, 0.0]
    >>> tyxq.counts(bell, 1000, seed=7)
    {'00': 502, '11': 498}
    >>> thetas = np.array([0.0, np.pi / 2, np.pi])
    >>> tyxq.expectation(lambda t: tyxq.Circuit(1).ry(0, t), tyxq.Z(0), thetas, batch_axes=0).round(6).tolist()
    [1.0, 0.0, -1.0]
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

from .arguments import check_qubits, check_shot_vector, make_rng
from .backends.protocol import Array, Backend
from .circuit import Circuit
from .context import get_backend
from .deferral import is_dynamic, read_register
from .errors import BackendError, CapabilityError, GradientError, ObservableError, ParameterError
from .execution.batching import BatchAxes, build_circuit
from .execution.interception import active_interceptor
from .execution.keywords import refuse_mode_options
from .execution.measurement import Measurement
from .execution.protocol import ExecutionMode, density_matrices, reads_classical_bits, resolve_mode
from .execution.shot_vectors import is_shot_vector, refuse_unsupported, split_draws
from .gradients.direct import measure_directly, refusal_of_shot_vectors
from .hermitian import Hermitian
from .kernels.sampling import counts_from_indices, indices_to_bits
from .observables import Observable, PauliString, as_hamiltonian
from .plugins.manager import get_plugin_manager
from .plugins.outputs import CheckedMode

__all__ = ["counts", "density_matrix", "expectation", "expectation_ps", "probabilities", "sample", "state"]

CircuitOrFn = Circuit | Callable[..., Circuit]
AnyObservable = Observable | Hermitian
ModeLike = str | ExecutionMode | None


def _prepare(
    circuit_or_fn: CircuitOrFn,
    args: Sequence[Any],
    batch_axes: BatchAxes,
    mode: ModeLike,
    verb: str,
    mode_options: dict[str, Any],
) -> tuple[Backend, ExecutionMode, Circuit]:
    """The selection, read once, and the circuit to run; mode options given as keywords are refused."""
    refuse_mode_options(verb, mode, mode_options)
    backend = get_backend()
    chosen = _checked(resolve_mode(mode))
    circuit = build_circuit(circuit_or_fn, args, batch_axes, backend)
    if not reads_classical_bits(chosen) and is_dynamic(circuit, pure=chosen.pure):
        raise CapabilityError(
            f"this circuit measures, resets or conditions gates mid-circuit, which mode {chosen.name!r} does not "
            "run; run it in one of the built-in modes (statevector, shots, density_matrix, trajectories)"
        )
    _refuse_foreign_tracked(circuit, backend)
    return backend, chosen, circuit


def _checked(mode: ExecutionMode) -> ExecutionMode:
    """A third-party mode wrapped so that its answers are checked (:mod:`tyxq.plugins.outputs`); tyxq's own as is."""
    if isinstance(mode, CheckedMode):
        return mode
    provider = get_plugin_manager().provider("mode", mode)
    return mode if provider is None else CheckedMode(mode, provider)


def _read(
    circuit: Circuit, mode: ExecutionMode, qubits: Sequence[int] | None, bits: Sequence[int] | None, verb: str
) -> tuple[tuple[int, ...] | None, tuple[int, ...] | None]:
    """The checked ``qubits=`` or ``bits=`` of ``verb`` (at most one of them)."""
    if bits is None:  # one qubit may be given as an int, as every gate method takes it
        return (None if qubits is None else check_qubits(verb, qubits, circuit.n_qubits)), None
    if qubits is not None:
        raise ParameterError("give qubits= or bits=, not both: a reading is of qubits or of classical bits")
    if not reads_classical_bits(mode):
        raise CapabilityError(f"mode {mode.name!r} does not read classical bits; use a built-in mode for bits=")
    listed = list(bits)
    if (
        not listed
        or len(set(listed)) != len(listed)
        or any(isinstance(b, bool) or not isinstance(b, numbers.Integral) or b < 0 for b in listed)
    ):
        raise ParameterError(f"bits= takes distinct non-negative integer bit indices, got {bits!r}")
    return None, tuple(int(b) for b in listed)


def _refuse_foreign_tracked(circuit: Circuit, backend: Backend) -> None:
    """Refuse a value another library's autodiff tracks (a torch tensor with ``requires_grad``) on this backend.

    Arrays of another library are converted to the active backend's where
    that library allows it (a CPU torch tensor on numpy is read as a NumPy
    array), but a tracked tensor cannot leave its graph without losing its
    gradient: it is refused here, naming the backend that keeps it.
    """
    values = [(op.name, value) for op in circuit.ops for value in (*op.params, op.matrix) if value is not None]
    for name, value in [*values, ("the initial state", circuit.inputs)]:
        if isinstance(value, float) or getattr(value, "requires_grad", False) is not True or backend.is_array(value):
            continue
        library = type(value).__module__.split(".")[0]
        raise BackendError(
            f"{name} has a {library} {type(value).__name__} that requires grad, but the active backend is "
            f"{backend.name!r}, which cannot carry {library}'s gradients: run on the backend of that library "
            f'(tyxq.set_backend("{library}") or tyxq.use_backend("{library}")), or pass value.detach() '
            "if no gradient is wanted"
        )


def _measure(measurement: Measurement) -> Array:
    interceptor = active_interceptor()
    if interceptor is not None:
        if is_shot_vector(measurement.shots):
            raise GradientError(refusal_of_shot_vectors())
        return interceptor.measure(measurement)
    return measure_directly(measurement)


def _shot_counts(shots: Any, mode: ExecutionMode, verb: str) -> int | tuple[int, ...] | None:
    """A verb's ``shots``: one count as given (the mode checks it), or a checked shot vector the mode estimates."""
    if not is_shot_vector(shots):
        return shots
    vector = check_shot_vector(shots)
    refuse_unsupported(mode, verb)
    return vector


def state(
    circuit_or_fn: CircuitOrFn, *args: Any, mode: ModeLike = None, batch_axes: BatchAxes = None, **mode_options: Any
) -> Array:
    """The final statevector, ``(2**n,)`` or ``(B, 2**n)``, in an execution mode that has one.

    Modes that only estimate (``shots``) or simulate a mixed state
    (``density_matrix``), and circuits that measure or reset mid-circuit,
    raise :class:`~tyxq.errors.CapabilityError`: ask for
    :func:`density_matrix` there. Mode options go with the mode
    (``mode=tyxq.ShotsMode(shots=100)``); given here as keywords
    (``mode_options``) they are refused by name.

    Example:
        >>> import tyxq
        >>> tyxq.state(tyxq.Circuit(1).x(0)).real.tolist()
        [0.0, 1.0]
    """
    backend, chosen, circuit = _prepare(circuit_or_fn, args, batch_axes, mode, "state", mode_options)
    psi = chosen.state(circuit, backend=backend)
    if circuit.batch_size is None:
        return backend.reshape(psi, (2**circuit.n_qubits,))
    return psi


def density_matrix(
    circuit_or_fn: CircuitOrFn,
    *args: Any,
    qubits: Sequence[int] | None = None,
    mode: ModeLike = None,
    batch_axes: BatchAxes = None,
    **mode_options: Any,
) -> Array:
    """The density matrix of ``qubits`` (all by default): ``(2**k, 2**k)`` or ``(B, 2**k, 2**k)``.

    In every exact mode: the reduced matrix ``Tr_rest |ψ⟩⟨ψ|`` in the
    ``statevector`` mode (a circuit that measures or resets mid-circuit
    included: its mixed state is traced from the purified one), and ``ρ``
    itself, noise model applied, traced to ``qubits`` in the
    ``density_matrix`` mode. The first listed qubit is the most significant
    bit of a row index. Modes that only estimate (``shots``,
    ``trajectories``) raise :class:`~tyxq.errors.CapabilityError`.
    Results are backend arithmetic: autograd differentiates them.

    Example:
        >>> import tyxq
        >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
        >>> tyxq.density_matrix(bell, qubits=[1]).real.round(6).tolist()
        [[0.5, 0.0], [0.0, 0.5]]
        >>> tyxq.density_matrix(tyxq.Circuit(1).h(0).measure(0), mode="density_matrix").real.round(6).tolist()
        [[0.5, 0.0], [0.0, 0.5]]
    """
    backend, chosen, circuit = _prepare(circuit_or_fn, args, batch_axes, mode, "density_matrix", mode_options)
    kept, _ = _read(circuit, chosen, qubits, None, "density_matrix")
    rho = density_matrices(chosen, circuit, kept, backend=backend)
    if circuit.batch_size is None:
        dim = backend.shape(rho)[-1]
        return backend.reshape(rho, (dim, dim))
    return rho


def probabilities(
    circuit_or_fn: CircuitOrFn,
    *args: Any,
    qubits: Sequence[int] | None = None,
    mode: ModeLike = None,
    shots: int | Sequence[int] | None = None,
    seed: Any = None,
    batch_axes: BatchAxes = None,
    bits: Sequence[int] | None = None,
    **mode_options: Any,
) -> Array:
    """Basis-state probabilities of ``qubits`` (all by default): ``(2**k,)`` or ``(B, 2**k)``.

    The first listed qubit is the most significant bit of the index. In the
    ``shots`` mode these are observed frequencies. Gradient methods see
    this call as they see :func:`expectation`. ``bits`` reads the final
    values of classical bits instead: those ``Circuit.measure`` and
    ``Circuit.measure_at_end`` write, any other bit of the register reading 0.
    A shot vector (``shots=[100, 1000]``) returns a tuple of frequencies, one
    per count (:mod:`tyxq.execution.shot_vectors`).

    Example:
        >>> import tyxq
        >>> tyxq.probabilities(tyxq.Circuit(2).x(1), qubits=[1]).tolist()
        [0.0, 1.0]
        >>> tyxq.probabilities(tyxq.Circuit(2).x(0), qubits=[0], mode="shots", shots=10, seed=1).tolist()
        [0.0, 1.0]
    """
    backend, chosen, circuit = _prepare(circuit_or_fn, args, batch_axes, mode, "probabilities", mode_options)
    measured, read_bits = _read(circuit, chosen, qubits, bits, "probabilities")
    shots = _shot_counts(shots, chosen, "tyxq.probabilities")
    if read_bits is None:
        return _measure(Measurement(circuit, None, chosen, backend, shots, seed, measured))
    register = read_register(circuit, read_bits)  # bits never written hold 0: the mode reads the others
    asked, qubit_zero = register.asked or None, None if register.asked else (0,)
    probs = _measure(Measurement(circuit, None, chosen, backend, shots, seed, qubit_zero, bits=asked))
    if register.asked == read_bits:
        return probs  # every bit has its own source: the mode's value as it is (gradient methods recognise it)
    if isinstance(probs, tuple):
        return tuple(register.widen_probabilities(backend, part) for part in probs)
    return register.widen_probabilities(backend, probs)


def expectation(
    circuit_or_fn: CircuitOrFn,
    observable: AnyObservable | Sequence[AnyObservable],
    *args: Any,
    mode: ModeLike = None,
    shots: int | Sequence[int] | None = None,
    seed: Any = None,
    batch_axes: BatchAxes = None,
    **mode_options: Any,
) -> Array:
    """⟨observable⟩ after a circuit, or the values of a list of observables from one simulation.

    Args:
        circuit_or_fn: a :class:`~tyxq.Circuit`, or a function
            ``fn(*args) -> Circuit``.
        observable: a Pauli string, a Hamiltonian, text like ``"ZZ"``, a
            :class:`~tyxq.Hermitian` matrix, or a list (or tuple) of them.
        args: the arguments of ``fn``.
        mode: an execution mode object with its options
            (``tyxq.DensityMatrixMode(noise=model)``), or a mode's name for
            its defaults; the active mode (``tyxq.set_execution_mode``,
            ``statevector`` by default) if ``None``.
        shots: shots per measured group (``shots`` and ``trajectories``
            modes, and a noisy mode created with a shot count); the mode's
            default if ``None``. An exact mode refuses a shot count. A list
            of counts (a shot vector, ``[100, 1000]``) returns a tuple of
            estimates, one per count, from consecutive slices of one stream
            of shots (:mod:`tyxq.execution.shot_vectors`).
        seed: an int, a ``numpy.random.Generator`` or ``None`` (see
            :mod:`tyxq.kernels.sampling`).
        batch_axes: ``None``, an int, or one int-or-``None`` per argument:
            where the arguments carry a batch of parameter sets, which then
            run as one batched simulation.
        mode_options: refused with a :class:`~tyxq.ConfigurationError`
            showing the spelling that works: a mode's options go with the
            mode, ``mode=tyxq.DensityMatrixMode(noise=model)``.

    Returns:
        A real array of the backend, of shape ``()`` or ``(B,)`` for one observable,
        ``(K,)`` or ``(B, K)`` for a list of ``K`` (a tuple of them for a shot vector). A list costs one
        simulation in an exact mode, and in the ``shots`` mode one set of
        shots per group of qubit-wise commuting terms across the whole
        list. Every gradient method differentiates this call.

    Example:
        >>> import tyxq
        >>> bell = tyxq.Circuit(2).h(0).cnot(0, 1)
        >>> round(float(tyxq.expectation(bell, "ZZ")), 12)
        1.0
        >>> pair = [tyxq.Z(0), tyxq.Z(0) @ tyxq.Z(1)]
        >>> tyxq.expectation(bell, pair, mode="shots", shots=100, seed=0).round(6).tolist()
        [-0.12, 1.0]
    """
    backend, chosen, circuit = _prepare(circuit_or_fn, args, batch_axes, mode, "expectation", mode_options)
    shots = _shot_counts(shots, chosen, "tyxq.expectation")
    listed = listed_observables(observable, "expectation")
    single = not isinstance(observable, (list, tuple))
    paulis = [o for o in listed if not isinstance(o, Hermitian)]
    if len(paulis) == len(listed):
        hamiltonians = tuple(as_hamiltonian(o, circuit.n_qubits) for o in paulis)
        return _measure(Measurement(circuit, hamiltonians, chosen, backend, shots, seed, single=single))
    rng = None if seed is None else make_rng(seed)  # one stream for the call's several runs
    hamiltonians = tuple(as_hamiltonian(o, circuit.n_qubits) for o in paulis)
    pauli_values = (
        _measure(Measurement(circuit, hamiltonians, chosen, backend, shots, rng, single=False)) if paulis else None
    )
    hermitians = iter(
        [eigenbasis_probabilities(circuit, o, chosen, backend, shots, rng) for o in listed if isinstance(o, Hermitian)]
    )
    parts = [next(hermitians) if isinstance(item, Hermitian) else None for item in listed]

    def in_order(pick: Callable[[Any], Array]) -> Array:
        """The listed observables' values, ``pick`` choosing one shot count's value (or the value itself)."""
        found, position = [], 0
        for part in parts:
            if part is None:
                found.append(pick(pauli_values)[..., position])
                position += 1
            else:
                probs, eigenvalues = part
                found.append(backend.matmul(pick(probs), eigenvalues))
        return found[0] if single else backend.stack(found, axis=-1)

    if isinstance(shots, tuple):  # a shot vector: a tuple of values, one per shot count
        return tuple(in_order(functools.partial(_entry, j)) for j in range(len(shots)))
    return in_order(lambda value: value)


def _entry(j: int, values: Any) -> Any:
    """Entry ``j`` of the values of a shot vector (a tuple, or an array with the shot-count axis first)."""
    return values[j]


def listed_observables(observable: Any, verb: str) -> list[Any]:
    """The observables of a verb as a non-empty list (one given alone is a list of one)."""
    listed = list(observable) if isinstance(observable, (list, tuple)) else [observable]
    if not listed:
        raise ObservableError(f"{verb} was given an empty list of observables; give at least one")
    return listed


def eigenbasis_probabilities(
    circuit: Circuit,
    hermitian: Hermitian,
    mode: ExecutionMode,
    backend: Backend,
    shots: int | tuple[int, ...] | None,
    seed: Any,
) -> tuple[Array, Array]:
    """The probabilities of ``hermitian``'s eigenvalues after ``circuit``, and those eigenvalues.

    The circuit runs with ``unitary(qubits, V†)`` appended and the
    probabilities of the Hermitian's qubits are read as any
    :func:`probabilities` call (so gradient methods see them): index ``j``
    is the eigenvalue ``λ_j``. Exact in an exact mode, frequencies of
    ``shots`` in the ``shots`` mode.
    """
    qubits = check_qubits("expectation", hermitian.qubits, circuit.n_qubits)
    rotated = circuit.copy().unitary(list(qubits), hermitian.rotation)
    probs = _measure(Measurement(rotated, None, mode, backend, shots, seed, qubits))
    eigenvalues = backend.cast(backend.asarray(hermitian.eigenvalues), backend.dtype_name(probs))
    return probs, eigenvalues


def expectation_ps(
    circuit: Circuit,
    x: Sequence[int] = (),
    y: Sequence[int] = (),
    z: Sequence[int] = (),
    coefficient: float = 1.0,
    **options: Any,
) -> Array:
    """The expectation of the Pauli string with X on ``x``, Y on ``y`` and Z on ``z``.

    ``options`` are those of :func:`expectation` (``mode``, ``shots``, ``seed``).

    Example:
        >>> import tyxq
        >>> round(float(tyxq.expectation_ps(tyxq.Circuit(2).h(0).h(1), x=[0, 1])), 12)
        1.0
    """
    return expectation(circuit, PauliString.from_lists(x=x, y=y, z=z, coefficient=coefficient), **options)


def _indices(
    circuit_or_fn: CircuitOrFn,
    shots: int | Sequence[int] | None,
    args: Sequence[Any],
    qubits: Sequence[int] | None,
    mode: ModeLike,
    seed: Any,
    batch_axes: BatchAxes,
    bits: Sequence[int] | None,
    verb: str,
    mode_options: dict[str, Any],
) -> tuple[Backend, Circuit, list[np.ndarray], int, bool]:
    """The draws of ``sample`` and ``counts``: one ``(B, shots)`` block, or one per entry of a shot vector.

    A shot vector draws its sum once and cuts it into consecutive slices
    (:mod:`tyxq.execution.shot_vectors`), which needs nothing of the mode.
    """
    backend, chosen, circuit = _prepare(circuit_or_fn, args, batch_axes, mode, verb, mode_options)
    measured, read_bits = _read(circuit, chosen, qubits, bits, verb)
    vector = check_shot_vector(shots) if isinstance(shots, (list, tuple)) else None
    count = cast(int | None, shots) if vector is None else sum(vector)  # one count is checked by the mode
    if read_bits is None:
        indices = chosen.sample(circuit, measured, backend=backend, shots=count, seed=seed)
        k = circuit.n_qubits if measured is None else len(measured)
    else:
        register = read_register(circuit, read_bits)  # bits never written hold 0: the mode reads the others
        options = {"bits": register.asked} if register.asked else {}
        indices = chosen.sample(
            circuit, None if register.asked else (0,), backend=backend, shots=count, seed=seed, **options
        )
        indices, k = register.widen_indices(indices), len(read_bits)
    blocks = [indices] if vector is None else split_draws(indices, vector)
    return backend, circuit, blocks, k, vector is not None


def sample(
    circuit_or_fn: CircuitOrFn,
    shots: int | Sequence[int] | None = None,
    *args: Any,
    qubits: Sequence[int] | None = None,
    mode: ModeLike = None,
    seed: Any = None,
    batch_axes: BatchAxes = None,
    bits: Sequence[int] | None = None,
    **mode_options: Any,
) -> Array:
    """``shots`` measured bitstrings as a ``(shots, k)`` 0/1 array (``(B, shots, k)`` if batched).

    Column ``j`` is qubit ``qubits[j]`` (qubit ``j`` by default), so a row
    reads left to right like the labels of :func:`counts`; the same seed
    gives the same shots as :func:`counts`. ``shots`` may be left out in a
    mode created with a shot count. ``bits`` reads classical bits instead of
    qubits, column ``j`` being ``bits[j]`` (a bit of the register never
    written reads 0). A shot vector (``[100, 1000]``) returns a tuple of
    such arrays, consecutive slices of the ``sum`` shots drawn
    (:mod:`tyxq.execution.shot_vectors`).

    Example:
        >>> import tyxq
        >>> tyxq.sample(tyxq.Circuit(2).x(0), 3, seed=1).tolist()
        [[1, 0], [1, 0], [1, 0]]
    """
    backend, circuit, blocks, k, vector = _indices(
        circuit_or_fn, shots, args, qubits, mode, seed, batch_axes, bits, "sample", mode_options
    )
    arrays = []
    for indices in blocks:
        rows = indices_to_bits(indices, k)
        arrays.append(backend.asarray(rows if circuit.batch_size is not None else rows[0]))
    return tuple(arrays) if vector else arrays[0]


def counts(
    circuit_or_fn: CircuitOrFn,
    shots: int | Sequence[int] | None = None,
    *args: Any,
    qubits: Sequence[int] | None = None,
    mode: ModeLike = None,
    seed: Any = None,
    batch_axes: BatchAxes = None,
    bits: Sequence[int] | None = None,
    **mode_options: Any,
) -> dict[str, int] | list[dict[str, int]] | tuple[Any, ...]:
    """How often each bitstring was measured (qubit 0 leftmost), as a dict; a list of dicts if batched.

    With ``bits`` the strings are the final values of those classical bits
    (``bits[0]`` leftmost; a bit of the register never written reads 0):
    ``bits=range(c.n_bits)`` lists bit 0 first, so OpenQASM's register order
    (``c[0]`` rightmost) is ``bits=reversed(range(c.n_bits))``. A shot vector
    (``[100, 1000]``) returns a tuple of tables, one per count.

    Example:
        >>> import tyxq
        >>> tyxq.counts(tyxq.Circuit(3).x(2), 10, seed=0)
        {'001': 10}
    """
    _, circuit, blocks, k, vector = _indices(
        circuit_or_fn, shots, args, qubits, mode, seed, batch_axes, bits, "counts", mode_options
    )
    found = []
    for indices in blocks:
        tables = [counts_from_indices(row, k) for row in indices]
        found.append(tables if circuit.batch_size is not None else tables[0])
    return tuple(found) if vector else found[0]
