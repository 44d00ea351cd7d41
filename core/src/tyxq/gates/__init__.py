"""The gate table: every gate tyxq knows, one entry each, and the families sized by their names.

A :class:`GateSpec` says how many qubits and parameters a gate takes, how the
kernels should apply it (``dense``, ``diagonal``, ``permutation`` or
``controlled``), how to build its matrix on any backend (batched over a
leading parameter axis), its generators (for the adjoint method) and its
parameter-shift rules. Adding a gate is adding one entry to a list of specs
(:mod:`tyxq.gates.table`, :mod:`tyxq.gates.hardware`); ``Circuit`` grows the
matching method by itself. The families ``multi_rz[k]`` and
``ctrl[values]:base`` (:mod:`tyxq.gates.families`) are looked up by name and
are not listed in :data:`GATES`.

For a multi-qubit gate the first qubit argument is the most significant bit
of the matrix's row index (so in ``cnot(c, t)`` the control is the first
qubit).

Example:
    >>> from tyxq.gates import GATES
    >>> spec = GATES["rx"]
    >>> spec.n_qubits, spec.params, spec.apply_as
    (1, ('theta',), 'dense')
    >>> GATES["ctrl[111]:x"].n_qubits
    4
"""

from __future__ import annotations

from typing import Any

from ..errors import UnknownGateError
from . import hardware, table
from .families import DENSE_LIMIT, controlled_name, family_spec, multi_rz_name, split_controlled
from .shift_rules import FOUR_TERM, TWO_TERM, shift_rule
from .spec import GateSpec, ShiftRule

__all__ = [
    "DENSE_LIMIT",
    "FOUR_TERM",
    "GATES",
    "GateSpec",
    "GateTable",
    "ShiftRule",
    "TWO_TERM",
    "controlled_name",
    "gate_spec",
    "multi_rz_name",
    "shift_rule",
    "split_controlled",
]


class GateTable(dict[str, GateSpec]):
    """Canonical name → spec of the fixed gates; indexing also finds family members (not listed)."""

    def __missing__(self, name: str) -> GateSpec:
        return family_spec(name, gate_spec)

    def get(self, name: str, default: Any = None) -> Any:
        """The spec of ``name`` (a family member too), or ``default`` if there is no such gate."""
        try:
            return self[name]
        except (KeyError, UnknownGateError):
            return default


_SPECS: list[GateSpec] = [*table.SPECS, *hardware.SPECS]

GATES: GateTable = GateTable({spec.name: spec for spec in _SPECS})
"""Canonical name → spec. ``"unitary"`` (any matrix) is handled by ``Circuit`` itself."""

_ALIASES: dict[str, str] = {alias: spec.name for spec in _SPECS for alias in spec.aliases}


def gate_spec(name: str) -> GateSpec:
    """Look a gate up by name or alias, case-insensitively (family members too).

    Example:
        >>> gate_spec("CX").name, gate_spec("ising_zz").name
        ('cnot', 'rzz')
    """
    key = name.lower()
    key = _ALIASES.get(key, key)
    try:
        return GATES[key]
    except UnknownGateError:
        known = ", ".join([*sorted(GATES), "unitary"])
        raise UnknownGateError(
            f"unknown gate {name!r}; tyxq knows: {known}, and the families multi_rz[k] and ctrl[values]:gate. "
            "For any other matrix use Circuit.unitary(qubits, matrix)"
        ) from None
