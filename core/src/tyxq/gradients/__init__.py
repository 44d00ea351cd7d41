"""Gradient methods: the protocol and the built-in methods."""

from .protocol import GradientMethod

__all__ = ["GradientMethod"]
