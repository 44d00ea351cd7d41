"""tyxq-ml: a quantum circuit as a PyTorch layer, and the hybrid workflows built on it.

- :class:`TorchLayer`: a parameterised circuit as a ``torch.nn.Module``;
- ``tyxq-ml classify``: the hybrid classifier (digits 1 vs 5);
- ``tyxq-ml vqe``: the batched VQE for the transverse-field Ising ring;
- data-parallel training with ``torchrun`` (:mod:`tyxq_ml.distributed`).

Example:
    >>> import tyxq_ml
    >>> tyxq_ml.TorchLayer.__name__
    'TorchLayer'
"""

from .errors import DataError, LayerError, MissingDataError
from .layer import TorchLayer

__version__ = "0.1.0"

__all__ = ["DataError", "LayerError", "MissingDataError", "TorchLayer", "__version__"]
