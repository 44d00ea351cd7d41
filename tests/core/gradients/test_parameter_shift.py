"""Parameter shift: exact rules for every gate, one batch for all shifted circuits, unbiased with shots."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.execution import ShotsMode, StatevectorMode

from ..backend_matrix import active, host, on
from ..reference import pauli_matrix, simulate
from .single_gates import PARAMETRISED, energy_of, reference_gradient


@pytest.mark.parametrize("name", PARAMETRISED)
def test_shift_rule_of_every_parametrised_gate_is_exact(backend_name: str, name: str) -> None:
    params = np.array([0.7, -1.3, 0.4][: tyxq.GATES[name].n_params])
    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(energy_of(name), method="parameter_shift")(on(backend, params))
    np.testing.assert_allclose(host(backend, grad), reference_gradient(name, params), atol=1e-10)


class CountingMode(StatevectorMode):
    """The statevector mode, remembering the batch size of every circuit it evaluates."""

    def __init__(self) -> None:
        self.batches: list[int | None] = []

    def expectation(self, circuit: tyxq.Circuit, observable: Any, **kwargs: Any) -> Any:
        self.batches.append(circuit.batch_size)
        return super().expectation(circuit, observable, **kwargs)


def test_value_and_every_shifted_circuit_run_as_one_batch(backend_name: str) -> None:
    mode = CountingMode()

    def energy(p: Any) -> Any:
        circuit = tyxq.Circuit(2).rx(0, p[0]).cry(0, 1, p[1]).rzz(0, 1, p[2])
        return tyxq.expectation(circuit, tyxq.X(1), mode=mode)

    with active(backend_name) as backend:
        tyxq.value_and_grad(energy, method="parameter_shift")(on(backend, [0.1, 0.2, 0.3]))
    if backend.capabilities.autodiff:  # forward, then the shifted batch inside the backward pass
        assert mode.batches == [None, 2 + 4 + 2]
    else:
        assert mode.batches == [1 + 2 + 4 + 2]


def test_batched_circuits_shift_each_member(backend_name: str) -> None:
    mode = CountingMode()
    angles = np.array([[0.1, 0.5], [0.9, -0.3], [2.0, 1.0]])

    def energy(p: Any) -> Any:
        return tyxq.expectation(tyxq.Circuit(1).rx(0, p[:, 0]).ry(0, p[:, 1]), tyxq.Z(0), mode=mode)

    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(energy, method="parameter_shift")(on(backend, angles))
    assert mode.batches[-1] == 3 * (4 if backend.capabilities.autodiff else 1 + 4)
    x, y = angles[:, 0], angles[:, 1]  # <Z> = cos x cos y
    np.testing.assert_allclose(
        host(backend, grad), np.stack([-np.sin(x) * np.cos(y), -np.cos(x) * np.sin(y)], 1), atol=1e-12
    )


TERMS = {"Z0": ((0, "Z"),), "X1": ((1, "X"),), "Y0Y1": ((0, "Y"), (1, "Y"))}
"""One term per measured group, so each estimate's variance is Σ_terms (1 - <P>²) / shots."""


def ansatz(p: Any) -> tyxq.Circuit:
    return tyxq.Circuit(2).ry(0, p[0]).rx(1, p[1]).crx(0, 1, p[2]).rzz(0, 1, p[3])


def exact_terms(p: np.ndarray) -> dict[str, float]:
    psi = simulate(
        2, [("ry", (0,), (p[0],)), ("rx", (1,), (p[1],)), ("crx", (0, 1), (p[2],)), ("rzz", (0, 1), (p[3],))]
    )
    return {k: float(np.real(np.conj(psi) @ pauli_matrix(2, dict(v)) @ psi)) for k, v in TERMS.items()}


def shot_gradient_moments(p: np.ndarray, shots: int) -> tuple[np.ndarray, np.ndarray]:
    """The exact gradient and the standard deviation of its parameter-shift estimate with ``shots``."""
    rules = [tyxq.GATES[g].shift_rules[0] for g in ("ry", "rx", "crx", "rzz")]
    mean, variance = np.zeros(4), np.zeros(4)
    for k, rule in enumerate(rules):
        for c, s in rule:
            moved = p.copy()
            moved[k] += s
            values = exact_terms(moved)
            mean[k] += c * sum(values.values())
            variance[k] += c**2 * sum(1 - v**2 for v in values.values()) / shots
    return mean, np.sqrt(variance)


def test_shots_gradient_is_within_four_standard_errors_of_exact(backend_name: str) -> None:
    p = np.array([0.4, -1.1, 0.8, 0.3])
    shots = 4000
    observable = tyxq.Z(0) + tyxq.X(1) + tyxq.Y(0) @ tyxq.Y(1)
    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(
            lambda q: tyxq.expectation(ansatz(q), observable, mode="shots", shots=shots, seed=2024),
            method="parameter_shift",
        )(on(backend, p))
    exact, sigma = shot_gradient_moments(p, shots)
    assert np.all(sigma > 0)
    assert np.all(np.abs(host(backend, grad) - exact) < 4 * sigma), (host(backend, grad) - exact) / sigma


def test_shots_gradient_is_unbiased_over_many_seeds() -> None:
    p = np.array([1.2, 0.5, -0.7, 2.0])
    shots, repeats = 500, 200
    observable = tyxq.Z(0) + tyxq.X(1) + tyxq.Y(0) @ tyxq.Y(1)
    differentiate = tyxq.value_and_grad(
        lambda q, seed: tyxq.expectation(ansatz(q), observable, mode=ShotsMode(shots), seed=seed),
        method="parameter_shift",
    )
    estimates = np.array([differentiate(p, seed)[1] for seed in range(repeats)])
    exact, sigma = shot_gradient_moments(p, shots)
    assert np.all(np.abs(estimates.mean(axis=0) - exact) < 4 * sigma / np.sqrt(repeats))
    ratio = estimates.std(axis=0, ddof=1) / sigma  # each shifted circuit got its own full shots
    assert np.all((ratio > 0.75) & (ratio < 1.3)), ratio


def test_shots_gradient_is_reproducible_with_a_seed() -> None:
    p = np.array([0.4, -1.1, 0.8, 0.3])
    differentiate = tyxq.value_and_grad(
        lambda q: tyxq.expectation(ansatz(q), tyxq.Z(0), mode="shots", shots=300, seed=7), method="parameter_shift"
    )
    first, second = differentiate(p), differentiate(p)
    assert np.array_equal(first[1], second[1]) and float(first[0]) == float(second[0])
