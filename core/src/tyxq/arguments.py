"""The checks of a public call's arguments: qubits, counts, real values (angles, times, probabilities), seeds, dtypes.

Every public entry checks its arguments here, so the same mistake gets the
same message wherever it is made: ``shots=True``, ``trajectories=True``,
``steps=True`` and ``chunk=True`` are each "a whole number from 1 to …
(a bool is not a count)"; qubit 5 of a 3-qubit circuit is "out of range
(valid: 0..2)" in a gate method and in ``tyxq.probabilities`` alike. Each
check raises the named error (from ``tyxq.errors``) of the argument it
checks, with a message that names the argument and what to pass instead.

This layer sits just above the errors: it knows no backend, circuit or
mode. Values that cannot be read on the host (an array on a device, or
inside an autodiff trace) are checked by the kernels, which have their
backend.

Example:
    >>> check_count("steps", 10, limit=1000)
    10
    >>> check_count("steps", True, limit=1000)
    Traceback (most recent call last):
    ...
    tyxq.errors.ParameterError: steps is True; steps must be a whole number from 1 to 1,000 (a bool is not a count)
    >>> check_qubits("probabilities", 3, n_qubits=3)
    Traceback (most recent call last):
    ...
    tyxq.errors.QubitIndexError: probabilities: qubit 3 is out of range for a 3-qubit circuit (valid: 0..2)
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ParamSpec, TypeVar

import numpy as np

from .errors import BackendError, ParameterError, QubitIndexError, ShotsError, SignatureError

__all__ = [
    "COMPLEX_DTYPES",
    "MAX_SHOTS",
    "as_qubit_list",
    "check_count",
    "check_dtype_option",
    "check_qubits",
    "check_real",
    "check_shot_vector",
    "check_shots",
    "checked_signature",
    "make_rng",
    "numbers_array",
    "qubit_arguments",
    "range_problem",
    "short",
]

COMPLEX_DTYPES = ("complex64", "complex128")
"""The dtypes tyxq computes statevectors in: the names a backend's ``dtype=`` option accepts."""

MAX_SHOTS = 2**40
"""The largest shot count accepted in one call: 8 TiB of int64 indices, far beyond any machine's memory."""

_PLURAL = {"angle": "gate angles", "probability": "probabilities", "time": "times"}


def short(value: Any) -> str:
    """``repr(value)`` on one line, cut to 60 characters (an array can print pages).

    Example:
        >>> short(list(range(30)))[-10:]
        ' 15, 16...'
    """
    text = " ".join(repr(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


# --- counts ---------------------------------------------------------------------------------------------


def check_count(
    name: str,
    value: Any,
    *,
    limit: int,
    minimum: int = 1,
    error: type[Exception] = ParameterError,
    too_many: str = "",
) -> int:
    """``value`` as an int if it is a whole number from ``minimum`` to ``limit``, else ``error`` naming ``name``.

    A bool is never a count (``steps=True`` is a mistake, not one step).
    ``too_many`` is what to do instead when ``value`` is past the limit (it
    follows the message after a semicolon).

    Example:
        >>> check_count("chunk", np.int64(4), limit=2**20)
        4
        >>> check_count("times", -3, minimum=-10, limit=10)
        -3
    """
    whole = not _is_bool(value) and isinstance(value, numbers.Integral)
    if whole and minimum <= int(value) <= limit:
        return int(value)
    message = (
        f"{name} is {short(value)}; {name} must be a whole number from {minimum:,} to {limit:,}"
        f"{' (a bool is not a count)' if _is_bool(value) else ''}"
    )
    if whole and int(value) > limit and too_many:
        message += f"; {too_many}"
    raise error(message)


def check_shots(shots: Any) -> int:
    """``shots`` as an int; a :class:`~tyxq.errors.ShotsError` unless a whole number from 1 to :data:`MAX_SHOTS`.

    Example:
        >>> check_shots(1000)
        1000
    """
    return check_count(
        "shots",
        shots,
        limit=MAX_SHOTS,
        error=ShotsError,
        too_many="split the work into several calls with a numpy.random.Generator as the seed, which advances "
        "between them",
    )


def check_shot_vector(shots: Sequence[Any]) -> tuple[int, ...]:
    """A shot vector as a tuple of counts, each checked by :func:`check_shots`, their sum within :data:`MAX_SHOTS`.

    Example:
        >>> check_shot_vector([100, 1000])
        (100, 1000)
    """
    if not shots:
        raise ShotsError("shots=[] gives no estimate; give at least one shot count, for example shots=[100, 1000]")
    try:
        counts = tuple(check_shots(count) for count in shots)
    except ShotsError as error:
        raise ShotsError(f"every entry of a shot vector is a shot count: in shots={list(shots)!r}, {error}") from None
    if sum(counts) > MAX_SHOTS:
        raise ShotsError(
            f"the shot vector {list(counts)} draws {sum(counts)} shots in all, more than tyxq draws in one call "
            f"({MAX_SHOTS}); split it over several calls with a numpy.random.Generator as the seed"
        )
    return counts


def make_rng(seed: Any) -> np.random.Generator:
    """The generator for a seed: an int ≥ 0, a ``numpy.random.Generator`` (used as is) or ``None`` (fresh entropy).

    Example:
        >>> make_rng(5).random() == make_rng(5).random()
        True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if _is_bool(seed) or not isinstance(seed, numbers.Integral) or int(seed) < 0:
        raise ShotsError(
            f"seed is {short(seed)}; seed must be a non-negative integer, a numpy.random.Generator or None: "
            "for example seed=7, or seed=numpy.random.default_rng(7) to draw fresh outcomes on every call"
        )
    return np.random.default_rng(int(seed))


# --- qubits ---------------------------------------------------------------------------------------------


def as_qubit_list(qubits: Any) -> list[Any] | None:
    """A list of qubits if ``qubits`` is a list, tuple, range or 1-D array; ``None`` for a single qubit.

    Example:
        >>> as_qubit_list(range(2)), as_qubit_list(3)
        ([0, 1], None)
    """
    if isinstance(qubits, (list, tuple, range)):
        return list(qubits)
    if isinstance(qubits, np.ndarray) and qubits.ndim == 1:
        if not np.issubdtype(qubits.dtype, np.integer):
            raise QubitIndexError(
                f"qubit indices are integers, but an array of dtype {qubits.dtype} was given "
                f"({short(qubits.tolist())}); pass integers, e.g. numpy.arange(n) or a list of ints"
            )
        return [int(q) for q in qubits]
    return None


def qubit_arguments(qubits: Any) -> list[Any]:
    """One qubit index or a sequence of them, as a list (anything else is one qubit, for :func:`check_qubits`).

    Example:
        >>> qubit_arguments(2), qubit_arguments((0, 1))
        ([2], [0, 1])
    """
    listed = as_qubit_list(qubits)
    return [qubits] if listed is None else listed


def check_qubits(name: str, qubits: Any, n_qubits: int) -> tuple[int, ...]:
    """The qubits (one int, or an iterable of them) as Python ints: integers, in ``0..n_qubits - 1``, distinct.

    ``name`` is the operation or verb the qubits were given to; it starts the message.

    Example:
        >>> check_qubits("cnot", [1, 1], n_qubits=2)
        Traceback (most recent call last):
        ...
        tyxq.errors.QubitIndexError: cnot: qubits (1, 1) repeat; list each qubit once
    """
    many = isinstance(qubits, Iterable) and not isinstance(qubits, (str, bytes, np.ndarray))
    listed: Iterable[Any] = qubits if many else qubit_arguments(qubits)
    checked = []
    for qubit in listed:
        if _is_bool(qubit) or not isinstance(qubit, numbers.Integral):
            raise QubitIndexError(f"{name}: qubit {short(qubit)} is not an integer index")
        if not 0 <= int(qubit) < n_qubits:
            raise QubitIndexError(
                f"{name}: qubit {qubit} is out of range for a {n_qubits}-qubit circuit (valid: 0..{n_qubits - 1})"
            )
        checked.append(int(qubit))
    if len(set(checked)) != len(checked):
        raise QubitIndexError(f"{name}: qubits {tuple(checked)} repeat; list each qubit once")
    return tuple(checked)


# --- real values: angles, times, probabilities ------------------------------------------------------------


def numbers_array(value: list[Any] | tuple[Any, ...], what: str, accept: type, error: type[Exception]) -> np.ndarray:
    """``value`` (a list or tuple, possibly nested) as a NumPy array, each entry checked to be an ``accept``.

    Reads the list as objects first, so a ragged list or an entry that is no
    number is named in ``error`` instead of failing inside NumPy's conversion.

    Example:
        >>> numbers_array([0.5, 1], "the angles", numbers.Real, ParameterError).tolist()
        [0.5, 1.0]
    """
    try:
        array = np.array(value, dtype=object)
    except ValueError:  # a ragged nesting NumPy cannot even hold as objects
        raise error(f"{what} is a ragged list ({short(value)}); the rows must be of equal length") from None
    for position, entry in np.ndenumerate(array):
        if _is_bool(entry) or not isinstance(entry, accept):
            where = f"entry {position[0] if len(position) == 1 else position}"
            kind = "a list" if isinstance(entry, (list, tuple)) else f"{short(entry)} (a {type(entry).__name__})"
            raise error(
                f"{what} has {kind} at {where}; every entry must be a "
                f"{'real' if accept is numbers.Real else 'complex'} number"
                f"{' and the rows of equal length' if isinstance(entry, (list, tuple)) else ''}"
            )
    return array.astype(np.float64 if accept is numbers.Real else np.complex128)


def check_real(what: str, value: Any, quantity: str = "angle") -> Any:
    """A finite real value (a number, a list, or a backend's array: a scalar or a 1-D batch), or a ParameterError.

    Numbers become floats and lists NumPy arrays; arrays are returned as
    given (their values checked where NumPy reads them). ``what`` names the
    argument (``"theta of rx"``, ``"time of evolve"``); ``quantity`` says
    what it is (``"angle"``, ``"probability"``, ``"time"``).

    Example:
        >>> check_real("theta of rx", 1)
        1.0
        >>> check_real("time of evolve", float("nan"), quantity="time")
        Traceback (most recent call last):
        ...
        tyxq.errors.ParameterError: time of evolve is nan; times must be finite: check the computation that produced it
    """
    plural = _PLURAL.get(quantity, quantity + "s")
    article = "an" if quantity[0] in "aeiou" else "a"
    if _is_bool(value) or (isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)):
        note = f" (a bool is not {article} {quantity}{': pass 1.0 for one radian' if quantity == 'angle' else ''})"
        raise ParameterError(f"{what} is {value!r}; {plural} are real numbers" + (note if _is_bool(value) else ""))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ParameterError(f"{what} is {number}; {plural} must be finite: check the computation that produced it")
        return number
    shape = getattr(value, "shape", None)
    if shape is None:
        if not isinstance(value, (list, tuple)):
            raise ParameterError(
                f"{what} is a {type(value).__name__}; pass a real number or an array of the active backend "
                "(a scalar, or a 1-D batch)"
            )
        value = numbers_array(value, what, numbers.Real, ParameterError)
        shape = value.shape
    if len(shape) > 1:
        raise ParameterError(
            f"{what} has shape {tuple(shape)}; {article} {quantity} is a scalar or a 1-D batch (one {quantity} per "
            f"batch member). Index the array to pick the {quantity} meant"
        )
    if len(shape) == 1 and shape[0] == 0:
        raise ParameterError(
            f"{what} is an empty batch (shape (0,)); a batch holds at least one {quantity}: "
            f"pass a number, or a 1-D array of one {quantity} per batch member"
        )
    dtype = getattr(value, "dtype", None)
    kind = getattr(dtype, "kind", None)  # numpy and jax dtypes; str() of a numpy dtype costs a few µs per call
    if (kind == "b") if kind is not None else "bool" in str(dtype):
        raise ParameterError(
            f"{what} is an array of dtype {dtype}; {plural} are real numbers (a bool is not {article} {quantity}): "
            "convert it with .astype(float) if that is meant"
        )
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iufc":
            raise ParameterError(
                f"{what} is an array of dtype {value.dtype}; {plural} are real numbers: pass a float array"
            )
        if np.iscomplexobj(value):
            raise ParameterError(f"{what} is complex; {plural} are real numbers")
        if not np.isfinite(value).all():
            raise ParameterError(f"{what} contains NaN or infinite values; {plural} must be finite")
    return value


def range_problem(name: str, values: np.ndarray, low: float, high: float, slack: float = 0.0) -> str | None:
    """What is wrong with host ``values`` of ``name`` that must lie in ``[low, high]`` (``slack`` allowed), or ``None``.

    The check of probabilities (``[0, 1]``, or a channel's narrower range)
    and of every other bounded real parameter.

    Example:
        >>> range_problem("p", np.array([0.2, 1.5]), 0.0, 1.0)
        'p = 1.5 is outside [0, 1]'
    """
    outside = (values < low - slack) | (values > high + slack) | ~np.isfinite(values)
    if not np.any(outside):
        return None
    return f"{name} = {np.ravel(values[outside] if values.ndim else values)[0]:.6g} is outside [{low:.6g}, {high:.6g}]"


# --- signatures ---------------------------------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R")
_POSITIONAL_COUNT = re.compile(r"takes (\d+) positional arguments? but (\d+) (?:was|were) given")


def _without_self(match: re.Match[str]) -> str:
    """Python's count of positional arguments, ``self`` not counted (the caller never wrote it)."""
    takes, given = int(match[1]) - 1, int(match[2]) - 1
    return (
        f"takes {takes} positional argument{'s' if takes != 1 else ''} but {given} "
        f"{'was' if given == 1 else 'were'} given"
    )


def checked_signature(method: Callable[P, R]) -> Callable[P, R]:
    """``method`` with a call that does not fit its signature raising :class:`~tyxq.errors.SignatureError`.

    Python's own ``TypeError`` for an unknown keyword or a missing or extra
    argument names neither the operation's parameters nor a call that
    works; the error raised instead (a ``TypeError`` too) names both. The
    signature stays the method's own for ``help()``, IDEs and mypy, and a
    call that fits costs one function call more.

    Example:
        >>> import tyxq
        >>> tyxq.Circuit(1).rx(0, angle=0.5)
        Traceback (most recent call last):
        ...
        tyxq.errors.SignatureError: rx got an unexpected keyword argument 'angle'; call it as rx(qubit, theta)
    """
    name = method.__name__
    parameters = list(inspect.signature(method).parameters)[1:]  # without self
    usage = f"{name}({', '.join(parameters)})"

    @functools.wraps(method)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except TypeError as error:
            if error.__traceback__ is None or error.__traceback__.tb_next is not None:
                raise  # raised inside the method, not by binding its arguments
            reason = _POSITIONAL_COUNT.sub(_without_self, str(error).split("() ", 1)[-1])
            raise SignatureError(f"{name} {reason}; call it as {usage}") from None

    return checked


# --- names ----------------------------------------------------------------------------------------------


def check_dtype_option(backend_name: str, dtype: Any) -> str:
    """The name of ``dtype`` if it is one of :data:`COMPLEX_DTYPES`, else :class:`~tyxq.errors.BackendError`.

    A NumPy dtype object or type (``np.dtype("complex64")``, ``np.complex64``)
    is taken by its name; strings must be the names themselves.

    Example:
        >>> check_dtype_option("numpy", np.dtype("complex64"))
        'complex64'
    """
    if not isinstance(dtype, str):
        try:
            dtype = np.dtype(dtype).name
        except TypeError:
            pass  # not a NumPy dtype: refused below, by its repr
    if not isinstance(dtype, str) or dtype not in COMPLEX_DTYPES:
        raise BackendError(
            f"backend {backend_name!r} was asked for dtype={short(dtype)}; "
            f"tyxq computes statevectors in one of {', '.join(COMPLEX_DTYPES)}: "
            f'pass dtype="complex64" or dtype="complex128"'
        )
    return dtype
