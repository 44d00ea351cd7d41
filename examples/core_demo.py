"""The core demo: a GHZ state sampled with shots, and a VQE optimised with adjoint gradients on numpy.

Run: ``nox -s demo`` or ``python examples/core_demo.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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
    """H on every qubit, then layers of RZZ on neighbouring pairs and RX on every qubit."""
    circuit = tyxq.Circuit(n).h(range(n))
    for layer in params.reshape(-1, 2, n):
        for q in range(n - 1):
            circuit.rzz(q, q + 1, layer[0, q])
        for q in range(n):
            circuit.rx(q, layer[1, q])
    return circuit


def adam(
    value_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]], params: np.ndarray, steps: int, lr: float
) -> tuple[np.ndarray, list[float]]:
    """Plain Adam (β₁ = 0.9, β₂ = 0.999); returns the final parameters and the energy at every step."""
    first, second, energies = np.zeros_like(params), np.zeros_like(params), []
    for step in range(1, steps + 1):
        energy, grad = value_and_grad(params)
        energies.append(float(energy))
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad**2
        params = params - lr * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return params, energies


def main() -> None:
    print("GHZ state on 5 qubits, 2,000 shots:")
    print("  ", tyxq.counts(ghz(5), 2000, seed=11))

    n, field, layers = 6, 1.0, 4
    hamiltonian = ising(n, field)
    exact = float(np.linalg.eigvalsh(hamiltonian.to_matrix(n))[0])

    def energy(params: np.ndarray) -> float:
        return tyxq.expectation(ansatz(n, params), hamiltonian)

    start = time.perf_counter()
    initial = np.random.default_rng(1).uniform(-np.pi, np.pi, 2 * layers * n)
    params, energies = adam(tyxq.value_and_grad(energy, method="adjoint"), initial, steps=100, lr=0.1)
    elapsed = time.perf_counter() - start
    final = float(energy(params))
    print(f"\nVQE: Ising chain of {n} qubits (h = {field}), {layers} layers, {params.size} parameters")
    print("   optimised with Adam on adjoint gradients (numpy backend)")
    for step in (0, 25, 50, 75, len(energies) - 1):
        print(f"   step {step:3d}: energy {energies[step]: .6f}")
    print(f"   final energy {final: .6f}, exact ground energy {exact: .6f} (diagonalisation)")
    relative = abs(final - exact) / abs(exact)
    print(f"   difference {final - exact:.2e} ({relative:.2%}), {len(energies)} Adam steps in {elapsed:.2f} s")
    estimate = float(tyxq.expectation(ansatz(n, params), hamiltonian, mode="shots", shots=10_000, seed=5))
    print(f"   the same state measured with 10,000 shots per basis: {estimate: .4f}")


if __name__ == "__main__":
    main()
