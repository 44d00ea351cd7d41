"""Pauli strings and weighted sums of them (Hamiltonians).

Build them with :func:`X`, :func:`Y`, :func:`Z` and arithmetic — ``@`` is
the tensor (operator) product, ``+`` sums, ``*`` scales — or from text:
``"ZZI"`` puts Z on qubits 0 and 1 (qubit 0 is the leftmost character), and
``"0.5 * XX + ZI"`` sums terms.

Example:
    >>> import tyxq
    >>> h = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(2)
    >>> print(h)
    1 * Z0 Z1 + 0.5 * X2
    >>> tyxq.Hamiltonian.from_text("ZZI + 0.5 * IIX") == h
    True
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np

from .errors import ObservableError

__all__ = ["PauliString", "Hamiltonian", "Observable", "X", "Y", "Z", "I", "as_hamiltonian", "is_array_coefficient"]

_PRODUCT = {
    ("X", "X"): (1, "I"), ("Y", "Y"): (1, "I"), ("Z", "Z"): (1, "I"),
    ("X", "Y"): (1j, "Z"), ("Y", "X"): (-1j, "Z"),
    ("Y", "Z"): (1j, "X"), ("Z", "Y"): (-1j, "X"),
    ("Z", "X"): (1j, "Y"), ("X", "Z"): (-1j, "Y"),
}
_MATRICES = {
    "I": np.eye(2, dtype=complex),
    "X": np.array([[0, 1], [1, 0]], dtype=complex),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
    "Z": np.array([[1, 0], [0, -1]], dtype=complex),
}


def _listed(qubits: object) -> list[Any]:
    """One qubit (an int) as a list of one, as every gate method takes it; a sequence as a list."""
    if isinstance(qubits, (numbers.Integral, np.integer)) and not isinstance(qubits, bool):
        return [qubits]
    try:
        return list(qubits)  # type: ignore[call-overload]
    except TypeError:
        return [qubits]  # not a sequence: _check_qubit names it


def _check_qubit(qubit: object) -> int:
    if isinstance(qubit, bool) or not isinstance(qubit, numbers.Integral) or int(qubit) < 0:
        raise ObservableError(f"a Pauli acts on a non-negative integer qubit index, got {qubit!r}")
    return int(qubit)


def is_array_coefficient(value: object) -> bool:
    """Whether ``value`` is a scalar array (shape ``()``) of some backend rather than a Python number."""
    return not isinstance(value, numbers.Number) and tuple(getattr(value, "shape", (None,))) == ()


def _is_scale(value: object) -> bool:
    return isinstance(value, numbers.Number) or is_array_coefficient(value)


def _check_scale(value: object) -> None:
    """Refuse a scale factor that is not a number or a scalar array (Python's own TypeError would not say why)."""
    if not _is_scale(value):
        shape = f" of shape {tuple(value.shape)}" if hasattr(value, "shape") else ""
        raise ObservableError(
            f"an observable is scaled by a number or a scalar array (shape ()), not a {type(value).__name__}{shape}; "
            "for a sum of terms add them with +, e.g. 0.5 * tyxq.Z(0) + tyxq.X(1)"
        )


def _refuse_operand(operation: str, value: object) -> ObservableError:
    return ObservableError(
        f"{operation} an observable takes a Pauli string, a Hamiltonian or a number, not a {type(value).__name__}"
    )


def _coefficient(value: object) -> Any:
    if is_array_coefficient(value):
        return value  # a backend scalar (a trainable weight, say): kept as it is, so gradients flow through it
    if not isinstance(value, numbers.Complex):
        raise ObservableError(
            f"a coefficient must be a number or a scalar array (shape ()), got {type(value).__name__}"
            + (f" of shape {tuple(value.shape)}" if hasattr(value, "shape") else "")
        )
    number = complex(value)
    if not (math.isfinite(number.real) and math.isfinite(number.imag)):  # cmath.isfinite breaks torch.compile's graphs
        raise ObservableError("a coefficient is NaN or infinite")
    return number.real if number.imag == 0 else number


@dataclass(frozen=True)
class PauliString:
    """``coefficient`` times a tensor product of X, Y and Z on distinct qubits.

    ``paulis`` maps qubit → ``"X" | "Y" | "Z"``, stored sorted by qubit;
    qubits not listed carry the identity.
    """

    paulis: tuple[tuple[int, str], ...] = ()
    coefficient: complex | float = 1.0

    __array_ufunc__ = None  # NumPy defers ``array * observable`` to __rmul__, which refuses what is no scale

    def __post_init__(self) -> None:
        seen = set()
        for qubit, pauli in self.paulis:
            _check_qubit(qubit)
            if pauli not in ("X", "Y", "Z"):
                raise ObservableError(f"unknown Pauli {pauli!r}; use X, Y or Z")
            if qubit in seen:
                raise ObservableError(f"qubit {qubit} appears twice in one Pauli string; multiply with @ instead")
            seen.add(qubit)
        object.__setattr__(self, "paulis", tuple(sorted(self.paulis)))
        object.__setattr__(self, "coefficient", _coefficient(self.coefficient))

    @classmethod
    def from_text(cls, text: str, coefficient: complex | float = 1.0) -> PauliString:
        """``"XIZ"``: character ``q`` is the Pauli on qubit ``q``.

        Example:
            >>> PauliString.from_text("XIZ").paulis
            ((0, 'X'), (2, 'Z'))
        """
        text = text.strip().upper()
        if not text or any(ch not in "IXYZ" for ch in text):
            raise ObservableError(
                f"cannot read {text!r} as a Pauli string; use one of I, X, Y, Z per qubit, qubit 0 first"
            )
        return cls(tuple((q, ch) for q, ch in enumerate(text) if ch != "I"), coefficient)

    @classmethod
    def from_lists(
        cls, x: Sequence[int] = (), y: Sequence[int] = (), z: Sequence[int] = (), coefficient: complex | float = 1.0
    ) -> PauliString:
        """X on qubits ``x``, Y on ``y``, Z on ``z`` (each a list of qubits, or one qubit).

        Example:
            >>> print(PauliString.from_lists(x=[0], z=[1, 2]))
            1 * X0 Z1 Z2
            >>> print(PauliString.from_lists(x=0))
            1 * X0
        """
        x, y, z = (_listed(q) for q in (x, y, z))
        paulis = [(q, "X") for q in x] + [(q, "Y") for q in y] + [(q, "Z") for q in z]
        return cls(tuple((_check_qubit(q), p) for q, p in paulis), coefficient)

    @property
    def qubits(self) -> tuple[int, ...]:
        """The qubits where the string is not the identity."""
        return tuple(q for q, _ in self.paulis)

    @property
    def as_dict(self) -> dict[int, str]:
        return dict(self.paulis)

    def label(self) -> str:
        """The string without its coefficient, e.g. ``"X0 Z2"`` (``"I"`` for the identity)."""
        return " ".join(f"{p}{q}" for q, p in self.paulis) or "I"

    def __str__(self) -> str:
        return f"{_format_coefficient(self.coefficient)} * {self.label()}"

    def __matmul__(self, other: PauliString | Hamiltonian) -> PauliString | Hamiltonian:
        if isinstance(other, Hamiltonian):
            return Hamiltonian((self,)) @ other
        if not isinstance(other, PauliString):
            return NotImplemented
        phase: complex = 1
        merged = self.as_dict
        for qubit, pauli in other.paulis:
            if qubit in merged:
                factor, result = _PRODUCT[(merged[qubit], pauli)]
                phase *= factor
                if result == "I":
                    del merged[qubit]
                else:
                    merged[qubit] = result
            else:
                merged[qubit] = pauli
        return PauliString(tuple(merged.items()), phase * self.coefficient * other.coefficient)

    def __mul__(self, scale: object) -> PauliString:
        if isinstance(scale, (PauliString, Hamiltonian)):
            raise ObservableError("use @ for the product of two Pauli operators, * to scale by a number")
        _check_scale(scale)
        return PauliString(self.paulis, self.coefficient * scale)  # type: ignore[operator]

    __rmul__ = __mul__

    def __truediv__(self, scale: object) -> PauliString:
        _check_scale(scale)
        return PauliString(self.paulis, self.coefficient / scale)  # type: ignore[operator]

    def __neg__(self) -> PauliString:
        return PauliString(self.paulis, -self.coefficient)

    def __add__(self, other: object) -> Hamiltonian:
        return Hamiltonian((self,)) + other

    def __radd__(self, other: object) -> Hamiltonian:
        return Hamiltonian((self,)) + other

    def __sub__(self, other: object) -> Hamiltonian:
        return Hamiltonian((self,)) - other

    def __rsub__(self, other: object) -> Hamiltonian:
        return -Hamiltonian((self,)) + other

    def to_matrix(self, n_qubits: int) -> np.ndarray:
        """The dense ``2**n × 2**n`` matrix (qubit 0 the most significant factor)."""
        return Hamiltonian((self,)).to_matrix(n_qubits)


def _format_coefficient(value: Any) -> str:
    if is_array_coefficient(value):
        detached = value.detach() if hasattr(value, "detach") else value  # autograd arrays: show the value only
        try:
            return f"{float(detached):g}"
        except (TypeError, ValueError, RuntimeError):  # traced, or on a device: no value to show
            return "<array>"
    if isinstance(value, complex):
        return f"({value.real:g}{value.imag:+g}j)"
    return f"{value:g}"


def _merge(terms: Iterable[PauliString]) -> tuple[PauliString, ...]:
    total: dict[tuple[tuple[int, str], ...], complex | float] = {}
    for term in terms:
        total[term.paulis] = total.get(term.paulis, 0.0) + term.coefficient
    return tuple(PauliString(paulis, c) for paulis, c in total.items() if c != 0)


@dataclass(frozen=True)
class Hamiltonian:
    """A weighted sum of Pauli strings; equal strings are merged and zero terms dropped.

    ``n_qubits`` is the size of the register the Hamiltonian is defined on:
    by default one more than the highest qubit a term acts on, larger where
    given (a MaxCut graph with an isolated node, a molecule with an unused
    orbital). Sums keep the larger of the two; it does not take part in ``==``.

    Example:
        >>> h = Hamiltonian((Z(0) @ Z(1),), n_qubits=3)
        >>> h.n_qubits, (h + X(4)).n_qubits, h.to_matrix().shape
        (3, 5, (8, 8))
    """

    terms: tuple[PauliString, ...] = ()
    n_qubits: int = field(default=-1, compare=False)

    __array_ufunc__ = None  # as for PauliString

    def __post_init__(self) -> None:
        for term in self.terms:
            if not isinstance(term, PauliString):
                raise ObservableError(f"a Hamiltonian is a sum of PauliStrings, got {type(term).__name__}")
        object.__setattr__(self, "terms", _merge(self.terms))
        needed = 1 + max((q for term in self.terms for q in term.qubits), default=-1)
        declared = self.n_qubits
        if isinstance(declared, bool) or not isinstance(declared, numbers.Integral) or (
            declared != -1 and declared < needed
        ):
            raise ObservableError(
                f"n_qubits={declared!r} cannot hold this Hamiltonian, which acts on qubit {needed - 1}; "
                f"give an integer of at least {needed}, or leave n_qubits out"
            )
        object.__setattr__(self, "n_qubits", max(int(declared), needed))

    @classmethod
    def from_terms(
        cls, terms: Iterable[tuple[complex | float, str | PauliString]] | Mapping[str, complex | float]
    ) -> Hamiltonian:
        """From ``(coefficient, "ZZI")`` pairs or a ``{"ZZI": coefficient}`` mapping.

        Example:
            >>> print(Hamiltonian.from_terms({"ZZ": 1.0, "XI": -0.5}))
            1 * Z0 Z1 + -0.5 * X0
        """
        pairs = [(c, s) for s, c in terms.items()] if isinstance(terms, Mapping) else list(terms)
        return cls(
            tuple((s * c if isinstance(s, PauliString) else PauliString.from_text(s, c)) for c, s in pairs)
        )

    @classmethod
    def from_text(cls, text: str) -> Hamiltonian:
        """Parse a sum like ``"ZZI - 0.5 * IXX + 2 IIZ"`` (the ``*`` is optional).

        Example:
            >>> len(Hamiltonian.from_text("ZZI - 0.5 * IXX + 2 IIZ").terms)
            3
        """
        source = text.replace(" ", "")
        terms = []
        # a term runs to the next + or -, except the sign of an exponent (1e-3)
        for sign, body in re.findall(r"([+-]?)((?:[^+-]|(?<=[0-9.][eE])[+-])+)", source):
            match = re.fullmatch(r"(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)\*?)?([IXYZixyz]+)", body)
            if match is None:
                raise ObservableError(
                    f"cannot read the term {body!r} of {text!r}; write terms like 0.5*ZZI, separated by + or -"
                )
            coefficient = float(match.group(1)) if match.group(1) else 1.0
            terms.append(PauliString.from_text(match.group(2), -coefficient if sign == "-" else coefficient))
        if not terms:
            raise ObservableError(f"{text!r} has no terms")
        return cls(tuple(terms))

    def __str__(self) -> str:
        return " + ".join(str(term) for term in self.terms) or "0"

    def __add__(self, other: object) -> Hamiltonian:
        if isinstance(other, PauliString):
            return Hamiltonian((*self.terms, other), max(self.n_qubits, 1 + max(other.qubits, default=-1)))
        if isinstance(other, Hamiltonian):
            return Hamiltonian(self.terms + other.terms, max(self.n_qubits, other.n_qubits))
        if isinstance(other, numbers.Number):
            return Hamiltonian((*self.terms, PauliString((), other)), self.n_qubits)  # type: ignore[arg-type]
        raise _refuse_operand("adding to", other)

    __radd__ = __add__

    def __neg__(self) -> Hamiltonian:
        return Hamiltonian(tuple(-term for term in self.terms), self.n_qubits)

    def __sub__(self, other: object) -> Hamiltonian:
        if isinstance(other, (PauliString, Hamiltonian)):
            return self + (-other)
        if isinstance(other, numbers.Number):
            return self + (-other)  # type: ignore[operator]
        raise _refuse_operand("subtracting from", other)

    def __mul__(self, scale: object) -> Hamiltonian:
        _check_scale(scale)
        return Hamiltonian(tuple(term * scale for term in self.terms), self.n_qubits)

    __rmul__ = __mul__

    def __matmul__(self, other: object) -> Hamiltonian:
        others = (other,) if isinstance(other, PauliString) else getattr(other, "terms", None)
        if others is None:
            return NotImplemented
        width = max(self.n_qubits, getattr(other, "n_qubits", 1 + max(getattr(other, "qubits", ()), default=-1)))
        return Hamiltonian(tuple(a @ b for a in self.terms for b in others), width)  # type: ignore[misc]

    def __rmatmul__(self, other: object) -> Hamiltonian:
        if not isinstance(other, PauliString):
            return NotImplemented
        return Hamiltonian((other,)) @ self

    @property
    def qubits(self) -> tuple[int, ...]:
        """Every qubit some term acts on, sorted."""
        return tuple(sorted({q for term in self.terms for q in term.qubits}))

    def is_hermitian(self) -> bool:
        return all(
            not isinstance(term.coefficient, complex) and "complex" not in str(getattr(term.coefficient, "dtype", ""))
            for term in self.terms
        )

    def to_matrix(self, n_qubits: int | None = None) -> np.ndarray:
        """The dense matrix on ``n_qubits`` qubits (by default :attr:`n_qubits`), for checks and exact diagonalisation.

        Example:
            >>> (Z(0) @ Z(1)).to_matrix(2).real.diagonal().tolist()
            [1.0, -1.0, -1.0, 1.0]
        """
        n_qubits = self.n_qubits if n_qubits is None else n_qubits
        if self.qubits and self.qubits[-1] >= n_qubits:
            raise ObservableError(f"the observable acts on qubit {self.qubits[-1]}, beyond {n_qubits} qubits")
        matrix = np.zeros((2**n_qubits, 2**n_qubits), dtype=complex)
        for term in self.terms:
            paulis = term.as_dict
            product = np.ones((1, 1), dtype=complex)
            for qubit in range(n_qubits):
                product = np.kron(product, _MATRICES[paulis.get(qubit, "I")])
            matrix += complex(term.coefficient) * product
        return matrix


Observable: TypeAlias = PauliString | Hamiltonian | str


def as_hamiltonian(observable: Observable, n_qubits: int) -> Hamiltonian:
    """Any observable form as a :class:`Hamiltonian`, checked against ``n_qubits``."""
    if isinstance(observable, str):
        text = observable.strip()
        if re.fullmatch(r"[IXYZixyz]+", text):
            if len(text) != n_qubits:
                raise ObservableError(
                    f"the Pauli string {text!r} has {len(text)} characters but the circuit has {n_qubits} "
                    "qubits; give one character per qubit, qubit 0 first"
                )
            hamiltonian = Hamiltonian((PauliString.from_text(text),))
        else:
            hamiltonian = Hamiltonian.from_text(text)
    elif isinstance(observable, PauliString):
        hamiltonian = Hamiltonian((observable,))
    elif isinstance(observable, Hamiltonian):
        hamiltonian = observable
    else:
        raise ObservableError(
            f"cannot use a {type(observable).__name__} as an observable; pass a PauliString, a "
            'Hamiltonian, or text like "ZZI"'
        )
    if hamiltonian.qubits and hamiltonian.qubits[-1] >= n_qubits:
        raise ObservableError(
            f"the observable acts on qubit {hamiltonian.qubits[-1]}, but the circuit has {n_qubits} qubits"
        )
    if any(is_array_coefficient(term.coefficient) for term in hamiltonian.terms):
        raise ObservableError(
            "the observable has array coefficients; expectation takes number coefficients. For a differentiable "
            "weighted sum, measure the Pauli strings and weigh them: weights @ tyxq.expectation(circuit, strings)"
        )
    if not hamiltonian.is_hermitian():
        raise ObservableError(
            f"the observable {hamiltonian} has complex coefficients, so it is not Hermitian and has no "
            "real expectation value"
        )
    return hamiltonian


def X(qubit: int) -> PauliString:
    """Pauli X on ``qubit``."""
    return PauliString(((_check_qubit(qubit), "X"),))


def Y(qubit: int) -> PauliString:
    """Pauli Y on ``qubit``."""
    return PauliString(((_check_qubit(qubit), "Y"),))


def Z(qubit: int) -> PauliString:
    """Pauli Z on ``qubit``.

    Example:
        >>> print(2 * Z(0) @ Z(3))
        2 * Z0 Z3
    """
    return PauliString(((_check_qubit(qubit), "Z"),))


def I(qubit: int | None = None) -> PauliString:  # noqa: E743 - the physicists' name for the identity
    """The identity (a constant term); ``qubit`` is accepted for symmetry and ignored."""
    if qubit is not None:
        _check_qubit(qubit)
    return PauliString(())
