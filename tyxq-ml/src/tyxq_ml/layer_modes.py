"""Which execution mode a ``TorchLayer`` runs in, and which gradient method serves it there.

A layer gets its mode in one of three ways:

- ``mode=None`` (the default): the **active** mode, chosen with
  ``tyxq.use_execution_mode``, ``tyxq.set_execution_mode`` or ``TYXQ_MODE``
  (``statevector`` when nothing is chosen). The layer reads it once at the
  start of each forward pass, as every verb reads the selection once per
  call, and that pass and its backward run in it. A mode the layer cannot
  serve as asked (``gradient="autograd"`` in a mode that samples, a mode
  that takes shots but has no shot count) is refused by name with a
  :class:`~tyxq_ml.errors.LayerError`, never replaced by another;
- a **mode object**, the documented spelling of a mode with its options:
  ``tyxq.DensityMatrixMode(noise=model)``, ``tyxq.ShotsMode(shots=1000,
  seed=1)``. Every pass runs in that object, whatever mode is active;
- a **name**, the shorthand for that mode's defaults (``"statevector"``,
  ``"density_matrix"``); for a mode that takes shots, with the layer's
  ``shots=`` and ``seed=``.

Seeds: only a layer given a mode *name* with ``shots=`` owns a generator: it
creates its own mode, seeded by ``seed=``, whose draws advance with every
forward and backward pass. A layer given a mode object draws from that
object's generator (shared with whatever else uses the object), and a layer
that reads the active mode draws from the active mode's generator; there
``shots=`` and ``seed=`` are refused, since the layer has no mode of its own
to give them to (give them to the mode object instead).

Example:
    >>> import tyxq
    >>> chosen = LayerMode.choose(None, shots=None, seed=None)
    >>> with tyxq.use_execution_mode(tyxq.ShotsMode(shots=100)) as active:
    ...     chosen.current() is active
    True
    >>> fixed = LayerMode.choose(tyxq.DensityMatrixMode(), shots=None, seed=None)
    >>> with tyxq.use_execution_mode(tyxq.ShotsMode(shots=100)):
    ...     fixed.current().name
    'density_matrix'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tyxq
from tyxq.arguments import MAX_SHOTS, check_count
from tyxq.execution import ExecutionMode
from tyxq.plugins import get_plugin_manager

from .errors import LayerError
from .layer_options import PYTHON, Spelling, check_choice

__all__ = ["NEEDS_AUTODIFF", "LayerMode", "check_backend_serves", "gradient_for"]

NEEDS_AUTODIFF = ("autograd", "auto", "adjoint", "parameter_shift")
"""Gradient methods that, on a backend without autodiff, differentiate one expectation only (not a layer)."""


@dataclass(frozen=True)
class LayerMode:
    """A layer's execution mode: one ``fixed`` object, or (``None``) the active mode read at each call."""

    fixed: ExecutionMode | None

    @classmethod
    def choose(cls, mode: Any, *, shots: int | None, seed: Any) -> LayerMode:
        """The mode meant by ``TorchLayer``'s ``mode=``, ``shots=`` and ``seed=`` (checked together)."""
        if mode is None:
            if shots is not None or seed is not None:
                given = ", ".join(f"{k}={v!r}" for k, v in (("shots", shots), ("seed", seed)) if v is not None)
                raise LayerError(
                    f"{given} was given without a mode: this layer reads the active execution mode at each call "
                    "and has no mode of its own to give them to. Name the mode (mode='shots', shots=1000, seed=1) "
                    "or pass a mode object with its options (mode=tyxq.ShotsMode(shots=1000, seed=1))"
                )
            return cls(None)
        if isinstance(mode, str):
            return cls(_named_mode(mode, shots, seed))
        if isinstance(mode, ExecutionMode):
            if shots is not None or seed is not None:
                raise LayerError(
                    f"shots= and seed= were given with the mode object {mode!r}; a mode object carries its own "
                    "options: create it with them (e.g. tyxq.ShotsMode(shots=1000, seed=1))"
                )
            return cls(mode)
        raise LayerError(
            f"mode={mode!r} is neither an execution mode's name nor a mode object; pass a name "
            f"({', '.join(tyxq.available_execution_modes())}), a mode object such as "
            "tyxq.DensityMatrixMode(noise=model), or None to use the active mode at each call"
        )

    def current(self) -> ExecutionMode:
        """The mode of this call: the fixed one, or the active one (read once, here)."""
        return self.fixed if self.fixed is not None else tyxq.get_execution_mode()

    def describe(self, mode: ExecutionMode) -> str:
        """``mode`` as messages name it: the layer's own, or the active one and where it comes from."""
        if self.fixed is not None:
            return f"mode={mode.name!r}"
        return (
            f"the active execution mode {mode.name!r} (this layer was given no mode=, so it runs in the mode chosen "
            "with tyxq.use_execution_mode, tyxq.set_execution_mode or TYXQ_MODE)"
        )


def _named_mode(name: str, shots: int | None, seed: Any) -> ExecutionMode:
    name = check_choice("mode", name, tyxq.available_execution_modes())
    takes_shots = get_plugin_manager().get("mode", name).record.takes_shots
    if takes_shots and shots is None:
        raise LayerError(f"mode={name!r} estimates from samples: pass shots=N (a positive integer)")
    if takes_shots:  # checked as every entry checks a shot count, raising the layer's own error
        shots = check_count("shots", shots, limit=MAX_SHOTS, error=LayerError)
    if not takes_shots and shots is not None:
        raise LayerError(
            f"shots={shots} was given, but mode={name!r} does not take shots; use mode='shots', or drop shots="
        )
    options = {"shots": shots, "seed": seed} if takes_shots else {}
    mode: ExecutionMode = get_plugin_manager().create("mode", name, **options)
    return mode


def check_backend_serves(gradient: str, *, autodiff: bool, backend: str, spell: Spelling = PYTHON) -> None:
    """Refuse a gradient method that needs autodiff (for a layer's many outputs) on a backend without it.

    Example:
        >>> check_backend_serves("finite_difference", autodiff=False, backend="numpy")
        >>> check_backend_serves("auto", autodiff=False, backend="numpy")
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.LayerError: gradient='auto' on backend 'numpy', which has no automatic differentiation: ...
    """
    if not autodiff and gradient in NEEDS_AUTODIFF:
        raise LayerError(
            f"{spell('gradient', gradient)} on backend {backend!r}, which has no automatic differentiation: there "
            "tyxq's gradient methods differentiate a single expectation, and a layer needs the vector-Jacobian "
            f"product of all its outputs. Use {spell('gradient', 'finite_difference')} on this backend, or "
            f"{spell('backend', 'torch')} (any gradient method)"
        )


def gradient_for(
    requested: str,
    mode: ExecutionMode,
    *,
    autodiff: bool,
    backend: str,
    where: str,
    spell: Spelling = PYTHON,
) -> str:
    """The gradient method that serves ``mode`` as ``requested`` (``auto`` chosen), or a ``LayerError`` naming why not.

    ``auto`` becomes ``parameter_shift`` in a mode that samples and
    ``autograd`` in other exact modes on a backend with autodiff, except on
    torch in a pure exact mode (the statevector), where it stays ``auto``:
    there each expectation is differentiated by the adjoint sweep where its
    circuit allows it and autograd's recording would not fit in
    ``KEEP_LIMIT`` amplitudes, and by autograd elsewhere (:mod:`tyxq_ml.bridge`).
    ``where`` names the mode in messages (:meth:`LayerMode.describe`).

    Example:
        >>> import tyxq
        >>> gradient_for("auto", tyxq.ShotsMode(shots=10), autodiff=True, backend="torch", where="mode='shots'")
        'parameter_shift'
        >>> gradient_for("auto", tyxq.DensityMatrixMode(), autodiff=True, backend="torch", where="mode='dm'")
        'autograd'
        >>> gradient_for("adjoint", tyxq.DensityMatrixMode(), autodiff=True, backend="torch", where="mode='dm'")
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.LayerError: gradient='adjoint' needs a pure exact mode (a statevector), but mode='dm' ...
    """
    gradient = requested
    if requested == "auto" and not mode.exact:
        gradient = "parameter_shift"
    elif requested == "auto" and autodiff and not (backend == "torch" and mode.pure):
        gradient = "autograd"
    check_backend_serves(gradient, autodiff=autodiff, backend=backend, spell=spell)
    if mode.takes_shots and getattr(mode, "shots", 1) is None:
        fix = (
            "tyxq.use_execution_mode('shots', shots=1000), or a mode object such as tyxq.ShotsMode(shots=1000)"
            if spell.keyword
            else spell("shots", 1000)
        )
        raise LayerError(f"{where} estimates from samples but has no shot count; give it one: {fix}")
    if gradient in ("autograd", "adjoint") and not mode.exact:
        raise LayerError(
            f"{spell('gradient', gradient)} needs an exact mode, but {where} "
            f"{'samples' if mode.takes_shots else 'is not exact'}; use {spell('gradient', 'parameter_shift')} (the "
            f"way hardware is trained), {spell('gradient', 'finite_difference')}, or an exact mode"
        )
    if gradient == "adjoint" and not mode.pure:
        raise LayerError(
            f"{spell('gradient', gradient)} needs a pure exact mode (a statevector), but {where} simulates a mixed "
            f"state; use {spell('gradient', 'autograd')} (torch) or {spell('gradient', 'parameter_shift')}"
        )
    return gradient
