"""An independent dense-matrix simulator for checking tyxq: textbook matrices and Kronecker products.

Nothing here imports tyxq's gate table or kernels.
"""

from __future__ import annotations

import numpy as np

I2 = np.eye(2, dtype=complex)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
Z = np.diag([1, -1]).astype(complex)
H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
S = np.diag([1, 1j])
T = np.diag([1, np.exp(1j * np.pi / 4)])
SX = np.array([[1 + 1j, 1 - 1j], [1 - 1j, 1 + 1j]]) / 2
P0 = np.diag([1, 0]).astype(complex)
P1 = np.diag([0, 1]).astype(complex)


def expm_pauli(pauli: np.ndarray, theta: float) -> np.ndarray:
    """exp(-i θ P / 2) for P with P² = I."""
    return np.cos(theta / 2) * np.eye(len(pauli)) - 1j * np.sin(theta / 2) * pauli


def controlled(u: np.ndarray) -> np.ndarray:
    return np.kron(P0, np.eye(len(u))) + np.kron(P1, u)


def u3(theta: float, phi: float, lam: float) -> np.ndarray:
    return np.array(
        [
            [np.cos(theta / 2), -np.exp(1j * lam) * np.sin(theta / 2)],
            [np.exp(1j * phi) * np.sin(theta / 2), np.exp(1j * (phi + lam)) * np.cos(theta / 2)],
        ]
    )


SWAP = np.eye(4)[[0, 2, 1, 3]].astype(complex)


ISWAP = np.array([[1, 0, 0, 0], [0, 0, 1j, 0], [0, 1j, 0, 0], [0, 0, 0, 1]])


def matrix_power(unitary: np.ndarray, exponent: float) -> np.ndarray:
    """``unitary**exponent`` on the principal branch of each eigenvalue's logarithm."""
    values, vectors = np.linalg.eig(unitary)
    return vectors @ np.diag(np.exp(1j * exponent * np.angle(values))) @ np.linalg.inv(vectors)


def givens(n_qubits: int, low: int, high: int, phi: float) -> np.ndarray:
    """PennyLane's Single/DoubleExcitation: |low> -> cos(phi/2)|low> + sin(phi/2)|high>."""
    matrix = np.eye(2**n_qubits, dtype=complex)
    c, s = np.cos(phi / 2), np.sin(phi / 2)
    matrix[low, low], matrix[high, high], matrix[high, low], matrix[low, high] = c, c, s, -s
    return matrix


def fsim(theta: float, phi: float) -> np.ndarray:
    """Cirq's FSimGate."""
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[1, 0, 0, 0], [0, c, -1j * s, 0], [0, -1j * s, c, 0], [0, 0, 0, np.exp(-1j * phi)]])


ECR = np.array([[0, 0, 1, 1j], [0, 0, 1j, 1], [1, -1j, 0, 0], [-1j, 1, 0, 0]]) / np.sqrt(2)  # PennyLane's ECR

FIXED = {
    "id": I2, "h": H, "x": X, "y": Y, "z": Z, "s": S, "sdg": S.conj().T, "t": T, "tdg": T.conj().T,
    "sx": SX, "sxdg": SX.conj().T,
    "cnot": controlled(X), "cz": controlled(Z), "cy": controlled(Y), "ch": controlled(H), "swap": SWAP,
    "iswap": ISWAP,
    "iswapdg": np.array([[1, 0, 0, 0], [0, 0, -1j, 0], [0, -1j, 0, 0], [0, 0, 0, 1]]),
    "ccx": controlled(controlled(X)), "cswap": controlled(SWAP),
    "sqrt_iswap": matrix_power(ISWAP, 0.5), "sqrt_iswapdg": matrix_power(ISWAP, -0.5), "ecr": ECR,
}

PARAMETRIC = {
    "rx": lambda t: expm_pauli(X, t),
    "ry": lambda t: expm_pauli(Y, t),
    "rz": lambda t: expm_pauli(Z, t),
    "phase": lambda t: np.diag([1, np.exp(1j * t)]),
    "u": u3,
    "rxx": lambda t: expm_pauli(np.kron(X, X), t),
    "ryy": lambda t: expm_pauli(np.kron(Y, Y), t),
    "rzz": lambda t: expm_pauli(np.kron(Z, Z), t),
    "crx": lambda t: controlled(expm_pauli(X, t)),
    "cry": lambda t: controlled(expm_pauli(Y, t)),
    "crz": lambda t: controlled(expm_pauli(Z, t)),
    "cphase": lambda t: np.diag([1, 1, 1, np.exp(1j * t)]),
    "u2": lambda phi, lam: u3(np.pi / 2, phi, lam),
    "single_excitation": lambda t: givens(2, 0b01, 0b10, t),
    "double_excitation": lambda t: givens(4, 0b0011, 0b1100, t),
    "fsim": fsim,
    "iswap_pow": lambda t: matrix_power(ISWAP, t),
}


def gate_matrix(name: str, params: tuple[float, ...]) -> np.ndarray:
    if name in FIXED:
        return FIXED[name]
    return PARAMETRIC[name](*params)


def full_operator(n: int, targets: tuple[int, ...], matrix: np.ndarray) -> np.ndarray:
    """The 2^n × 2^n operator of ``matrix`` on ``targets`` (qubit 0 = most significant bit)."""
    k = len(targets)
    others = [q for q in range(n) if q not in targets]
    # order the tensor factors as (targets..., others...), then permute the axes back
    big = np.kron(matrix, np.eye(2 ** len(others)))
    order = list(targets) + others
    tensor = big.reshape([2] * (2 * n))
    inverse = [order.index(q) for q in range(n)]
    tensor = tensor.transpose(inverse + [n + i for i in inverse])
    assert k >= 1
    return tensor.reshape(2**n, 2**n)


Gates = list[tuple[str, tuple[int, ...], tuple[float, ...]]]


def simulate(n: int, gates: Gates, initial: np.ndarray | None = None) -> np.ndarray:
    """Final state of ``gates`` = [(name, qubits, params)], from |0…0⟩ or ``initial``."""
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    if initial is not None:
        psi = np.asarray(initial, dtype=complex)
    for name, qubits, params in gates:
        psi = full_operator(n, qubits, gate_matrix(name, params)) @ psi
    return psi


def simulate_tensor(n: int, gates: Gates, initial: np.ndarray | None = None) -> np.ndarray:
    """As :func:`simulate`, contracting each gate's matrix with the state as an ``n``-axis tensor (no 2^n matrix)."""
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    if initial is not None:
        psi = np.array(initial, dtype=complex)
    for name, qubits, params in gates:
        psi = apply_tensor(n, qubits, gate_matrix(name, params), psi)
    return psi


def apply_tensor(n: int, qubits: tuple[int, ...], matrix: np.ndarray, psi: np.ndarray) -> np.ndarray:
    """``matrix`` (first qubit the most significant bit) on ``qubits`` of ``psi``, as a tensor contraction."""
    k = len(qubits)
    axes = (list(range(k, 2 * k)), list(qubits))
    moved = np.tensordot(matrix.reshape([2] * (2 * k)), psi.reshape([2] * n), axes=axes)
    return np.moveaxis(moved, list(range(k)), list(qubits)).reshape(2**n)


def pauli_matrix(n: int, paulis: dict[int, str]) -> np.ndarray:
    table = {"I": I2, "X": X, "Y": Y, "Z": Z}
    out = np.ones((1, 1), dtype=complex)
    for q in range(n):
        out = np.kron(out, table[paulis.get(q, "I")])
    return out
