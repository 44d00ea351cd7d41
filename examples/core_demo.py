"""The core demo: a GHZ state sampled with shots, and a VQE energy on numpy.

Run: ``nox -s demo`` or ``python examples/core_demo.py``.
"""

from __future__ import annotations

import numpy as np

import tyxq


def ghz(n: int) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n).h(0)
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    return circuit


def ising(n: int, field: float) -> tyxq.Hamiltonian:
    """Transverse-field Ising model on an open chain: Σ Z_i Z_{i+1} + h Σ X_i."""
    hamiltonian = tyxq.Hamiltonian()
    for q in range(n - 1):
        hamiltonian = hamiltonian + tyxq.Z(q) @ tyxq.Z(q + 1)
    for q in range(n):
        hamiltonian = hamiltonian + field * tyxq.X(q)
    return hamiltonian


def ansatz(n: int, params: np.ndarray) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n).h(range(n))
    for layer in params.reshape(-1, 2, n):
        for q in range(n - 1):
            circuit.rzz(q, q + 1, layer[0, q])
        for q in range(n):
            circuit.rx(q, layer[1, q])
    return circuit


def main() -> None:
    print("GHZ state on 5 qubits, 2,000 shots:")
    print("  ", ghz(5).counts(2000, seed=11))
    n, field = 6, 1.0
    hamiltonian = ising(n, field)
    exact = float(np.linalg.eigvalsh(hamiltonian.to_matrix(n))[0])
    rng = np.random.default_rng(3)
    best = min(
        (float(ansatz(n, rng.uniform(-np.pi, np.pi, 4 * n)).expectation(hamiltonian)) for _ in range(200)),
    )
    print(f"Ising chain, {n} qubits: exact ground energy {exact:.4f}; best of 200 random ansatz draws {best:.4f}")


if __name__ == "__main__":
    main()
