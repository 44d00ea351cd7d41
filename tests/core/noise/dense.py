"""Textbook Kraus operators and a dense density-matrix simulator for checking tyxq's noisy modes.

Nothing here uses tyxq's channel table or kernels; gates come from the dense reference of the core tests.
The per-register simulation of mid-circuit measurements (:func:`branches_after`) keeps one density
matrix per value of the classical register; :func:`dynamic_circuit` builds the same steps as a tyxq
circuit, through its public methods only, for the tests to compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import tyxq

from ..reference import I2, X, Y, Z, full_operator, gate_matrix

CHANNEL_NAMES = (
    "depolarizing",
    "depolarizing2",
    "bit_flip",
    "phase_flip",
    "amplitude_damping",
    "phase_damping",
    "thermal_relaxation",
)

Operation = tuple[str, tuple[int, ...], tuple[Any, ...]]
"""``(name, qubits, params)``; for ``kraus`` the one parameter is the list of operators."""


def kraus(name: str, params: Sequence[float]) -> list[np.ndarray]:
    """The Kraus operators of a named channel, written out."""
    if name == "depolarizing":
        (p,) = params
        return [np.sqrt(1 - 3 * p / 4) * I2] + [np.sqrt(p / 4) * P for P in (X, Y, Z)]
    if name == "depolarizing2":
        (p,) = params
        paulis = [np.kron(a, b) for a in (I2, X, Y, Z) for b in (I2, X, Y, Z)]
        return [np.sqrt(1 - 15 * p / 16) * paulis[0]] + [np.sqrt(p / 16) * P for P in paulis[1:]]
    if name == "bit_flip":
        (p,) = params
        return [np.sqrt(1 - p) * I2, np.sqrt(p) * X]
    if name == "phase_flip":
        (p,) = params
        return [np.sqrt(1 - p) * I2, np.sqrt(p) * Z]
    if name == "amplitude_damping":
        (g,) = params
        return [np.array([[1, 0], [0, np.sqrt(1 - g)]]), np.array([[0, np.sqrt(g)], [0, 0]])]
    if name == "phase_damping":
        (lam,) = params
        return [np.array([[1, 0], [0, np.sqrt(1 - lam)]]), np.array([[0, 0], [0, np.sqrt(lam)]])]
    if name == "thermal_relaxation":
        t1, t2, t = params
        gamma = 1 - np.exp(-t / t1)
        dephase = 1 - np.exp(-2 * t / t2) / np.exp(-t / t1)  # the extra phase damping after amplitude damping
        ad = kraus("amplitude_damping", [gamma])
        pd = kraus("phase_damping", [dephase])
        return [b @ a for a in ad for b in pd]
    raise KeyError(name)


def apply_channel(rho: np.ndarray, n: int, qubits: tuple[int, ...], operators: Sequence[np.ndarray]) -> np.ndarray:
    full = [full_operator(n, qubits, np.asarray(k, dtype=complex)) for k in operators]
    return sum(k @ rho @ k.conj().T for k in full)


def density(n: int, ops: Sequence[Operation], initial: np.ndarray | None = None) -> np.ndarray:
    """The final density matrix of gates and channels, from ``|0…0⟩`` or the pure state ``initial``."""
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    if initial is not None:
        psi = np.asarray(initial, dtype=complex)
    rho = np.outer(psi, psi.conj())
    for name, qubits, params in ops:
        if name == "kraus":
            rho = apply_channel(rho, n, qubits, params[0])
        elif name in CHANNEL_NAMES:
            rho = apply_channel(rho, n, qubits, kraus(name, params))
        else:
            rho = apply_channel(rho, n, qubits, [gate_matrix(name, tuple(params))])
    return rho


P0, P1 = np.diag([1.0, 0.0]).astype(complex), np.diag([0.0, 1.0]).astype(complex)
RESET = [np.array([[1, 0], [0, 0]], dtype=complex), np.array([[0, 1], [0, 0]], dtype=complex)]

Step = tuple[str, tuple[int, ...], tuple[float, ...], Any]
"""``(name, qubits, params, extra)``: ``extra`` is the written bit of a measure, ``(bits, values)`` of a condition."""


def branches_after(n: int, n_bits: int, steps: list[Step]) -> dict[tuple[int, ...], np.ndarray]:
    """Unnormalised density matrices keyed by the classical register's value."""
    rho = np.zeros((2**n, 2**n), dtype=complex)
    rho[0, 0] = 1
    branches = {(0,) * n_bits: rho}
    for name, qubits, params, extra in steps:
        updated: dict[tuple[int, ...], np.ndarray] = {}
        for register, rho in branches.items():
            if name == "measure":
                for outcome, projector in enumerate((P0, P1)):
                    p = full_operator(n, qubits, projector)
                    written = list(register)
                    written[extra] = outcome
                    key = tuple(written)
                    updated[key] = updated.get(key, 0) + p @ rho @ p
            elif name == "reset":
                kraus = [full_operator(n, qubits, k) for k in RESET]
                updated[register] = updated.get(register, 0) + sum(k @ rho @ k.conj().T for k in kraus)
            else:
                acts = extra is None or all(register[b] == v for b, v in zip(*extra, strict=True))
                u = full_operator(n, qubits, gate_matrix(name, params))
                updated[register] = updated.get(register, 0) + (u @ rho @ u.conj().T if acts else rho)
        branches = updated
    return branches


def dynamic_circuit(n: int, steps: list[Step]) -> tyxq.Circuit:
    """The tyxq circuit of ``steps`` (the reference's input, built through the public methods)."""
    circuit = tyxq.Circuit(n)
    for name, qubits, params, extra in steps:
        if name == "measure":
            circuit.measure(qubits[0], extra)
        elif name == "reset":
            circuit.apply("reset", *qubits)
        elif extra is None:
            circuit.apply(name, *qubits, params=params)
        else:
            circuit.cond(tyxq.Operation(name, qubits, params), *extra)
    return circuit
