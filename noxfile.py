"""Developer tasks: ``nox -s demo | core-demo | tests | compose | lint | bench | bench-peers | build | docs``.

``tests`` runs the tox combination matrix (tox.ini), which is what CI runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
DISTRIBUTIONS = ["core", "tyxq-torch", "tyxq-cupynumeric", "tyxq-ml", "plugins/tyxq-jax", "plugins/tyxq-spsa"]
TORCH = "torch==2.13.0"  # the CPU build on this machine's disk; an unpinned torch downloads gigabytes
# tyxq-cupynumeric is documented from its source, not installed: docs/conf.py puts it on the path
DOCS = ["./core[qasm,testing,autograd]", "./tyxq-torch", "./tyxq-ml", TORCH, "-r", "docs/requirements.txt"]


def existing(paths: list[str]) -> list[str]:
    return [path for path in paths if (ROOT / path / "pyproject.toml").exists()]


@nox.session
def demo(session: nox.Session) -> None:
    """The main demo: install tyxq with tyxq-torch and tyxq-ml and train the hybrid classifier."""
    session.install("./core", "./tyxq-torch", "./tyxq-ml", TORCH)
    session.run("tyxq-ml", "classify", *session.posargs)


@nox.session(name="core-demo")
def core_demo(session: nox.Session) -> None:
    """The core alone on numpy: a GHZ state with shots and a VQE on adjoint gradients."""
    session.install("./core")
    session.run("python", "examples/core_demo.py", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test matrix, through tox."""
    session.install("tox>=4.11")
    session.run("tox", "run", *session.posargs)


@nox.session
def compose(session: nox.Session) -> None:
    """The whole composition matrix (tests/compose, 6,930 rows) on numpy, torch and jax, sharded by xdist.

    CI runs a seeded sample of it in the tox envs core, torch and jax; options after ``--`` go to pytest.
    """
    session.install("./core", "./tyxq-torch", "./plugins/tyxq-jax", TORCH, "pytest>=8", "pytest-xdist>=3")
    env = {
        "TYXQ_COMPOSE": "full",
        "TYXQ_COMPOSE_BACKENDS": "numpy,torch,jax",
        "OMP_NUM_THREADS": "1",  # 3-qubit circuits: one thread per xdist worker
        "XLA_FLAGS": "--xla_backend_optimization_level=0",  # as in tox's jax env: eager JAX compiles every shape
    }
    session.run("pytest", "-n", "auto", "-q", "tests/compose", *session.posargs, env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on everything, mypy on the core and (strict) on a user script, the generated methods checked."""
    session.install("ruff>=0.5", "mypy>=1.10", "./core[qasm]")  # with the parser, mypy checks tyxq.qasm against it
    session.run("ruff", "check", ".")
    session.run("mypy", "core/src/tyxq")
    session.run("mypy", "--strict", "tests/typing/build_circuits.py")  # a user's script: the methods' real signatures
    session.run("python", "core/tools/generate_circuit_methods.py", "--check")  # the generated methods match the table


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: print tables, write JSON under benchmarks/results/."""
    session.install("./core")
    session.run("python", "benchmarks/bench_core.py", *session.posargs)
    session.run("python", "benchmarks/bench_memory.py")  # 24 and 26 qubits; add --qubits 30 by hand (16 GiB)
    session.run("python", "benchmarks/bench_noise.py")
    if os.environ.get("TYXQ_BENCH_CUPYNUMERIC"):  # opt-in: the backend brings about 3 GB of CUDA libraries
        session.install("./tyxq-cupynumeric")
    session.run("python", "benchmarks/bench_cupynumeric.py", *session.posargs)  # says so if not installed
    session.install("./tyxq-torch", "./tyxq-ml", TORCH)  # the QML workload runs through tyxq_ml.TorchLayer
    session.run("python", "benchmarks/bench_torch.py")
    session.run("python", "benchmarks/bench_compile.py")  # TorchLayer(compile=...): compile time beside steady state
    session.install("./core[dask]")
    session.run("python", "benchmarks/bench_dask.py")


PEERS = ["pennylane", "tensorcircuit-ng", "jax", "qiskit", "qiskit-aer", "qulacs"]
"""The simulators bench_peers.py compares with (pennylane brings pennylane-lightning); never tyxq dependencies."""


@nox.session(name="bench-peers")
def bench_peers(session: nox.Session) -> None:
    """tyxq's workloads beside PennyLane, TensorCircuit-NG, Qiskit Aer and qulacs, in one table (installs them).

    Options after ``--`` go to the script: ``nox -s bench-peers -- --threads 1 --runs 7 --only shots,dm``.
    """
    session.install("./core", "./tyxq-torch", "./tyxq-ml", TORCH, *PEERS)
    session.run("python", "benchmarks/bench_peers.py", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build every distribution's wheel and sdist, and check their metadata."""
    session.install("build>=1.0", "twine>=5")
    out = ROOT / "dist"
    shutil.rmtree(out, ignore_errors=True)  # twine checks exactly this build's files, not stale ones
    for path in existing(DISTRIBUTIONS):
        session.run("python", "-m", "build", "--outdir", str(out), path)
    session.run("twine", "check", "--strict", *[str(p) for p in sorted(out.glob("*"))])


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site into docs/_build/html: every tutorial executed, warnings as errors."""
    session.install(*DOCS)
    threads = {"OMP_NUM_THREADS": "1"}  # the tutorials' circuits are small: threads only contend
    session.run(
        "sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html", *session.posargs, env=threads
    )
