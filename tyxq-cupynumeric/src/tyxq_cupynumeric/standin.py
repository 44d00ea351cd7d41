"""Running cuPyNumeric where there is no NVIDIA driver: a stand-in ``libcuda.so.1``.

The PyPI wheels of Legate link the CUDA driver library even for CPU runs, so
on a machine without a driver ``import cupynumeric`` fails with
``libcuda.so.1: cannot open shared object file``. This module compiles
``libcuda_standin.c`` (shipped beside it: a library whose ``cuInit`` answers
"no device") with the C compiler into a folder, puts that folder first on
``LD_LIBRARY_PATH`` and runs Legate on CPUs. Where a real driver can be
loaded it builds nothing and removes a stand-in left in that folder, so the
stand-in never shadows a GPU.

Command line::

    python -m tyxq_cupynumeric.standin -- python my_script.py     # run one command
    eval "$(python -m tyxq_cupynumeric.standin)"                   # or set up this shell

A command that Legate aborts (``SIGABRT``) ends with a message saying so and
exit status ``128 + signal``, so test runners count it as a failure.

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     env = environment(folder, {})
    ...     nvidia_driver_loadable() or env["LD_LIBRARY_PATH"].split(":")[0] == folder
    True
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tyxq.errors import BackendError

__all__ = [
    "CPU_LEGATE_CONFIG",
    "LIBRARY_NAME",
    "SOURCE",
    "build",
    "default_directory",
    "environment",
    "main",
    "nvidia_driver_loadable",
    "run",
    "standin_loaded",
]

CPU_LEGATE_CONFIG = "--cpus 1 --gpus 0 --sysmem 4000"
"""Legate's settings for a CPU-only run: one CPU worker, no GPU, 4000 MB of memory for arrays."""

SOURCE = Path(__file__).with_name("libcuda_standin.c")
LIBRARY_NAME = "libcuda.so.1"
_MARKER = "tyxq_cuda_standin"


def default_directory() -> Path:
    """Where the stand-in is built by default: inside the active Python environment."""
    return Path(sys.prefix) / "lib" / "tyxq-cuda-standin"


def _is_standin(library: ctypes.CDLL) -> bool:
    return hasattr(library, _MARKER)


def nvidia_driver_loadable() -> bool:
    """Whether the dynamic loader finds a real CUDA driver library (not the stand-in)."""
    try:
        library = ctypes.CDLL(LIBRARY_NAME)
    except OSError:
        return False
    return not _is_standin(library)


def standin_loaded() -> bool:
    """Whether this process's ``libcuda.so.1`` is the stand-in (meaningful once Legate is imported)."""
    try:
        library = ctypes.CDLL(LIBRARY_NAME, mode=getattr(os, "RTLD_NOLOAD", 4) | ctypes.RTLD_GLOBAL)
    except OSError:
        return False
    return _is_standin(library)


def build(directory: str | os.PathLike[str]) -> Path:
    """Compile the stand-in into ``directory``; returns the library's path.

    Uses ``$CC`` or ``gcc`` or ``cc``; :class:`~tyxq.errors.BackendError` if
    none is installed or the compiler fails.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / LIBRARY_NAME
    compiler = os.environ.get("CC") or shutil.which("gcc") or shutil.which("cc")
    if not compiler:
        raise BackendError(
            "building the stand-in CUDA driver for CPU-only cuPyNumeric needs a C compiler, and none was found; "
            "install one (apt-get install gcc) or set CC"
        )
    command = [*shlex.split(compiler), "-shared", "-fPIC", "-O2", "-o", str(target), str(SOURCE)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackendError(f"compiling the stand-in CUDA driver failed ({shlex.join(command)}):\n{done.stderr}")
    return target


def environment(directory: str | os.PathLike[str], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a cuPyNumeric process needs on this machine, starting from ``base``.

    With a real driver: ``base`` unchanged (and any stand-in in
    ``directory`` removed). Without one: the stand-in built into
    ``directory``, that folder first on ``LD_LIBRARY_PATH``, and
    ``LEGATE_CONFIG`` set to :data:`CPU_LEGATE_CONFIG` unless ``base`` sets it.
    """
    env = dict(os.environ if base is None else base)
    stale = Path(directory) / LIBRARY_NAME
    stale.unlink(missing_ok=True)
    if nvidia_driver_loadable():
        return env
    folder = build(directory).parent
    paths = [str(folder)] + [p for p in env.get("LD_LIBRARY_PATH", "").split(os.pathsep) if p and p != str(folder)]
    env["LD_LIBRARY_PATH"] = os.pathsep.join(paths)
    env.setdefault("LEGATE_CONFIG", CPU_LEGATE_CONFIG)
    return env


def run(command: Sequence[str], directory: str | os.PathLike[str]) -> int:
    """Run ``command`` in :func:`environment`; returns its exit status, ``128 + n`` if signal ``n`` killed it."""
    done = subprocess.run(list(command), env=environment(directory), check=False)
    if done.returncode >= 0:
        return done.returncode
    number = -done.returncode
    name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else f"signal {number}"
    print(
        f"\ntyxq_cupynumeric.standin: {shlex.join(command)} was killed by {name}. Legate aborts the whole "
        "process on some errors (look for 'LEGATE ERROR' and the Python traceback above); this run FAILED.",
        file=sys.stderr,
    )
    return 128 + number


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tyxq_cupynumeric.standin [--dir DIR] [-- COMMAND ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m tyxq_cupynumeric.standin",
        description="Run cuPyNumeric on a machine without an NVIDIA driver (a stand-in libcuda.so.1 on CPUs).",
    )
    parser.add_argument("--dir", type=Path, default=default_directory(), help="where to build the stand-in")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...: run it (else print exports)")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if command:
        return run(command, args.dir)
    env = environment(args.dir)
    for key in ("LD_LIBRARY_PATH", "LEGATE_CONFIG"):
        if key in env and env.get(key) != os.environ.get(key):
            print(f"export {key}={shlex.quote(env[key])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
