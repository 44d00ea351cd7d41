"""One process of the data-parallel test: trains the classifier and saves its weights and losses.

Run by ``test_distributed.py`` through ``torchrun``; writes ``rank{R}.pt`` and
``rank{R}.json`` to the folder given as the first argument.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

from tyxq_ml.app.data import load_features
from tyxq_ml.app.distributed import World
from tyxq_ml.app.training import ClassifierConfig, train_classifier

CONFIG = ClassifierConfig(epochs=2, batch_size=20, lr=0.02, seed=3, double=True)
"""273 training samples in batches of 20: the last batch (13) splits over 2 processes, so no batch is skipped."""


def main(out: Path) -> None:
    torch.set_num_threads(1)
    world = World.from_environment("cpu")
    try:
        result = train_classifier(CONFIG, load_features("digits", seed=CONFIG.seed), world=world, progress=False)
    finally:
        world.close()
    torch.save(result.model.state_dict(), out / f"rank{world.rank}.pt")
    history = [{"train_loss": m.train_loss, "test_loss": m.test_loss} for m in result.history]
    (out / f"rank{world.rank}.json").write_text(json.dumps({"size": world.size, "history": history}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
