"""The ``adjoint`` gradient: reverse-mode differentiation of exact expectations, backend-agnostic.

For ``E = ⟨ψ|H|ψ⟩`` one forward pass gives the final state ``|ψ⟩``; the
backward pass starts from ``|λ⟩ = H|ψ⟩`` (several observables weighted by a
cotangent: one ``λ``) and sweeps the circuit's compiled plan in reverse
(:mod:`tyxq.kernels.adjoint`), reading at each fused step the derivatives
of the angles it applies,

    dE/dθ = 2 Re⟨λ_i| dU_i/dθ |ψ_{i-1}⟩ = 2 Im⟨λ_i| G |ψ_i⟩

for a gate with generator ``G`` (``dU/dθ = -iGU``), and un-applying the
step from both states. Only ``ψ`` and ``λ`` are kept, whatever the number of
parameters. Batches (a leading axis on the states) give every member's
derivatives at once. On a backend whose ``custom_vjp_with_residuals`` keeps
the forward's final state (torch), the backward pass starts from it instead
of simulating again. Exact up to rounding, for exact modes only: with
shots, use ``parameter_shift``.

Example:
    >>> import numpy as np, tyxq
    >>> def energy(theta):
    ...     return tyxq.expectation(tyxq.Circuit(1).rx(0, 2 * theta[0]), tyxq.Z(0))
    >>> value, grad = tyxq.value_and_grad(energy, method="adjoint")(np.array([0.3]))
    >>> bool(np.isclose(value, np.cos(0.6))), bool(np.allclose(grad, [-2 * np.sin(0.6)]))
    (True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..circuit import Circuit
from ..deferral import is_dynamic
from ..errors import GradientError
from ..execution.measurement import Measurement
from ..execution.protocol import ExecutionMode
from ..kernels.adjoint import KEEP_LIMIT, adjoint_sweep, forward_keeping
from ..kernels.measure import marginal_probabilities, pauli_expectations, state_probabilities
from ..kernels.observe import apply_weighted_observables
from ..kernels.plan import compile_plan
from ..kinds import OperationKind
from ..observables import Observable
from .angles import angle_slots
from .chain import value_and_grad_through_angles

__all__ = [
    "AdjointEngine",
    "AdjointGradient",
    "AdjointWhereItApplies",
    "adjoint_gradients",
    "adjoint_probabilities_vjp",
]


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
    states = forward_keeping(backend, circuit)
    psi = states[-1]
    value = pauli_expectations(backend, psi, circuit.n_qubits, observables)
    lam = _weighted_observables(backend, circuit, observables, psi, cotangent)
    return value, adjoint_sweep(backend, circuit, states, lam, _all_slots(circuit))


def _weighted_observables(
    backend: Backend, circuit: Circuit, observables: Sequence[Observable], psi: Array, cotangent: Array | None
) -> Array:
    """``λ = Σ_k cotangent_bk H_k|ψ_b⟩`` (all ones for ``None``): where the backward sweep starts."""
    if cotangent is None:
        weights = backend.ones((backend.shape(psi)[0], len(observables)), dtype=backend.real_dtype)
    else:
        weights = backend.cast(cotangent, backend.real_dtype)
    return apply_weighted_observables(backend, psi, circuit.n_qubits, observables, weights)


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
    states = forward_keeping(backend, circuit)
    probs = _probabilities(backend, circuit, qubits, states[-1])
    lam = _weighted_probabilities(backend, circuit, qubits, states[-1], cotangent)
    return probs, adjoint_sweep(backend, circuit, states, lam, _all_slots(circuit))


def _probabilities(backend: Backend, circuit: Circuit, qubits: tuple[int, ...] | None, psi: Array) -> Array:
    probs = state_probabilities(backend, psi)
    return probs if qubits is None else marginal_probabilities(backend, probs, circuit.n_qubits, qubits)


def _weighted_probabilities(
    backend: Backend, circuit: Circuit, qubits: tuple[int, ...] | None, psi: Array, cotangent: Array
) -> Array:
    """``D|ψ⟩``, ``D`` the diagonal repeating the cotangent over the unmeasured qubits."""
    weights = backend.cast(cotangent, backend.real_dtype)
    if qubits is not None:
        weights = backend.take(weights, backend.asarray(_measured_index(circuit.n_qubits, qubits)), axis=1)
    return psi * backend.cast(weights, backend.complex_dtype)


def _measured_index(n: int, qubits: tuple[int, ...]) -> np.ndarray:
    """For each basis state of ``n`` qubits, its index among the states of ``qubits`` (first = MSB)."""
    states = np.arange(2**n, dtype=np.int64)
    index = np.zeros(2**n, dtype=np.int64)
    for position, qubit in enumerate(qubits):
        index |= ((states >> (n - 1 - qubit)) & 1) << (len(qubits) - 1 - position)
    return index


def _all_slots(circuit: Circuit) -> list[tuple[int, int]]:
    return [(slot.op, slot.param) for slot in angle_slots(circuit)]


class AdjointEngine:
    """The adjoint method as an :class:`~tyxq.gradients.engine.AngleEngine` (exact modes only).

    Besides the engine protocol it splits the work as the backend's
    ``custom_vjp_with_residuals`` wants it: :meth:`forward_with_residual`
    simulates once and keeps the final state, :meth:`vjp_from_residual` sweeps
    back from it, so the backward pass simulates nothing again.
    """

    def vjp(self, call: Measurement, cotangent: Array | None) -> list[Array]:
        return self.value_and_vjp(call, cotangent)[1]

    def value_and_vjp(self, call: Measurement, cotangent: Array | None) -> tuple[Array, list[Array]]:
        _refuse_dynamic(call)
        if call.observables is not None:
            weights = None if cotangent is None else call.backend.reshape(cotangent, (call.batch, -1))
            values, grads = adjoint_gradients(call.backend, call.circuit, call.observables, weights)
            return call.backend.reshape(values, (call.batch, *call.value_shape)), grads
        if cotangent is None:
            raise GradientError("the adjoint method differentiates probabilities through a cotangent (a vjp)")
        return adjoint_probabilities_vjp(call.backend, call.circuit, call.qubits, cotangent)

    def forward_with_residual(self, call: Measurement) -> tuple[Array, tuple[Array, ...]]:
        """``call``'s value (as :meth:`Measurement.value` gives it) and the states the sweep starts from.

        The states are :func:`tyxq.kernels.adjoint.forward_keeping`'s: ``(B, 2**n)`` each, the final one last.
        """
        _refuse_dynamic(call)
        backend, circuit = call.backend, call.circuit
        states = forward_keeping(backend, circuit)
        if call.observables is not None:
            value = pauli_expectations(backend, states[-1], circuit.n_qubits, call.observables)
        else:
            value = _probabilities(backend, circuit, call.qubits, states[-1])
        shape = call.value_shape if circuit.batch_size is None else (call.batch, *call.value_shape)
        return backend.reshape(value, shape), tuple(states)

    def vjp_from_residual(
        self, call: Measurement, states: Sequence[Array], cotangent: Array, wanted: Sequence[int] | None = None
    ) -> list[Array | None]:
        """Per angle slot, ``Σ cotangent · d value / d angle`` per member ``(B,)``, sweeping back from ``states``.

        ``wanted`` (indices into the angle slots; ``None`` for all) are the
        slots whose derivatives are asked for; the others are ``None``, and
        the sweep stops at the first step that holds a wanted one.
        """
        backend, circuit = call.backend, call.circuit
        psi = states[-1]
        if call.observables is not None:
            weights = backend.reshape(cotangent, (call.batch, -1))
            lam = _weighted_observables(backend, circuit, call.observables, psi, weights)
        else:
            lam = _weighted_probabilities(backend, circuit, call.qubits, psi, cotangent)
        slots = _all_slots(circuit)
        chosen = range(len(slots)) if wanted is None else wanted
        grads = adjoint_sweep(backend, circuit, states, lam, [slots[k] for k in chosen])
        result: list[Array | None] = [None] * len(slots)
        for k, grad in zip(chosen, grads, strict=True):
            result[k] = grad
        return result


class AdjointWhereItApplies(AdjointEngine):
    """The adjoint engine of ``TorchLayer(gradient="auto")``: it declines what autograd serves better.

    A declined call is left to the backend's autodiff (autograd through the
    plan): a circuit that measures, resets or conditions mid-circuit, one
    with channels, a read of classical bits, or one whose ``unitary``
    matrices or initial state the backend's autodiff tracks (the adjoint
    sweep holds them constant, autograd differentiates them); and a circuit
    whose autograd recording is small: one state per plan step, batch
    included, within :data:`~tyxq.kernels.adjoint.KEEP_LIMIT` amplitudes.
    There autograd keeps every state the sweep would recompute or keep
    anyway and its backward is faster (measured in ``docs/performance.md``);
    beyond it the sweep's memory stays bounded (two states, any depth)
    where autograd's grows with the depth.

    Example:
        >>> import tyxq
        >>> from tyxq.execution.measurement import Measurement
        >>> engine, backend = AdjointWhereItApplies(), tyxq.get_backend()
        >>> exact = tyxq.StatevectorMode()
        >>> deep = tyxq.Circuit(14).h(range(14))
        >>> for _ in range(80):
        ...     _ = deep.rx(range(14), 0.1).cnot(range(13), range(1, 14))
        >>> engine.declines(Measurement(deep, (tyxq.Z(0),), exact, backend))
        False
        >>> engine.declines(Measurement(tyxq.Circuit(1).rx(0, 0.1), (tyxq.Z(0),), exact, backend))
        True
        >>> engine.declines(Measurement(deep.copy().reset(0), (tyxq.Z(0),), exact, backend))
        True
    """

    def declines(self, call: Measurement) -> bool:
        """Whether ``call`` goes to the backend's autodiff instead."""
        circuit, backend = call.circuit, call.backend
        if call.bits is not None or is_dynamic(circuit, pure=True) or adjoint_unsupported(call.mode) is not None:
            return True
        if any(op.kind not in (OperationKind.GATE, OperationKind.MATRIX) for op in circuit.ops):
            return True
        recorded = len(compile_plan(circuit).steps) * (circuit.batch_size or 1) * 2**circuit.n_qubits
        if recorded <= KEEP_LIMIT:
            return True  # autograd's recording fits: its backward is the faster one
        is_tracked = getattr(backend, "is_tracked", None)
        if is_tracked is None:
            return False
        constants = [op.matrix for op in circuit.ops if op.kind is OperationKind.MATRIX] + [circuit.inputs]
        return any(backend.is_array(value) and is_tracked(value) for value in constants)


def _refuse_dynamic(call: Measurement) -> None:
    if call.bits is not None or is_dynamic(call.circuit, pure=True):
        raise GradientError(
            "the adjoint method runs one statevector backwards, which a circuit that measures, resets or "
            "conditions gates mid-circuit does not have; use method='parameter_shift' (or 'autograd' in the "
            "density_matrix mode on a backend with autodiff)"
        )


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
