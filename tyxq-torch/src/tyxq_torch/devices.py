"""Turning the ``dtype=`` and ``device=`` options of the torch backend into torch objects, or clear errors.

tyxq names dtypes by strings (``"complex64"``, ``"float32"``, ...); torch
has its own dtype objects. Devices are whatever :class:`torch.device`
accepts, restricted to the kinds tyxq supports (``cpu`` and ``cuda``), and a
CUDA device must exist: asking for one on a machine without it is an error
that says so, never a silent fall back to the CPU.

Example:
    >>> from tyxq_torch.devices import resolve_device, torch_dtype
    >>> resolve_device("cpu")
    device(type='cpu')
    >>> torch_dtype("complex64")
    torch.complex64
"""

from __future__ import annotations

from typing import Any

import torch

from tyxq.errors import BackendError

__all__ = ["DEVICE_KINDS", "TORCH_DTYPES", "check_same_device", "dtype_name", "resolve_device", "torch_dtype"]

DEVICE_KINDS = ("cpu", "cuda")
"""Device types the torch backend places statevectors on."""

TORCH_DTYPES: dict[str, torch.dtype] = {
    "complex64": torch.complex64,
    "complex128": torch.complex128,
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "int32": torch.int32,
    "bool": torch.bool,
}
_NAMES = {value: key for key, value in TORCH_DTYPES.items()}


def torch_dtype(name: str) -> torch.dtype:
    """The torch dtype called ``name`` in tyxq's vocabulary."""
    try:
        return TORCH_DTYPES[name]
    except KeyError:
        raise BackendError(
            f"dtype {name!r} is not one the torch backend knows; use one of {', '.join(TORCH_DTYPES)}"
        ) from None


def dtype_name(dtype: torch.dtype) -> str:
    """tyxq's name for a torch dtype (``torch.complex64`` → ``"complex64"``).

    Example:
        >>> dtype_name(torch.float64)
        'float64'
    """
    return _NAMES.get(dtype) or str(dtype).removeprefix("torch.")


def _cuda_unavailable_reason() -> str:
    if torch.version.cuda is None:
        return f"this torch ({torch.__version__}) is a CPU-only build"
    return f"torch {torch.__version__} was built for CUDA {torch.version.cuda}, but no CUDA GPU is visible"


def resolve_device(device: Any) -> torch.device:
    """``device`` as a :class:`torch.device` with an explicit index for CUDA, or :class:`BackendError`.

    ``"cuda"`` means the current CUDA device. Raises if the device kind is not
    one tyxq supports, if CUDA is asked for where there is none, or if the
    index is beyond the GPUs present.

    Example:
        >>> resolve_device("cuda:7") if not torch.cuda.is_available() else None
        Traceback (most recent call last):
        ...
        tyxq.errors.BackendError: the torch backend was asked for device='cuda:7', but ...
    """
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as error:
        raise BackendError(
            f"device={device!r} is not a device torch understands ({error}); "
            'use "cpu", "cuda" or "cuda:N"'
        ) from None
    if resolved.type not in DEVICE_KINDS:
        raise BackendError(
            f"the torch backend computes on {' or '.join(DEVICE_KINDS)}, but device={device!r} was asked; "
            'use device="cpu" or device="cuda"'
        )
    if resolved.type == "cpu":
        return torch.device("cpu")
    if not torch.cuda.is_available():
        raise BackendError(
            f"the torch backend was asked for device={device!r}, but {_cuda_unavailable_reason()}; "
            'use device="cpu", or install a CUDA build of torch on a machine with an NVIDIA GPU'
        )
    index = torch.cuda.current_device() if resolved.index is None else resolved.index
    count = torch.cuda.device_count()
    if not 0 <= index < count:
        raise BackendError(
            f"device={device!r} asks for CUDA device {index}, but this machine has {count} "
            f"(cuda:0..cuda:{count - 1})"
        )
    return torch.device("cuda", index)


def check_same_device(tensor: torch.Tensor, device: torch.device, backend: str) -> None:
    """Raise :class:`BackendError` unless ``tensor`` lives on ``device``."""
    if tensor.device != device:
        raise BackendError(
            f"a tensor on {tensor.device} was given to the {backend} backend, which computes on {device}; "
            f"move it first with tensor.to({str(device)!r}), or choose the backend with "
            f'tyxq.set_backend("torch", device={str(tensor.device)!r})'
        )
