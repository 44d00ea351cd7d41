"""The memory the operating system says is free: what the CPU backends report as ``available_memory()``.

The numpy backend, and the CPU side of other backends (torch on the CPU,
JAX's plugin), answer the kernels' memory checks with this figure.

Example:
    >>> free = system_available_memory()
    >>> free is None or free > 0
    True
"""

from __future__ import annotations

import os

__all__ = ["system_available_memory"]


def system_available_memory() -> int | None:
    """Bytes of memory the operating system says are available now, if it says."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None
