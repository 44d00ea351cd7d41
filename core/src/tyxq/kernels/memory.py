"""Refusing statevectors that cannot fit, before anything is allocated."""

from __future__ import annotations

from fractions import Fraction

from ..backends.host_memory import system_available_memory
from ..backends.protocol import Backend
from ..errors import ShotsError, StateTooLargeError

__all__ = [
    "ALWAYS_FITS",
    "INPLACE_COPIES",
    "NEVER_FITS_QUBITS",
    "WORKING_COPIES",
    "check_samples_fit",
    "check_state_fits",
    "state_bytes",
]

WORKING_COPIES = 3
"""Statevector-sized arrays a simulation out of place may hold at once (state, workspace, a rotated copy)."""

INPLACE_COPIES = 1.25
"""The same for a simulation in place (:mod:`tyxq.kernels.blocked`): the state, and room for the
temporaries of one block and for what the process holds besides."""

_ITEMSIZE = {"complex64": 8, "complex128": 16}

NEVER_FITS_QUBITS = 128
"""From this many qubits a statevector needs at least 2**131 bytes: refused before its size is computed."""

ALWAYS_FITS = 2**28
"""Simulations needing less than this many bytes (256 MiB) are not checked: asking the system for its
free memory (a file read on Linux, a device query on a GPU) would cost more than running a small circuit."""


def state_bytes(n_qubits: int, batch: int, dtype: str) -> int:
    """Bytes of one batch of statevectors of ``n_qubits`` qubits in ``dtype``."""
    return batch * (2**n_qubits) * _ITEMSIZE[dtype]


def _human(n_bytes: int) -> str:
    """``n_bytes`` in binary units, exact for any integer (past EiB as a power of two: 2**1000 bytes fit no float)."""
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
    for power, unit in enumerate(units):
        if n_bytes < 1024 ** (power + 1) or unit == "EiB":
            if n_bytes >= 1024 ** (power + 1) * 1024:
                return f"about 2**{n_bytes.bit_length() - 1} bytes"
            return f"{n_bytes / 1024**power:.1f} {unit}" if power else f"{n_bytes} B"
    raise AssertionError("unreachable")


def check_state_fits(backend: Backend, n_qubits: int, batch: int, copies: float = WORKING_COPIES) -> None:
    """Raise :class:`StateTooLargeError` if a simulation holding ``copies`` states would not fit in memory.

    Example:
        >>> from tyxq.backends.numpy_backend import NumpyBackend
        >>> check_state_fits(NumpyBackend(), 60, 1)
        Traceback (most recent call last):
        ...
        tyxq.errors.StateTooLargeError: a 60-qubit statevector in complex128 takes 16.0 EiB...
    """
    batch_text = f" times a batch of {batch}" if batch > 1 else ""
    if n_qubits >= NEVER_FITS_QUBITS:  # its size alone (2**n) would take a while to compute for 10**9 qubits
        raise StateTooLargeError(
            f"a {n_qubits}-qubit statevector{batch_text} in {backend.complex_dtype} takes "
            f"2**{n_qubits + _ITEMSIZE[backend.complex_dtype].bit_length() - 1} bytes, more memory than any "
            "computer has; use fewer qubits"
        )
    needed = state_bytes(n_qubits, batch, backend.complex_dtype)
    required = needed * Fraction(copies)  # exact for any size: 2**2000 bytes times a float overflows
    if required < ALWAYS_FITS:
        return
    available = backend.available_memory()
    if available is None or required <= available:
        return
    raise StateTooLargeError(
        f"a {n_qubits}-qubit statevector{batch_text} in {backend.complex_dtype} takes {_human(needed)}, "
        f"and a simulation needs about {copies:g} of them, but only {_human(available)} of memory "
        f"is available on {backend.name}/{backend.device}; use fewer qubits, a smaller batch, "
        'dtype="complex64", or a backend that spans several devices (tyxq[gpu])'
    )


def check_samples_fit(batch: int, shots: int) -> None:
    """Raise :class:`ShotsError` if ``batch × shots`` sampled indices would not fit in host memory.

    Sampling keeps two host arrays of that size (the uniform numbers and the
    int64 indices), checked with integer arithmetic before either exists.

    Example:
        >>> check_samples_fit(1, 10**12)
        Traceback (most recent call last):
        ...
        tyxq.errors.ShotsError: 1000000000000 shots take 14.6 TiB of host memory while they are drawn...
    """
    needed = 2 * 8 * batch * shots
    if needed < ALWAYS_FITS:
        return
    available = system_available_memory()
    if available is None or needed <= available:
        return
    raise ShotsError(
        f"{shots} shots{f' for each of {batch} batch members' if batch > 1 else ''} take {_human(needed)} of host "
        f"memory while they are drawn, but {_human(available)} is available; draw fewer shots per call (a loop "
        "with a numpy.random.Generator as the seed continues one stream), or estimate from probabilities"
    )
