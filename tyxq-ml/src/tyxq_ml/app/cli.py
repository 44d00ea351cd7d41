"""The ``tyxq-ml`` command: ``tyxq-ml classify`` (the hybrid classifier) and ``tyxq-ml vqe`` (the batched VQE).

``tyxq-ml classify`` trains the 9-qubit hybrid classifier on digits 1 vs 5
and writes ``model.pt`` (the state_dict), ``training.png`` and, last, ``metrics.json`` to ``--out``; started
with ``torchrun --nproc_per_node N``, it trains data-parallel over N processes.
``tyxq-ml vqe`` optimises a batch of VQE initialisations for the
transverse-field Ising ring and writes ``vqe_energies.png`` and, last, ``vqe.json``.

No result is lost or half-written (:mod:`tyxq_ml.app.run_folder`): ``--out`` is
checked (created if missing) before any work, with the names of the files the
command will write (one that is a folder is refused then, not after
training); every file is written under a temporary name and renamed into
place, with the mode any new file in that folder gets (the umask), and the
summary JSON comes last, so a folder holding it holds one complete run.
Ctrl-C stops a command with exit status 130 and one line on stderr, leaving
no partial file, from the first instruction of the console script
(:mod:`tyxq_ml.app.launch`). Impossible options (``--epochs 0``, ``--lr
-1``) are usage errors, and options that do not fit together (``--backend
numpy --gradient autograd``) are refused before any work, naming the
command's own options (exit status 2).

Example:
    >>> args = build_parser().parse_args(["classify", "--epochs", "3"])
    >>> args.command, args.epochs, args.gradient
    ('classify', 3, 'autograd')
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tyxq

from .. import __version__
from ..errors import LayerError
from .arguments import finite_float, non_negative_int, positive_float, positive_int, probability
from .run_folder import RunFolder, prepare_run_folder

__all__ = ["RESULTS", "build_parser", "load_commands", "main"]

SOURCES = {"digits": "scikit-learn's 8x8 digits", "mnist": "MNIST"}

RESULTS = {"classify": ("model.pt", "training.png", "metrics.json"), "vqe": ("vqe_energies.png", "vqe.json")}
"""The files each command writes to ``--out``, its summary (the marker of a complete run) last."""


def load_commands() -> None:
    """Import what the commands run (torch, scikit-learn, matplotlib, the workflows): seconds, done once up front.

    :func:`tyxq_ml.app.launch.main` calls it while Ctrl-C ends the process at once, so that no interruption
    lands inside an import.
    """
    import sklearn.linear_model  # noqa: F401
    import torch  # noqa: F401

    from . import classifier, data, distributed, plots, training, vqe  # noqa: F401


def _common(parser: argparse.ArgumentParser, default_out: str) -> None:
    parser.add_argument("--backend", default="torch", help="tyxq backend that simulates (default: torch)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (default: cpu)")
    parser.add_argument(
        "--gradient", default="autograd", help="autograd, adjoint, parameter_shift or finite_difference"
    )
    parser.add_argument(
        "--mode",
        default=None,
        help="statevector (exact, the default), shots (needs --shots), density_matrix (the default with --noise) "
        "or trajectories",
    )
    parser.add_argument("--shots", type=positive_int, default=None, help="shots per expectation in --mode shots")
    parser.add_argument(
        "--seed", type=non_negative_int, default=0, help="seeds data split, initial weights and sampling"
    )
    parser.add_argument("--out", type=Path, default=Path(default_out), help=f"output folder (default: {default_out})")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--threads",
        type=positive_int,
        default=1,
        help="torch CPU threads (default 1: states of a few thousand amplitudes gain nothing from more, and "
        "threads that wait for busy cores cost a lot)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``tyxq-ml``."""
    parser = argparse.ArgumentParser(prog="tyxq-ml", description="tyxq's hybrid quantum-classical workflows")
    parser.add_argument("--version", action="version", version=f"tyxq-ml {__version__} (tyxq {tyxq.__version__})")
    commands = parser.add_subparsers(dest="command", required=True)

    classify = commands.add_parser("classify", help="train the hybrid classifier on digits 1 vs 5")
    classify.add_argument("--epochs", type=positive_int, default=30)
    classify.add_argument("--batch-size", type=positive_int, default=16)
    classify.add_argument("--lr", type=positive_float, default=0.02)
    classify.add_argument("--layers", type=positive_int, default=2, help="trainable layers of the circuit")
    classify.add_argument(
        "--data",
        choices=("digits", "mnist"),
        default="digits",
        help="digits: scikit-learn's bundled 8x8 images (offline); mnist: files in --data-root",
    )
    classify.add_argument("--data-root", type=Path, default=None, help="folder holding the MNIST IDX files")
    classify.add_argument(
        "--limit", type=positive_int, default=None, help="use at most this many images (MNIST is large)"
    )
    classify.add_argument("--binarize", action="store_true", help="threshold the 9 features at 0.5")
    classify.add_argument("--double", action="store_true", help="float64 weights, complex128 simulation")
    classify.add_argument("--profile", action="store_true", help="print where the training time went")
    _common(classify, "tyxq-ml-results/classify")

    vqe = commands.add_parser("vqe", help="batched VQE for the transverse-field Ising ring")
    vqe.add_argument("--qubits", type=positive_int, default=8)
    vqe.add_argument("--layers", type=positive_int, default=None, help="ansatz layers (default: qubits // 2)")
    vqe.add_argument("--batch", type=positive_int, default=8, help="random initialisations optimised together")
    vqe.add_argument("--steps", type=positive_int, default=500)
    vqe.add_argument("--lr", type=positive_float, default=0.1)
    vqe.add_argument("--field", type=finite_float, default=1.0, help="transverse field h (coupling J = 1)")
    vqe.add_argument("--dtype", choices=("complex64", "complex128"), default="complex128")
    vqe.add_argument(
        "--noise",
        type=probability,
        default=0.0,
        help="two-qubit depolarizing probability after every RZZ; runs in --mode density_matrix (the default with "
        "noise) or trajectories",
    )
    _common(vqe, "tyxq-ml-results/vqe")
    return parser


def _environment() -> dict[str, str]:
    import torch

    return {
        "tyxq": tyxq.__version__,
        "tyxq_ml": __version__,
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def check_layer_options(backend: str, gradient: str, mode: str, shots: int | None) -> None:
    """Refuse ``--backend``/``--gradient``/``--mode``/``--shots`` that do not fit together, before any work.

    The same checks as :class:`~tyxq_ml.TorchLayer`'s, with the command's options named in the message.

    Example:
        >>> check_layer_options("numpy", "autograd", "statevector", None)
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.LayerError: --gradient autograd on backend 'numpy', ... Use --gradient finite_difference ...
    """
    from ..layer_modes import gradient_for
    from ..layer_options import COMMAND_LINE, check_choice

    backend = check_choice("backend", backend, tyxq.available_backends(), COMMAND_LINE)
    gradient = check_choice("gradient", gradient, tyxq.available_gradient_methods(), COMMAND_LINE)
    mode = check_choice("mode", mode, tyxq.available_execution_modes(), COMMAND_LINE)
    options = {"shots": shots} if shots is not None else {}
    try:
        instance = tyxq.context.execution_mode_instance(mode, **options)
    except tyxq.TyxqError as error:
        raise LayerError(f"--mode {mode} --shots {shots}: {error}") from error
    autodiff = tyxq.context.backend_instance(backend).capabilities.autodiff
    gradient_for(gradient, instance, autodiff=autodiff, backend=backend, where=f"--mode {mode}", spell=COMMAND_LINE)


def check_vqe_options(backend: str, gradient: str, mode: Any) -> None:
    """Refuse a ``--gradient`` that cannot differentiate ``--mode`` on ``--backend`` (tyxq's own check), up front.

    The message names the command's options, and lists the ``--gradient`` choices that would work.

    Example:
        >>> check_vqe_options("numpy", "autograd", tyxq.StatevectorMode())
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.LayerError: --gradient autograd: autograd needs a backend with automatic ... use --gradient ...
    """
    from ..layer_options import COMMAND_LINE, check_choice

    backend = check_choice("backend", backend, tyxq.available_backends(), COMMAND_LINE)
    gradient = check_choice("gradient", gradient, tyxq.available_gradient_methods(), COMMAND_LINE)
    simulator = tyxq.context.backend_instance(backend)
    problem = tyxq.context.gradient_method_instance(gradient).supports(simulator, mode)
    if problem is None:
        return
    working = [
        f"--gradient {name}"
        for name in tyxq.available_gradient_methods()
        if name not in (gradient, "auto")
        and tyxq.context.gradient_method_instance(name).supports(simulator, mode) is None
    ]
    raise LayerError(
        f"--gradient {gradient}: {problem.split('; use ')[0]}; use {', '.join(working) or 'another --mode'}"
    )


def run_classify(args: argparse.Namespace, out: RunFolder) -> int:
    """``tyxq-ml classify``: train, compare with logistic regression, write metrics and curves."""
    from dataclasses import asdict

    from sklearn.linear_model import LogisticRegression

    from .data import load_features
    from .distributed import World
    from .plots import plot_training
    from .training import ClassifierConfig, train_classifier

    config = ClassifierConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        layers=args.layers,
        backend=args.backend,
        device=args.device,
        gradient=args.gradient,
        mode=args.mode or "statevector",
        shots=args.shots,
        seed=args.seed,
        double=args.double,
    )
    check_layer_options(config.backend, config.gradient, config.mode, config.shots)
    world = World.from_environment(args.device)
    try:
        data = load_features(args.data, root=args.data_root, binarize=args.binarize, seed=args.seed, limit=args.limit)
        if world.is_main:
            print(
                f"data: {SOURCES[data.source]}, digits 1 vs 5: {len(data.x_train)} train / {len(data.x_test)} test, "
                f"9 features{' (binarized)' if args.binarize else ''}; {world.size} process(es); "
                f"training {config.epochs} epochs",
                flush=True,
            )
        result = train_classifier(config, data, world=world, progress=not args.no_progress, profile=args.profile)
    finally:
        world.close()
    if not world.is_main:
        return 0
    baseline = LogisticRegression(max_iter=1000).fit(data.x_train.numpy(), data.y_train.numpy())
    baseline_accuracy = float(baseline.score(data.x_test.numpy(), data.y_test.numpy()))
    final = result.history[-1]
    print(f"training time: {result.train_seconds:.2f} s for {config.epochs} epochs")
    print(
        f"test accuracy: hybrid quantum model {final.test_accuracy:.4f}  |  logistic regression {baseline_accuracy:.4f}"
    )
    if args.profile:
        from .profiling import Stages

        stages = Stages()
        stages.seconds.update(result.stages)
        print(stages.table())
    metrics = {
        "config": asdict(config),
        "data": {
            "source": data.source,
            "binarize": args.binarize,
            "train": len(data.x_train),
            "test": len(data.x_test),
        },
        "processes": world.size,
        "test_accuracy": final.test_accuracy,
        "train_accuracy": final.train_accuracy,
        "logistic_regression_test_accuracy": baseline_accuracy,
        **result.as_dict(),
        "environment": _environment(),
    }
    state = result.model.state_dict()
    out.write("model.pt", lambda path: _save_torch(state, path))
    out.write("training.png", lambda path: plot_training(metrics["history"], path, baseline=baseline_accuracy))
    out.finish(metrics)
    print(f"wrote {out.path / 'model.pt'} (state_dict), {out.path / 'training.png'} and {out.path / 'metrics.json'}")
    return 0


def _save_torch(state: dict[str, Any], path: Path) -> None:
    """``torch.save`` through a Python file, so that a full disk is an ``OSError`` (not torch's RuntimeError)."""
    import torch

    with path.open("wb") as file:
        torch.save(state, file)


def run_vqe_command(args: argparse.Namespace, out: RunFolder) -> int:
    """``tyxq-ml vqe``: optimise the batch, report against exact diagonalisation, plot every member."""
    from .plots import plot_energies
    from .vqe import VQEConfig, execution_mode, run_vqe

    config = VQEConfig(
        n_qubits=args.qubits,
        layers=args.layers,
        batch=args.batch,
        steps=args.steps,
        lr=args.lr,
        field=args.field,
        backend=args.backend,
        device=args.device,
        gradient=args.gradient,
        mode=args.mode or ("density_matrix" if args.noise else "statevector"),
        shots=args.shots,
        seed=args.seed,
        dtype=args.dtype,
        noise=args.noise,
    )
    check_vqe_options(config.backend, config.gradient, execution_mode(config))
    print(
        f"TFIM ring, n={config.n_qubits}, h={config.field}, {config.depth} layers, batch {config.batch}, "
        f"{config.mode}/{config.gradient}{f', depolarizing p={config.noise} after every RZZ' if config.noise else ''}: "
        f"{config.steps} steps",
        flush=True,
    )
    result = run_vqe(config, progress=not args.no_progress)
    print(
        f"finished in {result.seconds:.2f} s: best energy {result.best_energy:.8f} (member {result.best_member}); "
        "exact ground energy "
        f"{result.exact_energy:.8f}; difference {result.error:.3e}"
    )
    curves = [list(column) for column in zip(*result.energies, strict=True)]
    out.write("vqe_energies.png", lambda path: plot_energies(curves, result.exact_energy, path))
    out.finish({"config": {**vars(config), "layers": config.depth}, **result.as_dict(), "environment": _environment()})
    print(f"wrote {out.path / 'vqe_energies.png'} and {out.path / 'vqe.json'}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run a ``tyxq-ml`` command; returns its exit status (2: refused, 130: interrupted by Ctrl-C)."""
    out: RunFolder | None = None
    try:
        args = build_parser().parse_args(argv)
        names = RESULTS[args.command]
        out = prepare_run_folder(args.out, marker=names[-1], results=names[:-1])
        import torch

        torch.set_num_threads(args.threads)
        return run_classify(args, out) if args.command == "classify" else run_vqe_command(args, out)
    except tyxq.TyxqError as error:
        print(f"tyxq-ml: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"tyxq-ml: interrupted; {_interrupted(out)}", file=sys.stderr)
        return 130


def _interrupted(out: RunFolder | None) -> str:
    """What an interruption left in the output folder, in a few words."""
    if out is None or not out.writing_started:
        return "no results were written"
    if out.complete():
        return f"{out.path} holds the complete run"
    return f"{out.path} holds no complete run (no {out.marker})"
