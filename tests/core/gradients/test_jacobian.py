"""tyxq.jacobian: every method against a dense reference, batched and unbatched, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on
from ..reference import pauli_matrix, simulate

OBSERVABLES = [tyxq.Z(0), tyxq.Z(1), tyxq.X(0) @ tyxq.Y(1)]
DENSE = [pauli_matrix(2, {0: "Z"}), pauli_matrix(2, {1: "Z"}), pauli_matrix(2, {0: "X", 1: "Y"})]
EXACT = {"adjoint": 1e-8, "parameter_shift": 1e-8, "auto": 1e-8, "autograd": 1e-8, "finite_difference": 1e-5}


def circuit(p: object) -> tyxq.Circuit:
    """Angles are affine in ``p`` (shape (4,), or (4, B) for a batch); crx has a four-term shift rule."""
    return (
        tyxq.Circuit(2)
        .ry(0, p[0])  # type: ignore[index]
        .rx(1, 2 * p[1])  # type: ignore[index]
        .cnot(0, 1)
        .crx(1, 0, p[2] + 0.3)  # type: ignore[index]
        .rz(1, p[3] - p[0])  # type: ignore[index]
        .h(1)
    )


def values(p: object) -> object:
    return tyxq.expectation(circuit(p), OBSERVABLES)


def dense_values(p: np.ndarray) -> np.ndarray:
    gates = [
        ("ry", (0,), (p[0],)),
        ("rx", (1,), (2 * p[1],)),
        ("cnot", (0, 1), ()),
        ("crx", (1, 0), (p[2] + 0.3,)),
        ("rz", (1,), (p[3] - p[0],)),
        ("h", (1,), ()),
    ]
    psi = simulate(2, gates)
    return np.array([np.real(np.conj(psi) @ m @ psi) for m in DENSE])


def dense_jacobian(p: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central differences of the dense simulation (truncation ~h², well below 1e-8)."""
    columns = []
    for k in range(p.size):
        step = np.zeros(p.size)
        step[k] = h
        columns.append((dense_values(p + step) - dense_values(p - step)) / (2 * h))
    return np.stack(columns, axis=-1)


def methods(backend: object) -> list[str]:
    names = ["adjoint", "parameter_shift", "finite_difference", "auto"]
    return names + (["autograd"] if backend.capabilities.autodiff else [])  # type: ignore[attr-defined]


def test_unbatched_jacobian_matches_dense_reference_by_every_method(backend_name: str) -> None:
    p = np.array([0.4, -0.7, 1.1, 0.25])
    reference = dense_jacobian(p)
    with active(backend_name) as backend:
        found = {m: host(backend, tyxq.jacobian(values, method=m)(on(backend, p))) for m in methods(backend)}
    for method, jac in found.items():
        assert jac.shape == (3, 4), method
        np.testing.assert_allclose(jac, reference, atol=EXACT[method], err_msg=method)
    exact = [m for m in found if m != "finite_difference"]
    for a in exact:
        np.testing.assert_allclose(found[a], found[exact[0]], atol=1e-8, err_msg=f"{a} vs {exact[0]}")


def test_batched_jacobian_is_block_diagonal_over_members(backend_name: str) -> None:
    rng = np.random.default_rng(3)
    p = rng.uniform(-2, 2, (4, 3))  # 4 parameters, batch of 3
    with active(backend_name) as backend:
        found = {m: host(backend, tyxq.jacobian(values, method=m)(on(backend, p))) for m in methods(backend)}
    for method, jac in found.items():
        assert jac.shape == (3, 3, 4, 3), method  # (B, K) + argument shape (4, B)
        for b in range(3):
            for other in range(3):
                block = jac[b, :, :, other]
                expected = dense_jacobian(p[:, b]) if b == other else np.zeros((3, 4))
                np.testing.assert_allclose(block, expected, atol=EXACT[method], err_msg=f"{method} {b} {other}")


def test_tuple_argnums_gives_one_jacobian_per_argument(backend_name: str) -> None:
    def split(a: object, b: object) -> object:
        return tyxq.expectation(tyxq.Circuit(2).ry(0, a[0]).ry(1, b).cnot(0, 1), [tyxq.Z(1), tyxq.X(0)])  # type: ignore[index]

    with active(backend_name) as backend:
        ja, jb = tyxq.jacobian(split, argnums=(0, 1), method="parameter_shift")(on(backend, [0.3]), on(backend, 0.8))
        ja, jb = host(backend, ja), host(backend, jb)

    def dense(a: float, b: float) -> np.ndarray:
        s = simulate(2, [("ry", (0,), (a,)), ("ry", (1,), (b,)), ("cnot", (0, 1), ())])
        return np.array([np.real(np.conj(s) @ pauli_matrix(2, {q: o}) @ s) for q, o in ((1, "Z"), (0, "X"))])

    h = 1e-5
    np.testing.assert_allclose(ja[:, 0], (dense(0.3 + h, 0.8) - dense(0.3 - h, 0.8)) / (2 * h), atol=1e-8)
    np.testing.assert_allclose(jb, (dense(0.3, 0.8 + h) - dense(0.3, 0.8 - h)) / (2 * h), atol=1e-8)
    assert ja.shape == (2, 1) and jb.shape == (2,)


def test_parameter_shift_jacobian_shares_one_evaluation_across_observables(monkeypatch: pytest.MonkeyPatch) -> None:
    import tyxq.gradients.parameter_shift as module

    batches = []
    original = module.evaluate_shifted

    def counting(call: object, shifts: np.ndarray) -> object:
        batches.append(shifts.shape)
        return original(call, shifts)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "evaluate_shifted", counting)
    tyxq.jacobian(values, method="parameter_shift")(np.array([0.4, -0.7, 1.1, 0.25]))
    assert len(batches) == 1  # one batch of shifted circuits serves all three observables
    assert batches[0] == (4, 1 + 2 + 2 + 4 + 2)  # 4 angles; the value and every shift term once


def test_shots_jacobian_by_parameter_shift_is_within_four_sigma() -> None:
    p = np.array([0.4, -0.7, 1.1, 0.25])
    shots = 20000
    with tyxq.use_execution_mode("shots", shots=shots, seed=11):
        jac = tyxq.jacobian(values, method="parameter_shift")(p)
    # each derivative is a sum of |c| ≤ 1/2 weighted estimates of ±1 variables: σ ≤ Σ|c| / √shots
    bound = 4 * 2.0 / np.sqrt(shots)
    assert np.max(np.abs(jac - dense_jacobian(p))) < bound


def test_jacobian_of_a_scalar_is_the_gradient(backend_name: str) -> None:
    energy = lambda p: tyxq.expectation(circuit(p), tyxq.Z(0) @ tyxq.Z(1))  # noqa: E731
    p = np.array([0.1, 0.2, 0.3, 0.4])
    with active(backend_name) as backend:
        jac = host(backend, tyxq.jacobian(energy, method="adjoint")(on(backend, p)))
        grad = host(backend, tyxq.grad(energy, method="adjoint")(on(backend, p)))
    np.testing.assert_allclose(jac, grad, atol=1e-12)


def test_jacobian_refuses_a_non_function() -> None:
    with pytest.raises(tyxq.GradientError, match="jacobian needs a function"):
        tyxq.jacobian(3)  # type: ignore[arg-type]
