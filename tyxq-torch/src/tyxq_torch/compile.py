"""``jit``: compiling tyxq functions with ``torch.compile``, and saying clearly when that is impossible.

``torch.compile`` compiles lazily, on the first call, so a failure (no C++
compiler for the CPU code generator, a Python version torch's compiler does
not support, a backend that refuses the graph) surfaces there.
:func:`jit` turns it into a :class:`~tyxq.errors.CapabilityError` that says
why and what to do; only if the user asked for it with
``fallback="eager"`` does it warn once and keep running the function
uncompiled.

tyxq computes its constant tables (sign tables, permutation indices) with
NumPy on the host and caches them; under :func:`jit` dynamo treats those NumPy
calls as constants rather than translating them into compiled kernels
(``torch._dynamo.config.trace_numpy`` is off inside the compiled call). The
tables are computed once either way, and some inductor versions generate C++
that gcc rejects for the integer bit arithmetic they use.

Example:
    >>> import torch
    >>> from tyxq_torch.compile import jit
    >>> double = jit(lambda x: 2 * x, backend="eager")
    >>> double(torch.tensor([1.0, 2.0])).tolist()
    [2.0, 4.0]
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import torch

from tyxq.errors import BackendError, CapabilityError

__all__ = ["FALLBACKS", "compile_errors", "jit"]

FALLBACKS = ("error", "eager")
"""What ``jit`` does when compilation is impossible: raise, or warn once and run eagerly."""


def compile_errors() -> tuple[type[BaseException], ...]:
    """The exception types with which torch's compiler reports that it could not compile."""
    from torch._dynamo import exc as dynamo_errors

    errors: list[type[BaseException]] = [dynamo_errors.TorchDynamoException]
    try:
        from torch._inductor import exc as inductor_errors

        errors.append(inductor_errors.InductorError)
    except (ImportError, AttributeError):  # older torch: inductor failures arrive as BackendCompilerFailed
        pass
    return tuple(errors)


def _unsupported_reason() -> str | None:
    from torch._dynamo.eval_frame import is_dynamo_supported

    if not is_dynamo_supported():
        import sys

        return f"torch {torch.__version__} cannot compile on Python {sys.version.split()[0]} on this platform"
    return None


def _reason(error: BaseException) -> str:
    """The root cause of a compiler failure, in one line."""
    cause = getattr(error, "inner_exception", None) or error.__cause__ or error
    lines = [line for line in str(cause).strip().splitlines() if line.strip()]
    return f"{type(cause).__name__}: {lines[0]}" if lines else type(cause).__name__


def _refuse(name: str, reason: str, fallback: str) -> None:
    if fallback == "eager":
        warnings.warn(
            f"torch.compile could not compile {name} ({reason}); running it eagerly as fallback='eager' asked. "
            "Results are the same, only slower.",
            RuntimeWarning,
            stacklevel=3,
        )
        return
    raise CapabilityError(
        f"torch.compile could not compile {name}: {reason}. Run it without tyxq's jit, fix the cause "
        "(a C++ compiler for CPU code, a supported Python), or pass fallback='eager' to run it eagerly "
        "with one warning"
    )


def jit(fn: Callable[..., Any], fallback: str = "error", **options: Any) -> Callable[..., Any]:
    """``fn`` compiled by ``torch.compile(fn, **options)``.

    If compilation is impossible, the first call raises
    :class:`~tyxq.errors.CapabilityError` naming the reason; with
    ``fallback="eager"`` it instead warns once and runs ``fn`` uncompiled
    from then on. Errors raised by ``fn`` itself pass through unchanged.

    Example:
        >>> import torch
        >>> def refuse(graph, inputs):
        ...     raise RuntimeError("no code generator here")
        >>> jit(lambda x: x + 1, backend=refuse)(torch.tensor(1.0))
        Traceback (most recent call last):
        ...
        tyxq.errors.CapabilityError: torch.compile could not compile <lambda>: ...
    """
    if fallback not in FALLBACKS:
        raise BackendError(f"jit(fallback={fallback!r}) is not an option; use one of {FALLBACKS}")
    name = getattr(fn, "__name__", type(fn).__name__)
    reason = _unsupported_reason()
    if reason is not None:
        _refuse(name, reason, fallback)
        return fn
    compiled = torch.compile(fn, **options)
    errors = compile_errors()
    eager = False

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        nonlocal eager
        if eager:
            return fn(*args, **kwargs)
        try:
            with torch._dynamo.config.patch(trace_numpy=False):
                return compiled(*args, **kwargs)
        except errors as error:
            _refuse(name, _reason(error), fallback)
            eager = True
            return fn(*args, **kwargs)

    return run
