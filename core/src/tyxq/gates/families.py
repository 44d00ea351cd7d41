"""Gate families whose size is part of the name: ``multi_rz[k]`` and controlled gates ``ctrl[values]:base``.

``multi_rz[k](θ) = exp(-iθ Z⊗…⊗Z/2)`` on ``k`` qubits is a diagonal: each
amplitude is multiplied by ``e^{∓iθ/2}`` according to the parity of its
bits, one gather of two numbers, whatever ``k``.

``ctrl[101]:rx`` is ``rx`` on its last qubit, applied only to the amplitudes
whose first three qubits hold 1, 0 and 1. The simulator applies the base gate
to that subspace (:mod:`tyxq.kernels.controlled`); the full matrix is written
down only where something asks for it (the adjoint method, ``spec.matrix``)
and only up to :data:`~tyxq.gates.DENSE_LIMIT` qubits. Names are canonical: controls of a
controlled base are merged (``ctrl[1]:cnot`` is ``ctrl[11]:x``, which is
``ccx``), and a family member that the table already has is that gate
(``ctrl[1]:x`` is ``cnot``, ``multi_rz[2]`` is ``rzz``).

Every member's parameter-shift rules follow from its spectrum: a control
adds the eigenvalue 0 (:mod:`tyxq.gates.shift_rules`).

Example:
    >>> from tyxq.gates import gate_spec
    >>> gate_spec("ctrl[1]:cnot").name, gate_spec("multi_rz[2]").name
    ('ccx', 'rzz')
    >>> spec = gate_spec("ctrl[10]:ry")
    >>> spec.n_qubits, spec.apply_as, len(spec.shift_rules[0])
    (3, 'controlled', 4)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from ..backends.cache import cached
from ..backends.protocol import Array, Backend
from ..errors import CapabilityError, ControlQubitError, UnknownGateError
from .builders import half_angles
from .shift_rules import TWO_TERM, shift_rule
from .spec import GateSpec, Inverse

__all__ = ["DENSE_LIMIT", "controlled_name", "family_spec", "multi_rz_name", "split_controlled"]

DENSE_LIMIT = 8
"""Most qubits for which a family member's matrix and generators are written down densely."""

CONTROLLED_TABLE_GATES: dict[str, tuple[str, str]] = {
    "cnot": ("1", "x"),
    "cz": ("1", "z"),
    "cy": ("1", "y"),
    "ch": ("1", "h"),
    "crx": ("1", "rx"),
    "cry": ("1", "ry"),
    "crz": ("1", "rz"),
    "cphase": ("1", "phase"),
    "ccx": ("11", "x"),
    "cswap": ("1", "swap"),
}
"""Table gates that are controlled forms of other table gates: name → (control values, base)."""

_TABLE_OF_CONTROLLED = {forms: name for name, forms in CONTROLLED_TABLE_GATES.items()}
_MULTI_RZ = re.compile(r"multi_rz\[(\d+)\]")
_CONTROLLED = re.compile(r"ctrl\[([01]+)\]:(.+)")

Lookup = Callable[[str], GateSpec]


def multi_rz_name(k: int) -> str:
    """The gate name of ``multi_rz`` on ``k`` qubits (``rz`` for one, ``rzz`` for two).

    Example:
        >>> multi_rz_name(1), multi_rz_name(3)
        ('rz', 'multi_rz[3]')
    """
    return {1: "rz", 2: "rzz"}.get(k, f"multi_rz[{k}]")


def split_controlled(name: str) -> tuple[str, str]:
    """``(control values, base name)`` of a canonical gate name; ``("", name)`` for an uncontrolled gate.

    Example:
        >>> split_controlled("ccx"), split_controlled("ctrl[01]:rx"), split_controlled("h")
        (('11', 'x'), ('01', 'rx'), ('', 'h'))
    """
    if name in CONTROLLED_TABLE_GATES:
        return CONTROLLED_TABLE_GATES[name]
    match = _CONTROLLED.fullmatch(name)
    if match is None:
        return "", name
    values, base = split_controlled(match.group(2))
    return match.group(1) + values, base


def controlled_name(values: str, base: str) -> str:
    """The canonical name of ``base`` (a canonical gate name) under controls holding ``values``.

    Example:
        >>> controlled_name("1", "x"), controlled_name("0", "cnot"), controlled_name("11", "rz")
        ('cnot', 'ctrl[01]:x', 'ctrl[11]:rz')
    """
    if not values or any(v not in "01" for v in values):
        raise ControlQubitError(f"control values are a non-empty string of 0s and 1s, got {values!r}")
    inner, root = split_controlled(base)
    values += inner
    return _TABLE_OF_CONTROLLED.get((values, root), f"ctrl[{values}]:{root}")


def family_spec(name: str, lookup: Lookup) -> GateSpec:
    """The spec of a family member (``lookup`` finds table gates and other members); ``UnknownGateError`` else."""
    match = _MULTI_RZ.fullmatch(name)
    if match is not None:
        k = int(match.group(1))
        canonical = multi_rz_name(k)
        return _multi_rz(k) if canonical == name else lookup(canonical)
    match = _CONTROLLED.fullmatch(name)
    if match is not None:
        base = lookup(match.group(2))
        canonical = controlled_name(match.group(1), base.name)
        if canonical != name:
            return lookup(canonical)
        values, root = split_controlled(canonical)
        return _controlled(values, root, lookup)
    raise UnknownGateError(name)


# --- multi_rz ------------------------------------------------------------------------------


def _parities(k: int) -> np.ndarray:
    """Per basis state of ``k`` qubits, the parity of its bits (0 or 1)."""
    states = np.arange(2**k, dtype=np.int64)
    parity = np.zeros(2**k, dtype=np.int64)
    for bit in range(k):
        parity ^= (states >> bit) & 1
    return parity


_PARITIES: dict[Any, dict[int, Array]] = {}


@lru_cache(maxsize=64)
def _multi_rz(k: int) -> GateSpec:
    name = multi_rz_name(k)

    def build(backend: Backend, theta: Array) -> Array:
        c, s = half_angles(backend, theta)
        c, s = backend.cast(c, backend.complex_dtype), backend.cast(s, backend.complex_dtype)
        values = backend.stack([c - 1j * s, c + 1j * s], axis=-1)  # even parity, odd parity
        arrays = _PARITIES.setdefault(backend_identity(backend), {})
        index = cached(backend, arrays, k, lambda: backend.asarray(_parities(k)))
        return backend.take(values, index, axis=len(backend.shape(values)) - 1)

    dense = k <= DENSE_LIMIT
    generator = np.diag(0.5 - _parities(k)).astype(np.complex128) if dense else None
    return GateSpec(
        name,
        k,
        ("theta",),
        "diagonal",
        build,
        generators=(generator,),
        shift_rules=(TWO_TERM,),
        inverse=lambda p: (name, tuple(-x for x in p)),
        spectra=((-0.5, 0.5),),
        derivative=None if dense else _too_large(name, k),
    )


def backend_identity(backend: Backend) -> tuple[Any, ...]:
    """A key for per-backend host-built arrays: the backend's kind, dtype, device and identity."""
    return (backend.name, backend.complex_dtype, str(getattr(backend, "device", "")), id(backend))


# --- controlled gates ----------------------------------------------------------------------


def _too_large(name: str, n_qubits: int) -> Callable[..., Array]:
    def refuse(*_: Any) -> Array:
        raise CapabilityError(
            f"{name} acts on {n_qubits} qubits, and its dense matrix or generator ({2**n_qubits} × {2**n_qubits}) "
            f"is not written down above {DENSE_LIMIT} qubits; the simulator applies it without one, but the "
            "adjoint method needs it: use method='parameter_shift' or 'autograd' (exact) or 'finite_difference'"
        )

    return refuse


def _on_subspace(backend: Backend, values: str, block: Array) -> Array:
    """``|v⟩⟨v| ⊗ block`` for a ``(..., d, d)`` block: zero outside the controlled subspace."""
    index = int(values, 2)
    *batch, d, _ = backend.shape(block)
    zero = backend.zeros((*batch, d, d))
    rows = [
        backend.concatenate([block if row == col == index else zero for col in range(2 ** len(values))], axis=-1)
        for row in range(2 ** len(values))
    ]
    return backend.concatenate(rows, axis=-2)


def _controlled_inverse(values: str, base: GateSpec) -> Inverse | None:
    if base.inverse is None:
        return None
    inverse = base.inverse

    def invert(params: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
        name, inverted = inverse(params)
        return controlled_name(values, name), inverted

    return invert


@lru_cache(maxsize=256)
def _controlled(values: str, root: str, lookup: Lookup) -> GateSpec:
    base = lookup(root)
    name = f"ctrl[{values}]:{base.name}"
    n_qubits = len(values) + base.n_qubits
    dense = n_qubits <= DENSE_LIMIT
    projector = np.zeros((2 ** len(values),) * 2)
    projector[int(values, 2), int(values, 2)] = 1

    def build(backend: Backend, *params: Array) -> Array:
        if not dense:
            _too_large(name, n_qubits)()
        block = base.matrix(backend, params) - backend.eye(base.dim, dtype=backend.complex_dtype)
        return backend.eye(2**n_qubits, dtype=backend.complex_dtype) + _on_subspace(backend, values, block)

    def derivative(backend: Backend, params: tuple[Any, ...], index: int) -> Array:
        assert base.derivative is not None
        return _on_subspace(backend, values, base.derivative(backend, params, index))

    generators = tuple(
        None if g is None or not dense else np.kron(projector, g).astype(np.complex128) for g in base.generators
    )
    spectra = tuple(tuple(sorted({0.0, *base.eigenvalues(j)})) for j in range(base.n_params))
    needs_derivative = any(g is None for g in generators)
    return GateSpec(
        name,
        n_qubits,
        base.params,
        "controlled",
        build,
        generators=generators,
        shift_rules=tuple(shift_rule(spectrum, name) for spectrum in spectra),
        inverse=_controlled_inverse(values, base),
        spectra=spectra,
        derivative=(derivative if dense and base.derivative is not None else _too_large(name, n_qubits))
        if needs_derivative
        else None,
        base=base,
        control_values=tuple(int(v) for v in values),
    )
