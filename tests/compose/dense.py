"""The composition matrix's reference: dense density matrices, one per classical branch, from textbook matrices.

Nothing here imports tyxq. A circuit is the list of operation tuples of
:mod:`tests.compose.cases`; it runs on a dict ``{classical bits: ρ}`` of
unnormalised density matrices (qubit 0 the most significant bit): a gate is
``UρU†``, a channel ``Σ KρK†``, a measurement splits each branch with the
projectors ``|k⟩⟨k|`` and writes ``k`` into its bit, a reset is the Kraus map
``{|0⟩⟨0|, |0⟩⟨1|}``, and a conditioned gate acts on the branches whose bits
hold the condition's values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

I2 = np.eye(2, dtype=complex)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
Z = np.diag([1.0, -1.0]).astype(complex)
H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
S = np.diag([1, 1j])
PAULI = {"I": I2, "X": X, "Y": Y, "Z": Z}


def rotation(pauli: np.ndarray, theta: float) -> np.ndarray:
    """``exp(-iθP/2)`` for a Pauli product ``P`` (``P² = I``)."""
    return np.cos(theta / 2) * np.eye(len(pauli)) - 1j * np.sin(theta / 2) * pauli


def _controlled(u: np.ndarray) -> np.ndarray:
    zero, one = np.diag([1.0, 0.0]), np.diag([0.0, 1.0])
    return np.kron(zero, np.eye(len(u))) + np.kron(one, u)


FIXED = {"h": H, "x": X, "y": Y, "z": Z, "s": S, "cnot": _controlled(X), "cz": _controlled(Z)}
PARAMETRIC = {
    "rx": lambda t: rotation(X, t),
    "ry": lambda t: rotation(Y, t),
    "rz": lambda t: rotation(Z, t),
    "rzz": lambda t: rotation(np.kron(Z, Z), t),
    "crx": lambda t: _controlled(rotation(X, t)),
}


def gate_matrix(name: str, angle: float | None) -> np.ndarray:
    return FIXED[name] if angle is None else PARAMETRIC[name](angle)


def kraus_operators(name: str, value: float) -> list[np.ndarray]:
    """The textbook Kraus operators of a one-qubit channel."""
    if name == "depolarizing":  # ρ → (1 - p) ρ + p I/2
        return [np.sqrt(1 - 3 * value / 4) * I2] + [np.sqrt(value / 4) * P for P in (X, Y, Z)]
    if name == "bit_flip":
        return [np.sqrt(1 - value) * I2, np.sqrt(value) * X]
    if name == "amplitude_damping":
        return [np.array([[1, 0], [0, np.sqrt(1 - value)]]), np.array([[0, np.sqrt(value)], [0, 0]])]
    if name == "phase_damping":
        return [np.array([[1, 0], [0, np.sqrt(1 - value)]]), np.array([[0, 0], [0, np.sqrt(value)]])]
    if name == "reset":
        return [np.array([[1, 0], [0, 0]]), np.array([[0, 1], [0, 0]])]
    raise KeyError(name)


def embed(n: int, qubits: Sequence[int], matrix: np.ndarray) -> np.ndarray:
    """The ``2**n`` operator of ``matrix`` acting on ``qubits`` (its first qubit the most significant)."""
    k = len(qubits)
    others = [q for q in range(n) if q not in qubits]
    tensor = np.kron(matrix, np.eye(2 ** len(others))).reshape([2] * (2 * n))
    order = list(qubits) + others
    back = [order.index(q) for q in range(n)]
    assert k >= 1
    return tensor.transpose(back + [n + i for i in back]).reshape(2**n, 2**n)


def pauli_operator(n: int, letters: dict[int, str]) -> np.ndarray:
    out = np.ones((1, 1), dtype=complex)
    for q in range(n):
        out = np.kron(out, PAULI[letters.get(q, "I")])
    return out


def controlled_operator(n: int, controls: Sequence[int], values: Sequence[int], target_op: np.ndarray) -> np.ndarray:
    """``target_op`` (already on ``n`` qubits) where every control holds its value, the identity elsewhere."""
    projector = np.ones(2**n)
    for q, v in zip(controls, values, strict=True):
        bit = (np.arange(2**n) >> (n - 1 - q)) & 1
        projector = projector * (bit == v)
    p = np.diag(projector).astype(complex)
    return p @ target_op + (np.eye(2**n) - p)


class Branches:
    """Unnormalised density matrices keyed by the classical register's values."""

    def __init__(self, n: int, n_bits: int, initial: np.ndarray | None) -> None:
        psi = np.zeros(2**n, dtype=complex)
        psi[0] = 1
        if initial is not None:
            psi = np.asarray(initial, dtype=complex)
        self.n = n
        self.rhos: dict[tuple[int, ...], np.ndarray] = {(0,) * n_bits: np.outer(psi, psi.conj())}

    def unitary(self, u: np.ndarray, where: Any = None) -> None:
        for bits, rho in self.rhos.items():
            if where is None or where(bits):
                self.rhos[bits] = u @ rho @ u.conj().T

    def channel(self, operators: Sequence[np.ndarray]) -> None:
        for bits, rho in self.rhos.items():
            self.rhos[bits] = sum(k @ rho @ k.conj().T for k in operators)

    def measure(self, qubit: int, bit: int) -> None:
        split: dict[tuple[int, ...], np.ndarray] = {}
        for bits, rho in self.rhos.items():
            for outcome in (0, 1):
                projector = embed(self.n, [qubit], np.diag([1.0 - outcome, float(outcome)]).astype(complex))
                written = (*bits[:bit], outcome, *bits[bit + 1 :])
                split[written] = split.get(written, 0) + projector @ rho @ projector
        self.rhos = split

    @property
    def total(self) -> np.ndarray:
        return sum(self.rhos.values())


Rules = Sequence[tuple[str, str, float, tuple[int, ...] | None]]


def run(
    n: int, n_bits: int, ops: Sequence[tuple], params: np.ndarray, initial: np.ndarray | None, rules: Rules = ()
) -> Branches:
    """The branches after ``ops`` with parameters ``params`` (one set), then each noise rule after matching gates."""
    state = Branches(n, n_bits, initial)

    def angle(index: int | None) -> float | None:
        return None if index is None else float(params[index])

    for op in ops:
        kind = op[0]
        if kind == "gate":
            _, name, qubits, index = op
            state.unitary(embed(n, qubits, gate_matrix(name, angle(index))))
            for rule_gate, channel, value, rule_qubits in rules:
                if rule_gate == name:
                    for q in qubits:
                        if rule_qubits is None or q in rule_qubits:
                            state.channel([embed(n, [q], k) for k in kraus_operators(channel, value)])
        elif kind == "ctrl":
            _, controls, values, name, target, index = op
            inner = embed(n, [target], gate_matrix(name, angle(index)))
            state.unitary(controlled_operator(n, controls, values, inner))
        elif kind == "pauli_rot":
            _, qubits, index, word = op
            state.unitary(rotation(pauli_operator(n, dict(zip(qubits, word, strict=True))), angle(index)))
        elif kind == "channel":
            _, name, qubit, value = op
            state.channel([embed(n, [qubit], k) for k in kraus_operators(name, value)])
        elif kind == "measure":
            _, qubit, bit = op
            state.measure(qubit, bit)
        elif kind == "reset":
            _, qubit = op
            state.channel([embed(n, [qubit], k) for k in kraus_operators("reset", 0.0)])
        elif kind == "cond":
            _, bits, values, name, qubits, index = op
            u = embed(n, qubits, gate_matrix(name, angle(index)))
            state.unitary(u, where=lambda held, b=bits, v=values: all(held[i] == x for i, x in zip(b, v, strict=True)))
        else:
            raise ValueError(f"unknown operation kind {kind!r}")
    return state


def marginal(probs: np.ndarray, n: int, qubits: Sequence[int]) -> np.ndarray:
    """Probabilities of ``qubits`` (the first the most significant) from a full ``2**n`` distribution."""
    tensor = probs.reshape([2] * n)
    others = tuple(q for q in range(n) if q not in qubits)
    summed = tensor.sum(axis=others) if others else tensor
    kept = sorted(qubits)
    return np.transpose(summed, [kept.index(q) for q in qubits]).reshape(-1)


def misread(probs: np.ndarray, confusions: Sequence[np.ndarray | None]) -> np.ndarray:
    """Apply ``confusion[measured, true]`` to each read qubit of a distribution."""
    k = len(confusions)
    tensor = probs.reshape([2] * k) if k else probs
    for axis, confusion in enumerate(confusions):
        if confusion is not None:
            tensor = np.moveaxis(np.tensordot(confusion, tensor, axes=([1], [axis])), 0, axis)
    return tensor.reshape(-1)


def probabilities(rho: np.ndarray, n: int, qubits: Sequence[int], readout: dict[int, np.ndarray]) -> np.ndarray:
    probs = marginal(np.real(np.diag(rho)), n, qubits)
    return misread(probs, [readout.get(q) for q in qubits])


def bit_probabilities(branches: Branches, bits: Sequence[int]) -> np.ndarray:
    """The distribution of classical ``bits`` (``bits[0]`` the most significant), bits never written holding 0."""
    out = np.zeros(2 ** len(bits))
    for held, rho in branches.rhos.items():
        index = 0
        for b in bits:
            index = 2 * index + (held[b] if b < len(held) else 0)
        out[index] += np.real(np.trace(rho))
    return out


def expectation(rho: np.ndarray, n: int, terms: Sequence[tuple[float, dict[int, str]]], readout) -> float:
    """``Σ c Tr(ρ P)``; with readout error, each term's parity from misread outcomes in its eigenbasis."""
    total = 0.0
    for coefficient, letters in terms:
        if not readout or not letters:
            total += coefficient * float(np.real(np.trace(rho @ pauli_operator(n, letters))))
            continue
        basis = np.eye(2**n, dtype=complex)
        for q, letter in letters.items():
            change = {"X": H, "Y": H @ S.conj().T, "Z": I2}[letter]
            basis = embed(n, [q], change) @ basis
        support = sorted(letters)
        probs = probabilities(basis @ rho @ basis.conj().T, n, support, readout)
        parity = np.array([(-1) ** bin(i).count("1") for i in range(2 ** len(support))])
        total += coefficient * float(probs @ parity)
    return total


def reduced(rho: np.ndarray, n: int, qubits: Sequence[int]) -> np.ndarray:
    """The partial trace of ``rho`` onto ``qubits``, in their order."""
    k = len(qubits)
    others = [q for q in range(n) if q not in qubits]
    tensor = rho.reshape([2] * (2 * n))
    order = list(qubits) + others
    tensor = tensor.transpose(order + [n + q for q in order]).reshape(2**k, 2 ** (n - k), 2**k, 2 ** (n - k))
    return np.einsum("ajbj->ab", tensor)
