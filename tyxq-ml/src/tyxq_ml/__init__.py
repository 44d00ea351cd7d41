"""tyxq: TorchLayer and the hybrid workflows."""

__version__ = "0.1.0"
