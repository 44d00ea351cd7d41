"""The geometry of the state: the Fubini–Study metric tensor of a parameterised circuit.

For a state ``|ψ(θ)⟩`` the metric (the real part of the quantum geometric
tensor) is ``g_ij = Re(⟨∂iψ|∂jψ⟩ − ⟨∂iψ|ψ⟩⟨ψ|∂jψ⟩)``. tyxq computes it
without a Hadamard test, from the fidelity ``F(x, y) = |⟨ψ(x)|ψ(y)⟩|²``:
``g_ij = ½ ∂_{x_i} ∂_{y_j} F(x, y)`` at ``x = y = θ``, and ``F`` is, in each
gate angle of either argument, a trigonometric polynomial that the gate's
own parameter-shift rule differentiates exactly. So

    G_st = ½ Σ_k Σ_l c_k c_l F(a + s_k e_s, a + s_l e_t)

over the shift rules ``(c_k, s_k)`` of gate angles ``s`` and ``t``. In an
exact pure-state mode (``statevector``) the shifted states are simulated
once, as one batch, and every fidelity comes from one matrix product; in
the ``shots`` mode each ``F`` is the frequency of ``|0…0⟩`` after the
circuit at ``y`` followed by the inverse of the circuit at ``x``.

Gate angles are mapped to the function's parameters by the chain rule,
``g = Jᵀ G J``, where ``J`` is read off by rerunning the function with each
parameter moved by 1 and checked along a random direction: every gate angle
must be an affine function of the parameters (``2 * p[0]``, ``p[i] + x``,
slices), as for the gradients on numpy (:mod:`tyxq.gradients.affine`).

``approx="block-diag"`` (PennyLane's name) keeps the blocks of angles in
one *layer* of the circuit's dependency graph (:func:`circuit_layers`:
parameterised gates none of which depends on another, so that they could
run at one instant) and sets the rest to zero; those blocks are exact.
In the ``shots`` mode it evaluates only those pairs.

The ``density_matrix`` and ``trajectories`` modes are refused: the
Fubini–Study metric is that of a pure state (for mixed states there are
several inequivalent metrics, e.g. the Bures metric).

Example:
    >>> import numpy as np, tyxq
    >>> def circuit(p):
    ...     return tyxq.Circuit(1).ry(0, p[0]).rz(0, p[1])
    >>> g = tyxq.metric_tensor(circuit)(np.array([0.7, 0.2]))
    >>> np.round(g, 6).tolist() == np.round([[0.25, 0.0], [0.0, np.sin(0.7) ** 2 / 4]], 6).tolist()
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .api import probabilities, state
from .backends.protocol import Array, Backend
from .circuit import Circuit
from .context import get_backend
from .errors import CapabilityError, GradientError, ParameterError
from .execution.protocol import ExecutionMode, resolve_mode
from .gates import GATES
from .gradients.angles import AngleSlot, angle_slots, describe_slot, host_angles, replace_angles

__all__ = ["APPROXIMATIONS", "circuit_layers", "metric_tensor"]

APPROXIMATIONS = (None, "block-diag")
"""The values of ``metric_tensor``'s ``approx``: the full tensor, or its block-diagonal part by layers."""

_PROBE_SEED = 2718  # the random direction checking that angles are affine in the parameters
_AFFINE_RTOL = 1e-9


def metric_tensor(
    fn: Callable[[Any], Circuit],
    approx: str | None = None,
    *,
    mode: str | ExecutionMode | None = None,
    shots: int | None = None,
    seed: Any = None,
) -> Callable[[Any], Array]:
    """A function ``params -> g``: the Fubini–Study metric of the state ``fn(params)`` prepares.

    Args:
        fn: builds a circuit (unitary, starting from ``|0…0⟩``) from a 1-D
            parameter array; its gate angles must be affine in the parameters.
        approx: ``None`` for the full tensor, ``"block-diag"`` for the
            blocks of the circuit's layers (:func:`~tyxq.geometry.circuit_layers`).
        mode: the execution mode (``None``: the active one); ``statevector``
            computes exactly, ``shots`` estimates by parameter shift.
        shots, seed: for the ``shots`` mode, as for :func:`tyxq.probabilities`.

    Returns:
        A function of ``params``, shape ``(P,)`` or a batch ``(B, P)``, giving
        a real array of the active backend, ``(P, P)`` or ``(B, P, P)``.

    Example:
        >>> import numpy as np, tyxq
        >>> g = tyxq.metric_tensor(lambda p: tyxq.Circuit(1).rx(0, p[0]))(np.array([0.3]))
        >>> g.round(6).tolist()
        [[0.25]]
    """
    if not callable(fn):
        raise ParameterError(f"metric_tensor needs a function building a circuit from parameters, got {fn!r}")
    if approx not in APPROXIMATIONS:
        raise ParameterError(
            f"metric_tensor's approx must be one of {APPROXIMATIONS} (the full tensor or its block-diagonal part "
            f"by layers), got {approx!r}"
        )

    jacobians = _JacobianCache(fn)

    @functools.wraps(fn)
    def run(params: Any) -> Array:
        backend, chosen = get_backend(), resolve_mode(mode)
        _check_mode(chosen)
        host = np.asarray(backend.to_numpy(backend.detach(params)) if backend.is_array(params) else params, float)
        if host.ndim not in (1, 2):
            raise ParameterError(
                f"metric_tensor takes parameters of shape (P,) or a batch (B, P), got shape {host.shape}; "
                "flatten the parameters into one vector (and reshape inside fn)"
            )
        rows = host[None] if host.ndim == 1 else host
        metrics = [_one_metric(jacobians, row, approx, backend, chosen, shots, seed) for row in rows]
        result = np.stack(metrics) if host.ndim == 2 else metrics[0]
        return backend.asarray(result, dtype=backend.real_dtype)

    return run


def _check_mode(mode: ExecutionMode) -> None:
    if mode.takes_shots or (mode.exact and mode.pure):
        return
    raise CapabilityError(
        f"metric_tensor computes the Fubini–Study metric of a pure state, but mode {mode.name!r} simulates mixed "
        "states, for which it is not defined (their metrics, such as the Bures metric, differ); use "
        "mode='statevector' (exact) or mode='shots' (estimated by parameter shift)"
    )


def _one_metric(
    jacobians: _JacobianCache,
    params: np.ndarray,
    approx: str | None,
    backend: Backend,
    mode: ExecutionMode,
    shots: int | None,
    seed: Any,
) -> np.ndarray:
    circuit, angles, jacobian = jacobians.at(params, backend)
    slots = angle_slots(circuit)
    if not slots:
        return np.zeros((params.size, params.size))
    layer = {slot: index for index, group in enumerate(circuit_layers(circuit)) for slot in group}
    keep = np.array([[approx is None or layer[s] == layer[t] for t in slots] for s in slots])
    if mode.takes_shots:
        angle_metric = _shots_metric(circuit, slots, angles, keep, backend, mode, shots, seed)
    else:
        angle_metric = _exact_metric(circuit, slots, angles, backend, mode) * keep
    return jacobian.T @ angle_metric @ jacobian


def _angles_of(circuit: Circuit, backend: Backend, what: str) -> np.ndarray:
    if circuit.batch_size is not None:
        raise ParameterError(
            f"metric_tensor: fn{what} built a batched circuit; it must build one circuit per parameter vector "
            "(pass a batch (B, P) of parameters to metric_tensor instead)"
        )
    return np.array([float(a) for a in host_angles(backend, circuit, angle_slots(circuit))])


class _JacobianCache:
    """``J = d angles / d params`` of one function, found once and checked at every call.

    ``J`` is read off with one run of ``fn`` per parameter (each moved by 1);
    each later call checks it with one run along a random direction and
    recomputes it when the check fails.
    """

    def __init__(self, fn: Callable[[Any], Circuit]) -> None:
        self.fn = fn
        self.known: dict[int, tuple[list[str], np.ndarray]] = {}

    def build(self, point: np.ndarray, backend: Backend) -> Circuit:
        circuit = self.fn(backend.asarray(point, dtype=backend.real_dtype))
        if not isinstance(circuit, Circuit):
            raise ParameterError(f"metric_tensor needs fn to return a tyxq.Circuit, got a {type(circuit).__name__}")
        return circuit

    def at(self, params: np.ndarray, backend: Backend) -> tuple[Circuit, np.ndarray, np.ndarray]:
        """The circuit at ``params``, its gate angles, and ``J`` (checked affine)."""
        circuit = self.build(params, backend)
        angles = _angles_of(circuit, backend, "(params)")
        names = [op.name for op in circuit.ops]
        known = self.known.get(params.size)
        if known is not None and known[0] == names and self._affine(params, angles, known[1], backend) is None:
            return circuit, angles, known[1]
        jacobian = self._probe(params, angles, names, backend)
        bad = self._affine(params, angles, jacobian, backend)
        if bad is not None:
            raise GradientError(
                f"metric_tensor: {describe_slot(circuit, angle_slots(circuit)[bad])} is not an affine function of "
                "the parameters (like 2 * p[0] or p[0] + x); the metric is taken with respect to gate angles and "
                "chained to the parameters by a constant Jacobian. Pass the angles themselves as parameters and "
                "apply the nonlinear map outside"
            )
        self.known[params.size] = (names, jacobian)
        return circuit, angles, jacobian

    def _probe(self, params: np.ndarray, angles: np.ndarray, names: list[str], backend: Backend) -> np.ndarray:
        columns = []
        for k in range(params.size):
            moved = self.build(params + np.eye(params.size)[k], backend)
            if [op.name for op in moved.ops] != names:
                raise GradientError(
                    f"metric_tensor: the gates fn builds change with parameter {k}; the gates must stay fixed and "
                    "only their angles depend on the parameters"
                )
            columns.append(_angles_of(moved, backend, f"(params + e_{k})") - angles)
        return np.stack(columns, axis=1) if columns else np.zeros((angles.size, 0))

    def _affine(self, params: np.ndarray, angles: np.ndarray, jacobian: np.ndarray, backend: Backend) -> int | None:
        """The first angle that ``angles + J r`` mispredicts along a random ``r``, or ``None``."""
        direction = np.random.default_rng(_PROBE_SEED).uniform(-1, 1, params.size)
        predicted = angles + jacobian @ direction
        moved = self.build(params + direction, backend)
        found = _angles_of(moved, backend, "(params + r)")
        if found.shape != predicted.shape:
            return 0
        tolerance = _AFFINE_RTOL * max(1.0, float(np.abs(predicted).max(initial=0.0)))
        if backend.real_dtype != "float64":
            tolerance *= 1e5
        bad = np.flatnonzero(np.abs(found - predicted) > tolerance)
        return int(bad[0]) if bad.size else None


def _shift_terms(circuit: Circuit, slots: Sequence[AngleSlot]) -> list[tuple[int, float, float]]:
    """``(slot index, coefficient, shift)`` for every term of every slot's parameter-shift rule."""
    return [
        (k, c, s) for k, slot in enumerate(slots) for c, s in GATES[circuit.ops[slot.op].name].shift_rules[slot.param]
    ]


def _batched(circuit: Circuit, slots: Sequence[AngleSlot], values: np.ndarray, backend: Backend) -> Circuit:
    """``circuit`` with slot ``k`` set to the batch ``values[k]`` (shape ``(S, M)``)."""
    return replace_angles(circuit, slots, [backend.asarray(v, dtype=backend.real_dtype) for v in values])


def _exact_metric(
    circuit: Circuit, slots: Sequence[AngleSlot], angles: np.ndarray, backend: Backend, mode: ExecutionMode
) -> np.ndarray:
    """``G`` over gate angles from the shifted states' overlaps, one batched simulation."""
    terms = _shift_terms(circuit, slots)
    values = np.repeat(angles[:, None], len(terms), axis=1)
    coefficients = np.zeros((len(slots), len(terms)))
    for column, (k, c, s) in enumerate(terms):
        values[k, column] += s
        coefficients[k, column] = c
    psi = np.asarray(backend.to_numpy(state(_batched(circuit, slots, values, backend), mode=mode)))
    fidelity = np.abs(psi.conj() @ psi.T) ** 2
    return 0.5 * coefficients @ fidelity @ coefficients.T


def _shots_metric(
    circuit: Circuit,
    slots: Sequence[AngleSlot],
    angles: np.ndarray,
    keep: np.ndarray,
    backend: Backend,
    mode: ExecutionMode,
    shots: int | None,
    seed: Any,
) -> np.ndarray:
    """``G`` over gate angles from sampled fidelities ``|⟨0|U(x)†U(y)|0⟩|²`` (pairs in ``keep`` only)."""
    terms = _shift_terms(circuit, slots)
    rows = [
        (s, t, c_x * c_y, x, y)
        for x, (s, c_x, shift_x) in enumerate(terms)
        for y, (t, c_y, shift_y) in enumerate(terms)
        if s <= t and keep[s, t]
    ]
    left = np.repeat(angles[:, None], len(rows), axis=1)
    right = left.copy()
    for column, (s, t, _, x, y) in enumerate(rows):
        left[s, column] += terms[x][2]
        right[t, column] += terms[y][2]
    overlap = _batched(circuit, slots, right, backend).compose(_batched(circuit, slots, left, backend).inverse())
    probs = np.asarray(backend.to_numpy(probabilities(overlap, mode=mode, shots=shots, seed=seed)))
    result = np.zeros((len(slots), len(slots)))
    for column, (s, t, weight, _, _) in enumerate(rows):
        result[s, t] += 0.5 * weight * probs[column, 0]
    return np.triu(result) + np.triu(result, 1).T


def circuit_layers(circuit: Circuit) -> list[list[AngleSlot]]:
    """The gate angles of ``circuit`` grouped into layers of its dependency graph.

    A parameterised gate's layer is one more than the deepest layer of the
    parameterised gates it depends on (through any gates on shared qubits),
    as PennyLane layers a circuit for the block-diagonal metric: the gates of
    one layer depend on none of each other and could run at one instant.

    Example:
        >>> import tyxq
        >>> c = tyxq.Circuit(2).rx(0, 0.1).rz(0, 0.2).ry(1, 0.3).cnot(0, 1).rz(1, 0.4)
        >>> [[(s.op, s.param) for s in layer] for layer in circuit_layers(c)]
        [[(0, 0), (2, 0)], [(1, 0)], [(4, 0)]]
    """
    by_op: dict[int, list[AngleSlot]] = {}
    for slot in angle_slots(circuit):
        by_op.setdefault(slot.op, []).append(slot)
    depth = [0] * circuit.n_qubits  # the deepest layer each qubit depends on so far
    layers: list[list[AngleSlot]] = []
    for index, op in enumerate(circuit.ops):
        reached = max((depth[q] for q in op.qubits), default=0)
        if index in by_op:
            reached += 1
            if reached > len(layers):
                layers.append([])
            layers[reached - 1].extend(by_op[index])
        for q in op.qubits:
            depth[q] = reached
    return layers
