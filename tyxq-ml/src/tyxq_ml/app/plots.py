"""Figures the workflows write: training curves and VQE energies (matplotlib, no display needed).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "energies.png"
    >>> plot_energies([[0.0, -1.0, -1.5], [0.5, -0.5, -1.4]], exact=-1.6, path=path).exists()
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: works on machines without a display
import matplotlib.pyplot as plt

__all__ = ["plot_energies", "plot_training"]


def plot_training(history: Sequence[dict[str, Any]], path: str | Path, baseline: float | None = None) -> Path:
    """Loss and accuracy per epoch (train and test) side by side; ``baseline`` draws a reference accuracy."""
    epochs = [h["epoch"] for h in history]
    figure, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    loss_axes.plot(epochs, [h["train_loss"] for h in history], marker="o", label="train (mean over batches)")
    loss_axes.plot(epochs, [h["test_loss"] for h in history], marker="s", label="test")
    loss_axes.set(xlabel="epoch", ylabel="binary cross-entropy", title="loss")
    accuracy_axes.plot(epochs, [h["train_accuracy"] for h in history], marker="o", label="train")
    accuracy_axes.plot(epochs, [h["test_accuracy"] for h in history], marker="s", label="test")
    if baseline is not None:
        accuracy_axes.axhline(baseline, color="grey", linestyle="--", label="logistic regression (test)")
    accuracy_axes.set(xlabel="epoch", ylabel="accuracy", title="accuracy", ylim=(0.0, 1.02))
    for axes in (loss_axes, accuracy_axes):
        axes.grid(alpha=0.3)
        axes.legend()
    return _save(figure, path)


def plot_energies(energies: Sequence[Sequence[float]], exact: float | None, path: str | Path) -> Path:
    """Energy against optimisation step, one line per batch member; ``exact`` as a dashed line."""
    figure, axes = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    for member, curve in enumerate(energies):
        axes.plot(range(len(curve)), curve, linewidth=1, alpha=0.8, label=f"member {member}" if member < 8 else None)
    if exact is not None:
        axes.axhline(exact, color="black", linestyle="--", label=f"exact ground energy {exact:.6f}")
    axes.set(xlabel="step", ylabel="energy ⟨H⟩", title="VQE: every initialisation of the batch")
    axes.grid(alpha=0.3)
    axes.legend(fontsize="small")
    return _save(figure, path)


def _save(figure: Any, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path
