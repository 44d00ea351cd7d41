"""tyxq-ml: a quantum circuit as a PyTorch layer (the library), and a demo application built on it.

The library:

- :class:`TorchLayer`: a parameterised circuit as a ``torch.nn.Module``
  (:mod:`tyxq_ml.layer`), how it reaches tyxq (:mod:`tyxq_ml.bridge`), its
  checks of what it is given (:mod:`tyxq_ml.layer_options`,
  :mod:`tyxq_ml.layer_modes`, :mod:`tyxq_ml.reads`, :mod:`tyxq_ml.gradient_paths`)
  and its errors (:class:`LayerError`, :class:`DataError`, :class:`MissingDataError`).

The demo application, :mod:`tyxq_ml.app` (the ``tyxq-ml`` command): the hybrid
classifier (``tyxq-ml classify``), the batched VQE (``tyxq-ml vqe``), their
data, plots, training loop and data-parallel training with ``torchrun``. The
library never imports the application.

The names below are imported on first use, and this file imports nothing, so
that ``tyxq-ml`` (which imports this package first) takes over Ctrl-C
before anything slow is loaded.

Example:
    >>> import tyxq_ml
    >>> tyxq_ml.TorchLayer.__name__
    'TorchLayer'
"""

__version__ = "0.1.0"

_HOMES = {
    "TorchLayer": "tyxq_ml.layer",
    "DataError": "tyxq_ml.errors",
    "LayerError": "tyxq_ml.errors",
    "MissingDataError": "tyxq_ml.errors",
}

__all__ = ["DataError", "LayerError", "MissingDataError", "TorchLayer", "__version__"]


def __getattr__(name: str) -> object:
    """The public names, imported from their modules when first asked for (PEP 562)."""
    if name not in _HOMES:
        raise AttributeError(f"module 'tyxq_ml' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
