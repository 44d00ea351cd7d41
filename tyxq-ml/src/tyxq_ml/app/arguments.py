"""Argument types of the ``tyxq-ml`` commands: numbers that must be positive are refused by the parser.

An impossible option (``--epochs 0``, ``--lr -1``) is a usage error that
argparse reports, with the option's name and exit status 2, before any data
is loaded or any model is built.

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="demo", exit_on_error=False)
    >>> _ = parser.add_argument("--epochs", type=positive_int)
    >>> parser.parse_args(["--epochs", "3"]).epochs
    3
    >>> parser.parse_args(["--epochs", "0"])
    Traceback (most recent call last):
    ...
    argparse.ArgumentError: argument --epochs: 0 is not a positive integer (use 1 or more)
"""

from __future__ import annotations

import argparse
import math

__all__ = ["finite_float", "non_negative_int", "positive_float", "positive_int"]


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _real(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text} is not a finite number")
    return value


def positive_int(text: str) -> int:
    """An integer of at least 1 (epochs, batch sizes, shots, qubits, steps, threads)."""
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer (use 1 or more)")
    return value


def non_negative_int(text: str) -> int:
    """An integer of at least 0 (seeds)."""
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative (use 0 or more)")
    return value


def positive_float(text: str) -> float:
    """A finite number above 0 (learning rates)."""
    value = _real(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not above 0 (a learning rate such as 0.01)")
    return value


def probability(text: str) -> float:
    """A probability in [0, 1] (a noise strength)."""
    value = _real(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{value} is not a probability in [0, 1] (a noise strength such as 0.01)")
    return value


def finite_float(text: str) -> float:
    """Any finite number (a field strength): no ``nan`` or ``inf``."""
    return _real(text)
