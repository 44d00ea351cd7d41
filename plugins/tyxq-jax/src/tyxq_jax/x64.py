"""Double precision in JAX: the process-wide ``jax_enable_x64`` switch.

JAX computes in 32 bits unless ``jax_enable_x64`` is on, and that switch is
global to the process: once on, ``jnp.array(1.0)`` is float64 in *every*
piece of JAX code, not only in tyxq's. A ``complex128`` jax backend cannot
exist without it, so creating one turns it on (and logs that it did). A
``complex64`` backend leaves the switch alone and asks for every dtype
explicitly, so it computes in complex64/float32 whichever way the switch is.

Example:
    >>> from tyxq_jax.x64 import x64_enabled
    >>> isinstance(x64_enabled(), bool)
    True
"""

from __future__ import annotations

import logging

import jax
import numpy as np

__all__ = ["enable_x64", "x64_enabled"]

logger = logging.getLogger("tyxq")


def x64_enabled() -> bool:
    """Whether JAX currently keeps 64-bit dtypes (``jax_enable_x64``)."""
    return jax.dtypes.canonicalize_dtype(np.float64) == np.dtype(np.float64)


def enable_x64(reason: str) -> None:
    """Turn ``jax_enable_x64`` on for the whole process, logging ``reason`` if it was off."""
    if not x64_enabled():
        jax.config.update("jax_enable_x64", True)
        logger.info("enabled jax_enable_x64 process-wide: %s", reason)
