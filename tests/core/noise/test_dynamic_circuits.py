"""Mid-circuit measurement, reset and classically conditioned gates, in every built-in mode.

The reference is written here: a density matrix per value of the classical
register, each measurement splitting a branch in two with the projectors
``|0⟩⟨0|`` and ``|1⟩⟨1|``, each condition applying its gate in the branches
whose bits match, each reset applying its Kraus operators. Nothing of tyxq's
deferral (extra qubits, controlled gates) is used by it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tyxq
from tyxq.deferral import defer_measurements

from ..reference import full_operator, gate_matrix, u3
from .dense import Step, branches_after
from .dense import dynamic_circuit as build

MODES = ("statevector", "shots", "density_matrix", "trajectories")


def random_steps(rng: np.random.Generator, n: int, n_bits: int, length: int) -> list[Step]:
    steps: list[Step] = []
    written: set[int] = set()
    for _ in range(length):
        kind = rng.choice(["gate", "gate", "two", "measure", "reset", "cond"])
        q = int(rng.integers(n))
        if kind == "measure":
            bit = int(rng.integers(n_bits))
            written.add(bit)
            steps.append(("measure", (q,), (), bit))
        elif kind == "reset":
            steps.append(("reset", (q,), (), None))
        elif kind == "two" and n > 1:
            a, b = (int(x) for x in rng.choice(n, 2, replace=False))
            steps.append(("cnot", (a, b), (), None))
        elif kind == "cond" and written:
            bits = sorted(int(b) for b in rng.choice(sorted(written), min(2, len(written)), replace=False))
            values = tuple(int(v) for v in rng.integers(2, size=len(bits)))
            name, params = ("rx", (float(rng.uniform(0, 2 * np.pi)),)) if rng.random() < 0.5 else ("x", ())
            steps.append((name, (q,), params, (tuple(bits), values)))
        else:
            steps.append(("ry", (q,), (float(rng.uniform(0, 2 * np.pi)),), None))
            steps.append(("rz", (q,), (float(rng.uniform(0, 2 * np.pi)),), None))
    return steps


def marginal(n: int, rho: np.ndarray) -> np.ndarray:
    return np.real(np.diag(rho)).reshape((2,) * n)


@pytest.mark.parametrize("mode", ["statevector", "density_matrix"])
@pytest.mark.parametrize("seed", range(12))
def test_random_dynamic_circuits_match_the_branch_reference(mode: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, n_bits = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    steps = random_steps(rng, n, n_bits, 10)
    steps.append(("measure", (0,), (), 0))  # every bit written at least once, so each can be read
    for bit in range(1, n_bits):
        steps.append(("measure", (bit % n,), (), bit))
    circuit = build(n, steps)
    branches = branches_after(n, n_bits, steps)
    qubit_probs = sum(np.real(np.diag(rho)) for rho in branches.values())
    bit_probs = np.zeros(2**n_bits)
    for register, rho in branches.items():
        bit_probs[int("".join(map(str, register)), 2)] += np.real(np.trace(rho))
    np.testing.assert_allclose(tyxq.probabilities(circuit, mode=mode), qubit_probs, atol=1e-10)
    np.testing.assert_allclose(tyxq.probabilities(circuit, mode=mode, bits=range(n_bits)), bit_probs, atol=1e-10)
    z0 = sum(np.real(np.trace(rho @ full_operator(n, (0,), np.diag([1.0, -1.0])))) for rho in branches.values())
    x0 = sum(np.real(np.trace(rho @ full_operator(n, (0,), gate_matrix("x", ())))) for rho in branches.values())
    np.testing.assert_allclose(tyxq.expectation(circuit, [tyxq.Z(0), tyxq.X(0)], mode=mode), [z0, x0], atol=1e-10)


@pytest.mark.parametrize("seed", range(4))
def test_sampled_modes_estimate_the_reference_bits(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n, n_bits = 2, 2
    steps = [*random_steps(rng, n, n_bits, 8), ("measure", (0,), (), 0), ("measure", (1,), (), 1)]
    circuit = build(n, steps)
    exact = np.zeros(4)
    for register, rho in branches_after(n, n_bits, steps).items():
        exact[int("".join(map(str, register)), 2)] += np.real(np.trace(rho))
    shots = 20_000
    for mode in ("shots", "trajectories"):
        found = tyxq.counts(circuit, shots, mode=mode, seed=seed, bits=[0, 1])
        observed = np.array([found.get(f"{i:02b}", 0) for i in range(4)]) / shots
        sigma = np.sqrt(exact * (1 - exact) / shots) + 1e-12
        assert np.all(np.abs(observed - exact) <= 4 * sigma + 1e-3), (mode, observed, exact)


def teleportation(theta: float, phi: float, lam: float) -> tyxq.Circuit:
    """Teleport ``U3(θ, φ, λ)|0⟩`` from qubit 0 to qubit 2, then undo ``U3`` there."""
    circuit = tyxq.Circuit(3).u3(0, theta, phi, lam).h(1).cnot(1, 2)
    circuit.cnot(0, 1).h(0).measure(0).measure(1)  # bits 0 and 1
    circuit.cond(tyxq.Operation("x", (2,)), bits=1).cond(tyxq.Operation("z", (2,)), bits=0)
    return circuit.unitary(2, u3(theta, phi, lam).conj().T)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("angles", [(0.3, 1.1, -0.4), (2.0, -0.7, 2.5), (np.pi / 2, 0.0, np.pi)])
def test_teleportation_has_fidelity_one_in_every_mode(mode: str, angles: tuple[float, float, float]) -> None:
    circuit = teleportation(*angles)
    if mode == "shots":
        assert tyxq.counts(circuit, 2000, qubits=[2], mode=mode, seed=3) == {"0": 2000}
    else:
        assert float(tyxq.probabilities(circuit, qubits=[2], mode=mode)[0]) == pytest.approx(1.0, abs=1e-10)
    # without the corrections the fidelity is that of a maximally mixed qubit
    uncorrected = tyxq.Circuit(3).u3(0, *angles).h(1).cnot(1, 2).cnot(0, 1).h(0).measure(0).measure(1)
    uncorrected.unitary(2, u3(*angles).conj().T)
    if mode != "shots":  # the trajectories mode samples the measurements' branches: 1000 trajectories, 4σ
        tolerance = 4 * 0.5 / np.sqrt(1000) if mode == "trajectories" else 1e-10
        assert float(tyxq.probabilities(uncorrected, qubits=[2], mode=mode)[0]) == pytest.approx(0.5, abs=tolerance)


def test_the_measured_bits_of_teleportation_are_uniform() -> None:
    circuit = teleportation(0.3, 1.1, -0.4)
    np.testing.assert_allclose(tyxq.probabilities(circuit, bits=[0, 1]), [0.25] * 4, atol=1e-12)


def test_reset_runs_in_the_pure_modes_on_an_extra_qubit() -> None:
    circuit = tyxq.Circuit(2).h(0).cnot(0, 1).reset(0).h(0)
    np.testing.assert_allclose(tyxq.probabilities(circuit), tyxq.probabilities(circuit, mode="density_matrix"))
    np.testing.assert_allclose(tyxq.probabilities(circuit), [0.25] * 4, atol=1e-12)
    assert defer_measurements(circuit, pure=True).circuit.n_qubits == 3
    assert defer_measurements(circuit, pure=False).circuit.n_qubits == 2  # the mixed-state modes keep the channel


def test_a_bit_overwritten_reads_its_latest_outcome() -> None:
    circuit = tyxq.Circuit(2).x(0).measure(0, bit=0).x(0).measure(0, bit=0)  # bit 0: 1, then 0
    circuit.cond(tyxq.Operation("x", (1,)), bits=0, values=0)
    assert tyxq.counts(circuit, 100, bits=[0], seed=1) == {"0": 100}
    assert tyxq.counts(circuit, 100, qubits=[1], seed=1) == {"1": 100}


def test_the_gradient_through_a_conditioned_rotation_matches_finite_differences() -> None:
    def energy(theta: Any) -> Any:
        circuit = tyxq.Circuit(2).ry(0, theta[0]).measure(0)
        circuit.cond(tyxq.Operation("rx", (1,), (theta[1],)), bits=0)
        return tyxq.expectation(circuit, tyxq.Z(1) + 0.5 * tyxq.X(0))

    theta = np.array([0.7, 1.3])
    shifted = tyxq.value_and_grad(energy, method="parameter_shift")(theta)[1]
    differences = tyxq.value_and_grad(energy, method="finite_difference")(theta)[1]
    # analytic: P(1) = sin²(θ0/2); ⟨Z1⟩ = 1 − P(1)(1 − cos θ1); ⟨X0⟩ = 0 after the measurement
    p1 = np.sin(theta[0] / 2) ** 2
    assert float(energy(theta)) == pytest.approx(1 - p1 * (1 - np.cos(theta[1])), abs=1e-12)
    analytic = [-np.sin(theta[0]) / 2 * (1 - np.cos(theta[1])), -p1 * np.sin(theta[1])]
    np.testing.assert_allclose(shifted, analytic, atol=1e-10)
    np.testing.assert_allclose(differences, analytic, atol=1e-5)


def test_errors_name_the_problem() -> None:
    with pytest.raises(tyxq.TyxqError, match="no measurement has written"):
        tyxq.Circuit(2).cond(tyxq.Operation("x", (1,)), bits=0)
    measured = tyxq.Circuit(2).h(0).measure(0)
    with pytest.raises(tyxq.TyxqError, match="never measured"):
        tyxq.probabilities(measured, bits=[1])
    with pytest.raises(tyxq.TyxqError, match="not both"):
        tyxq.probabilities(measured, qubits=[0], bits=[0])
    with pytest.raises(tyxq.TyxqError, match="mixed state"):
        tyxq.state(measured)
    with pytest.raises(tyxq.TyxqError, match="0 or 1"):
        measured.cond(tyxq.Operation("x", (1,)), bits=0, values=2)
    with pytest.raises(tyxq.TyxqError, match="cannot condition"):
        measured.cond(tyxq.Operation("depolarizing", (1,), (0.1,)), bits=0)
    conditioned = measured.copy().cond(tyxq.Operation("x", (1,)), bits=0)
    with pytest.raises(tyxq.TyxqError, match="no inverse"):
        conditioned.inverse()
    with pytest.raises(tyxq.TyxqError, match="parameter_shift"):
        tyxq.value_and_grad(lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t[0]).measure(0), "Z"), method="adjoint")(
            np.array([0.1])
        )


def test_a_kernel_given_a_conditioned_gate_refuses_it() -> None:
    from tyxq.kernels.density import final_density

    circuit = tyxq.Circuit(2).measure(0).cond(tyxq.Operation("x", (1,)), bits=0)
    with pytest.raises(tyxq.CapabilityError, match="conditioned"):
        final_density(tyxq.get_backend(), circuit)  # the modes defer first; a kernel never applies it blindly


class _PlainMode:
    """A third-party-style mode: the statevector mode's results, without declaring ``classical``."""

    name = "plain"
    takes_shots = False
    exact = True
    pure = True

    def __init__(self) -> None:
        from tyxq.execution.statevector import StatevectorMode

        self._inner = StatevectorMode()

    def state(self, circuit: tyxq.Circuit, **kwargs: Any) -> Any:
        return self._inner.state(circuit, **kwargs)

    def expectation(self, circuit: tyxq.Circuit, observables: Any, **kwargs: Any) -> Any:
        return self._inner.expectation(circuit, observables, **kwargs)

    def probabilities(self, circuit: tyxq.Circuit, qubits: Any = None, **kwargs: Any) -> Any:
        return self._inner.probabilities(circuit, qubits, **kwargs)

    def sample(self, circuit: tyxq.Circuit, qubits: Any = None, **kwargs: Any) -> Any:
        return self._inner.sample(circuit, qubits, **kwargs)


def test_a_mode_without_classical_support_refuses_dynamic_circuits() -> None:
    circuit = tyxq.Circuit(1).h(0).measure(0)
    with pytest.raises(tyxq.CapabilityError, match="does not run"):
        tyxq.probabilities(circuit, mode=_PlainMode())
    assert tyxq.probabilities(tyxq.Circuit(1).x(0), mode=_PlainMode()).tolist() == [0.0, 1.0]


def test_a_noise_model_puts_no_channel_on_the_deferral_qubits() -> None:
    model = tyxq.NoiseModel().add("depolarizing", 0.2, gates=["cnot"])
    noisy = tyxq.Circuit(2).x(0).measure(0).cond(tyxq.Operation("x", (1,)), bits=0)
    with tyxq.use_execution_mode("density_matrix", noise=model):
        found = tyxq.probabilities(noisy)
    np.testing.assert_allclose(found, [0, 0, 0, 1], atol=1e-12)  # no cnot in the user's circuit: no noise
