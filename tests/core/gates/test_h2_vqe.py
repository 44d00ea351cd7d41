"""The H2 VQE example reaches the exact ground energy of its written coefficients."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "h2_vqe.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("h2_vqe", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vqe_reaches_the_exact_diagonalisation_within_a_micro_hartree() -> None:
    example = load()
    exact = example.exact_ground_energy()
    value, _ = example.optimise()
    assert exact == pytest.approx(-1.13728, abs=1e-5)
    assert abs(value - exact) < 1e-6
    assert float(example.energy([0.0])) > exact + 0.02  # Hartree–Fock alone is 20 mHa above


def test_example_runs_as_a_script(capsys: pytest.CaptureFixture[str]) -> None:
    load().main()
    assert "exact ground energy  -1.137" in capsys.readouterr().out
