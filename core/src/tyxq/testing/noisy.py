"""Noisy execution-mode conformance: random circuits of gates and channels against a dense Kraus reference.

The reference is written here with NumPy alone: every operation becomes a
full ``2**n × 2**n`` matrix (the gate's or each Kraus operator's, embedded
by a transpose of a ``2n``-axis tensor), and a channel maps ``ρ`` to
``Σ_m K_m ρ K_m†``. Exact modes (``exact = True``) must agree with it to the
dtype's tolerance; others are estimates, which must lie within five
standard errors, ``5 · Σ|c| / √samples`` for an observable with
coefficients ``c`` (``samples``: the independent samples an estimate
averages, a class attribute, e.g. the ``trajectories`` option).

Example:
    A plugin's test module::

        from tyxq.testing import NoisyModeConformance

        class TestMyNoisyMode(NoisyModeConformance):
            mode_name = "my_noisy_mode"
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest

from ..api import expectation, probabilities
from ..backends.numpy_backend import NumpyBackend
from ..backends.protocol import Backend
from ..channels import CHANNELS
from ..kinds import OperationKind
from ..observables import Hamiltonian
from ..operations import KRAUS, operation_spec
from .circuits import CircuitSpec, GateCall, random_circuit_spec, random_hamiltonian
from .mode import ExecutionModeConformance

__all__ = ["NoisyModeConformance", "random_noisy_circuit_spec", "reference_density"]

_BATCH = 2
_HOST = NumpyBackend(dtype="complex128")
_CHANNEL_PARAMS = {
    "depolarizing": lambda rng: (rng.uniform(0, 1),),
    "depolarizing2": lambda rng: (rng.uniform(0, 1),),
    "bit_flip": lambda rng: (rng.uniform(0, 1),),
    "phase_flip": lambda rng: (rng.uniform(0, 1),),
    "amplitude_damping": lambda rng: (rng.uniform(0, 1),),
    "phase_damping": lambda rng: (rng.uniform(0, 1),),
    "thermal_relaxation": lambda rng: (1.0, rng.uniform(0.1, 2.0), rng.uniform(0, 1)),
    "reset": lambda rng: (),
    "measure": lambda rng: (),
}


def _random_kraus(rng: np.random.Generator, dim: int, count: int) -> np.ndarray:
    """``count`` Kraus operators of a random channel: blocks of an isometry from a QR decomposition."""
    z = rng.standard_normal((count * dim, dim)) + 1j * rng.standard_normal((count * dim, dim))
    isometry, _ = np.linalg.qr(z)
    return isometry.reshape(count, dim, dim)


def random_noisy_circuit_spec(
    rng: np.random.Generator, n_qubits: int, depth: int, *, batch: int | None = None
) -> CircuitSpec:
    """``depth`` random gates, each followed with probability ½ by a random channel (a ``kraus`` one among them).

    Example:
        >>> spec = random_noisy_circuit_spec(np.random.default_rng(0), 2, 6)
        >>> any(g.kind.is_channel for g in spec.gates)
        True
    """
    gates = random_circuit_spec(rng, n_qubits, depth, batch=batch).gates
    names = [name for name in sorted(CHANNELS) if CHANNELS[name].n_qubits <= n_qubits] + [KRAUS]
    calls: list[GateCall] = []
    for gate in gates:
        calls.append(gate)
        if rng.random() < 0.5:
            continue
        name = str(rng.choice(names))
        if name == KRAUS:
            width = int(rng.integers(1, min(2, n_qubits) + 1))
            qubits = tuple(int(q) for q in rng.permutation(n_qubits)[:width])
            calls.append(GateCall(KRAUS, qubits, (_random_kraus(rng, 2**width, int(rng.integers(1, 4))),)))
            continue
        spec = CHANNELS[name]
        qubits = tuple(int(q) for q in rng.permutation(n_qubits)[: spec.n_qubits])
        params: tuple[Any, ...] = _CHANNEL_PARAMS[name](rng)
        if batch is not None and rng.random() < 0.5:
            params = tuple(np.full(batch, p) * rng.uniform(0.5, 1.0, batch) for p in params)
            if name == "thermal_relaxation":  # keep t2 <= 2 t1 member by member
                params = (np.ones(batch), params[1], params[2])
        calls.append(GateCall(name, qubits, params))
    return CircuitSpec(n_qubits, tuple(calls))


def _embed(matrix: np.ndarray, qubits: tuple[int, ...], n: int) -> np.ndarray:
    """``matrix`` on ``qubits`` (first = most significant) as a full ``2**n × 2**n`` matrix."""
    k = len(qubits)
    order = list(qubits) + [q for q in range(n) if q not in qubits]
    tensor = np.kron(matrix, np.eye(2 ** (n - k))).reshape([2] * (2 * n))
    axes = [order.index(q) for q in range(n)]
    return tensor.transpose(axes + [n + a for a in axes]).reshape(2**n, 2**n)


def _member_density(spec: CircuitSpec) -> np.ndarray:
    n = spec.n_qubits
    rho = np.zeros((2**n, 2**n), dtype=np.complex128)
    rho[0, 0] = 1.0
    for gate in spec.gates:
        entry = operation_spec(gate.name)
        if entry.kind is OperationKind.MATRIX:
            kraus = [np.asarray(gate.params[0])]
        elif entry.kind is OperationKind.KRAUS:
            kraus = list(gate.params[0])
        elif entry.kind.is_channel:
            kraus = list(entry.kraus(_HOST, [np.float64(p) for p in gate.params]))
        else:
            kraus = [np.asarray(entry.matrix(_HOST, [np.float64(p) for p in gate.params]))]
        full = [_embed(k, gate.qubits, n) for k in kraus]
        rho = sum(k @ rho @ k.conj().T for k in full)
    return rho


def reference_density(spec: CircuitSpec) -> np.ndarray:
    """The final density matrix ``(2**n, 2**n)``, or ``(B, 2**n, 2**n)`` for a batched spec, in complex128.

    Example:
        >>> spec = CircuitSpec(1, (GateCall("x", (0,)), GateCall("amplitude_damping", (0,), (0.25,))))
        >>> np.diag(reference_density(spec)).real.round(12).tolist()
        [0.25, 0.75]
    """
    if spec.batch_size is None:
        return _member_density(spec)
    return np.stack([_member_density(spec.member(b)) for b in range(spec.batch_size)])


class NoisyModeConformance(ExecutionModeConformance):
    """A mode that runs channels, checked against a dense Kraus reference (and as any mode)."""

    samples: ClassVar[int] = 4000
    """The independent samples each estimate averages, in modes that are not exact."""

    def _bound(self, backend: Backend, mode: Any, observable: Hamiltonian | None) -> float:
        if mode.exact:
            return 10 * self.atol(backend.complex_dtype)
        scale = 1.0 if observable is None else sum(abs(t.coefficient) for t in observable.terms if t.paulis)
        return 5 * scale / np.sqrt(self.samples) + 1e-3

    @pytest.mark.parametrize("seed", range(4))
    def test_noisy_expectations_match_the_kraus_reference(self, backend: Backend, mode: Any, seed: int) -> None:
        rng = np.random.default_rng(100 + seed)
        n = 1 + seed % 3
        spec = random_noisy_circuit_spec(rng, n, 8, batch=_BATCH if seed % 2 else None)
        observable = random_hamiltonian(rng, n)
        rho = reference_density(spec)
        exact = np.real(np.trace(observable.to_matrix(n) @ rho, axis1=-2, axis2=-1))
        value = self.host(backend, expectation(spec.build(backend), observable, mode=mode, **self.call_options(mode)))
        bound = self._bound(backend, mode, observable)
        assert np.all(np.abs(value - exact) <= bound), f"⟨{observable}⟩: {value} vs reference {exact} (bound {bound})"

    def test_noisy_probabilities_match_the_kraus_reference(self, backend: Backend, mode: Any) -> None:
        spec = random_noisy_circuit_spec(np.random.default_rng(120), 3, 10, batch=_BATCH)
        exact = np.real(np.diagonal(reference_density(spec), axis1=-2, axis2=-1))
        probs = self.host(backend, probabilities(spec.build(backend), mode=mode, **self.call_options(mode)))
        bound = self._bound(backend, mode, None)
        assert np.all(np.abs(probs - exact) <= bound), f"probabilities {probs} vs reference {exact}"

    def test_a_fully_depolarized_qubit_is_maximally_mixed(self, backend: Backend, mode: Any) -> None:
        circuit = random_circuit_spec(np.random.default_rng(121), 2, 8).build(backend)
        circuit.apply("depolarizing", 1, params=[1.0])
        probs = self.host(backend, probabilities(circuit, qubits=[1], mode=mode, **self.call_options(mode)))
        assert np.all(np.abs(probs - 0.5) <= self._bound(backend, mode, None))
