"""Trajectories run where the density matrix cannot: statevector memory, the real memory check."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq


def _noisy_layer(n: int) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n).h(range(n))
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    return circuit.depolarizing(list(range(n)), 0.05).amplitude_damping(0, 0.3)


SIZE = 18
"""Noisy qubits that trajectories run in 4 MiB per trajectory, where a density matrix takes 1 TiB (36 qubits' worth)."""


def test_density_matrix_refuses_the_size_before_allocating() -> None:
    with pytest.raises(tyxq.StateTooLargeError, match="36-qubit statevector"):
        tyxq.expectation(_noisy_layer(SIZE), tyxq.Z(0), mode="density_matrix")


def test_trajectories_run_the_size_the_density_matrix_refuses() -> None:
    circuit = _noisy_layer(SIZE).x(SIZE - 1)
    value = float(tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.Z(1), mode=tyxq.TrajectoriesMode(trajectories=2, seed=1)))
    assert np.isfinite(value) and abs(value) <= 1


def test_trajectories_refuse_a_batch_beyond_memory() -> None:
    with pytest.raises(tyxq.StateTooLargeError):
        tyxq.expectation(_noisy_layer(40), tyxq.Z(0), mode=tyxq.TrajectoriesMode(trajectories=2, seed=1))


def test_an_integer_seed_reproduces_trajectories_and_a_generator_advances() -> None:
    circuit = tyxq.Circuit(2).h(0).cnot(0, 1).amplitude_damping([0, 1], 0.4)
    mode = tyxq.TrajectoriesMode(trajectories=50)
    first = float(tyxq.expectation(circuit, "XX", mode=mode, seed=3))
    assert first == float(tyxq.expectation(circuit, "XX", mode=mode, seed=3))
    generator = np.random.default_rng(3)
    draws = [float(tyxq.expectation(circuit, "XX", mode=mode, seed=generator)) for _ in range(2)]
    assert draws[0] == first and draws[1] != first


def test_trajectories_must_be_a_positive_integer() -> None:
    with pytest.raises(tyxq.ConfigurationError, match="trajectories must be a whole number from 1 to"):
        tyxq.TrajectoriesMode(trajectories=0)
