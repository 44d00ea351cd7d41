"""The answers of third-party modes and gradient methods, checked where they enter tyxq.

A mode plugin that drops the batch axis, or a gradient method whose
gradient is not shaped like its argument, would otherwise give a wrong
answer without a word, or a raw ``ValueError: cannot reshape`` deep inside a
verb. The verbs wrap a third-party mode in :class:`CheckedMode`, and
``tyxq.value_and_grad`` passes a third-party method's results through
:func:`check_gradient_result`: a wrong shape or dtype is a
:class:`~tyxq.errors.BrokenPluginError` naming the distribution, the member
and what the protocol asks for. tyxq's own modes and methods are trusted
(:mod:`tyxq.plugins.provenance`) and never wrapped, so their hot path pays
nothing.

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> provider = Provider("tyxq-drop", "tyxq-drop 1.0")
    >>> try:
    ...     check_answer(provider, "execution mode 'drop'", "probabilities", NumpyBackend(), np.array([0.5, 0.5]),
    ...         (3, 2), "real", "(B, 2**k)")
    ... except BrokenPluginError as error:
    ...     print(str(error).splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    the execution mode 'drop' from tyxq-drop 1.0 returned from probabilities an array of shape (2,) and dtype
    float64, where tyxq.execution.ExecutionMode asks for a real array of shape (3, 2): (B, 2**k).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend
from ..errors import BrokenPluginError
from .contracts import PROTOCOLS
from .failures import report_advice
from .provenance import Provider

__all__ = ["CheckedMode", "check_answer", "check_gradient_result"]

_KINDS_OF_DTYPE = {"real": ("float",), "complex": ("complex",)}


def _describe(backend: Backend, value: Any) -> tuple[tuple[int, ...] | None, str]:
    """The shape and dtype name of ``value`` if it is an array of ``backend`` (or a real number), else ``None``."""
    if backend.is_array(value):
        return tuple(backend.shape(value)), backend.dtype_name(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return (), "float64"
    return None, type(value).__name__


def check_answer(
    provider: Provider,
    owner: str,
    member: str,
    backend: Backend,
    value: Any,
    shape: tuple[int, ...],
    kind: str,
    meaning: str,
    protocol: str = PROTOCOLS["mode"],
) -> None:
    """Raise :class:`~tyxq.errors.BrokenPluginError` unless ``value`` is a ``kind`` ``backend`` array of ``shape``.

    ``kind`` is ``"real"`` or ``"complex"``; ``meaning`` says what the axes
    are, for the message.
    """
    found, dtype = _describe(backend, value)
    if found == shape and dtype.startswith(_KINDS_OF_DTYPE[kind]):
        return
    what = (
        f"an array of shape {found} and dtype {dtype}"
        if found is not None
        else f"a {dtype}, not an array of the {backend.name} backend"
    )
    raise BrokenPluginError(
        f"the {owner} from {provider.origin} returned from {member} {what}, where {protocol} asks for a {kind} "
        f"array of shape {shape}: {meaning}.\n{report_advice(provider.distribution)}"
    )


class CheckedMode:
    """A third-party execution mode whose every answer is checked against the protocol's shapes and dtypes.

    Everything else (``name``, ``exact``, options, other methods) is the
    mode's own.
    """

    def __init__(self, mode: Any, provider: Provider) -> None:
        self._mode = mode
        self._provider = provider
        self._owner = f"execution mode {getattr(mode, 'name', type(mode).__name__)!r}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._mode, name)

    def __repr__(self) -> str:
        return repr(self._mode)

    @property
    def checked(self) -> Any:
        """The mode object itself."""
        return self._mode

    def _check(self, member: str, backend: Backend, value: Any, shape: tuple[int, ...], kind: str, meaning: str) -> Any:
        check_answer(self._provider, self._owner, member, backend, value, shape, kind, meaning)
        return value

    def expectation(self, circuit: Any, observables: Sequence[Any], *, backend: Backend, **options: Any) -> Array:
        values = self._mode.expectation(circuit, observables, backend=backend, **options)
        b, k = circuit.batch_size or 1, len(observables)
        meaning = (
            f"(B, K), one row per batch member (B = {b}, 1 when unbatched) and one column per observable (K = {k})"
        )
        leading, meaning = _shot_vector_axis(options, meaning)
        return self._check("expectation", backend, values, (*leading, b, k), "real", meaning)

    def probabilities(
        self, circuit: Any, qubits: Sequence[int] | None = None, *, backend: Backend, **options: Any
    ) -> Array:
        values = self._mode.probabilities(circuit, qubits, backend=backend, **options)
        b, k = circuit.batch_size or 1, _width(circuit, qubits, options.get("bits"))
        meaning = (
            f"(B, 2**k), one row per batch member (B = {b}, 1 when unbatched) over k = {k} measured qubits or bits"
        )
        leading, meaning = _shot_vector_axis(options, meaning)
        return self._check("probabilities", backend, values, (*leading, b, 2**k), "real", meaning)

    def state(self, circuit: Any, *, backend: Backend, **options: Any) -> Array:
        psi = self._mode.state(circuit, backend=backend, **options)
        b, n = circuit.batch_size or 1, circuit.n_qubits
        meaning = f"(B, 2**n), one statevector per batch member (B = {b}, 1 when unbatched) of n = {n} qubits"
        return self._check("state", backend, psi, (b, 2**n), "complex", meaning)

    @property
    def density_matrix(self) -> Callable[..., Array]:
        """The mode's optional ``density_matrix``, checked; an ``AttributeError`` where the mode has none."""
        own = self._mode.density_matrix  # absent: tyxq.density_matrix reduces the (checked) state instead

        def checked(circuit: Any, qubits: Sequence[int] | None = None, *, backend: Backend, **options: Any) -> Array:
            rho = own(circuit, qubits, backend=backend, **options)
            b, k = circuit.batch_size or 1, circuit.n_qubits if qubits is None else len(qubits)
            meaning = f"(B, 2**k, 2**k), one matrix per batch member (B = {b}, 1 when unbatched) of k = {k} qubits"
            return self._check("density_matrix", backend, rho, (b, 2**k, 2**k), "complex", meaning)

        return checked

    def sample(self, circuit: Any, qubits: Sequence[int] | None = None, *, backend: Backend, **options: Any) -> Any:
        indices = self._mode.sample(circuit, qubits, backend=backend, **options)
        b, k = circuit.batch_size or 1, _width(circuit, qubits, options.get("bits"))
        shots = options.get("shots")
        if (
            isinstance(indices, np.ndarray)
            and np.issubdtype(indices.dtype, np.integer)
            and indices.ndim == 2
            and indices.shape[0] == b
            and (shots is None or indices.shape[1] == shots)
            and (indices.size == 0 or (int(indices.min()) >= 0 and int(indices.max()) < 2**k))
        ):
            return indices
        found = (
            f"a {type(indices).__name__}"
            if not isinstance(indices, np.ndarray)
            else f"a NumPy array of shape {indices.shape} and dtype {indices.dtype}"
            + (f" with values from {indices.min()} to {indices.max()}" if indices.size else "")
        )
        raise BrokenPluginError(
            f"the {self._owner} from {self._provider.origin} returned from sample {found}, where "
            f"{PROTOCOLS['mode']} asks for a host NumPy int64 array of shape (B, shots) = ({b}, {shots or 'shots'}) "
            f"of basis-state indices from 0 to {2**k - 1} (k = {k} measured qubits or bits).\n"
            f"{report_advice(self._provider.distribution)}"
        )


def _width(circuit: Any, qubits: Sequence[int] | None, bits: Sequence[int] | None) -> int:
    """How many qubits (or classical bits) a reading covers."""
    read = bits if bits is not None else qubits
    return circuit.n_qubits if read is None else len(read)


def check_gradient_result(
    provider: Provider, name: str, result: Any, args: Sequence[Any], argnums: int | tuple[int, ...], backend: Backend
) -> tuple[Array, Any]:
    """``result`` of a third-party method's ``value_and_grad(fn)(*args)``, checked: ``(value, gradients)``.

    The value must be a real array of ``backend`` (or a real number), and
    each gradient a real array shaped like its argument: one for an int
    ``argnums``, else a tuple with one per position.
    """
    owner = f"gradient method {name!r}"
    protocol = PROTOCOLS["gradient"]

    def fail(problem: str) -> BrokenPluginError:
        return BrokenPluginError(
            f"the {owner} from {provider.origin} {problem}.\n{report_advice(provider.distribution)}"
        )

    if not isinstance(result, tuple) or len(result) != 2:
        raise fail(
            f"returned from value_and_grad a {type(result).__name__}, where {protocol} asks for (value, gradients)"
        )
    value, gradients = result
    shape, dtype = _describe(backend, value)
    if shape is None or not dtype.startswith("float"):
        raise fail(
            f"returned from value_and_grad a value that is {'a ' + dtype if shape is None else 'of dtype ' + dtype}, "
            f"where {protocol} asks for the function's real value as an array of the {backend.name} backend"
        )
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    listed = (gradients,) if isinstance(argnums, int) else gradients
    if not isinstance(listed, tuple) or len(listed) != len(positions):
        raise fail(
            f"returned from value_and_grad {type(gradients).__name__} gradients for argnums={argnums!r}, where "
            f"{protocol} asks for a tuple of {len(positions)} arrays, one per differentiated argument"
        )
    for position, gradient in zip(positions, listed, strict=True):
        expected = (
            tuple(backend.shape(args[position])) if backend.is_array(args[position]) else np.shape(args[position])
        )
        check_answer(
            provider,
            owner,
            "value_and_grad",
            backend,
            gradient,
            tuple(expected),
            "real",
            f"a gradient shaped like argument {position}",
            protocol,
        )
    return value, gradients


def _shot_vector_axis(options: dict[str, Any], meaning: str) -> tuple[tuple[int, ...], str]:
    """The leading axis a shot vector adds to a mode's answer (none for one shot count), and its meaning."""
    shots = options.get("shots")
    if not isinstance(shots, (list, tuple)):  # one count, or none
        return (), meaning
    return (len(shots),), f"one {meaning} per entry of the shot vector (S = {len(shots)}), stacked as (S, ...)"
