"""Importing another framework for a converter, with an error that names the extra to install.

The frameworks are optional extras of the ``tyxq`` distribution, never its
dependencies: each converter imports its framework when it is called, and a
missing one is a :class:`~tyxq.errors.MissingExtraError` naming the command
that installs it.

Example:
    >>> require("math", "qiskit").sqrt(4.0)
    2.0
    >>> require("no_such_framework", "qiskit")
    Traceback (most recent call last):
    ...
    tyxq.errors.MissingExtraError: this converter needs no_such_framework, which is not installed: pip install ...
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingExtraError

__all__ = ["require"]


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` (a framework's package), or raise :class:`~tyxq.errors.MissingExtraError` naming ``extra``."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        top = module.split(".")[0]
        raise MissingExtraError(
            f'this converter needs {top}, which is not installed: pip install "tyxq[{extra}]"'
        ) from error
