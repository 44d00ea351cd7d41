"""Molecular Hamiltonians: H₂, LiH and BeH₂ shipped as data, and a builder from a geometry where PySCF is installed.

The shipped files (``data/*.json``, written by ``tools/generate_molecules.py``
with PySCF and OpenFermion) hold the Jordan–Wigner Pauli terms of the
electronic Hamiltonian in hartree (nuclear repulsion and frozen-core energy
in the constant), spin orbitals ordered ``0↑ 0↓ 1↑ 1↓ …`` on qubits
``0, 1, …`` (occupied = 1), with the Hartree–Fock energy and the exact ground
energy in the molecule's own electron-number sector. Loading them needs no
chemistry package.

========================  ========  =========  ==================================
name                      qubits    electrons  what
========================  ========  =========  ==================================
``"h2"``                  4         2          H₂ at 0.7414 Å, STO-3G
``"lih"``                 12        4          LiH at 1.5949 Å, STO-3G
``"lih_frozen_core"``     10        2          the same, Li 1s orbital frozen
``"beh2"``                14        6          BeH₂, linear, Be–H 1.3264 Å, STO-3G
========================  ========  =========  ==================================

Example:
    >>> from tyxq.problems import molecule
    >>> h2 = molecule("h2")
    >>> h2.n_qubits, h2.electrons, round(h2.ground_energy, 6)
    (4, 2, -1.13727)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import ProblemError
from ..observables import Hamiltonian, PauliString

__all__ = ["Molecule", "molecule", "MOLECULES", "molecular_hamiltonian"]

MOLECULES = ("h2", "lih", "lih_frozen_core", "beh2")
"""The names of the shipped molecules, for :func:`molecule`."""


@dataclass(frozen=True)
class Molecule:
    """A molecular Hamiltonian with what a VQE needs beside it.

    Attributes:
        name: the name it was loaded by, or the formula.
        hamiltonian: the qubit Hamiltonian (Jordan–Wigner), in hartree.
        n_qubits: spin orbitals, one qubit each.
        electrons: the electrons in the active space (the Hartree–Fock state fills the first ``electrons`` qubits).
        ground_energy: the exact lowest energy in the sector of ``electrons`` electrons.
        hartree_fock_energy: the energy of the Hartree–Fock state.
        geometry: ``[(element, (x, y, z)), …]`` in ångström.
        basis: the basis set.
        description: a sentence on the geometry and the active space.
    """

    name: str
    hamiltonian: Hamiltonian
    n_qubits: int
    electrons: int
    ground_energy: float
    hartree_fock_energy: float
    geometry: tuple[tuple[str, tuple[float, float, float]], ...]
    basis: str
    description: str


def _term(coefficient: float, label: str) -> PauliString:
    paulis = tuple((int(word[1:]), word[0]) for word in label.split())
    return PauliString(paulis, coefficient)


def _from_record(record: dict[str, Any], name: str) -> Molecule:
    """A :class:`Molecule` from the dictionary of a shipped JSON file."""
    n = int(record["n_qubits"])
    hamiltonian = Hamiltonian(tuple(_term(c, label) for c, label in record["terms"]), n)
    geometry = tuple((str(atom), (float(x), float(y), float(z))) for atom, (x, y, z) in record["geometry"])
    return Molecule(
        name=name,
        hamiltonian=hamiltonian,
        n_qubits=n,
        electrons=int(record["electrons"]),
        ground_energy=float(record["ground_energy"]),
        hartree_fock_energy=float(record["hartree_fock_energy"]),
        geometry=geometry,
        basis=str(record["basis"]),
        description=str(record["description"]),
    )


def molecule(name: str) -> Molecule:
    """The shipped molecule ``name``: one of :data:`MOLECULES` (``"h2"``, ``"lih"``, ``"lih_frozen_core"``, ``"beh2"``).

    Example:
        >>> lih = molecule("lih_frozen_core")
        >>> lih.n_qubits, lih.electrons
        (10, 2)
    """
    key = str(name).lower().replace("-", "_")
    if key not in MOLECULES:
        raise ProblemError(
            f"no shipped molecule {name!r}; the shipped ones are {', '.join(MOLECULES)}. For another geometry, "
            "build one with molecular_hamiltonian (needs pip install pyscf openfermionpyscf)"
        )
    text = resources.files("tyxq.problems").joinpath("data").joinpath(f"{key}.json").read_text(encoding="utf-8")
    return _from_record(json.loads(text), key)


def molecular_hamiltonian(
    geometry: Sequence[tuple[str, Sequence[float]]],
    basis: str = "sto-3g",
    charge: int = 0,
    multiplicity: int = 1,
    frozen_orbitals: int = 0,
    active_orbitals: int | None = None,
    name: str | None = None,
) -> Molecule:
    """Build a :class:`Molecule` from a geometry with PySCF and OpenFermion-PySCF.

    Needs ``pip install pyscf openfermionpyscf``.

    ``frozen_orbitals`` lowest spatial orbitals are kept doubly occupied and
    left out; ``active_orbitals`` (default: all the others) spatial orbitals
    above them are the active space, two qubits each. The ground energy is
    computed in the active electron-number sector (exact, sparse; up to 20
    qubits).

    Example:
        >>> h2 = molecular_hamiltonian([("H", (0, 0, 0)), ("H", (0, 0, 0.7414))])  # doctest: +SKIP
        >>> round(h2.ground_energy, 6)  # doctest: +SKIP
        -1.13727
    """
    try:
        from openfermion import MolecularData
        from openfermion import jordan_wigner as of_jordan_wigner
        from openfermionpyscf import run_pyscf
    except ImportError as error:
        raise ProblemError(
            "molecular_hamiltonian computes the integrals with PySCF through OpenFermion-PySCF, which are not "
            "installed: pip install pyscf openfermionpyscf (or use a shipped molecule: tyxq.problems.molecule)"
        ) from error
    from .exact import ground_energy

    data = MolecularData([(a, tuple(xyz)) for a, xyz in geometry], basis, multiplicity, charge)
    data = run_pyscf(data, run_scf=True)
    occupied = list(range(frozen_orbitals))
    top = data.n_orbitals if active_orbitals is None else frozen_orbitals + active_orbitals
    if top > data.n_orbitals or (active_orbitals is not None and active_orbitals < 1):
        raise ProblemError(
            f"{active_orbitals} active orbitals above {frozen_orbitals} frozen exceed the molecule's {data.n_orbitals}"
        )
    active = list(range(frozen_orbitals, top))
    fermionic = data.get_molecular_hamiltonian(occupied_indices=occupied or None, active_indices=active)
    qubit_operator = of_jordan_wigner(fermionic)
    n = 2 * len(active)
    hamiltonian = Hamiltonian(
        tuple(
            PauliString(tuple((int(q), str(p)) for q, p in term), float(complex(c).real))
            for term, c in qubit_operator.terms.items()
        ),
        n,
    )
    electrons = data.n_electrons - 2 * frozen_orbitals
    hf = sum(float(complex(c).real) * _hf_sign(term, electrons) for term, c in qubit_operator.terms.items())
    return Molecule(
        name=name or data.name,
        hamiltonian=hamiltonian,
        n_qubits=n,
        electrons=electrons,
        ground_energy=ground_energy(hamiltonian, n, electrons),
        hartree_fock_energy=hf,
        geometry=tuple((a, tuple(float(x) for x in xyz)) for a, xyz in geometry),  # type: ignore[misc]
        basis=basis,
        description=f"{data.name}, {basis}, {frozen_orbitals} frozen and {len(active)} active orbitals",
    )


def _hf_sign(term: Sequence[tuple[int, str]], electrons: int) -> float:
    """⟨HF|P|HF⟩ for a Pauli string ``P``: 0 with any X or Y, else the product of Z eigenvalues (−1 on occupied)."""
    sign = 1.0
    for qubit, pauli in term:
        if pauli != "Z":
            return 0.0
        sign *= -1.0 if qubit < electrons else 1.0
    return sign
