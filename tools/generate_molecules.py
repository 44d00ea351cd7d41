"""Regenerate tyxq's shipped molecular Hamiltonians (core/src/tyxq/problems/data/*.json).

Needs PySCF, OpenFermion and OpenFermion-PySCF (``pip install pyscf openfermion openfermionpyscf``),
which tyxq itself never needs: the tests recompute each ground energy from the shipped coefficients.

    python tools/generate_molecules.py

Each file holds the Jordan–Wigner Pauli terms (``[coefficient, "X0 Z1 Y3"]``), the Hartree–Fock energy,
the exact ground energy in the molecule's electron-number sector (a sparse eigensolver restricted to
that sector) and PySCF's FCI energy of the same (active) space as a cross-check.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openfermion
import openfermionpyscf
import pyscf
import scipy.sparse.linalg
from openfermion import MolecularData, get_sparse_operator, jordan_wigner
from openfermionpyscf import run_pyscf

DATA = Path(__file__).resolve().parents[1] / "core" / "src" / "tyxq" / "problems" / "data"

MOLECULES = {
    "h2": dict(
        geometry=[("H", (0.0, 0.0, 0.0)), ("H", (0.0, 0.0, 0.7414))],
        frozen=0,
        description="H2 at its equilibrium bond length 0.7414 Å, STO-3G, all 2 spatial orbitals active",
    ),
    "lih": dict(
        geometry=[("Li", (0.0, 0.0, 0.0)), ("H", (0.0, 0.0, 1.5949))],
        frozen=0,
        description="LiH at its equilibrium bond length 1.5949 Å, STO-3G, all 6 spatial orbitals active",
    ),
    "beh2": dict(
        geometry=[("Be", (0.0, 0.0, 0.0)), ("H", (0.0, 0.0, 1.3264)), ("H", (0.0, 0.0, -1.3264))],
        frozen=0,
        description="BeH2, linear, Be–H 1.3264 Å (its equilibrium bond length), STO-3G, all 7 spatial orbitals active",
    ),
    "lih_frozen_core": dict(
        geometry=[("Li", (0.0, 0.0, 0.0)), ("H", (0.0, 0.0, 1.5949))],
        frozen=1,
        description="LiH at 1.5949 Å, STO-3G, the Li 1s orbital frozen (doubly occupied), "
        "the other 5 spatial orbitals active",
    ),
}


def sector_ground_energy(qubit_operator, n_qubits: int, electrons: int) -> float:
    matrix = get_sparse_operator(qubit_operator, n_qubits=n_qubits).tocsr()
    ones = np.array([bin(i).count("1") for i in range(2**n_qubits)])
    keep = np.flatnonzero(ones == electrons)
    block = matrix[keep][:, keep]
    if block.shape[0] <= 64:
        return float(np.linalg.eigvalsh(block.toarray())[0])
    return float(scipy.sparse.linalg.eigsh(block, k=1, which="SA", return_eigenvectors=False)[0])


def build(name: str, geometry, frozen: int, description: str) -> dict:
    data = run_pyscf(MolecularData(geometry, "sto-3g", 1, 0), run_scf=True, run_fci=True)
    active = list(range(frozen, data.n_orbitals))
    fermionic = data.get_molecular_hamiltonian(occupied_indices=list(range(frozen)) or None, active_indices=active)
    qubit_operator = jordan_wigner(fermionic)
    qubit_operator.compress(1e-12)
    n_qubits = 2 * len(active)
    electrons = data.n_electrons - 2 * frozen
    terms = []
    for term, coefficient in sorted(qubit_operator.terms.items(), key=lambda item: (len(item[0]), item[0])):
        value = complex(coefficient)
        assert abs(value.imag) < 1e-12, (term, value)
        terms.append([value.real, " ".join(f"{p}{q}" for q, p in term)])
    hf_state = np.zeros(2**n_qubits)
    hf_state[int("1" * electrons + "0" * (n_qubits - electrons), 2)] = 1.0
    hf_energy = float(np.real(hf_state @ get_sparse_operator(qubit_operator, n_qubits=n_qubits) @ hf_state))
    ground = sector_ground_energy(qubit_operator, n_qubits, electrons)
    print(
        f"{name}: {n_qubits} qubits, {electrons} electrons, {len(terms)} terms, HF {hf_energy:.8f} "
        f"(PySCF {data.hf_energy:.8f}), ground {ground:.8f} (PySCF FCI of the full space {data.fci_energy:.8f})"
    )
    return {
        "name": name,
        "description": description,
        "geometry": [[atom, list(xyz)] for atom, xyz in geometry],
        "basis": "sto-3g",
        "charge": 0,
        "multiplicity": 1,
        "frozen_orbitals": frozen,
        "active_orbitals": len(active),
        "mapping": "jordan_wigner",
        "ordering": "spin orbitals 0up 0down 1up 1down ... on qubits 0, 1, ...; occupied = 1",
        "n_qubits": n_qubits,
        "electrons": electrons,
        "hartree_fock_energy": hf_energy,
        "ground_energy": ground,
        "fci_energy_full_space": float(data.fci_energy),
        "generated_with": {
            "pyscf": pyscf.__version__,
            "openfermion": openfermion.__version__,
            "openfermionpyscf": getattr(openfermionpyscf, "__version__", "unknown"),
        },
        "terms": terms,
    }


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name, spec in MOLECULES.items():
        record = build(name, **spec)
        (DATA / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
