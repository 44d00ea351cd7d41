"""Reproducible random draws from JAX's splittable keys, behind tyxq's generator interface.

tyxq's kernels ask a backend for a generator once (``backend.rng(seed)``) and
then draw from it several times (one draw per batch member when sampling).
A JAX key is a value, not a stream: drawing twice with one key gives the same
numbers. :class:`KeyStream` holds a key and splits it on every draw, so
successive draws differ while one seed reproduces the whole sequence.

Example:
    >>> import jax
    >>> stream = KeyStream.from_seed(7)
    >>> a, b = stream.next_key(), stream.next_key()
    >>> bool((jax.random.key_data(a) == jax.random.key_data(b)).all())
    False
    >>> bool((jax.random.key_data(KeyStream.from_seed(7).next_key()) == jax.random.key_data(a)).all())
    True
"""

from __future__ import annotations

import numbers
from typing import Any

import jax
import numpy as np

from tyxq import BackendError

__all__ = ["KeyStream"]


class KeyStream:
    """A JAX PRNG key that splits itself on every :meth:`next_key`."""

    def __init__(self, key: Any) -> None:
        self._key = key

    @classmethod
    def from_seed(cls, seed: Any) -> KeyStream:
        """A stream from an integer seed, a JAX key, another stream, a NumPy generator, or ``None``.

        A ``numpy.random.Generator`` is advanced (one 32-bit draw seeds the
        key), so a loop passing one generator gets fresh, reproducible draws;
        ``None`` takes fresh entropy from the operating system.
        """
        if isinstance(seed, KeyStream):
            return seed
        if seed is None:
            return cls(jax.random.key(int(np.random.SeedSequence().generate_state(1)[0])))
        if isinstance(seed, np.random.Generator):
            return cls(jax.random.key(int(seed.integers(0, 2**32))))
        if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
            return cls(jax.random.key(int(seed) % 2**32))
        if isinstance(seed, jax.Array) and jax.dtypes.issubdtype(seed.dtype, jax.dtypes.prng_key):
            return cls(seed)
        if isinstance(seed, jax.Array) and seed.dtype == np.uint32 and seed.shape == (2,):
            return cls(jax.random.wrap_key_data(seed))  # a legacy jax.random.PRNGKey
        raise BackendError(
            f"the jax backend cannot seed from a {type(seed).__name__}; pass an integer seed, "
            "a jax.random.key(...), a numpy.random.Generator, or None for fresh entropy"
        )

    def next_key(self) -> Any:
        """A new key; the stream advances."""
        self._key, key = jax.random.split(self._key)
        return key

    def __repr__(self) -> str:
        return "KeyStream(...)"
