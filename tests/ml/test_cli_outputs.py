"""`tyxq-ml classify` and `tyxq-ml vqe` lose no result: --out checked first, files written whole, Ctrl-C clean."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from tyxq_ml.app.cli import main
from tyxq_ml.app.run_folder import prepare_run_folder
from tyxq_ml.errors import OutputFolderError

QUICK_CLASSIFY = ["classify", "--epochs", "1", "--no-progress"]
QUICK_VQE = ["vqe", "--qubits", "3", "--steps", "2", "--batch", "2", "--no-progress"]


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- --out is checked before any work --------------------------------------------------------------


@pytest.mark.parametrize("command", [QUICK_CLASSIFY, QUICK_VQE], ids=["classify", "vqe"])
def test_an_existing_file_as_out_is_refused_before_training(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "results"
    existing.write_text("keep me")
    assert main([*command, "--out", str(existing)]) == 2
    captured = capsys.readouterr()
    assert f"--out {existing} is a file, not a folder" in captured.err
    assert captured.out == ""  # nothing was loaded or trained
    assert existing.read_text() == "keep me"


def _read_only_folder() -> Path:
    """A folder nobody may write into, root included (sysfs), or a chmod 555 folder when not root."""
    if os.geteuid() != 0:
        folder = Path(tempfile.mkdtemp())
        folder.chmod(0o555)
        return folder
    for candidate in (Path("/sys/kernel"), Path("/proc/self")):
        try:
            tempfile.TemporaryFile(dir=candidate).close()
        except OSError:
            return candidate
    pytest.skip("no folder here is read-only for root")


@pytest.mark.parametrize("command", [QUICK_CLASSIFY, QUICK_VQE], ids=["classify", "vqe"])
def test_a_read_only_out_folder_is_refused_before_training(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _read_only_folder()
    assert main([*command, "--out", str(folder)]) == 2
    captured = capsys.readouterr()
    assert f"--out {folder} cannot hold the results" in captured.err
    assert captured.out == ""


def test_a_missing_out_folder_is_created_with_its_parents(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    assert main([*QUICK_VQE, "--out", str(out)]) == 0
    assert files_in(out) == ["vqe.json", "vqe_energies.png"]


# --- files are written whole, and the summary last ---------------------------------------------------


def test_classify_writes_model_plot_and_metrics_and_nothing_else(tmp_path: Path) -> None:
    assert main([*QUICK_CLASSIFY, "--out", str(tmp_path)]) == 0
    assert files_in(tmp_path) == ["metrics.json", "model.pt", "training.png"]
    assert json.loads((tmp_path / "metrics.json").read_text())["config"]["epochs"] == 1


@pytest.mark.parametrize(
    ("command", "blocked"),
    [(QUICK_CLASSIFY, "model.pt"), (QUICK_CLASSIFY, "training.png"), (QUICK_CLASSIFY, "metrics.json"),
     (QUICK_VQE, "vqe_energies.png"), (QUICK_VQE, "vqe.json")],
)  # fmt: skip
def test_a_folder_in_the_way_of_a_result_is_refused_before_training(
    command: list[str], blocked: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("an earlier run")
    (tmp_path / blocked).mkdir()  # a folder where the run writes a file: the rename could not replace it
    (tmp_path / blocked / "inside").write_text("")
    assert main([*command, "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert f"--out {tmp_path} holds a folder named {blocked}" in captured.err
    assert captured.out == ""  # refused before any data was loaded or any step trained
    assert files_in(tmp_path) == sorted([blocked, "notes.txt"])


def test_when_a_result_cannot_be_written_no_summary_claims_a_finished_run(tmp_path: Path) -> None:
    folder = prepare_run_folder(tmp_path, marker="metrics.json", results=["model.pt"])
    (tmp_path / "metrics.json").write_text('{"from": "an earlier run"}')

    def disk_full(path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OutputFolderError, match=r"could not write .*model.pt: No space left on device"):
        folder.write("model.pt", disk_full)
    assert files_in(tmp_path) == []  # the old summary is gone, and no temporary file is left


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
@pytest.mark.parametrize("command", [QUICK_CLASSIFY, QUICK_VQE], ids=["classify", "vqe"])
def test_results_get_the_mode_of_any_new_file_in_the_folder(command: list[str], umask: int, tmp_path: Path) -> None:
    previous = os.umask(umask)
    try:
        assert main([*command, "--out", str(tmp_path / "run")]) == 0
        (tmp_path / "plain").write_text("")  # what any file written there gets
    finally:
        os.umask(previous)
    expected = stat.S_IMODE((tmp_path / "plain").stat().st_mode)
    assert expected == 0o666 & ~umask
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (tmp_path / "run").iterdir()}
    assert modes == dict.fromkeys(modes, expected)


# --- Ctrl-C ------------------------------------------------------------------------------------------


def _interrupt_during_training(out: Path) -> subprocess.CompletedProcess[str]:
    """Run a long training in a subprocess, and press Ctrl-C (SIGINT) once it has started."""
    command = [sys.executable, "-m", "tyxq_ml.app", *QUICK_CLASSIFY, "--epochs", "100000", "--out", str(out)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a test runner started in the background ignores SIGINT, and children inherit that: a user's Ctrl-C
        # reaches a process that handles it, so the child starts with the default handling Python builds on
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    first_line = process.stdout.readline()  # printed just before training starts
    assert first_line.startswith("data:"), first_line
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(command, process.returncode, first_line + stdout, stderr)


def test_ctrl_c_during_training_exits_130_with_one_line_and_no_files(tmp_path: Path) -> None:
    out = tmp_path / "run"
    finished = _interrupt_during_training(out)
    assert finished.returncode == 130
    assert finished.stderr == "tyxq-ml: interrupted; no results were written\n"
    assert files_in(out) == []


def test_ctrl_c_leaves_an_earlier_complete_run_untouched(tmp_path: Path) -> None:
    assert main([*QUICK_CLASSIFY, "--out", str(tmp_path)]) == 0
    before = {name: (tmp_path / name).read_bytes() for name in files_in(tmp_path)}
    assert _interrupt_during_training(tmp_path).returncode == 130
    assert {name: (tmp_path / name).read_bytes() for name in files_in(tmp_path)} == before


CONSOLE_SCRIPT = str(Path(sys.executable).with_name("tyxq-ml"))


@pytest.fixture(scope="module")
def interpreter_start() -> float:
    """Seconds this machine takes now to start Python and reach the console script's import of
    ``tyxq_ml.app.launch`` (which takes Ctrl-C), with a margin of half that for a machine whose load varies.

    A Ctrl-C before that lands in the interpreter's start-up, before any instruction of tyxq-ml can run (a
    process killed by SIGINT, or Python's own traceback of ``site`` or ``import re``); on a loaded machine it
    can take longer than 0.1 s, so each delay below counts from its end.
    """
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import re, sys, tyxq_ml.app.launch"], check=True)
        times.append(time.perf_counter() - started)
    return 1.5 * max(times)


@pytest.mark.parametrize("delay", [0.1, 0.3, 0.6, 1.0, 1.5])
def test_ctrl_c_from_the_first_instruction_exits_130_with_one_line(
    delay: float, interpreter_start: float, tmp_path: Path
) -> None:
    """Ctrl-C while the console script starts (imports of torch and the rest) or trains: one line, exit 130."""
    delay += interpreter_start
    out = tmp_path / "run"
    process = subprocess.Popen(
        [CONSOLE_SCRIPT, *QUICK_CLASSIFY, "--epochs", "100000", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's Ctrl-C finds it
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.startswith("tyxq-ml: interrupted") and stderr.count("\n") == 1, stderr
    assert not out.exists() or files_in(out) == []


def _seeded_delays(seed: int, count: int) -> list[float]:
    """``count`` delays in [0, 2) s drawn from ``seed`` (the same every run), the first one 0."""
    draw = random.Random(seed)
    return [0.0, *(round(draw.uniform(0, 2), 3) for _ in range(count - 1))]


@pytest.mark.parametrize(
    ("command", "delay"),
    [(QUICK_CLASSIFY, delay) for delay in _seeded_delays(21, 4)]
    + [(QUICK_VQE, delay) for delay in _seeded_delays(22, 3)],
    ids=lambda value: value[0] if isinstance(value, list) else f"{value:.3f}s",
)
def test_ctrl_c_at_a_random_moment_exits_130_with_a_line_and_no_traceback(
    command: list[str], delay: float, interpreter_start: float, tmp_path: Path
) -> None:
    """Ctrl-C at a seeded random moment from the first instruction (0 to 2 s: imports, data, training): exit 130,
    one or two lines on stderr, never a traceback or an abort, no result files."""
    out = tmp_path / "run"
    long_run = ["--epochs", "100000"] if command[0] == "classify" else ["--steps", "100000"]
    process = subprocess.Popen(
        [CONSOLE_SCRIPT, *command, *long_run, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's Ctrl-C finds it
    )
    time.sleep(interpreter_start + delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != -signal.SIGABRT, stderr
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.startswith("tyxq-ml: interrupted"), stderr
    assert stderr.count("\n") <= 2, stderr
    assert not out.exists() or files_in(out) == []


# --- result paths that collide with what is there are refused before any work --------------------------------


def _dangling_link(path: Path) -> Path:
    path.symlink_to(path.parent / "nowhere")
    return path


def _out_under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "file").write_text("keep me")
    return tmp_path / "file" / "run"


def _out_holding(name: str, make: Any) -> Any:
    """A collision: an existing --out folder whose entry ``name`` is made by ``make(path)``."""

    def collide(tmp_path: Path) -> Path:
        out = tmp_path / "run"
        out.mkdir()
        make(out / name)
        return out

    return collide


def _link_to_a_folder(path: Path) -> None:
    (path.parent.parent / "a-folder").mkdir()
    path.symlink_to(path.parent.parent / "a-folder")


@pytest.mark.parametrize(
    ("collision", "message"),
    [
        (_out_under_a_file, "cannot hold the results"),
        (lambda tmp_path: _dangling_link(tmp_path / "run"), "cannot hold the results"),
        (_out_holding("model.pt", _link_to_a_folder), "holds a folder named model.pt"),
        (_out_holding("metrics.json", _dangling_link), "holds a non-file named metrics.json"),
        (_out_holding("training.png", Path.mkdir), "holds a folder named training.png"),
    ],
    ids=["out under a file", "out a dangling link", "model.pt a link to a folder", "metrics.json a dangling link",
         "training.png a folder"],
)  # fmt: skip
def test_colliding_result_paths_are_refused_before_training(
    collision: Any, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = collision(tmp_path)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert main([*QUICK_CLASSIFY, "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""  # refused before any data was loaded or any step trained
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before  # nothing was touched


# --- options that do not fit together are refused before any work, naming the command's options -----------


@pytest.mark.parametrize(
    ("arguments", "fix"),
    [
        (["classify", "--backend", "numpy"], "--gradient finite_difference"),
        (["classify", "--mode", "shots"], "--shots 1000"),
        (["classify", "--mode", "shots", "--shots", "10"], "--gradient parameter_shift"),
        (["classify", "--mode", "density_matrix", "--gradient", "adjoint"], "--gradient autograd"),
        (["classify", "--gradient", "backprop"], "--gradient backprop is not installed"),
        (["vqe", "--backend", "numpy"], "--gradient adjoint"),
        (["vqe", "--mode", "shots", "--shots", "10"], "--gradient parameter_shift"),
        (["vqe", "--noise", "0.1", "--gradient", "adjoint"], "--gradient autograd"),
    ],
)
def test_options_that_do_not_fit_are_refused_up_front_with_the_commands_own_option(
    arguments: list[str], fix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*arguments, "--out", str(tmp_path / "run"), "--no-progress"]) == 2
    captured = capsys.readouterr()
    assert fix in captured.err
    assert "gradient=" not in captured.err and "method=" not in captured.err and "TorchLayer" not in captured.err
    assert "test accuracy" not in captured.out and "finished in" not in captured.out  # no work was done


# --- impossible options are usage errors ------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["classify", "--epochs", "0"], "argument --epochs: 0 is not a positive integer"),
        (["classify", "--epochs", "-2"], "argument --epochs: -2 is not a positive integer"),
        (["classify", "--batch-size", "0"], "argument --batch-size: 0 is not a positive integer"),
        (["classify", "--batch-size", "-4"], "argument --batch-size: -4 is not a positive integer"),
        (["classify", "--lr", "0"], "argument --lr: 0.0 is not above 0"),
        (["classify", "--lr", "-0.1"], "argument --lr: -0.1 is not above 0"),
        (["classify", "--lr", "nan"], "argument --lr: nan is not a finite number"),
        (["classify", "--layers", "0"], "argument --layers: 0 is not a positive integer"),
        (["classify", "--limit", "0"], "argument --limit: 0 is not a positive integer"),
        (["classify", "--shots", "0"], "argument --shots: 0 is not a positive integer"),
        (["classify", "--threads", "0"], "argument --threads: 0 is not a positive integer"),
        (["classify", "--seed", "-1"], "argument --seed: -1 is negative"),
        (["classify", "--epochs", "three"], "argument --epochs: 'three' is not an integer"),
        (["vqe", "--steps", "0"], "argument --steps: 0 is not a positive integer"),
        (["vqe", "--qubits", "0"], "argument --qubits: 0 is not a positive integer"),
        (["vqe", "--batch", "0"], "argument --batch: 0 is not a positive integer"),
        (["vqe", "--layers", "0"], "argument --layers: 0 is not a positive integer"),
        (["vqe", "--lr", "0"], "argument --lr: 0.0 is not above 0"),
        (["vqe", "--shots", "0"], "argument --shots: 0 is not a positive integer"),
        (["vqe", "--field", "inf"], "argument --field: inf is not a finite number"),
    ],
)
def test_impossible_options_are_refused_by_the_parser(
    arguments: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "never"
    with pytest.raises(SystemExit) as exit_:
        main([*arguments, "--out", str(out)])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
