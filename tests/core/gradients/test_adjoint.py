"""The adjoint method: every gate's generator or derivative, batches, cotangents, and its memory."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import tyxq
from tyxq.gradients.adjoint import adjoint_gradients

from ..backend_matrix import active, host, on
from .single_gates import PARAMETRISED, energy_of, reference_gradient


@pytest.mark.parametrize("name", PARAMETRISED)
def test_every_parametrised_gate_has_the_reference_derivative(backend_name: str, name: str) -> None:
    params = np.array([0.7, -1.3, 0.4][: tyxq.GATES[name].n_params])
    with active(backend_name) as backend:
        _, grad = tyxq.value_and_grad(energy_of(name), method="adjoint")(on(backend, params))
    np.testing.assert_allclose(host(backend, grad), reference_gradient(name, params), atol=1e-10)


def test_shared_angle_collects_every_members_derivative(backend_name: str) -> None:
    xs = np.array([0.1, 0.7, -0.4])

    def energy(w: object, x: object) -> object:
        return tyxq.expectation(tyxq.Circuit(1).rx(0, x).ry(0, w[0]), tyxq.Z(0))  # type: ignore[index]

    with active(backend_name) as backend:
        value, grad = tyxq.value_and_grad(energy, method="adjoint")(on(backend, [0.5]), on(backend, xs))
    # <Z> = cos(x) cos(w): the gradient of the batch's sum collects -cos(x_b) sin(w) over the batch
    np.testing.assert_allclose(host(backend, value), np.cos(xs) * np.cos(0.5), atol=1e-12)
    np.testing.assert_allclose(host(backend, grad), [-np.sum(np.cos(xs)) * np.sin(0.5)], atol=1e-12)


def test_cotangent_weights_each_members_derivative() -> None:
    angles = np.array([0.2, 1.1])
    circuit = tyxq.Circuit(1).ry(0, angles)
    backend = tyxq.get_backend()
    _, (plain,) = adjoint_gradients(backend, circuit, [tyxq.Z(0)])
    _, (weighted,) = adjoint_gradients(backend, circuit, [tyxq.Z(0)], np.array([[2.0], [-3.0]]))
    np.testing.assert_allclose(plain, -np.sin(angles), atol=1e-12)
    np.testing.assert_allclose(weighted, [2.0, -3.0] * -np.sin(angles), atol=1e-12)


def layered(n: int, layers: int) -> tuple[tyxq.Circuit, tyxq.Hamiltonian]:
    rng = np.random.default_rng(layers)
    circuit = tyxq.Circuit(n).h(range(n))
    for _ in range(layers):
        for q in range(n - 1):
            circuit.cnot(q, q + 1)
        for q in range(n):
            circuit.rx(q, float(rng.uniform(-1, 1))).rz(q, float(rng.uniform(-1, 1)))
    observable = tyxq.Hamiltonian(
        tuple(tyxq.X(q) for q in range(n)) + tuple(tyxq.Z(q) @ tyxq.Z(q + 1) for q in range(n - 1))
    )
    return circuit, observable


def peak_bytes(circuit: tyxq.Circuit, observable: tyxq.Hamiltonian) -> int:
    backend = tyxq.get_backend()
    adjoint_gradients(backend, circuit, [observable])  # compile and cache the plans first
    tracemalloc.start()
    adjoint_gradients(backend, circuit, [observable])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_backward_pass_holds_a_constant_number_of_states() -> None:
    # 16 qubits: twelve layers' states would pass KEEP_LIMIT, so the sweep keeps only the final state and un-applies
    # (one layer's are kept: tyxq.kernels.adjoint's rule)
    n = 16
    state = 16 * 2**n
    shallow = peak_bytes(*layered(n, 1))
    deep = peak_bytes(*layered(n, 12))  # 12 times the parameters
    assert deep < shallow + state / 2, (shallow / state, deep / state)
    assert deep < 8 * state  # ψ and λ (stacked), conj(λ), the kernels' temporaries; not one per parameter


def test_small_states_are_kept_within_the_limit() -> None:
    from tyxq.kernels.adjoint import KEEP_LIMIT

    n = 10
    circuit, observable = layered(n, 12)
    assert peak_bytes(circuit, observable) < 16 * KEEP_LIMIT + 8 * 16 * 2**n
