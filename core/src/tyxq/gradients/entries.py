"""Every entry's derivative of one measurement with respect to its gate angles, for Jacobians.

An :class:`~tyxq.gradients.engine.AngleEngine` contracts the derivatives
of a measurement's entries with a cotangent. A Jacobian needs them
uncontracted: parameter shift has them from one batch of shifted circuits
(shared by every observable); other engines (adjoint) run one weighted
backward pass per entry of a batch member's value, all batch members at once.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.execution import Measurement
    >>> from tyxq.gradients.adjoint import AdjointEngine
    >>> pair = tuple(tyxq.Hamiltonian((p,)) for p in (tyxq.Z(0), tyxq.X(0)))
    >>> mode, backend = tyxq.get_execution_mode(), tyxq.get_backend()
    >>> call = Measurement(tyxq.Circuit(1).ry(0, 0.4), pair, mode, backend, single=False)
    >>> value, (slot,) = entry_derivatives(AdjointEngine(), call)
    >>> bool(np.allclose(slot, [[-np.sin(0.4), np.cos(0.4)]]))
    True
"""

from __future__ import annotations

import numpy as np

from ..backends.protocol import Array, Backend
from ..execution.measurement import Measurement
from .engine import AngleEngine
from .parameter_shift import ParameterShiftEngine, shift_derivatives

__all__ = ["entry_derivatives"]


def entry_derivatives(engine: AngleEngine, call: Measurement) -> tuple[Array, list[np.ndarray]]:
    """The value ``(B, *value_shape)`` and, per angle slot, ``dv_bj/dθ`` as float64 host arrays of that shape."""
    backend = call.backend
    if isinstance(engine, ParameterShiftEngine):
        value, derivatives = shift_derivatives(call, with_value=True)
        assert value is not None
        return value, [_host(backend, d) for d in derivatives]
    entries = int(np.prod(call.value_shape))
    shape = (call.batch, *call.value_shape)
    columns: list[list[np.ndarray]] = []
    value = None
    for j in range(entries):
        unit = np.zeros((call.batch, entries))
        unit[:, j] = 1.0
        cotangent = backend.asarray(unit.reshape(shape), dtype=backend.real_dtype)
        value, per_slot = engine.value_and_vjp(call, cotangent)
        columns.append([_host(backend, g) for g in per_slot])
    assert value is not None
    slots = len(columns[0])
    derivatives = [np.stack([columns[j][k] for j in range(entries)], axis=-1).reshape(shape) for k in range(slots)]
    return value, derivatives


def _host(backend: Backend, array: Array) -> np.ndarray:
    return np.asarray(backend.to_numpy(backend.detach(array)), dtype=np.float64)
