"""``GateSpec``: what the kernels and the gradient methods need to know about one gate.

Example:
    >>> from tyxq.gates import GATES
    >>> spec = GATES["crx"]
    >>> spec.n_qubits, spec.params, spec.apply_as, spec.eigenvalues(0)
    (2, ('theta',), 'dense', (-0.5, 0.0, 0.5))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..backends.protocol import Array, Backend

__all__ = ["ApplyAs", "Builder", "GateSpec", "Inverse", "ShiftRule"]

ShiftRule = tuple[tuple[float, float], ...]
"""Pairs ``(coefficient, shift)``: ``df/dθ = Σ c · f(θ + s)``."""

Builder = Callable[..., Array]
ApplyAs = Literal["dense", "diagonal", "permutation", "controlled"]
"""How the kernels apply a gate: a matrix product, an elementwise product, a reordering, or on a subspace."""
Inverse = Callable[[tuple[Any, ...]], tuple[str, tuple[Any, ...]]]


@dataclass(frozen=True)
class GateSpec:
    """One gate of the table.

    Attributes:
        name: canonical lower-case name.
        n_qubits: number of qubits it acts on.
        params: the names of its real parameters, in order (the keyword
            names of the generated ``Circuit`` method).
        apply_as: how the kernels apply it: ``"dense"`` (applied as a matrix product), ``"diagonal"``
            (applied as an elementwise product), ``"permutation"`` (a
            reordering of amplitudes) or ``"controlled"`` (``base`` applied
            to the amplitudes whose control qubits hold ``control_values``).
        build: ``build(backend, *params)`` returns the matrix, shape
            ``(..., d, d)``, or for diagonal gates the diagonal, shape
            ``(..., d)``, where ``...`` is the parameters' batch shape.
        generators: per parameter, the Hermitian ``G`` with
            ``dU/dθ = -i G U``; ``None`` where no single generator exists
            (or where it would be too large to write down densely).
        shift_rules: per parameter, the exact parameter-shift rule.
        inverse: maps parameters to ``(name, params)`` of the inverse gate;
            ``None`` for self-inverse gates.
        aliases: other names the circuit and OpenQASM accept.
        permutation: for permutation gates, ``permutation[i]`` is the basis
            state that basis state ``i`` is sent to.
        derivative: for parameters without a generator, ``dU/dθ_j`` as a matrix.
        spectra: per parameter, the eigenvalues of the generator of that
            parameter's dependence, given where ``generators`` has ``None``
            (``u = phase(φ)·ry(θ)·phase(λ)``) or is too large to store.
        base: for ``"controlled"`` gates, the gate applied to the targets.
        control_values: for ``"controlled"`` gates, the value (0 or 1) each
            control qubit (the first ``len(control_values)`` qubits) must hold.
        doc: what the gate is, in a line or two (its formula); the generated
            ``Circuit`` method's docstring adds its matrix or generators.
    """

    name: str
    n_qubits: int
    params: tuple[str, ...]
    apply_as: ApplyAs
    build: Builder
    generators: tuple[np.ndarray | None, ...] = ()
    shift_rules: tuple[ShiftRule, ...] = ()
    inverse: Inverse | None = None
    aliases: tuple[str, ...] = ()
    permutation: tuple[int, ...] | None = None
    derivative: Callable[[Backend, tuple[Any, ...], int], Array] | None = field(default=None, repr=False)
    spectra: tuple[tuple[float, ...] | None, ...] = ()
    base: GateSpec | None = field(default=None, repr=False)
    control_values: tuple[int, ...] = ()
    doc: str = ""

    @property
    def n_params(self) -> int:
        """The number of real parameters."""
        return len(self.params)

    @property
    def dim(self) -> int:
        return 2**self.n_qubits

    def matrix(self, backend: Backend, params: Sequence[Any] = ()) -> Array:
        """The full matrix ``(..., d, d)``, also for diagonal gates."""
        built = self.build(backend, *params)
        if self.apply_as == "diagonal":
            return built[..., :, None] * backend.eye(self.dim)
        return built

    def eigenvalues(self, index: int) -> tuple[float, ...]:
        """The sorted distinct eigenvalues of parameter ``index``'s generator (rounded to 12 digits)."""
        given = self.spectra[index] if index < len(self.spectra) else None
        if given is None:
            generator = self.generators[index]
            assert generator is not None, f"{self.name} has neither a generator nor a spectrum for parameter {index}"
            given = tuple(np.linalg.eigvalsh(generator))
        return tuple(sorted({round(float(value), 12) + 0.0 for value in given}))
