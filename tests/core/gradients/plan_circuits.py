"""Random circuits that exercise every kind of plan step, with a dense reference for their derivatives.

Every parametrised gate of ``tyxq.OPERATIONS`` (and a controlled form, a
controlled ``u`` and a three-qubit ``multi_rz``) appears, among constant
gates that make permutation, dense and diagonal steps, so the compiled
plan fuses single-qubit chains into Kronecker blocks, merges diagonal
runs and keeps multi-qubit and controlled gates as their own steps. Each
angle is a weight ``w[k]`` (shared by the batch), an input column
``x[:, k]`` (one per member) or a constant.

The references are written with dense matrices only (no plan, no fusion):
central finite differences of ``⟨ψ|H|ψ⟩`` and the gate-by-gate adjoint
(``2 Im⟨λ_i|G|ψ_i⟩`` per gate, ``2 Re⟨λ_i|D|ψ_{i-1}⟩`` where a gate has no
generator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.gates import GATES

from ..reference import full_operator, pauli_matrix

EXTRA = ("ctrl[10]:ry", "ctrl[1]:u", "multi_rz[3]")
PARAMETRISED = (
    tuple(sorted(name for name, spec in tyxq.OPERATIONS.items() if spec.gate is not None and spec.gate.n_params))
    + EXTRA
)
CONSTANT = ("h", "cnot", "swap", "s", "sx", "cz", "ccx")
N_QUBITS = 5
_HOST = NumpyBackend(dtype="complex128")


@dataclass(frozen=True)
class Angle:
    """Where a gate angle comes from: ``("w", k)``, ``("x", k)`` or ``("c", value)``."""

    source: str
    value: float


@dataclass(frozen=True)
class PlanCase:
    gates: tuple[tuple[str, tuple[int, ...], tuple[Angle, ...]], ...]
    n_weights: int
    n_inputs: int
    observables: tuple[tuple[tuple[int, str], ...], ...]

    def circuit(self, w: Any, x: Any | None) -> tyxq.Circuit:
        """The circuit at weights ``w`` ``(W,)`` and inputs ``x`` ``(B, F)`` (``None``: no batch, inputs 0.3)."""
        circuit = tyxq.Circuit(N_QUBITS)
        for name, qubits, angles in self.gates:
            params = []
            for angle in angles:
                index = int(angle.value)
                if angle.source == "w":
                    params.append(w[index])
                elif angle.source == "x":
                    params.append(0.3 + 0.1 * index if x is None else x[:, index])
                else:
                    params.append(angle.value)
            circuit.apply(name, *qubits, params=params)
        return circuit

    def observable_list(self) -> list[tyxq.PauliString]:
        return [tyxq.PauliString(paulis) for paulis in self.observables]

    def slot_values(self, w: np.ndarray, x_row: np.ndarray | None) -> list[float]:
        """Every gate angle's value for one batch member, in the order of the gates and their parameters."""
        values = []
        for _, _, angles in self.gates:
            for angle in angles:
                index = int(angle.value)
                if angle.source == "w":
                    values.append(float(w[index]))
                elif angle.source == "x":
                    values.append(0.3 + 0.1 * index if x_row is None else float(x_row[index]))
                else:
                    values.append(angle.value)
        return values


def random_case(seed: int, n_gates: int = 22) -> PlanCase:
    """A random circuit in which every parametrised gate appears once every ``len(PARAMETRISED)`` gates."""
    rng = np.random.default_rng(seed)
    order = list(rng.permutation(PARAMETRISED))
    gates = []
    counts = {"w": 0, "x": 0}
    for g in range(n_gates):
        if g % 3 == 2:
            name = str(rng.choice(CONSTANT))
        else:
            name = order.pop() if order else str(rng.choice(PARAMETRISED))
        spec = GATES[name]
        qubits = tuple(int(q) for q in rng.choice(N_QUBITS, size=spec.n_qubits, replace=False))
        angles = []
        for _ in range(spec.n_params):
            source = str(rng.choice(["w", "x", "c"], p=[0.5, 0.35, 0.15]))
            if source == "c":
                angles.append(Angle("c", float(rng.uniform(-2, 2))))
            else:
                angles.append(Angle(source, counts[source]))
                counts[source] += 1
        gates.append((name, qubits, tuple(angles)))
        if g % 4 == 0:  # single-qubit gates on neighbours: fused Kronecker blocks, alike chains every other time
            alike = g % 8 == 0
            for names in (("rx", "ry"), ("rz", "rx")) if alike else (("ry", "rx"),):
                for q in range(N_QUBITS):
                    name = names[0] if alike or q % 2 else names[1]
                    source = "x" if alike and name == "rx" else "w"  # batched angles in the alike blocks
                    gates.append((name, (q,), (Angle(source, counts[source]),)))
                    counts[source] += 1
    observables = (((0, "Z"),), ((1, "X"), (3, "Y")), ((2, "Z"), (4, "Z")), ((4, "X"),))
    return PlanCase(tuple(gates), counts["w"], counts["x"], observables)


def _matrix(name: str, params: list[float]) -> np.ndarray:
    return np.asarray(GATES[name].matrix(_HOST, [np.float64(p) for p in params]))


def dense_states(case: PlanCase, angles: list[float]) -> list[np.ndarray]:
    """``ψ_0 = |0…0⟩`` and the state after every gate, from dense matrices."""
    psi = np.zeros(2**N_QUBITS, dtype=complex)
    psi[0] = 1
    states = [psi]
    position = 0
    for name, qubits, _ in case.gates:
        n_params = GATES[name].n_params
        psi = full_operator(N_QUBITS, qubits, _matrix(name, angles[position : position + n_params])) @ psi
        position += n_params
        states.append(psi)
    return states


def weighted_matrix(case: PlanCase, weights: np.ndarray) -> np.ndarray:
    return sum(c * pauli_matrix(N_QUBITS, dict(paulis)) for c, paulis in zip(weights, case.observables, strict=True))


def finite_difference_slots(case: PlanCase, angles: list[float], weights: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """``d/dθ Σ_k weights_k ⟨H_k⟩`` for every gate angle, by central differences of the dense simulation."""
    matrix = weighted_matrix(case, weights)

    def energy(values: list[float]) -> float:
        psi = dense_states(case, values)[-1]
        return float(np.real(np.conj(psi) @ matrix @ psi))

    grads = []
    for k in range(len(angles)):
        up, down = list(angles), list(angles)
        up[k] += h
        down[k] -= h
        grads.append((energy(up) - energy(down)) / (2 * h))
    return np.array(grads)


def gate_by_gate_adjoint(case: PlanCase, angles: list[float], weights: np.ndarray) -> np.ndarray:
    """The same derivatives by the textbook adjoint: one gate at a time, dense states kept."""
    states = dense_states(case, angles)
    lam = weighted_matrix(case, weights) @ states[-1]
    grads: list[float] = []
    position = sum(GATES[name].n_params for name, _, _ in case.gates)
    for index in range(len(case.gates) - 1, -1, -1):
        name, qubits, _ = case.gates[index]
        spec = GATES[name]
        position -= spec.n_params
        params = angles[position : position + spec.n_params]
        after, before = states[index + 1], states[index]
        own = []
        for j, generator in enumerate(spec.generators):
            if generator is not None:
                image = full_operator(N_QUBITS, qubits, np.asarray(generator)) @ after
                own.append(2 * float(np.imag(np.conj(lam) @ image)))
            else:
                derivative = np.asarray(spec.derivative(_HOST, tuple(np.float64(p) for p in params), j))
                own.append(2 * float(np.real(np.conj(lam) @ full_operator(N_QUBITS, qubits, derivative) @ before)))
        grads = own + grads
        lam = full_operator(N_QUBITS, qubits, _matrix(name, params)).conj().T @ lam
    return np.array(grads)
