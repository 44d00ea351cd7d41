"""A user's script that builds and runs circuits; ``mypy --strict`` must accept it (tests/typing/test_mypy.py)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import tyxq


def ansatz(weights: npt.NDArray[np.float64], n_qubits: int) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n_qubits).h(range(n_qubits))
    for layer in weights:
        circuit.ry(list(range(n_qubits)), layer).rz(0, theta=float(layer[0]))
        for q in range(n_qubits - 1):
            circuit.cnot(q, q + 1).crx(q0=q, q1=q + 1, theta=0.1)
    circuit.u(0, lam=0.3, phi=0.2, theta=0.1).cx(0, 1).fsim(0, 1, theta=0.2, phi=0.1)
    circuit.unitary([0, 1], np.eye(4)).pauli_rot([0, 1], 0.3, "XY").multi_rz(1, 0.2)
    return circuit.ctrl(tyxq.Circuit(n_qubits).x(2), controls=[0, 1])


def noisy(circuit: tyxq.Circuit) -> tyxq.Circuit:
    return circuit.copy().depolarizing(0, p=0.01).thermal_relaxation(1, time=0.5, t1=1.0, t2=0.8).reset(2)


def kinds(circuit: tyxq.Circuit) -> list[tyxq.OperationKind]:
    return [op.kind for op in circuit if op.kind.is_unitary]


def energy(weights: npt.NDArray[np.float64]) -> float:
    hamiltonian = 0.5 * tyxq.Z(0) @ tyxq.Z(1) + 0.2 * tyxq.X(2)
    return float(tyxq.expectation(ansatz(weights, 3), hamiltonian))


if __name__ == "__main__":
    weights = np.full((2, 3), 0.1)
    print(energy(weights), len(kinds(noisy(ansatz(weights, 3)))))
