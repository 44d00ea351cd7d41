"""The ``adjoint`` gradient: reverse-mode differentiation of exact expectations, backend-agnostic.

For ``E = ⟨ψ|H|ψ⟩`` with ``|ψ⟩ = U_N ⋯ U_1 |ψ_0⟩`` one forward pass gives
``|ψ_N⟩``; the backward pass starts from ``|λ⟩ = H|ψ_N⟩`` and walks the
circuit in reverse, undoing each gate on both states. At a gate with
generator ``G`` (``dU/dθ = -iGU``) the derivative is

    dE/dθ = 2 Re⟨λ_i| dU_i/dθ |ψ_{i-1}⟩ = 2 Im⟨λ_i| G |ψ_i⟩,

and where a gate has no single generator (``u``) its ``GateSpec.derivative``
matrix is applied to ``|ψ_{i-1}⟩`` instead. The pass holds four states
(``ψ``, ``λ``, ``conj(λ)`` and one image) whatever the number of parameters, and
runs of constant gates between parametrised ones are undone as one fused
plan. Batches (a leading axis on the states) give every member's
derivatives at once. Exact up to rounding, for exact modes only: with shots,
use ``parameter_shift``.

Example:
    >>> import numpy as np, tyxq
    >>> def energy(theta):
    ...     return tyxq.expectation(tyxq.Circuit(1).rx(0, 2 * theta[0]), tyxq.Z(0))
    >>> value, grad = tyxq.value_and_grad(energy, method="adjoint")(np.array([0.3]))
    >>> bool(np.isclose(value, np.cos(0.6))), bool(np.allclose(grad, [-2 * np.sin(0.6)]))
    (True, True)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..circuit import Circuit, Operation
from ..deferral import is_dynamic
from ..errors import GradientError
from ..execution.measurement import Measurement
from ..execution.protocol import ExecutionMode
from ..gates import GATES
from ..kernels.apply import apply_diagonal, apply_matrix
from ..kernels.measure import marginal_probabilities, pauli_expectations, state_probabilities
from ..kernels.observe import apply_weighted_observables
from ..kernels.plan import structure_key
from ..kernels.simulate import evolve, final_state, operation_matrix, param_array
from ..kinds import OperationKind
from ..observables import Observable
from .angles import angle_slots
from .chain import value_and_grad_through_angles
from .engine import batch_of

__all__ = ["AdjointEngine", "AdjointGradient", "adjoint_gradients", "adjoint_probabilities_vjp"]

_SEGMENTS: OrderedDict[tuple[Any, ...], dict[tuple[int, int], Circuit]] = OrderedDict()
_SEGMENT_CACHE_SIZE = 64
_LOCK = threading.Lock()


def _inverse_segment(backend: Backend, circuit: Circuit, start: int, stop: int) -> Circuit:
    """The inverse of the constant operations ``start .. stop-1`` as a circuit (cached unless it holds matrices)."""
    ops = circuit.ops[start:stop]
    cacheable = all(op.kind is not OperationKind.MATRIX for op in ops)
    key = structure_key(circuit)
    if cacheable:
        found = _SEGMENTS.get(key, {}).get((start, stop))
        if found is not None:
            return found
    inverse = Circuit(circuit.n_qubits)
    for op in reversed(ops):
        if op.kind is OperationKind.MATRIX:
            inverse.unitary(op.qubits, _dagger_matrix(backend, op.matrix))
        else:
            spec = GATES[op.name]
            name = op.name if spec.inverse is None else spec.inverse(())[0]
            inverse.apply(name, *op.qubits)
    if cacheable:
        with _LOCK:  # tyxq.submit runs gradients in threads
            _SEGMENTS.setdefault(key, {})[(start, stop)] = inverse
            if len(_SEGMENTS) > _SEGMENT_CACHE_SIZE:
                _SEGMENTS.popitem(last=False)
    return inverse


def _dagger_matrix(backend: Backend, matrix: Any) -> Any:
    if not backend.is_array(matrix):
        matrix = np.asarray(matrix, dtype=np.complex128)
        return np.conj(np.swapaxes(matrix, -1, -2))
    return backend.conj(backend.moveaxis(matrix, -1, -2))


def _inverse_operator(backend: Backend, op: Operation, params: list[Array]) -> tuple[str, Array]:
    """The inverse of one parametrised operation: ``("diagonal", d)`` or ``("dense", matrix)``."""
    kind, built = operation_matrix(backend, op, params)
    if kind == "diagonal":
        return kind, backend.conj(built)
    return kind, backend.conj(backend.moveaxis(built, -1, -2))


def _apply(backend: Backend, operator: tuple[str, Array], qubits: tuple[int, ...], psi: Array, n: int) -> Array:
    kind, array = operator
    if kind == "diagonal":
        return apply_diagonal(backend, psi, n, qubits, array)
    return apply_matrix(backend, psi, n, qubits, array)


_GENERATORS: dict[tuple[Any, ...], Array] = {}


def _apply_generator(backend: Backend, op: Operation, index: int, psi: Array, n: int) -> Array:
    spec = GATES[op.name]
    key = (backend.name, backend.complex_dtype, str(backend.device), id(backend), op.name, index)
    generator = _GENERATORS.get(key)
    if generator is None:
        host = spec.generators[index]
        assert host is not None
        generator = _GENERATORS[key] = backend.asarray(
            np.array(np.diag(host)) if spec.apply_as == "diagonal" else host, dtype=backend.complex_dtype
        )
    if spec.apply_as == "diagonal":
        return apply_diagonal(backend, psi, n, op.qubits, generator)
    return apply_matrix(backend, psi, n, op.qubits, generator)


def _overlap(backend: Backend, bra_conj: Array, ket: Array, part: Callable[[Array], Array]) -> Array:
    """``part(Σ_k conj(λ_k) ket_k)`` per batch member, given ``conj(λ)``: shape ``(B,)``."""
    return part(backend.einsum("bk,bk->b", bra_conj, ket))


def adjoint_gradients(
    backend: Backend, circuit: Circuit, observables: Sequence[Observable], cotangent: Array | None = None
) -> tuple[Array, list[Array]]:
    """The exact values ``(B, K)`` and, per angle slot, ``Σ_k cotangent_bk · dE_bk/dθ`` of shape ``(B,)``.

    ``cotangent`` is ``(B, K)``, ``None`` for all ones. The backward pass
    starts from ``Σ_k cotangent_bk H_k|ψ_b⟩``, so several observables cost
    one pass. Slots are those of :func:`tyxq.gradients.angles.angle_slots`.

    Example:
        >>> import numpy as np, tyxq
        >>> c = tyxq.Circuit(1).ry(0, 0.4)
        >>> value, (grad,) = adjoint_gradients(tyxq.get_backend(), c, [tyxq.Z(0)])
        >>> bool(np.allclose(grad, -np.sin(0.4)))
        True
    """
    n = circuit.n_qubits
    psi = _final_states(backend, circuit)
    value = pauli_expectations(backend, psi, n, observables)
    weights = backend.ones_like(value) if cotangent is None else backend.cast(cotangent, backend.real_dtype)
    lam = apply_weighted_observables(backend, psi, n, observables, weights)
    states = [psi, lam]
    del psi, lam
    return value, _backward(backend, circuit, states)


def adjoint_probabilities_vjp(
    backend: Backend, circuit: Circuit, qubits: tuple[int, ...] | None, cotangent: Array
) -> tuple[Array, list[Array]]:
    """The exact probabilities ``(B, 2**k)`` and, per angle slot, ``Σ_j g_bj · dp_bj/dθ``, shape ``(B,)``.

    ``Σ_j g_j p_j = ⟨ψ|D|ψ⟩`` with ``D`` the diagonal that repeats ``g``
    over the unmeasured qubits, so the backward pass starts from ``D|ψ⟩``.

    Example:
        >>> import numpy as np, tyxq
        >>> c = tyxq.Circuit(2).ry(1, 0.4)
        >>> probs, (grad,) = adjoint_probabilities_vjp(tyxq.get_backend(), c, (1,), np.array([[1.0, 0.0]]))
        >>> bool(np.allclose(grad, -np.sin(0.4) / 2))  # d/dθ cos²(θ/2)
        True
    """
    n = circuit.n_qubits
    psi = _final_states(backend, circuit)
    probs = state_probabilities(backend, psi)
    weights = backend.cast(cotangent, backend.real_dtype)
    if qubits is not None:
        probs = marginal_probabilities(backend, probs, n, qubits)
        weights = backend.take(weights, backend.asarray(_measured_index(n, qubits)), axis=1)
    states = [psi, psi * backend.cast(weights, backend.complex_dtype)]
    del psi
    return probs, _backward(backend, circuit, states)


def _measured_index(n: int, qubits: tuple[int, ...]) -> np.ndarray:
    """For each basis state of ``n`` qubits, its index among the states of ``qubits`` (first = MSB)."""
    states = np.arange(2**n, dtype=np.int64)
    index = np.zeros(2**n, dtype=np.int64)
    for position, qubit in enumerate(qubits):
        index |= ((states >> (n - 1 - qubit)) & 1) << (len(qubits) - 1 - position)
    return index


def _final_states(backend: Backend, circuit: Circuit) -> Array:
    """The final states ``(B, 2**n)``, a buffer of their own (the backward pass may overwrite it)."""
    batch = batch_of(circuit)
    psi = final_state(backend, circuit)
    if backend.shape(psi)[0] != batch:
        psi = backend.copy(backend.broadcast_to(psi, (batch, 2**circuit.n_qubits)))
    return psi


def _backward(backend: Backend, circuit: Circuit, states: list[Array]) -> list[Array]:
    """Per angle slot, ``2 Re⟨λ|dψ/dθ⟩`` per batch member, walking back from ``states = [ψ, λ]``.

    The list hands the two states over (it is emptied), so that no caller
    keeps the final states alive while the pass makes new ones.
    """
    psi, lam = states
    states.clear()
    n = circuit.n_qubits
    slots = angle_slots(circuit)
    position = {(s.op, s.param): k for k, s in enumerate(slots)}
    grads: list[Array] = [None] * len(slots)
    ops = circuit.ops
    parametrised = sorted({s.op for s in slots})
    stop = len(ops)
    for index in reversed(parametrised):
        if index + 1 < stop:
            segment = _inverse_segment(backend, circuit, index + 1, stop)
            psi = evolve(backend, segment, psi)
            lam = evolve(backend, segment, lam)
        op = ops[index]
        spec = GATES[op.name]
        params = [param_array(backend, p, f"parameter {j} of {op.name}") for j, p in enumerate(op.params)]
        lam_conj = backend.conj(lam)
        for j, generator in enumerate(spec.generators):
            if generator is not None:
                image = _apply_generator(backend, op, j, psi, n)
                grads[position[(index, j)]] = 2 * _overlap(backend, lam_conj, image, backend.imag)
                del image
        last = index == parametrised[0]
        needs_previous = any(g is None for g in spec.generators)
        inverse = _inverse_operator(backend, op, params) if needs_previous or not last else None
        if inverse is not None:
            psi = _apply(backend, inverse, op.qubits, psi, n)
        if needs_previous:
            assert spec.derivative is not None
            for j, generator in enumerate(spec.generators):
                if generator is None:
                    image = apply_matrix(backend, psi, n, op.qubits, spec.derivative(backend, tuple(params), j))
                    grads[position[(index, j)]] = 2 * _overlap(backend, lam_conj, image, backend.real)
                    del image
        del lam_conj
        if not last and inverse is not None:
            lam = _apply(backend, inverse, op.qubits, lam, n)
        stop = index
    return grads


class AdjointEngine:
    """The adjoint method as an :class:`~tyxq.gradients.engine.AngleEngine` (exact modes only)."""

    def vjp(self, call: Measurement, cotangent: Array | None) -> list[Array]:
        return self.value_and_vjp(call, cotangent)[1]

    def value_and_vjp(self, call: Measurement, cotangent: Array | None) -> tuple[Array, list[Array]]:
        if call.bits is not None or is_dynamic(call.circuit, pure=True):
            raise GradientError(
                "the adjoint method runs one statevector backwards, which a circuit that measures, resets or "
                "conditions gates mid-circuit does not have; use method='parameter_shift' (or 'autograd' in the "
                "density_matrix mode on a backend with autodiff)"
            )
        if call.observables is not None:
            weights = None if cotangent is None else call.backend.reshape(cotangent, (call.batch, -1))
            values, grads = adjoint_gradients(call.backend, call.circuit, call.observables, weights)
            return call.backend.reshape(values, (call.batch, *call.value_shape)), grads
        if cotangent is None:
            raise GradientError("the adjoint method differentiates probabilities through a cotangent (a vjp)")
        return adjoint_probabilities_vjp(call.backend, call.circuit, call.qubits, cotangent)


def adjoint_unsupported(mode: ExecutionMode) -> str | None:
    """Why adjoint cannot serve ``mode``, or ``None``."""
    if mode.exact and mode.pure:
        return None
    if mode.exact:
        return (
            f"the adjoint method needs exact statevector expectations, but mode {mode.name!r} simulates a mixed "
            "state; use method='autograd' (on a backend with autodiff: tyxq.set_backend(\"torch\")), "
            "'parameter_shift' or 'finite_difference'"
        )
    return (
        f"the adjoint method needs exact statevector expectations, but mode {mode.name!r} is not exact"
        + (" (it samples shots)" if mode.takes_shots else "")
        + "; use method='parameter_shift' (exact shift rules, works with shots) or 'finite_difference'"
    )


class AdjointGradient:
    """``method="adjoint"``: exact gradients of statevector expectations in one forward and one backward pass.

    On a backend with autodiff it sits inside the backend's graph
    (``custom_vjp``); on others the chain to ``fn``'s arguments follows the
    affine rule of :mod:`tyxq.gradients.affine`.
    """

    name = "adjoint"

    def __repr__(self) -> str:
        return "AdjointGradient()"

    def supports(self, backend: Backend, mode: ExecutionMode) -> str | None:
        return adjoint_unsupported(mode)

    def value_and_grad(
        self, fn: Callable[..., Array], argnums: int | tuple[int, ...] = 0, *, backend: Backend, mode: ExecutionMode
    ) -> Callable[..., tuple[Array, Any]]:
        message = self.supports(backend, mode)
        if message is not None:
            raise GradientError(message)
        engine = AdjointEngine()

        def route(call_mode: ExecutionMode) -> AdjointEngine:
            problem = adjoint_unsupported(call_mode)
            if problem is not None:
                raise GradientError(problem)
            return engine

        return value_and_grad_through_angles(fn, argnums, backend, self.name, route)
