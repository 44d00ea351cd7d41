"""Data-parallel training with ``torch.distributed``: which process this is, and how to wrap the model.

Started by ``torchrun`` (which sets ``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``,
``MASTER_ADDR`` and ``MASTER_PORT``), :meth:`World.from_environment` joins the
process group: ``gloo`` for CPU training, ``nccl`` when the model lives on
CUDA GPUs (each process on GPU ``LOCAL_RANK``). The model is wrapped in
``DistributedDataParallel``, which averages gradients over the processes in
every backward pass. tyxq adds no communication of its own.

Without ``torchrun`` (``WORLD_SIZE`` unset or 1) everything runs in this
process, unchanged.

Example:
    >>> world = World.single()
    >>> world.size, world.rank, world.is_main, world.device("cpu")
    (1, 0, True, 'cpu')
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn

from ..errors import LayerError

__all__ = ["World"]


@dataclass(frozen=True)
class World:
    """This process's place among ``size`` training processes."""

    size: int
    rank: int
    local_rank: int

    @classmethod
    def single(cls) -> World:
        """Just this process."""
        return cls(1, 0, 0)

    @classmethod
    def from_environment(cls, device: str = "cpu") -> World:
        """Join the process group ``torchrun`` set up (or run alone when there is none).

        ``device`` ``"cuda"`` selects NCCL and one GPU per process; anything
        else gloo on the CPU.
        """
        size = int(os.environ.get("WORLD_SIZE", "1"))
        if size == 1:
            return cls.single()
        world = cls(size, int(os.environ["RANK"]), int(os.environ.get("LOCAL_RANK", "0")))
        if not dist.is_initialized():
            if device.startswith("cuda"):
                if torch.cuda.device_count() <= world.local_rank:
                    raise LayerError(
                        f"process {world.rank} wants GPU {world.local_rank}, but this node has "
                        f"{torch.cuda.device_count()}; start at most that many processes per node "
                        "(torchrun --nproc_per_node)"
                    )
                torch.cuda.set_device(world.local_rank)
            dist.init_process_group("nccl" if device.startswith("cuda") else "gloo")
        return world

    @property
    def is_main(self) -> bool:
        """Whether this process reports progress and writes files (rank 0)."""
        return self.rank == 0

    def device(self, requested: str) -> str:
        """The device this process trains on: its own GPU under ``cuda``, else ``requested``."""
        if requested == "cuda" and self.size > 1:
            return f"cuda:{self.local_rank}"
        return requested

    def wrap(self, model: nn.Module) -> nn.Module:
        """``model`` in ``DistributedDataParallel`` when there are several processes; else itself."""
        if self.size == 1:
            return model
        device = next(model.parameters()).device
        ids = [device.index] if device.type == "cuda" else None
        return nn.parallel.DistributedDataParallel(model, device_ids=ids)

    def sum(self, value: torch.Tensor) -> torch.Tensor:
        """``value`` summed over every process (for metrics; gradients are DDP's business)."""
        if self.size == 1:
            return value
        total = value.clone()
        dist.all_reduce(total, op=dist.ReduceOp.SUM)
        return total

    def close(self) -> None:
        """Leave the process group (a no-op when running alone)."""
        if self.size > 1 and dist.is_initialized():
            dist.destroy_process_group()
