"""Backend conformance on whole circuits: random circuits against the numpy backend.

Every gate of the table (and arbitrary unitaries), batched and unbatched,
from ``|0…0⟩`` and from random input states; states, probabilities,
expectations and samples; and the errors bad input must raise on this backend.

Example:
    A plugin's test module::

        from tyxq.testing import BackendCircuitConformance

        class TestMyBackendCircuits(BackendCircuitConformance):
            backend_name = "mybackend"
"""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..backends.protocol import Backend
from ..circuit import Circuit
from ..errors import ParameterError, StateTooLargeError
from ..gates import GATES
from ..observables import Z
from .backend_suite import BackendSuite
from .circuits import (
    CircuitSpec,
    GateCall,
    random_circuit_spec,
    random_hamiltonian,
    random_state,
    random_unitary,
    reference_expectation,
    reference_probabilities,
    reference_state,
)

__all__ = ["BackendCircuitConformance"]

_SEEDS = range(6)
_BATCH = 3
_SHOTS = 20_000


def _single_gate_spec(rng: np.random.Generator, name: str, batch: int | None) -> CircuitSpec:
    """One gate on shuffled qubits of a random (batched) input state, with a spectator qubit."""
    width = 2 if name == "unitary" else GATES[name].n_qubits
    n = width + 1
    qubits = tuple(int(q) for q in rng.permutation(n)[:width])
    if name == "unitary":
        params: tuple[object, ...] = (random_unitary(rng, 2**width, batch),)
    else:
        count = GATES[name].n_params
        params = tuple(
            rng.uniform(-np.pi, np.pi, batch) if batch else float(rng.uniform(-np.pi, np.pi)) for _ in range(count)
        )
    return CircuitSpec(n, (GateCall(name, qubits, params),), random_state(rng, n, batch))


class BackendCircuitConformance(BackendSuite):
    """Whole circuits on the backend under test agree with the numpy backend."""

    @pytest.mark.parametrize("gate", [*sorted(GATES), "unitary"])
    @pytest.mark.parametrize("batched", [False, True], ids=["single", "batched"])
    def test_every_gate_matches_numpy(
        self, backend: Backend, rng: np.random.Generator, gate: str, batched: bool
    ) -> None:
        spec = _single_gate_spec(rng, gate, _BATCH if batched else None)
        state = tyxq.state(spec.build(backend))
        self.assert_close(backend, state, reference_state(spec), f"{gate} on qubits {spec.gates[0].qubits}")

    @pytest.mark.parametrize("seed", _SEEDS)
    def test_random_circuit_states_match_numpy(self, backend: Backend, seed: int) -> None:
        rng = np.random.default_rng(seed)
        spec = random_circuit_spec(rng, n_qubits=1 + seed % 5, depth=25)
        state = tyxq.state(spec.build(backend))
        assert backend.dtype_name(state) == backend.complex_dtype
        self.assert_close(backend, state, reference_state(spec), f"random circuit {seed}")

    @pytest.mark.parametrize("seed", _SEEDS)
    def test_batched_random_circuit_states_match_numpy(self, backend: Backend, seed: int) -> None:
        rng = np.random.default_rng(100 + seed)
        spec = random_circuit_spec(rng, n_qubits=1 + seed % 5, depth=25, batch=_BATCH, inputs=seed % 2 == 1)
        state = tyxq.state(spec.build(backend))
        expected = reference_state(spec)
        self.assert_close(backend, state, expected, f"batched random circuit {seed}")
        for member in range(_BATCH):
            np.testing.assert_allclose(expected[member], reference_state(spec.member(member)), atol=1e-10)

    def test_ten_qubit_circuit_matches_numpy(self, backend: Backend) -> None:
        spec = random_circuit_spec(np.random.default_rng(10), n_qubits=10, depth=60)
        self.assert_close(backend, tyxq.state(spec.build(backend)), reference_state(spec), "10-qubit circuit")

    @pytest.mark.parametrize("seed", _SEEDS)
    def test_expectations_match_numpy(self, backend: Backend, seed: int) -> None:
        rng = np.random.default_rng(200 + seed)
        n = 1 + seed % 4
        spec = random_circuit_spec(rng, n_qubits=n, depth=20, batch=_BATCH if seed % 2 else None)
        observable = random_hamiltonian(rng, n)
        value = tyxq.expectation(spec.build(backend), observable)
        assert backend.dtype_name(value) == backend.real_dtype
        self.assert_close(backend, value, reference_expectation(spec, observable), f"⟨{observable}⟩")

    @pytest.mark.parametrize("qubits", [None, [0], [2, 0], [1, 3, 2]], ids=["all", "q0", "q2q0", "q1q3q2"])
    def test_probabilities_match_numpy(self, backend: Backend, qubits: list[int] | None) -> None:
        spec = random_circuit_spec(np.random.default_rng(300), n_qubits=4, depth=30, batch=_BATCH)
        probs = tyxq.probabilities(spec.build(backend), qubits=qubits)
        assert backend.dtype_name(probs) == backend.real_dtype
        self.assert_close(backend, probs, reference_probabilities(spec, qubits), f"probabilities of {qubits}")

    def test_sampling_is_reproducible_with_a_seed(self, backend: Backend) -> None:
        circuit = random_circuit_spec(np.random.default_rng(400), n_qubits=3, depth=15).build(backend)
        first, second = tyxq.sample(circuit, 200, seed=9), tyxq.sample(circuit, 200, seed=9)
        np.testing.assert_array_equal(self.host(backend, first), self.host(backend, second))
        assert tyxq.counts(circuit, 200, seed=9) == tyxq.counts(circuit, 200, seed=9)

    def test_batched_samples_differ_between_members(self, backend: Backend) -> None:
        batched = Circuit(1).apply("rx", 0, params=[backend.asarray(np.full(2, np.pi / 2), dtype=backend.real_dtype)])
        samples = self.host(backend, tyxq.sample(batched, 300, seed=4))
        assert samples.shape == (2, 300, 1)
        assert not np.array_equal(samples[0], samples[1]), "both batch members drew identical samples"

    def test_sampled_counts_follow_probabilities(self, backend: Backend) -> None:
        spec = random_circuit_spec(np.random.default_rng(500), n_qubits=3, depth=15)
        counts = tyxq.counts(spec.build(backend), _SHOTS, seed=21)
        assert isinstance(counts, dict), "an unbatched circuit's counts are one dict"
        assert sum(counts.values()) == _SHOTS
        p = reference_probabilities(spec)
        frequencies = np.array([counts.get(format(i, "03b"), 0) for i in range(8)]) / _SHOTS
        bound = 5 * np.sqrt(p * (1 - p) / _SHOTS) + 1e-4
        assert np.all(np.abs(frequencies - p) <= bound), f"frequencies {frequencies} vs probabilities {p}"

    # --- errors ----------------------------------------------------------------------------

    def test_nan_angle_raises_parameter_error(self, backend: Backend) -> None:
        angles = backend.asarray(np.array([0.1, np.nan]), dtype=backend.real_dtype)
        with pytest.raises(ParameterError, match="NaN"):
            tyxq.state(Circuit(1).apply("rx", 0, params=[angles]))

    def test_complex_angle_raises_parameter_error(self, backend: Backend) -> None:
        angles = backend.asarray(np.array([0.1 + 0.5j]), dtype=backend.complex_dtype)
        with pytest.raises(ParameterError, match="complex"):
            tyxq.state(Circuit(1).apply("rx", 0, params=[angles]))

    def test_mismatched_batches_raise_parameter_error(self, backend: Backend) -> None:
        two = backend.asarray(np.zeros(2), dtype=backend.real_dtype)
        three = backend.asarray(np.zeros(3), dtype=backend.real_dtype)
        with pytest.raises(ParameterError, match="batch"):
            Circuit(1).apply("rx", 0, params=[two]).apply("ry", 0, params=[three])

    def test_oversized_state_is_refused_before_allocation(self, backend: Backend) -> None:
        self.skip_without(backend.available_memory() is not None, "a memory figure", "available_memory() is None")
        with pytest.raises(StateTooLargeError, match="60-qubit"):
            tyxq.expectation(Circuit(60).apply("h", 0), Z(0))
