"""The checks a circuit runs on what its builder methods are given: parameters, matrices, initial states, bits.

Every check raises a named error (from ``tyxq.errors``) that says what was
given and what to pass instead; :class:`~tyxq.circuit.Circuit` calls these
and stores only what passed. The checks every public entry shares (qubits,
counts, real values, seeds) are in :mod:`tyxq.arguments`, below this module;
these are the ones only a circuit needs. Values that cannot be read on the
host (an array on a device, or inside an autodiff trace) are checked by the
kernels, which have their backend.

Example:
    >>> check_bit("measure", 2)
    2
    >>> check_unitary([[1, 0], [0, 2]], 1)
    Traceback (most recent call last):
    ...
    tyxq.errors.NonUnitaryError: the matrix given to unitary is not unitary (|U†U - I| = 3.00e+00); ...
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, TypeAlias, Union

import numpy as np

from .arguments import check_real, numbers_array
from .backends.protocol import Array
from .errors import NonUnitaryError, ParameterError

__all__ = [
    "Parameter",
    "Qubits",
    "batch_size_of",
    "batch_size_of_state",
    "check_bit",
    "check_inputs",
    "check_parameter",
    "check_unitary",
    "host_copy",
    "norm_problem",
    "per_qubit",
]

Qubits: TypeAlias = Union[int, "np.integer[Any]", Sequence[int], "np.ndarray[Any, Any]"]
"""A qubit argument: one index, or a list, tuple, range or 1-D integer array of them (the gate acts on each)."""

Parameter: TypeAlias = float | Sequence[float] | Array
"""A real parameter: a number, a list (one per qubit), or an array of any backend (a scalar or a batch)."""

UNITARY_TOLERANCE = 1e-6
_NORM_TOLERANCE = {"complex128": 1e-10, "complex64": 1e-5}


def check_parameter(name: str, index: int, param: Any, label: str | None = None, quantity: str = "angle") -> Any:
    """Parameter ``index`` of operation ``name`` as the circuit stores it, checked by :func:`tyxq.arguments.check_real`.

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
    return check_real(f"parameter {index} of {name}" if label is None else f"{label} of {name}", param, quantity)


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
