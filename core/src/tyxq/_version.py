"""The tyxq version, shared by every distribution of the monorepo."""

__version__ = "0.1.0"
