"""The exceptions tyxq-ml adds to tyxq's (all are :class:`tyxq.TyxqError` subclasses).

Example:
    >>> import tyxq
    >>> from tyxq_ml.errors import MissingDataError
    >>> issubclass(MissingDataError, tyxq.TyxqError) and issubclass(MissingDataError, FileNotFoundError)
    True
"""

from __future__ import annotations

from tyxq.errors import TyxqError

__all__ = ["DataError", "LayerError", "MissingDataError", "OutputFolderError"]


class DataError(TyxqError, ValueError):
    """A data set cannot be read or was asked for with bad options."""


class MissingDataError(DataError, FileNotFoundError):
    """A data file is not on disk (tyxq-ml never downloads one)."""


class LayerError(TyxqError, ValueError):
    """A ``TorchLayer`` was built or called with options that do not fit together."""


class OutputFolderError(TyxqError, OSError):
    """The ``--out`` folder of a ``tyxq-ml`` command cannot hold its results (checked before any work)."""
