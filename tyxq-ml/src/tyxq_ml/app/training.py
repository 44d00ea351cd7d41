"""Training the hybrid classifier: seeded batches, Adam, BCE, per-epoch metrics; one or many processes.

Batches are drawn the same way in every process: each epoch a seeded
permutation of the training set is cut into *global* batches of
``batch_size``, and with ``W`` processes (``torch.distributed``) rank ``r``
takes every ``W``-th sample of each global batch. Each rank's loss is its
shard's summed BCE times ``W / len(global batch)``; DistributedDataParallel
averages gradients over the ranks, so every step applies the gradient of the
global batch's mean loss, exactly as a single process would. That is why a
run on 2 processes ends with the same weights as a run on one (up to float
rounding), which the tests check. A final batch with fewer samples than
processes is skipped (every process must take part in every step).

Example:
    >>> from tyxq_ml.app.training import ClassifierConfig, global_batches
    >>> [b.tolist() for b in global_batches(5, 2, epoch=0, seed=0)]
    [[4, 0], [1, 3], [2]]
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch import nn
from tqdm import tqdm

from .classifier import HybridClassifier
from .data import Features
from .distributed import World
from .profiling import Stages

__all__ = ["ClassifierConfig", "EpochMetrics", "TrainResult", "evaluate", "global_batches", "train_classifier"]


@dataclass
class ClassifierConfig:
    """The classifier's settings; the defaults reach ≥95 % on digits 1 vs 5 within seconds."""

    epochs: int = 30
    batch_size: int = 16
    lr: float = 0.02
    layers: int = 2
    backend: str = "torch"
    device: str = "cpu"
    gradient: str = "autograd"
    mode: str = "statevector"
    shots: int | None = None
    seed: int = 0
    double: bool = False

    def layer_options(self) -> dict[str, Any]:
        """The :class:`~tyxq_ml.layer.TorchLayer` options these settings imply."""
        return {
            "backend": self.backend,
            "gradient": self.gradient,
            "mode": self.mode,
            "shots": self.shots,
            "seed": self.seed,
            "dtype": torch.float64 if self.double else torch.float32,
        }


@dataclass
class EpochMetrics:
    """One epoch: mean training loss over its batches, and accuracy/loss on the train and test sets."""

    epoch: int
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float
    seconds: float


@dataclass
class TrainResult:
    """The trained model, the per-epoch history, training seconds and the per-stage breakdown."""

    model: HybridClassifier
    history: list[EpochMetrics]
    train_seconds: float
    stages: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "history": [asdict(m) for m in self.history],
            "train_seconds": self.train_seconds,
            "stages": dict(self.stages),
        }


def global_batches(n: int, batch_size: int, *, epoch: int, seed: int) -> list[torch.Tensor]:
    """The epoch's batches of sample indices: a permutation seeded by ``(seed, epoch)``, cut in order."""
    generator = torch.Generator().manual_seed(seed * 100_003 + epoch)
    order = torch.randperm(n, generator=generator)
    return list(torch.split(order, batch_size))


@torch.no_grad()
def evaluate(model: HybridClassifier, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Mean BCE loss and accuracy of ``model`` on ``(x, y)``."""
    logits = model(x)
    loss = nn.functional.binary_cross_entropy_with_logits(logits, y)
    accuracy = ((logits > 0).to(y.dtype) == y).to(torch.float64).mean()
    return float(loss), float(accuracy)


def train_classifier(
    config: ClassifierConfig,
    data: Features,
    *,
    world: World | None = None,
    progress: bool = True,
    profile: bool = False,
) -> TrainResult:
    """Train a :class:`~tyxq_ml.app.classifier.HybridClassifier` on ``data``.

    With ``world``, training is data-parallel over its processes.
    """
    world = world or World.single()
    device = torch.device(world.device(config.device))
    torch.manual_seed(config.seed)
    model = HybridClassifier(layers=config.layers, **config.layer_options()).to(device)
    dtype = torch.float64 if config.double else torch.float32
    x_train, y_train = data.x_train.to(device, dtype), data.y_train.to(device, dtype)
    x_test, y_test = data.x_test.to(device, dtype), data.y_test.to(device, dtype)
    trained = world.wrap(model)
    optimizer = torch.optim.Adam(trained.parameters(), lr=config.lr)
    stages = Stages()
    history: list[EpochMetrics] = []
    started = time.perf_counter()
    epochs = tqdm(range(config.epochs), desc="training", unit="epoch", disable=not (progress and world.is_main))
    for epoch in epochs:
        epoch_start = time.perf_counter()
        losses = []
        for batch in global_batches(len(x_train), config.batch_size, epoch=epoch, seed=config.seed):
            if len(batch) < world.size:
                continue  # every rank needs at least one sample of a batch to take part in the step
            shard = batch[world.rank :: world.size].to(device)
            quantum = stages.watch(model.quantum, "quantum forward", inside="classical forward")
            with stages("classical forward"), quantum:
                logits = trained(x_train[shard])
                loss_sum = nn.functional.binary_cross_entropy_with_logits(logits, y_train[shard], reduction="sum")
                loss = loss_sum * (world.size / len(batch))
            optimizer.zero_grad(set_to_none=True)
            stages.backward(loss, stages.last_output)
            with stages("classical optimiser"):
                optimizer.step()
            losses.append(world.sum(loss_sum.detach()) / len(batch))
        train_loss = float(torch.stack(losses).mean()) if losses else float("nan")
        with stages("evaluation"):
            _, train_accuracy = evaluate(model, x_train, y_train)
            test_loss, test_accuracy = evaluate(model, x_test, y_test)
        history.append(
            EpochMetrics(
                epoch + 1, train_loss, train_accuracy, test_loss, test_accuracy, time.perf_counter() - epoch_start
            )
        )
        epochs.set_postfix(loss=f"{train_loss:.4f}", train_acc=f"{train_accuracy:.3f}", test_acc=f"{test_accuracy:.3f}")
    seconds = time.perf_counter() - started
    return TrainResult(model, history, seconds, dict(stages.seconds) if profile else {})
