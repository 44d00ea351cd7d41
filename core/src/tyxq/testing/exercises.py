"""Exercising a plugin's object on a one-qubit circuit: what ``tyxq plugins --check`` runs per plugin.

Each declaration a record makes is tried against the exact answer, never
against the plugin itself: after ``RY(θ)`` on ``|0⟩``, ``⟨Z⟩ = cos θ`` and
``d⟨Z⟩/dθ = -sin θ``, at ``θ = 0.3`` (and at a small batch of angles for
``vmap``). A backend is created in every dtype it declares, and its declared
autodiff, vmap and jit each compute that value or derivative; a gradient
method differentiates it and answers ``supports()`` as its record declares
for every installed mode; an execution mode estimates it (within five
standard deviations of the shot noise for a mode that takes shots, and
reproducibly for a seed). Every function returns the problems found, one
message each, and never raises for a fault of the plugin.

The conformance kit (:mod:`tyxq.testing`) checks the same objects thoroughly;
this is the minute-long smoke test of everything installed together.

Example:
    >>> from tyxq.plugins import get_plugin_manager
    >>> manager = get_plugin_manager()
    >>> result = backend_exercise(manager.load("backend", "numpy"), manager.get("backend", "numpy").record)
    >>> result.problems, result.checked
    ([], ['Backend protocol', 'capabilities as registered', 'complex64', 'complex128'])
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import Circuit, Z, expectation, use_backend, use_execution_mode
from ..backends.protocol import Backend
from ..errors import ShotsError
from ..execution.protocol import ExecutionMode
from ..gradients.protocol import GradientMethod
from ..plugins.failures import error_text, formatted_traceback
from ..plugins.types import BackendPlugin, ExecutionModePlugin, GradientPlugin
from .protocols import missing_members

__all__ = ["THETA", "Exercise", "backend_exercise", "gradient_exercise", "mode_exercise"]

THETA = 0.3
"""The angle of the exercise circuit ``RY(θ)|0⟩``."""
_BATCH = (0.1, 0.3, 0.7)
_ATOL = {"complex64": 1e-4, "complex128": 1e-8}
_INEXACT_ATOL = 0.05
_SHOTS = 4000
_SEED = 11
_CIRCUIT = f"<Z> after RY({THETA})"


@dataclass
class Exercise:
    """What exercising one plugin found: ``problems`` (one message each), and what was ``checked`` or ``skipped``.

    ``tracebacks`` maps a problem that is an exception to its traceback.
    """

    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    tracebacks: dict[str, str] = field(default_factory=dict)

    def attempt(self, what: str, run: Callable[[], str | None]) -> None:
        """Run ``run``; its message, or the exception it raised, is a problem; else ``what`` was checked."""
        try:
            problem = run()
        except Exception as error:  # noqa: BLE001 - whatever the plugin raises is its problem, reported
            problem = f"{what} failed: {error_text(error)}"
            self.tracebacks[problem] = formatted_traceback(error)
        if problem:
            self.problems.append(problem)
        else:
            self.checked.append(what)


def _circuit(theta: Any) -> Circuit:
    return Circuit(1).apply("ry", 0, params=[theta])


def _one_qubit(theta: Any) -> Any:
    return expectation(_circuit(theta), Z(0))


def _host(backend: Backend, value: Any) -> np.ndarray:
    return np.asarray(backend.to_numpy(backend.detach(value)), dtype=float)


def _compare(what: str, got: np.ndarray, want: Any, atol: float) -> str | None:
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape or not np.allclose(got, want, atol=atol, rtol=0):
        return f"{what} gave {np.round(got, 6).tolist()}, expected {np.round(want, 6).tolist()} (atol {atol:g})"
    return None


def backend_exercise(factory: Callable[..., Any], record: BackendPlugin) -> Exercise:
    """Create the backend in each declared dtype and try each declared capability on the exercise circuit."""
    result = Exercise()
    declared = record.capabilities
    created: dict[str, Any] = {}

    def protocol() -> str | None:
        created["default"] = factory()
        missing = missing_members(created["default"], Backend)
        return f"does not implement the Backend protocol: missing {', '.join(missing)}" if missing else None

    result.attempt("Backend protocol", protocol)
    if result.problems:
        return result
    backend = created["default"]

    def capabilities() -> str | None:
        actual = backend.capabilities
        differences = [
            f"{item.name}={getattr(declared, item.name)!r} in its record "
            f"but {getattr(actual, item.name)!r} on the object"
            for item in dataclasses.fields(declared)
            if getattr(declared, item.name) != getattr(actual, item.name)
        ]
        return f"declares capabilities its object does not have: {'; '.join(differences)}" if differences else None

    result.attempt("capabilities as registered", capabilities)
    for dtype in declared.dtypes:
        result.attempt(dtype, functools.partial(_dtype_problem, factory, dtype, created))
    if not created:
        return result
    dtype = "complex128" if "complex128" in created else next(iter(created))
    chosen = created[dtype]
    atol = _ATOL.get(dtype, 1e-4)
    transforms = {"autodiff": _autodiff_problem, "vmap": _vmap_problem, "jit": _jit_problem}
    for capability, problem in transforms.items():
        if getattr(declared, capability):
            result.attempt(capability, functools.partial(problem, chosen, atol))
    return result


def _dtype_problem(factory: Callable[..., Any], dtype: str, created: dict[str, Any]) -> str | None:
    backend = factory(dtype=dtype)
    if backend.complex_dtype != dtype:
        return f"declares the dtype {dtype}, but created with dtype={dtype!r} it computes in {backend.complex_dtype}"
    with use_backend(backend):
        value = _host(backend, _one_qubit(THETA))
    created[dtype] = backend
    return _compare(f"{_CIRCUIT} in {dtype}", value, math.cos(THETA), _ATOL.get(dtype, 1e-4))


def _autodiff_problem(backend: Any, atol: float) -> str | None:
    with use_backend(backend):
        value, gradient = backend.value_and_grad(_one_qubit)(backend.asarray(THETA, dtype=backend.real_dtype))
        return _compare(
            f"declares autodiff, but value_and_grad of {_CIRCUIT}",
            np.array([_host(backend, value), _host(backend, gradient)]),
            [math.cos(THETA), -math.sin(THETA)],
            atol,
        )


def _vmap_problem(backend: Any, atol: float) -> str | None:
    with use_backend(backend):
        values = backend.vmap(_one_qubit)(backend.asarray(list(_BATCH), dtype=backend.real_dtype))
        return _compare(
            f"declares vmap, but vmap of {_CIRCUIT} over θ={list(_BATCH)}", _host(backend, values), np.cos(_BATCH), atol
        )


def _jit_problem(backend: Any, atol: float) -> str | None:
    with use_backend(backend):
        value = backend.jit(_one_qubit)(backend.asarray(THETA, dtype=backend.real_dtype))
        return _compare(f"declares jit, but jit of {_CIRCUIT}", _host(backend, value), math.cos(THETA), atol)


def _name_problem(obj: Any, record: GradientPlugin | ExecutionModePlugin) -> str | None:
    if getattr(obj, "name", None) != record.name:
        return f"its object is named {getattr(obj, 'name', None)!r}, but it is registered as {record.name!r}"
    return None


def gradient_exercise(
    method: Any, record: GradientPlugin, backend: Backend | None, modes: Mapping[str, ExecutionMode]
) -> Exercise:
    """Check ``supports()`` against the record for every mode, then differentiate the exercise circuit.

    ``backend`` is one the record can run on (one with autodiff if it
    requires it), or ``None`` when none is installed: then only the protocol
    is checked, and the rest is listed as skipped.
    """
    result = Exercise()
    missing = missing_members(method, GradientMethod)
    if missing:
        result.problems.append(f"does not implement the GradientMethod protocol: missing {', '.join(missing)}")
        return result
    result.checked.append("GradientMethod protocol")
    result.attempt("its name", lambda: _name_problem(method, record))
    if backend is None:
        result.skipped.append("supports() and a derivative: no installed backend has autodiff")
        return result
    served = [
        name
        for name, mode in modes.items()
        if record.serves(name, mode.exact, backend.capabilities.autodiff, getattr(mode, "pure", True))
    ]
    for name, mode in modes.items():
        result.attempt(
            f"supports(mode {name!r})",
            functools.partial(_supports_problem, method, backend, name, mode, name in served),
        )
    exact_served = [name for name in served if not modes[name].takes_shots]
    if not exact_served:
        result.skipped.append("a derivative: every mode it serves takes shots")
        return result
    mode = modes[exact_served[0]]
    atol = _ATOL.get(backend.complex_dtype, 1e-4) if record.exact and mode.exact else _INEXACT_ATOL
    result.attempt(
        f"d{_CIRCUIT}/dθ in mode {exact_served[0]!r}", lambda: _derivative_problem(method, backend, mode, atol)
    )
    return result


def _supports_problem(method: Any, backend: Backend, name: str, mode: ExecutionMode, expected: bool) -> str | None:
    answer = method.supports(backend, mode)
    if expected and answer is not None:
        return f"its record says it serves the mode {name!r} on {backend.name}, but supports() refuses: {answer}"
    if not expected and answer is None:
        return (
            f"supports() accepts the mode {name!r} on {backend.name}, which its record excludes "
            "(modes, exact_modes_only, requires_autodiff)"
        )
    return None


def _derivative_problem(method: Any, backend: Backend, mode: ExecutionMode, atol: float) -> str | None:
    with use_backend(backend), use_execution_mode(mode):
        run = method.value_and_grad(_one_qubit, 0, backend=backend, mode=mode)
        value, gradient = run(backend.asarray(THETA, dtype=backend.real_dtype))
    got = np.array([_host(backend, value), _host(backend, gradient)])
    return _compare(f"value_and_grad of {_CIRCUIT}", got, [math.cos(THETA), -math.sin(THETA)], atol)


def mode_exercise(mode: Any, record: ExecutionModePlugin, backend: Backend) -> Exercise:
    """Estimate the exercise circuit's ``⟨Z⟩`` and probabilities in ``mode`` on ``backend`` (numpy)."""
    result = Exercise()
    missing = missing_members(mode, ExecutionMode)
    if missing:
        result.problems.append(f"does not implement the ExecutionMode protocol: missing {', '.join(missing)}")
        return result
    result.checked.append("ExecutionMode protocol")
    result.attempt("its name", lambda: _name_problem(mode, record))

    def takes_shots() -> str | None:
        if bool(mode.takes_shots) != record.takes_shots:
            return f"its record says takes_shots={record.takes_shots}, but its object says {mode.takes_shots}"
        return None

    result.attempt("takes_shots as registered", takes_shots)
    accepts_shots = mode.takes_shots or (getattr(mode, "accepts_shots", False) and not mode.exact)  # optional
    if accepts_shots:
        result.attempt(f"{_CIRCUIT} from {_SHOTS} shots", lambda: _shots_problem(mode, backend))
    if not mode.takes_shots:
        atol = _ATOL.get(backend.complex_dtype, 1e-4) if mode.exact else _INEXACT_ATOL
        result.attempt(_CIRCUIT, lambda: _exact_problem(mode, backend, atol))
    if not accepts_shots:
        result.attempt("refusing shots", lambda: _refuses_shots_problem(mode, backend))
    return result


def _probabilities_of_theta() -> list[float]:
    return [math.cos(THETA / 2) ** 2, math.sin(THETA / 2) ** 2]


def _exact_problem(mode: Any, backend: Backend, atol: float) -> str | None:
    circuit = _circuit(THETA)
    value = _host(backend, mode.expectation(circuit, [Z(0)], backend=backend))
    probabilities = _host(backend, mode.probabilities(circuit, backend=backend))
    if value.shape != (1, 1) or probabilities.shape != (1, 2):
        return (
            f"expectation gave shape {value.shape} and probabilities {probabilities.shape} for an unbatched circuit; "
            "a mode returns the batch axis: (1, 1) for one observable, (1, 2) for one qubit's probabilities"
        )
    value, probabilities = value[0, 0], probabilities[0]
    return _compare(f"expectation of {_CIRCUIT}", value, math.cos(THETA), atol) or _compare(
        f"probabilities after RY({THETA})", probabilities, _probabilities_of_theta(), atol
    )


def _refuses_shots_problem(mode: Any, backend: Backend) -> str | None:
    try:
        mode.expectation(_circuit(THETA), [Z(0)], backend=backend, shots=_SHOTS)
    except ShotsError:
        return None
    return f"takes_shots=False, but expectation(shots={_SHOTS}) did not raise ShotsError"


def _shots_problem(mode: Any, backend: Backend) -> str | None:
    circuit = _circuit(THETA)
    first = _host(backend, mode.expectation(circuit, [Z(0)], backend=backend, shots=_SHOTS, seed=_SEED))[0, 0]
    again = _host(backend, mode.expectation(circuit, [Z(0)], backend=backend, shots=_SHOTS, seed=_SEED))[0, 0]
    if not np.array_equal(first, again):
        return f"expectation with seed={_SEED} gave {first.tolist()}, then {again.tolist()}: the seed does not replay"
    bound = 5 / math.sqrt(_SHOTS)
    probabilities = _host(backend, mode.probabilities(circuit, backend=backend, shots=_SHOTS, seed=_SEED))[0]
    return _compare(f"expectation of {_CIRCUIT} from {_SHOTS} shots", first, math.cos(THETA), bound) or _compare(
        f"probabilities after RY({THETA}) from {_SHOTS} shots", probabilities, _probabilities_of_theta(), bound
    )
