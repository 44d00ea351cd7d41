"""The adjoint sweep over the fused plan against dense references: finite differences and the gate-by-gate adjoint."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.gradients.adjoint import adjoint_gradients, adjoint_probabilities_vjp
from tyxq.kernels.plan import compile_plan

from .plan_circuits import PARAMETRISED, finite_difference_slots, gate_by_gate_adjoint, random_case

TOLERANCE = {"complex64": 2e-4, "complex128": 1e-9}
SEEDS = (0, 1, 2)


def _inputs(case, batch):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    w = rng.uniform(-np.pi, np.pi, case.n_weights)
    x = None if batch is None else rng.uniform(-np.pi, np.pi, (batch, max(case.n_inputs, 1)))
    return w, x


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("batch", [None, 3])
@pytest.mark.parametrize("seed", SEEDS)
def test_sweep_matches_finite_differences_and_the_gate_by_gate_adjoint(
    seed: int, batch: int | None, dtype: str
) -> None:
    case = random_case(seed)
    w, x = _inputs(case, batch)
    members = 1 if batch is None else batch
    cotangent = np.random.default_rng(seed).normal(size=(members, len(case.observables)))
    backend = NumpyBackend(dtype=dtype)
    circuit = case.circuit(w, x)
    _, grads = adjoint_gradients(backend, circuit, case.observable_list(), cotangent)
    got = np.stack([np.asarray(g, dtype=np.float64) for g in grads], axis=1)  # (B, slots)
    for b in range(members):
        angles = case.slot_values(w, None if x is None else x[b])
        by_gate = gate_by_gate_adjoint(case, angles, cotangent[b])
        np.testing.assert_allclose(got[b], by_gate, atol=TOLERANCE[dtype] * 10, rtol=0)
        if dtype == "complex128" and b == 0:  # the gate-by-gate reference checks the other members
            np.testing.assert_allclose(got[b], finite_difference_slots(case, angles, cotangent[b]), atol=1e-7)


def test_the_random_circuits_use_every_parametrised_gate_and_every_kind_of_step() -> None:
    names = {name for seed in SEEDS for name, _, _ in random_case(seed).gates}
    assert set(PARAMETRISED) <= names
    kinds = {step.kind for seed in SEEDS for step in compile_plan(random_case(seed).circuit(np.zeros(99), None)).steps}
    assert kinds == {"dense", "diagonal", "permutation", "controlled"}
    blocks = [
        step
        for seed in SEEDS
        for step in compile_plan(random_case(seed).circuit(np.zeros(99), None)).steps
        if step.factors is not None
    ]
    assert blocks, "no fused Kronecker block: the sweep's per-qubit peeling would go untested"


def test_probabilities_vjp_matches_finite_differences() -> None:
    case = random_case(4)
    w, _ = _inputs(case, None)
    circuit = case.circuit(w, None)
    qubits = (3, 1)
    cotangent = np.array([[0.3, -1.2, 0.7, 2.0]])
    probs, grads = adjoint_probabilities_vjp(NumpyBackend(), circuit, qubits, cotangent)
    slots = [np.asarray(g)[0] for g in grads]
    angles = case.slot_values(w, None)

    def weighted(values: list[float]) -> float:
        moved = case.circuit(w, None).with_params(_grouped(case, values))
        return float(np.sum(cotangent[0] * tyxq.probabilities(moved, qubits=qubits)))

    h = 1e-6
    for k in range(len(angles)):
        up, down = list(angles), list(angles)
        up[k] += h
        down[k] -= h
        assert abs(slots[k] - (weighted(up) - weighted(down)) / (2 * h)) < 1e-6
    assert np.allclose(np.sum(probs), 1.0)


def _grouped(case, values):  # type: ignore[no-untyped-def]
    """Flat angle values back into per-gate parameter tuples."""
    out, position = [], 0
    for name, _, _ in case.gates:
        count = tyxq.GATES[name].n_params
        out.append(tuple(values[position : position + count]))
        position += count
    return out


def test_an_unbatched_cotangent_of_ones_is_the_energy_gradient_by_value_and_grad() -> None:
    case = random_case(5)
    w, _ = _inputs(case, None)
    total = sum(case.observable_list(), tyxq.Hamiltonian())

    def energy(weights: np.ndarray) -> object:
        return tyxq.expectation(case.circuit(weights, None), total)

    _, adjoint = tyxq.value_and_grad(energy, method="adjoint")(w)
    _, shift = tyxq.value_and_grad(energy, method="parameter_shift")(w)
    np.testing.assert_allclose(adjoint, shift, atol=1e-9)
