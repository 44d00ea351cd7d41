"""The chain rule on backends without autodiff: gate angles as affine functions of the arguments.

Adjoint and parameter shift give derivatives with respect to gate angles.
On a backend without automatic differentiation (numpy) tyxq finds out how
each gate angle depends on the differentiated arguments by *probing*: it
reruns the user's function with a recording tape (circuits are built, no
state is simulated), once as given and once with each argument element
moved by 1, and reads off the matrix ``J`` with ``angles(args + e_k) -
angles(args) = J e_k``. A further run along a random direction ``r`` must
give ``angles(args + r) = angles(args) + J r``; this is exact for the maps
circuits use (``2 * p[0]``, ``x[i] + w[i]``, slices and reshapes of weight
arrays, constants) and fails for anything else. The gradient is then
``Jᵀ · dE/dangles``.

The rule, precisely:

- every gate angle must be an affine function of the differentiated
  arguments (other arguments may enter in any way: ``x[i] * w[i]`` is
  affine in ``w``); the check tolerates rounding only (relative 1e-9 in
  float64, 1e-4 where float32 is involved);
- the function's gates, qubits, observable, shot count, initial ``inputs``
  and ``unitary`` matrices must not depend on the differentiated arguments;
- the function returns the value of one ``tyxq.expectation`` call
  unchanged (see :mod:`tyxq.gradients.protocol`); any other cost of
  expectations goes through autograd (:mod:`tyxq.gradients.autograd_numpy`).
  :func:`tyxq.jacobian` uses the same map for every entry of a list of observables.

Anything else is a :class:`~tyxq.errors.GradientError` that names the gate
and the argument element, never a wrong gradient. ``J`` is cached per
function and argument shapes; every call still verifies it with one random
probe, and recomputes it when the check fails (the map may depend on the
arguments that are not differentiated).

Example:
    >>> import numpy as np, tyxq
    >>> def energy(p):
    ...     return tyxq.expectation(tyxq.Circuit(1).rx(0, p[0] ** 2), tyxq.Z(0))
    >>> try:
    ...     tyxq.value_and_grad(energy, method="adjoint")(np.array([0.5]))
    ... except tyxq.GradientError as error:
    ...     print(str(error)[:98])
    adjoint: parameter 0 of rx on qubit 0 (operation 0) depends on argument 0 element (0,) in a way th
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import GradientError
from ..execution.interception import intercept_measurements
from ..execution.measurement import Measurement
from ..kernels.plan import structure_key
from ..kinds import OperationKind
from .angles import angle_slots, describe_slot, host_angles, reduce_to_slot
from .arguments import as_gradient, host_argument, normalize_argnums, pack, rebuild_argument, with_replaced
from .engine import AngleEngine
from .recording import GradientTape, RecordedCall, Route

__all__ = ["AngleMap", "NotOneExpectationError", "affine_value_and_grad", "angle_map"]

_CACHE: OrderedDict[tuple[Any, ...], _Jacobian] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()
_RTOL = {"float64": 1e-9, "float32": 1e-4}
_DIRECTION_SEED = 7459  # the random verification directions are reproducible


@dataclass(frozen=True)
class _Snapshot:
    """What one run of the function produced: the chosen call's angles and everything that must stay fixed."""

    angles: np.ndarray
    structure: tuple[Any, ...]
    slot_shapes: tuple[tuple[int, ...], ...]
    observable: Any
    shots: int | tuple[int, ...] | None
    constants: tuple[np.ndarray, ...]


class _Probe:
    """Reruns ``fn`` with a recording tape at shifted argument values."""

    def __init__(
        self,
        fn: Callable[..., Any],
        args: Sequence[Any],
        positions: Sequence[int],
        backend: Backend,
        route: Route,
        method: str,
    ) -> None:
        self.fn, self.args, self.positions, self.backend, self.route, self.method = (
            fn,
            args,
            positions,
            backend,
            route,
            method,
        )
        self.hosts = [host_argument(backend, args[i], i) for i in positions]
        self.sizes = [h.size for h in self.hosts]
        self.index = -1

    def run(self, delta: np.ndarray | None) -> tuple[list[RecordedCall], Any]:
        args = self.args
        if delta is not None:
            values, start = [], 0
            for position, host, size in zip(self.positions, self.hosts, self.sizes, strict=True):
                shifted = host + delta[start : start + size].reshape(host.shape)
                values.append(rebuild_argument(self.backend, self.args[position], shifted))
                start += size
            args = with_replaced(self.args, self.positions, values)
        tape = GradientTape(self.route, record=True)
        with intercept_measurements(tape):
            output = self.fn(*args)
        return tape.calls, output

    def snapshot(self, delta: np.ndarray, moved: str) -> _Snapshot:
        try:
            calls, output = self.run(delta)
        except GradientError:
            raise
        except Exception as error:
            raise GradientError(
                f"{self.method}: while probing how gate angles depend on the arguments ({moved}), the function "
                f"raised {type(error).__name__}: {error}. The dependence is not an affine map defined for all "
                "values; use method='finite_difference' or a backend with autodiff"
            ) from error
        if len(calls) <= self.index or output is not calls[self.index].placeholder:
            raise GradientError(
                f"{self.method}: the function returned a different expectation when {moved}; "
                "its control flow depends on the differentiated arguments. Use method='finite_difference'"
            )
        return snapshot_of(self.backend, calls[self.index].call)

    def element(self, flat: int) -> str:
        """``"argument 1 element (2, 0)"`` for a position in the flattened argument vector."""
        for position, host, size in zip(self.positions, self.hosts, self.sizes, strict=True):
            if flat < size:
                where = np.unravel_index(flat, host.shape) if host.shape else ()
                return f"argument {position} element {tuple(int(i) for i in where)}"
            flat -= size
        raise IndexError(flat)

    def unit(self, flat: int, scale: float = 1.0) -> np.ndarray:
        delta = np.zeros(sum(self.sizes))
        delta[flat] = scale
        return delta


def snapshot_of(backend: Backend, call: Measurement) -> _Snapshot:
    circuit = call.circuit
    slots = angle_slots(circuit)
    values = host_angles(backend, circuit, slots)
    constants = [] if circuit.inputs is None else [_host(backend, circuit.inputs)]
    constants += [_host(backend, op.matrix) for op in circuit.ops if op.kind.holds_matrix]
    constants += [_host(backend, p) for op in circuit.ops if op.kind is OperationKind.CHANNEL for p in op.params]
    return _Snapshot(
        angles=np.concatenate([v.ravel() for v in values]) if values else np.zeros(0),
        structure=structure_key(circuit),
        slot_shapes=tuple(v.shape for v in values),
        observable=call.observables,
        shots=call.shots,
        constants=tuple(constants),
    )


def _host(backend: Backend, value: Any) -> np.ndarray:
    if backend.is_array(value):
        value = backend.to_numpy(backend.detach(value))
    return np.asarray(value)


def _changed(base: _Snapshot, other: _Snapshot) -> str | None:
    if other.structure != base.structure or other.slot_shapes != base.slot_shapes:
        return "the circuit's gates, qubits or batch shape changed"
    if other.observable != base.observable:
        return "the observable changed"
    if other.shots != base.shots:
        return "the shot count changed"
    if any(not np.array_equal(a, b) for a, b in zip(base.constants, other.constants, strict=True)):
        return "the circuit's initial inputs or a unitary matrix changed (or a channel's parameters)"
    return None


def _tolerance(backend: Backend, probe: _Probe) -> float:
    dtypes = {backend.real_dtype} | {
        backend.dtype_name(probe.args[i]) for i in probe.positions if backend.is_array(probe.args[i])
    }
    return max(_RTOL.get(d, _RTOL["float32"]) for d in dtypes)


def _moved(probe: _Probe, base: _Snapshot, delta: np.ndarray, moved: str) -> np.ndarray:
    found = probe.snapshot(delta, moved)
    problem = _changed(base, found)
    if problem is not None:
        raise GradientError(
            f"{probe.method}: {problem} when {moved}. Adjoint and parameter shift differentiate gate angles, so "
            "everything else must not depend on the differentiated arguments; use method='finite_difference' or a "
            'backend with autodiff (pip install "tyxq[torch]")'
        )
    return found.angles


@dataclass(frozen=True)
class _Jacobian:
    """The sparse matrix ``J`` (angles × argument elements): most angles depend on one or two elements."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    shape: tuple[int, int]

    def __matmul__(self, vector: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, weights=self.values * vector[self.cols], minlength=self.shape[0])

    def abs_matmul(self, vector: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, weights=np.abs(self.values * vector[self.cols]), minlength=self.shape[0])

    def transposed_matmul(self, vector: np.ndarray) -> np.ndarray:
        return np.bincount(self.cols, weights=self.values * vector[self.rows], minlength=self.shape[1])

    def row(self, index: int) -> np.ndarray:
        mine = self.rows == index
        return np.bincount(self.cols[mine], weights=self.values[mine], minlength=self.shape[1])


def _jacobian(probe: _Probe, base: _Snapshot) -> _Jacobian:
    rows, cols, values = [], [], []
    for k in range(sum(probe.sizes)):
        column = _moved(probe, base, probe.unit(k), f"{probe.element(k)} moved by 1") - base.angles
        nonzero = np.flatnonzero(column)
        rows.append(nonzero)
        cols.append(np.full(nonzero.size, k))
        values.append(column[nonzero])
    flat = [np.concatenate(part) if part else np.zeros(0, dtype=np.int64) for part in (rows, cols)]
    return _Jacobian(
        flat[0].astype(np.int64),
        flat[1].astype(np.int64),
        np.concatenate(values) if values else np.zeros(0),
        (base.angles.size, sum(probe.sizes)),
    )


def _mismatch(probe: _Probe, base: _Snapshot, jacobian: _Jacobian, direction: np.ndarray, rtol: float) -> np.ndarray:
    """Per angle, how far ``angles(args + r)`` is from ``angles + J r``, in units of the tolerance."""
    actual = _moved(probe, base, direction, "all differentiated elements moved along a random direction")
    predicted = base.angles + jacobian @ direction
    scale = 1 + np.abs(base.angles) + jacobian.abs_matmul(direction)
    return np.abs(actual - predicted) / (rtol * scale)


def _diagnose(
    probe: _Probe, base: _Snapshot, jacobian: _Jacobian, worst: int, rtol: float, call: Measurement
) -> GradientError:
    circuit = call.circuit
    slots = angle_slots(circuit)
    flat_slot = [k for k, shape in enumerate(base.slot_shapes) for _ in range(int(np.prod(shape)))]
    gate = describe_slot(circuit, slots[flat_slot[worst]])
    advice = (
        "On backends without automatic differentiation tyxq chains through affine maps only (angles such as "
        "2 * p[0], x[i] + w[i], slices of a weight array). Use method='finite_difference', or a backend with "
        'autodiff (pip install "tyxq[torch]")'
    )
    slope = jacobian.row(worst)
    for k in range(sum(probe.sizes)):
        twice = _moved(probe, base, probe.unit(k, 2.0), f"{probe.element(k)} moved by 2")[worst] - base.angles[worst]
        if abs(twice - 2 * slope[k]) > rtol * (1 + abs(base.angles[worst]) + 2 * abs(slope[k])):
            return GradientError(
                f"{probe.method}: {gate} depends on {probe.element(k)} in a way that is not affine (moving the "
                f"element by 1 changes the angle by {slope[k]:.6g}, by 2 by {twice:.6g}). {advice}"
            )
    involved = ", ".join(probe.element(int(k)) for k in np.flatnonzero(slope)) or "none singly"
    return GradientError(
        f"{probe.method}: {gate} depends on a non-affine combination (such as a product) of the differentiated "
        f"arguments ({involved}). {advice}"
    )


def _verified(probe: _Probe, base: _Snapshot, cached: _Jacobian | None, rtol: float, call: Measurement) -> _Jacobian:
    """The cached map if a random probe confirms it, else a freshly probed one that a random probe confirms."""
    rng = np.random.default_rng(_DIRECTION_SEED)
    if cached is not None:
        mismatch = _mismatch(probe, base, cached, rng.standard_normal(sum(probe.sizes)), rtol)
        if mismatch.size == 0 or mismatch.max() <= 1:
            return cached
    fresh = _jacobian(probe, base)
    mismatch = _mismatch(probe, base, fresh, rng.standard_normal(sum(probe.sizes)), rtol)
    if mismatch.size == 0 or mismatch.max() <= 1:
        return fresh
    raise _diagnose(probe, base, fresh, int(np.argmax(mismatch)), rtol, call)


class NotOneExpectationError(GradientError):
    """The function does not return one expectation unchanged, so the affine rule cannot chain (autograd can)."""


def _output_call(calls: list[RecordedCall], output: Any, backend: Backend, method: str) -> int:
    for index, recorded in enumerate(calls):
        if output is recorded.placeholder and recorded.call.is_expectation:
            return index
    what = (
        "made no tyxq.expectation call"
        if not calls
        else (
            f"returned a {type(output).__name__} that is not the value of one of its {len(calls)} expectation call"
            f"{'s' if len(calls) > 1 else ''}"
        )
    )
    raise NotOneExpectationError(
        f"{method}: on backend {backend.name!r}, which has no automatic differentiation, the function must return "
        f"the value of one tyxq.expectation (or tyxq.expectation_ps) call unchanged, but it {what}. Combine terms "
        "into one Hamiltonian (0.5 * Z(0) + X(1)) instead of adding expectation values, move other processing out "
        'of the differentiated function, write the cost with autograd.numpy (pip install "tyxq[autograd]"), use a '
        'backend with autodiff (pip install "tyxq[torch]"), or '
        "method='finite_difference', which differentiates any function"
    )


@dataclass(frozen=True)
class AngleMap:
    """How the gate angles of the function's one expectation call depend on the differentiated arguments.

    Attributes:
        call: the measurement the function returned (unchanged).
        engine: the angle engine its route chose.
        jacobian: ``J`` (flattened angles × flattened argument elements).
        positions: the differentiated arguments' positions.
        shapes: their shapes.
    """

    call: Measurement
    engine: AngleEngine
    jacobian: _Jacobian
    positions: tuple[int, ...]
    shapes: tuple[tuple[int, ...], ...]

    def dense(self) -> np.ndarray:
        """``J`` as a dense float64 matrix."""
        matrix = np.zeros(self.jacobian.shape)
        np.add.at(matrix, (self.jacobian.rows, self.jacobian.cols), self.jacobian.values)
        return matrix

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        """A trailing axis over all argument elements split into one block per argument, in its shape."""
        parts, start = [], 0
        for shape in self.shapes:
            size = int(np.prod(shape))
            parts.append(flat[..., start : start + size].reshape((*flat.shape[:-1], *shape)))
            start += size
        return parts


def angle_map(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    argnums: int | tuple[int, ...],
    backend: Backend,
    method: str,
    route: Route,
) -> AngleMap:
    """Probe ``fn`` at ``args`` and return its verified :class:`AngleMap` (module docstring)."""
    positions = normalize_argnums(argnums, len(args))
    probe = _Probe(fn, args, positions, backend, route, method)
    calls, output = probe.run(None)
    probe.index = _output_call(calls, output, backend, method)
    recorded = calls[probe.index]
    assert recorded.engine is not None
    base = snapshot_of(backend, recorded.call)
    rtol = _tolerance(backend, probe)
    key = (fn, method, positions, tuple(h.shape for h in probe.hosts), base.structure, base.slot_shapes)
    jacobian = _verified(probe, base, _CACHE.get(key), rtol, recorded.call)
    with _LOCK:  # tyxq.submit runs gradients in threads
        _CACHE[key] = jacobian
        _CACHE.move_to_end(key)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return AngleMap(recorded.call, recorded.engine, jacobian, positions, tuple(h.shape for h in probe.hosts))


def affine_value_and_grad(
    fn: Callable[..., Array], argnums: int | tuple[int, ...], backend: Backend, method: str, route: Route
) -> Callable[..., tuple[Array, Any]]:
    """``(*args) -> (value, gradients)`` by an angle engine and the affine chain rule (module docstring)."""

    def run(*args: Any) -> tuple[Array, Any]:
        found = angle_map(fn, args, argnums, backend, method, route)
        value, per_member = found.engine.value_and_vjp(found.call, None)
        circuit = found.call.circuit
        slots = angle_slots(circuit)
        reduced = [
            np.asarray(
                backend.to_numpy(reduce_to_slot(backend, g, circuit.ops[s.op].params[s.param])), dtype=np.float64
            ).ravel()
            for g, s in zip(per_member, slots, strict=True)
        ]
        flat = found.jacobian.transposed_matmul(np.concatenate(reduced) if reduced else np.zeros(0))
        grads = [
            as_gradient(backend, args[p], part) for p, part in zip(found.positions, found.split(flat), strict=True)
        ]
        if circuit.batch_size is None:
            value = backend.reshape(value, found.call.value_shape)
        return value, pack(grads, argnums)

    return run
