"""VQE for the hydrogen molecule: four qubits, a Hartree–Fock start and one double excitation.

The Hamiltonian is H2 in the STO-3G basis at the equilibrium bond length
0.7414 Å, mapped to qubits by Jordan–Wigner with spin orbitals interleaved
(qubits 0 and 1 are the bonding orbital, spin up and down; 2 and 3 the
antibonding one). Its coefficients are written below, in hartree, nuclear
repulsion included in the constant. The Hartree–Fock state fills the bonding
orbital, ``|1100⟩``; ``double_excitation(θ)`` mixes in ``|0011⟩``, and that
one parameter reaches the exact ground state, found here by diagonalising
the same coefficients (about −1.13728 Ha).

Run: ``python examples/h2_vqe.py``.
"""

from __future__ import annotations

import numpy as np

import tyxq

BOND_LENGTH = 0.7414  # Å

H2_TERMS: dict[str, float] = {
    "IIII": -0.09706626816762878,
    "ZIII": 0.17141282644776884,
    "IZII": 0.17141282644776884,
    "IIZI": -0.22343153690813597,
    "IIIZ": -0.22343153690813597,
    "ZZII": 0.16868898170361213,
    "ZIZI": 0.12062523483390425,
    "ZIIZ": 0.16592785033770352,
    "IZZI": 0.16592785033770352,
    "IZIZ": 0.12062523483390425,
    "IIZZ": 0.17441287612261583,
    "XXYY": -0.04530261550379927,
    "XYYX": 0.04530261550379927,
    "YXXY": 0.04530261550379927,
    "YYXX": -0.04530261550379927,
}
"""Jordan–Wigner coefficients of H2/STO-3G at 0.7414 Å (hartree), qubit 0 the leftmost letter."""

HAMILTONIAN = tyxq.Hamiltonian.from_terms(H2_TERMS)


def ansatz(theta: object) -> tyxq.Circuit:
    """Hartree–Fock ``|1100⟩`` and one double excitation from the bonding to the antibonding orbital."""
    return tyxq.Circuit(4).x([0, 1]).double_excitation(0, 1, 2, 3, theta)


def energy(params: object) -> object:
    return tyxq.expectation(ansatz(params[0]), HAMILTONIAN)  # type: ignore[index]


def exact_ground_energy() -> float:
    return float(np.linalg.eigvalsh(HAMILTONIAN.to_matrix(4))[0])


def optimise(steps: int = 200, rate: float = 0.5, tolerance: float = 1e-9) -> tuple[float, float]:
    """Gradient descent with parameter-shift gradients; returns the energy and the angle reached."""
    value_and_grad = tyxq.value_and_grad(energy, method="parameter_shift")
    params = np.array([0.0])
    value = float(energy(params))
    for _ in range(steps):
        value, grad = value_and_grad(params)
        if abs(float(grad[0])) < tolerance:
            break
        params = params - rate * np.asarray(grad)
    return float(value), float(params[0])


def main() -> None:
    hartree_fock = float(energy(np.array([0.0])))
    value, theta = optimise()
    exact = exact_ground_energy()
    print(f"H2 at {BOND_LENGTH} Å, {len(HAMILTONIAN.terms)} Pauli terms on 4 qubits")
    print(f"Hartree–Fock energy  {hartree_fock:.8f} Ha")
    print(f"VQE energy           {value:.8f} Ha  (θ = {theta:.6f})")
    print(f"exact ground energy  {exact:.8f} Ha  (|VQE − exact| = {abs(value - exact):.1e})")
    print(tyxq.draw(ansatz(theta)))


if __name__ == "__main__":
    main()
