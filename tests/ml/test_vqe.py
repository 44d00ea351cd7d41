"""The batched VQE: the TFIM Hamiltonian, the exact reference, and both optimisation paths."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tyxq.problems import ground_energy, ring, sparse_matrix, transverse_field_ising
from tyxq_ml.app.cli import main
from tyxq_ml.app.vqe import VQEConfig, run_vqe


def analytic_tfim_ring_energy(n: int, field: float = 1.0) -> float:
    """The ground energy of -Σ ZZ - h Σ X on an even ring (Jordan–Wigner, antiperiodic momenta)."""
    momenta = [math.pi * (2 * m + 1) / n for m in range(n)]
    return -sum(math.sqrt(1 + field**2 - 2 * field * math.cos(k)) for k in momenta)


@pytest.mark.parametrize(("n", "field"), [(4, 1.0), (6, 0.5), (8, 1.0), (10, 2.0)])
def test_exact_energy_matches_the_free_fermion_solution(n, field):
    assert ground_energy(transverse_field_ising(ring(n), field=field)) == pytest.approx(
        analytic_tfim_ring_energy(n, field), abs=1e-9
    )


def test_sparse_matrix_equals_the_dense_one():
    hamiltonian = transverse_field_ising(ring(5), coupling=0.7, field=1.3)
    np.testing.assert_allclose(sparse_matrix(hamiltonian, 5).toarray(), hamiltonian.to_matrix(5), atol=1e-12)


def test_exact_path_reaches_the_ground_energy_for_four_qubits():
    result = run_vqe(VQEConfig(n_qubits=4, batch=4, steps=300, lr=0.1), progress=False)
    assert result.error < 1e-3
    assert result.error > -1e-9  # variational: never below the ground energy
    assert len(result.energies) == 301 and len(result.energies[0]) == 4


def test_a_batch_member_follows_the_same_path_as_when_optimised_alone():
    batch = run_vqe(VQEConfig(n_qubits=4, batch=3, steps=20, seed=2), progress=False)
    alone = run_vqe(VQEConfig(n_qubits=4, batch=1, steps=20, seed=2), progress=False)  # member 0's start
    assert [row[0] for row in batch.energies] == pytest.approx([row[0] for row in alone.energies], abs=1e-9)
    assert len({round(e, 6) for e in batch.energies[-1]}) == 3  # different starts give different curves


def test_runs_are_reproducible_with_a_seed():
    config = VQEConfig(n_qubits=4, batch=2, steps=5, seed=4, gradient="parameter_shift", mode="shots", shots=100)
    assert run_vqe(config, progress=False).energies == run_vqe(config, progress=False).energies


def test_counts_path_with_parameter_shift_approaches_the_ground_energy():
    config = VQEConfig(n_qubits=4, batch=2, steps=120, lr=0.1, gradient="parameter_shift", mode="shots", shots=2000)
    result = run_vqe(config, progress=False)
    # the final parameters are evaluated exactly; the shot noise of the gradients limits how close they get
    assert result.error < 0.15
    assert result.error > -1e-9
    assert result.energies[0] != result.energies[1]


def test_vqe_command_prints_the_gap_and_writes_the_plot(tmp_path, capsys):
    arguments = ["vqe", "--qubits", "4", "--batch", "2", "--steps", "10", "--out", str(tmp_path), "--no-progress"]
    assert main(arguments) == 0
    assert "exact ground energy" in capsys.readouterr().out
    report = json.loads((tmp_path / "vqe.json").read_text())
    assert report["exact_energy"] == pytest.approx(analytic_tfim_ring_energy(4), abs=1e-9)
    assert (tmp_path / "vqe_energies.png").stat().st_size > 0


def test_shots_without_a_count_are_refused(capsys):
    assert main(["vqe", "--qubits", "4", "--mode", "shots", "--gradient", "parameter_shift", "--steps", "1"]) == 2
    assert "--shots" in capsys.readouterr().err


def test_adjoint_on_numpy_follows_autograd_on_torch():
    config = VQEConfig(n_qubits=4, batch=2, steps=15, seed=1)
    torch_path = run_vqe(config, progress=False)
    config.backend, config.gradient = "numpy", "adjoint"
    numpy_path = run_vqe(config, progress=False)
    assert np.allclose(numpy_path.energies, torch_path.energies, rtol=0, atol=1e-9)


def _noisy_energy(n: int, p: float):
    import tyxq
    from tyxq_ml.app.vqe import ansatz, noise_model

    hamiltonian = transverse_field_ising(ring(n))

    def energy(theta):
        with tyxq.use_execution_mode("density_matrix", noise=noise_model(p)):
            return tyxq.expectation(ansatz(n, theta), hamiltonian)

    return energy


def test_the_noisy_gradient_on_torch_matches_finite_differences():
    import torch

    import tyxq

    theta = torch.rand((2, 2, 6), generator=torch.Generator().manual_seed(3), dtype=torch.float64) * 2 * math.pi
    energy = _noisy_energy(3, 0.05)
    with tyxq.use_backend("torch"):
        _, autograd = tyxq.value_and_grad(lambda t: energy(t).sum(), method="autograd")(theta)
    with tyxq.use_backend("numpy"):
        _, differences = tyxq.value_and_grad(lambda t: energy(t).sum(), method="finite_difference")(theta.numpy())
    np.testing.assert_allclose(autograd.numpy(), differences, atol=1e-6)
    # the channels act: the noisy energies differ from the noise-free ones
    clean = _noisy_energy(3, 0.0)
    with tyxq.use_backend("numpy"):
        assert not np.allclose(energy(theta.numpy()), clean(theta.numpy()), atol=1e-3)


def test_the_noisy_vqe_descends_but_stays_above_the_ground_energy():
    result = run_vqe(VQEConfig(n_qubits=4, batch=2, steps=40, noise=0.02, mode="density_matrix"), progress=False)
    assert result.best_energy < min(result.energies[0]) - 1.0  # it optimises
    assert result.best_energy > result.exact_energy + 1e-3  # a mixed state never reaches the ground energy


def test_vqe_command_with_noise_runs_the_density_matrix_mode(tmp_path, capsys):
    arguments = ["vqe", "--qubits", "3", "--batch", "2", "--steps", "3", "--noise", "0.01"]
    assert main([*arguments, "--out", str(tmp_path), "--no-progress"]) == 0
    assert "density_matrix/autograd, depolarizing p=0.01" in capsys.readouterr().out
    report = json.loads((tmp_path / "vqe.json").read_text())
    assert report["config"]["noise"] == 0.01 and report["config"]["mode"] == "density_matrix"


def test_impossible_noise_options_are_refused(capsys):
    with pytest.raises(SystemExit) as parser_exit:
        main(["vqe", "--noise", "1.5"])
    assert parser_exit.value.code == 2 and "not a probability" in capsys.readouterr().err
    assert main(["vqe", "--qubits", "3", "--steps", "1", "--noise", "0.1", "--mode", "statevector"]) == 2
    assert "needs a mode" in capsys.readouterr().err
