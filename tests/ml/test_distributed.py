"""Data-parallel training with torchrun: 2 real processes over gloo on this machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from tyxq_ml.app.data import load_features
from tyxq_ml.app.training import train_classifier

from .ddp_worker import CONFIG

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two_ranks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ddp")
    command = [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
        "-m", "tests.ml.ddp_worker", str(out),
    ]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(root)}
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def test_both_ranks_end_with_identical_weights(two_ranks: Path) -> None:
    first, second = (torch.load(two_ranks / f"rank{r}.pt") for r in (0, 1))
    assert first.keys() == second.keys()
    for name in first:
        assert torch.equal(first[name], second[name]), name


def test_two_processes_match_one_process(two_ranks: Path) -> None:
    torch.set_num_threads(1)
    single = train_classifier(CONFIG, load_features("digits", seed=CONFIG.seed), progress=False)
    report = json.loads((two_ranks / "rank0.json").read_text())
    assert report["size"] == 2
    losses = [value for m in report["history"] for value in (m["train_loss"], m["test_loss"])]
    expected = [value for m in single.history for value in (m.train_loss, m.test_loss)]
    assert losses == pytest.approx(expected, rel=1e-9, abs=1e-12)
    parallel = torch.load(two_ranks / "rank0.pt")
    for name, value in single.model.state_dict().items():
        torch.testing.assert_close(parallel[name], value, rtol=1e-9, atol=1e-12)
