"""What the converters share: angles and coefficients as host numbers, and the width of an operator.

Example:
    >>> import tyxq
    >>> operator_width(tyxq.Z(0) @ tyxq.Z(3) + tyxq.X(1), None), host_coefficient(2.0)
    (4, 2.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InteropError
from ..observables import Hamiltonian, PauliString

__all__ = ["host_angle", "host_coefficient", "operator_width"]


def host_angle(value: Any, what: str) -> float:
    """A gate parameter as a Python float (a backend scalar is read to the host); a batch is refused.

    Example:
        >>> host_angle(np.float32(0.5), "the angle")
        0.5
    """
    array = np.asarray(value.detach().cpu() if hasattr(value, "detach") else value)
    if array.ndim:
        raise InteropError(
            f"{what} is a batch of shape {array.shape}; another framework's circuit holds one value: bind one member"
        )
    return float(array.real)


def host_coefficient(value: Any) -> complex | float:
    """A term's coefficient as a Python number (a backend scalar is read to the host; a batch is refused)."""
    array = np.asarray(value.detach().cpu() if hasattr(value, "detach") else value)
    if array.ndim:
        raise InteropError(
            f"a coefficient is a batch of shape {array.shape}; another framework's operator holds numbers"
        )
    number = complex(array)
    return number.real if number.imag == 0 else number


def operator_width(observable: Hamiltonian | PauliString, n_qubits: int | None) -> int:
    """``n_qubits`` if given (checked to cover every qubit used), else the Hamiltonian's own (at least 1)."""
    terms = observable.terms if isinstance(observable, Hamiltonian) else (observable,)
    needed = 1 + max((q for term in terms for q in term.qubits), default=0)
    if n_qubits is None:
        return max(needed, observable.n_qubits) if isinstance(observable, Hamiltonian) else needed
    if n_qubits < needed:
        raise InteropError(
            f"the observable acts on qubit {needed - 1}, beyond n_qubits={n_qubits}; pass n_qubits={needed} or more"
        )
    return int(n_qubits)
