"""The other frameworks, imported for a test module: skipped where absent, an error in the ``interop`` tox env.

The frameworks are optional extras, so a plain ``pytest tests`` without them
reports these tests as not run; the ``interop`` env sets
``TYXQ_INTEROP_REQUIRED=1``, where a missing framework fails instead of
hiding a converter that does not work.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def framework(name: str) -> ModuleType:
    """``import name``; a skip of the module where it is absent, unless ``TYXQ_INTEROP_REQUIRED=1``."""
    if os.environ.get("TYXQ_INTEROP_REQUIRED") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name, reason=f'{name} is an optional extra: pip install "tyxq[interop]"')


def random_unitary(rng, dim: int):
    """A Haar-ish random unitary: the Q of a complex Gaussian matrix."""
    import numpy as np

    q, r = np.linalg.qr(rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim)))
    return q * (np.diag(r) / np.abs(np.diag(r)))
