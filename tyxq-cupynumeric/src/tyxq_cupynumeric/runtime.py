"""Starting cuPyNumeric, and reading the Legate machine it runs on.

Importing cupynumeric starts the Legate runtime, with the processors and
memory that ``LEGATE_CONFIG`` (or the ``legate`` launcher) gives it. Two
things go wrong on a machine set up for CPUs only, and each becomes a
:class:`~tyxq.errors.BackendError` that says what to do: the CUDA driver
library is missing (use the stand-in, :mod:`tyxq_cupynumeric.standin`), or
Legate cannot start with the settings it was given.

Example:
    >>> machine = legate_machine()
    >>> machine.target in ("cpu", "omp", "cuda"), machine.processors >= 1
    (True, True)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from tyxq.errors import BackendError

from .standin import CPU_LEGATE_CONFIG, standin_loaded

__all__ = ["NVIDIA_DRIVER_FILE", "LegateMachine", "legate_machine", "load_cupynumeric"]

NVIDIA_DRIVER_FILE = Path("/proc/driver/nvidia/version")
"""Present when the NVIDIA kernel driver is loaded."""

_STANDIN_HINT = (
    "On a machine without a GPU, run through the stand-in driver, which reports no device: "
    "`python -m tyxq_cupynumeric.standin -- python your_script.py` "
    '(or `eval "$(python -m tyxq_cupynumeric.standin)"` in your shell). '
    "On a GPU machine, install the NVIDIA driver."
)


@lru_cache(maxsize=1)
def load_cupynumeric() -> ModuleType:
    """Import cupynumeric (starting Legate), or raise a :class:`BackendError` naming the fix."""
    try:
        import cupynumeric
    except ImportError as error:
        if "libcuda" in str(error):
            raise BackendError(
                f"cupynumeric cannot start: {error}. The Legate wheels load the CUDA driver library even to run "
                f"on CPUs. {_STANDIN_HINT}"
            ) from error
        raise BackendError(
            f'cupynumeric is not importable ({error}); install it with pip install "tyxq[gpu]"'
        ) from error
    except (RuntimeError, ValueError) as error:  # how Legate reports a runtime that cannot start
        config = os.environ.get("LEGATE_CONFIG", "")
        raise BackendError(
            f"Legate failed to start with LEGATE_CONFIG={config!r}. Without GPUs, give it CPUs explicitly: "
            f'LEGATE_CONFIG="{CPU_LEGATE_CONFIG}"; with GPUs, e.g. LEGATE_CONFIG="--gpus 1 --fbmem 70000", '
            "or launch with `legate --gpus N --nodes M script.py` (Legate's own report is chained below)"
        ) from error
    if standin_loaded() and NVIDIA_DRIVER_FILE.exists():
        raise BackendError(
            "cupynumeric was started on tyxq's stand-in libcuda.so.1, which reports no GPU, but this machine has "
            f"an NVIDIA driver ({NVIDIA_DRIVER_FILE} exists); remove the stand-in's folder from LD_LIBRARY_PATH "
            "so Legate finds the real driver"
        )
    return cupynumeric


@dataclass(frozen=True)
class LegateMachine:
    """What Legate runs arrays on.

    Attributes:
        target: where tasks run by preference: ``"cuda"``, ``"omp"`` or ``"cpu"``.
        processors: how many processors of that kind, over all nodes.
        nodes: how many nodes (processes) the run spans.
        memory: bytes Legate may use for arrays on that target, over all
            nodes (its ``--fbmem``, ``--numamem`` or ``--sysmem``), or
            ``None`` if Legate does not say.
    """

    target: str
    processors: int
    nodes: int
    memory: int | None


def legate_machine() -> LegateMachine:
    """The machine of the running Legate runtime (started if need be)."""
    load_cupynumeric()
    from legate.core import TaskTarget, get_legate_runtime

    runtime = get_legate_runtime()
    machine = runtime.machine
    config = runtime.realm_config()
    nodes = runtime.node_count
    preferred = machine.preferred_target
    processors = machine.count(preferred)
    if preferred == TaskTarget.GPU:
        target, per_processor, per_node = "cuda", config.fbmem, None
    elif preferred == TaskTarget.OMP:
        target, per_processor, per_node = "omp", config.numamem, config.sysmem
    else:
        target, per_processor, per_node = "cpu", None, config.sysmem
    if per_processor:
        memory: int | None = per_processor * processors
    elif per_node:
        memory = per_node * nodes
    else:
        memory = None
    return LegateMachine(target=target, processors=processors, nodes=nodes, memory=memory)
