"""The batched VQE: many random initialisations of one ansatz optimised together.

The transverse-field Ising ring (:func:`tyxq.problems.transverse_field_ising` on
:func:`tyxq.problems.ring`) and
the hardware-efficient ansatz of the reference workflow: ``H`` on every
qubit, then ``layers`` times ``RZZ`` on every ring edge and ``RX`` on every
qubit, each gate with its own angle. ``B`` parameter sets ``(B, layers, 2n)``
are one batched circuit (a leading batch axis on every angle), so one
simulation gives all ``B`` energies and one gradient call all ``B``
gradients (the members are independent, so the gradient of their summed
energies is each member's own gradient). Adam (``torch.optim``) updates them.

Two paths:

- exact: ``mode="statevector"`` with ``gradient="autograd"`` (torch) or
  ``"adjoint"`` (any backend);
- counts: ``mode="shots"`` with ``gradient="parameter_shift"``, the way
  hardware is trained; the final parameters are then also evaluated exactly;
- noisy: ``noise=p`` puts a two-qubit depolarizing channel of probability
  ``p`` after every ``RZZ`` (a :class:`tyxq.NoiseModel` given to the mode,
  the ansatz untouched), run in ``mode="density_matrix"`` (exact: autograd
  on torch differentiates through the channels) or ``"trajectories"``. The
  final energies are then the noisy ones, evaluated exactly.

Example:
    >>> from tyxq_ml.app.vqe import VQEConfig, run_vqe
    >>> result = run_vqe(VQEConfig(n_qubits=4, batch=4, steps=60, lr=0.1), progress=False)
    >>> result.error < 0.05
    True
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

import tyxq
from tyxq.plugins import get_plugin_manager
from tyxq.problems import ground_energy, ring, transverse_field_ising

from ..bridge import to_backend, to_torch
from ..errors import LayerError

__all__ = ["VQEConfig", "VQEResult", "ansatz", "run_vqe"]


@dataclass
class VQEConfig:
    """The VQE's settings; ``layers=None`` means ``n_qubits // 2`` (enough for the TFIM ring)."""

    n_qubits: int = 8
    layers: int | None = None
    batch: int = 8
    steps: int = 500
    lr: float = 0.1
    coupling: float = 1.0
    field: float = 1.0
    backend: str = "torch"
    device: str = "cpu"
    gradient: str = "autograd"
    mode: str = "statevector"
    shots: int | None = None
    seed: int = 0
    dtype: str = "complex128"
    noise: float = 0.0

    @property
    def depth(self) -> int:
        return self.layers if self.layers is not None else max(1, self.n_qubits // 2)


@dataclass
class VQEResult:
    """Energies per step ``(steps + 1, B)`` (the last row for the final parameters), and the summary."""

    energies: list[list[float]]
    best_energy: float
    best_member: int
    exact_energy: float
    seconds: float
    final_exact_energies: list[float] = field(default_factory=list)

    @property
    def error(self) -> float:
        """``best_energy - exact_energy`` (≥ 0 up to sampling noise on the counts path)."""
        return self.best_energy - self.exact_energy

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "error": self.error}


def ansatz(n_qubits: int, params: Any) -> tyxq.Circuit:
    """The ansatz for ``params`` ``(B, layers, 2n)``: per layer ``n`` RZZ angles (ring edges), then ``n`` RX angles.

    Example:
        >>> import numpy as np
        >>> circuit = ansatz(3, np.zeros((2, 1, 6)))
        >>> circuit.batch_size, [op.name for op in circuit][:4]
        (2, ['h', 'h', 'h', 'rzz'])
    """
    edges = ring(n_qubits)
    circuit = tyxq.Circuit(n_qubits).h(range(n_qubits))
    for layer in range(params.shape[1]):
        for e, (a, b) in enumerate(edges):
            circuit.rzz(a, b, params[:, layer, e])
        for i in range(n_qubits):
            circuit.rx(i, params[:, layer, len(edges) + i])
    return circuit


def execution_mode(config: VQEConfig) -> Any:
    """A fresh execution mode for one run: its own shot generator, seeded by ``config.seed``.

    Example:
        >>> execution_mode(VQEConfig(mode="shots", shots=100)).shots
        100
    """
    takes_shots = get_plugin_manager().get("mode", config.mode).record.takes_shots
    if config.noise and config.mode not in NOISY_MODES:
        raise LayerError(
            f"noise={config.noise} needs a mode that simulates noise, but mode={config.mode!r}; use --mode "
            "density_matrix (exact) or trajectories"
        )
    if config.mode in NOISY_MODES:
        return get_plugin_manager().create("mode", config.mode, noise=noise_model(config.noise))
    if takes_shots and config.shots is None:
        raise LayerError(f"mode={config.mode!r} samples: pass shots (--shots N)")
    if not takes_shots and config.shots is not None:
        raise LayerError(f"shots={config.shots} was given, but mode={config.mode!r} is exact; use --mode shots")
    options = {"shots": config.shots, "seed": config.seed} if takes_shots else {}
    return get_plugin_manager().create("mode", config.mode, **options)


NOISY_MODES = ("density_matrix", "trajectories")
"""The modes that take ``--noise``."""


def noise_model(p: float) -> tyxq.NoiseModel:
    """Two-qubit depolarizing noise of probability ``p`` after every ``RZZ`` of the ansatz.

    Example:
        >>> import numpy as np
        >>> noisy = tyxq.DensityMatrixMode(noise=noise_model(0.1))
        >>> value = tyxq.expectation(ansatz(2, np.zeros((1, 1, 3))), "XX", mode=noisy)  # |++⟩: ⟨XX⟩ = 1 noiseless
        >>> round(float(value[0]), 6)
        0.9
    """
    return tyxq.NoiseModel().add("depolarizing2", p, gates=["rzz"])


def run_vqe(config: VQEConfig, *, progress: bool = True) -> VQEResult:
    """Optimise ``config.batch`` random initialisations together; compare with exact diagonalisation."""
    n = config.n_qubits
    hamiltonian = transverse_field_ising(ring(n), config.coupling, config.field)
    exact = ground_energy(hamiltonian)
    generator = torch.Generator().manual_seed(config.seed)
    real = torch.float32 if config.dtype == "complex64" else torch.float64
    shape = (config.batch, config.depth, len(ring(n)) + n)
    params = (torch.rand(shape, generator=generator, dtype=real) * 2 * np.pi).to(config.device).requires_grad_()
    optimizer = torch.optim.Adam([params], lr=config.lr)
    mode = execution_mode(config)
    backend = tyxq.context.backend_instance(config.backend, dtype=config.dtype, device=config.device)

    def energy(theta: Any) -> Any:
        return tyxq.expectation(ansatz(n, theta), hamiltonian)  # in the active mode (exact or shots)

    history: list[list[float]] = []
    started = time.perf_counter()
    steps = tqdm(range(config.steps), desc=f"VQE n={n} B={config.batch}", unit="step", disable=not progress)
    for _ in steps:
        with tyxq.use_backend(backend), tyxq.use_execution_mode(mode):
            value, grad = tyxq.value_and_grad(energy, method=config.gradient)(to_backend(backend, params))
        values = to_torch(value, params).detach().to(torch.float64).cpu()
        history.append(values.tolist())
        params.grad = to_torch(grad, params).to(params.dtype).reshape(params.shape)
        optimizer.step()
        steps.set_postfix(best=f"{float(values.min()):.6f}", gap=f"{float(values.min()) - exact:.2e}")
    seconds = time.perf_counter() - started
    final_mode = tyxq.DensityMatrixMode(noise=noise_model(config.noise)) if config.noise else tyxq.StatevectorMode()
    with tyxq.use_backend(backend), tyxq.use_execution_mode(final_mode):
        final = to_torch(energy(to_backend(backend, params)), params).detach().to(torch.float64).cpu()
    history.append(final.tolist())
    best = int(final.argmin())
    return VQEResult(history, float(final[best]), best, exact, seconds, final.tolist())
