"""The checks a circuit runs on what its builder methods are given: qubits, parameters, matrices, initial states.

Every check raises a named error (from ``tyxq.errors``) that says what was
given and what to pass instead; :class:`~tyxq.circuit.Circuit` calls these
and stores only what passed. Values that cannot be read on the host (an array
on a device, or inside an autodiff trace) are checked by the kernels, which
have their backend.

Example:
    >>> check_qubits("h", [0, 2], n_qubits=3)
    (0, 2)
    >>> check_qubits("h", [3], n_qubits=3)
    Traceback (most recent call last):
    ...
    tyxq.errors.QubitIndexError: h: qubit 3 is out of range for a 3-qubit circuit (valid: 0..2)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias, Union

import numpy as np

from .backends.protocol import Array
from .errors import NonUnitaryError, ParameterError, QubitIndexError

__all__ = [
    "Parameter",
    "Qubits",
    "as_qubit_list",
    "batch_size_of",
    "batch_size_of_state",
    "check_bit",
    "check_inputs",
    "check_parameter",
    "check_qubits",
    "check_unitary",
    "host_copy",
    "norm_problem",
    "numbers_array",
    "per_qubit",
    "qubit_arguments",
    "short",
]

Qubits: TypeAlias = Union[int, "np.integer[Any]", Sequence[int], "np.ndarray[Any, Any]"]
"""A qubit argument: one index, or a list, tuple, range or 1-D integer array of them (the gate acts on each)."""

Parameter: TypeAlias = float | Sequence[float] | Array
"""A real parameter: a number, a list (one per qubit), or an array of any backend (a scalar or a batch)."""

UNITARY_TOLERANCE = 1e-6
_NORM_TOLERANCE = {"complex128": 1e-10, "complex64": 1e-5}
_PLURAL = {"angle": "gate angles", "probability": "probabilities", "time": "times"}


def numbers_array(value: list[Any] | tuple[Any, ...], what: str, accept: type, error: type[Exception]) -> np.ndarray:
    """``value`` (a list or tuple, possibly nested) as a NumPy array, each entry checked to be an ``accept``.

    Reads the list as objects first, so a ragged list or an entry that is no
    number is named in ``error`` instead of failing inside NumPy's conversion.

    Example:
        >>> numbers_array([0.5, 1], "the angles", numbers.Real, ParameterError).tolist()
        [0.5, 1.0]
    """
    array = np.array(value, dtype=object)
    for position, entry in np.ndenumerate(array):
        if isinstance(entry, (bool, np.bool_)) or not isinstance(entry, accept):
            where = f"entry {position[0] if len(position) == 1 else position}"
            kind = "a list" if isinstance(entry, (list, tuple)) else f"{entry!r} (a {type(entry).__name__})"
            raise error(
                f"{what} has {kind} at {where}; every entry must be a "
                f"{'real' if accept is numbers.Real else 'complex'} number"
                f"{' and the rows of equal length' if isinstance(entry, (list, tuple)) else ''}"
            )
    return array.astype(np.float64 if accept is numbers.Real else np.complex128)


def check_parameter(name: str, index: int, param: Any, label: str | None = None, quantity: str = "angle") -> Any:
    """Return the parameter in the form the circuit stores, or raise :class:`~tyxq.errors.ParameterError`.

    ``label`` names the parameter in messages (default: its position);
    ``quantity`` says what it is (``"angle"`` for gates, ``"probability"``
    or ``"time"`` for channels).

    Example:
        >>> check_parameter("rx", 0, 1)
        1.0
        >>> check_parameter("bit_flip", 0, True, label="p", quantity="probability")
        Traceback (most recent call last):
        ...
        tyxq.errors.ParameterError: p of bit_flip is True; probabilities are real numbers (a bool is not a probability)
    """
    what = f"parameter {index} of {name}" if label is None else f"{label} of {name}"
    plural = _PLURAL.get(quantity, quantity + "s")
    if isinstance(param, (bool, np.bool_)) or (
        isinstance(param, numbers.Complex) and not isinstance(param, numbers.Real)
    ):
        hint = (
            " (a bool is not an angle: pass 1.0 for one radian)"
            if quantity == "angle"
            else f" (a bool is not a {quantity})"
        )
        raise ParameterError(
            f"{what} is {param!r}; {plural} are real numbers" + (hint if isinstance(param, (bool, np.bool_)) else "")
        )
    if isinstance(param, numbers.Real):
        value = float(param)
        if not math.isfinite(value):
            raise ParameterError(f"{what} is {value}; {plural} must be finite: check the computation that produced it")
        return value
    shape = getattr(param, "shape", None)
    if shape is None:
        if isinstance(param, (list, tuple)):
            param = numbers_array(param, what, numbers.Real, ParameterError)
            shape = param.shape
        else:
            raise ParameterError(
                f"{what} is a {type(param).__name__}; pass a real number or an "
                "array of the active backend (a scalar, or a 1-D batch)"
            )
    if len(shape) > 1:
        raise ParameterError(
            f"{what} has shape {tuple(shape)}; a {'gate' if quantity == 'angle' else 'channel'} parameter is a scalar "
            f"or a 1-D batch (one {quantity} per batch member). Index the array to pick the {quantity} for this "
            "operation"
        )
    if len(shape) == 1 and shape[0] == 0:
        raise ParameterError(
            f"{what} is an empty batch (shape (0,)); a batch holds at least one {quantity}: "
            f"pass a number, or a 1-D array of one {quantity} per batch member"
        )
    dtype = getattr(param, "dtype", None)
    kind = getattr(dtype, "kind", None)  # numpy and jax dtypes; str() of a numpy dtype costs a few µs per call
    if (kind == "b") if kind is not None else "bool" in str(dtype):
        raise ParameterError(
            f"{what} is an array of dtype {dtype}; {plural} are real numbers "
            f"(a bool is not a{'n' if quantity[0] in 'aeiou' else ''} {quantity}): convert it with .astype(float) "
            "if that is meant"
        )
    if isinstance(param, np.ndarray):
        if param.dtype.kind not in "iufc":
            raise ParameterError(
                f"{what} is an array of dtype {param.dtype}; {plural} are real numbers: pass a float array"
            )
        if np.iscomplexobj(param):
            raise ParameterError(f"{what} is complex; {plural} are real numbers")
        if not np.isfinite(param).all():
            raise ParameterError(f"{what} contains NaN or infinite values; {plural} must be finite")
    return param


def as_qubit_list(qubits: Any) -> list[int] | None:
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
                f"qubit indices are integers, but an array of dtype {qubits.dtype} was given ({qubits.tolist()}); "
                "pass integers, e.g. numpy.arange(n) or a list of ints"
            )
        return [int(q) for q in qubits]
    return None


def qubit_arguments(qubits: Any) -> list[Any]:
    """The qubits of ``unitary``/``kraus``/``pauli_rot``: one index or a sequence of them, as a list.

    Anything else is handed on as one qubit, for :func:`check_qubits` to refuse by name.

    Example:
        >>> qubit_arguments(2), qubit_arguments((0, 1))
        ([2], [0, 1])
    """
    listed = as_qubit_list(qubits)
    return [qubits] if listed is None else listed


def short(value: Any) -> str:
    """``repr(value)`` on one line, cut to 60 characters (an array can print pages).

    Example:
        >>> short(list(range(30)))[-10:]
        ' 15, 16...'
    """
    text = " ".join(repr(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def per_qubit(name: str, index: int, param: Any, k: int) -> list[Any]:
    """The values of parameter ``index`` for each of ``k`` qubit groups (the rule of :mod:`tyxq.circuit`).

    Example:
        >>> per_qubit("rx", 0, 0.5, 2), per_qubit("rx", 0, [0.1, 0.2], 2)
        ([0.5, 0.5], [0.1, 0.2])
    """
    if isinstance(param, (list, tuple)):
        if len(param) != k:
            raise ParameterError(_per_qubit_message(name, index, (len(param),), k))
        return list(param)
    shape = getattr(param, "shape", None)
    if shape is None or len(shape) == 0:
        return [param] * k
    if len(shape) == 1 and shape[0] == k:
        return [param[j] for j in range(k)]
    if len(shape) == 2 and shape[1] in (k, 1):
        return [param[:, j if shape[1] == k else 0] for j in range(k)]
    raise ParameterError(_per_qubit_message(name, index, tuple(shape), k))


def _per_qubit_message(name: str, index: int, shape: tuple[int, ...], k: int) -> str:
    return (
        f"parameter {index} of {name} on {k} qubits has shape {shape}; with a list of qubits give a number "
        f"(the same angle on each), shape ({k},) (one angle per qubit), (B, {k}) (a batch per qubit) or "
        f"(B, 1) (one batch shared by every qubit): for a batch t of shape (B,), pass t[:, None]"
    )


def batch_size_of(param: Any) -> int | None:
    """The batch size of a parameter (the length of its leading axis), ``None`` for a scalar.

    Example:
        >>> batch_size_of(np.zeros(3)), batch_size_of(0.5)
        (3, None)
    """
    shape = tuple(getattr(param, "shape", ()))
    return shape[0] if shape else None


def check_qubits(name: str, qubits: Iterable[Any], n_qubits: int) -> tuple[int, ...]:
    """The qubits as Python ints, checked: integers, in ``0..n_qubits - 1``, distinct.

    Example:
        >>> check_qubits("cnot", [1, 1], n_qubits=2)
        Traceback (most recent call last):
        ...
        tyxq.errors.QubitIndexError: cnot: qubits (1, 1) repeat; a gate's qubits must be distinct
    """
    checked = []
    for qubit in qubits:
        if isinstance(qubit, bool) or not isinstance(qubit, numbers.Integral):
            raise QubitIndexError(f"{name}: qubit {short(qubit)} is not an integer index")
        if not 0 <= int(qubit) < n_qubits:
            raise QubitIndexError(
                f"{name}: qubit {qubit} is out of range for a {n_qubits}-qubit circuit (valid: 0..{n_qubits - 1})"
            )
        checked.append(int(qubit))
    if len(set(checked)) != len(checked):
        raise QubitIndexError(f"{name}: qubits {tuple(checked)} repeat; a gate's qubits must be distinct")
    return tuple(checked)


def check_bit(name: str, bit: Any) -> int:
    """A classical bit index as a Python int, or :class:`~tyxq.errors.ParameterError`.

    Example:
        >>> check_bit("measure", np.int64(2))
        2
    """
    if isinstance(bit, bool) or not isinstance(bit, numbers.Integral) or bit < 0:
        raise ParameterError(f"{name}: classical bit {bit!r} is not a non-negative integer index")
    return int(bit)


def host_copy(value: Any) -> np.ndarray | None:
    """A numpy copy of ``value`` for validation, or ``None`` where its values cannot be read on the host.

    Lists and numpy arrays are read; other arrays where NumPy reads them without help (a CPU tensor that
    autograd does not track). Arrays on a device or inside an autodiff trace are checked by the kernels,
    which have their backend.

    Example:
        >>> host_copy([1, 0]).dtype, host_copy(object())
        (dtype('complex128'), None)
    """
    if isinstance(value, (list, tuple, np.ndarray)):
        return np.asarray(value, dtype=np.complex128)
    if not hasattr(value, "__array__"):
        return None
    try:
        return np.asarray(value, dtype=np.complex128)
    except (TypeError, ValueError, RuntimeError):  # on a device, tracked by autograd, or traced: not readable here
        return None


def check_unitary(matrix: Any, n_targets: int) -> Any:
    """``matrix`` (a list, or an array of any backend) checked to be a ``d×d`` unitary or a batch of them.

    Example:
        >>> check_unitary([[0, 1], [1, 0]], 1).shape
        (2, 2)
        >>> check_unitary(np.ones((2, 2)), 1)
        Traceback (most recent call last):
        ...
        tyxq.errors.NonUnitaryError: the matrix given to unitary is not unitary (|U†U - I| = 2.00e+00); ...
    """
    dim = 2**n_targets
    if isinstance(matrix, (list, tuple)):
        matrix = numbers_array(matrix, "the matrix given to unitary", numbers.Complex, NonUnitaryError)
    elif isinstance(matrix, np.ndarray) and matrix.dtype.kind not in "biufc":
        raise NonUnitaryError(
            f"the matrix given to unitary has dtype {matrix.dtype}; a unitary is an array of complex numbers"
        )
    shape = tuple(getattr(matrix, "shape", np.shape(matrix)))
    if shape[-2:] != (dim, dim) or len(shape) not in (2, 3):
        raise NonUnitaryError(
            f"a unitary on {n_targets} qubit{'s' if n_targets > 1 else ''} is a {dim}x{dim} "
            f"matrix (or a batch of them), but the matrix has shape {shape}"
        )
    host = host_copy(matrix)
    if host is not None:
        if not np.all(np.isfinite(host)):
            raise NonUnitaryError("the matrix given to unitary contains NaN or infinite entries")
        product = np.conj(np.swapaxes(host, -1, -2)) @ host
        error = float(np.max(np.abs(product - np.eye(dim))))
        if error > UNITARY_TOLERANCE:
            raise NonUnitaryError(
                f"the matrix given to unitary is not unitary (|U†U - I| = {error:.2e}); "
                "normalise it, or build it with scipy.linalg.expm(-1j * H) from a Hermitian H"
            )
    return matrix


def check_inputs(inputs: Any, n_qubits: int, normalize: bool) -> Any:
    """An initial state (``None``, a list, or an array of any backend), checked: shape, dtype, finite, norm 1.

    Lists become complex NumPy arrays; arrays are returned as given. The norm is checked where the values
    can be read on the host (see :func:`norm_problem`).

    Example:
        >>> check_inputs([0, 1], 1, normalize=False).tolist()
        [0j, (1+0j)]
        >>> check_inputs([1, 0, 0], 1, normalize=False)
        Traceback (most recent call last):
        ...
        tyxq.errors.ParameterError: inputs has shape (3,), but a 1-qubit state has shape (2,) or (batch, 2)
    """
    if inputs is None:
        return None
    if isinstance(inputs, (list, tuple)):
        inputs = numbers_array(inputs, "inputs", numbers.Complex, ParameterError)
    elif isinstance(inputs, np.ndarray) and inputs.dtype.kind not in "biufc":
        raise ParameterError(f"inputs has dtype {inputs.dtype}; an initial state is an array of complex numbers")
    dim = 2**n_qubits
    shape = tuple(getattr(inputs, "shape", np.shape(inputs)))
    if shape != (dim,) and not (len(shape) == 2 and shape[1] == dim):
        raise ParameterError(
            f"inputs has shape {shape}, but a {n_qubits}-qubit state has shape ({dim},) or (batch, {dim})"
        )
    host = host_copy(inputs)
    if host is not None:
        single = any(name in str(getattr(inputs, "dtype", "")) for name in ("complex64", "float32", "float16"))
        problem = norm_problem(np.sum(np.abs(host) ** 2, axis=-1), "complex64" if single else "complex128", normalize)
        if problem is not None:
            raise ParameterError(problem)
    return inputs


def batch_size_of_state(inputs: Any) -> int | None:
    """The batch size of an initial state ``(B, 2**n)``, ``None`` for one state or none.

    Example:
        >>> batch_size_of_state(np.eye(4)[:3]), batch_size_of_state(None)
        (3, None)
    """
    if inputs is None:
        return None
    shape = tuple(getattr(inputs, "shape", np.shape(inputs)))
    return shape[0] if len(shape) == 2 else None


def norm_problem(norms: np.ndarray, complex_dtype: str, normalize: bool) -> str | None:
    """What is wrong with initial states of squared norms ``norms``, or ``None`` if they may be used.

    States must be finite and non-zero, and unless ``normalize`` is set, of
    norm 1 within a tolerance suited to the dtype (1e-10 in complex128, 1e-5
    in complex64, relative to the squared norm).

    Example:
        >>> norm_problem(np.array([1.0, 4.0]), "complex128", normalize=False)[:42]
        'inputs member 1 has squared norm 4, not 1 '
    """
    tolerance = _NORM_TOLERANCE.get(complex_dtype, _NORM_TOLERANCE["complex64"])
    for member, norm in enumerate(np.atleast_1d(norms)):
        where = f"inputs member {member}" if np.ndim(norms) else "inputs"
        if not np.isfinite(norm):
            return f"{where} contains NaN or infinite amplitudes; an initial state must be finite"
        if norm == 0:
            return f"{where} is the zero vector; an initial state needs a non-zero amplitude"
        if not normalize and abs(norm - 1) > tolerance:
            return (
                f"{where} has squared norm {norm:.12g}, not 1 within {tolerance:.0e}; "
                "divide it by its norm, or pass normalize=True to Circuit to have tyxq do it"
            )
    return None
