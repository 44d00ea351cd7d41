"""Building the circuit a user verb runs: a ``Circuit`` as given, or one built by a function.

``tyxq.expectation(fn, H, *args, batch_axes=...)`` calls ``fn`` once per
parameter set and stacks the circuits into one batched circuit, so a batch
of parameter sets runs as one batched simulation while ``fn`` is written for
a single set. ``batch_axes`` works like ``vmap``'s ``in_axes``: ``None``
(nothing is batched; ``fn(*args)`` is called once), an int (every argument
carries the batch on that axis), or one int-or-``None`` per argument.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq.execution.batching import build_circuit
    >>> fn = lambda x, w: tyxq.Circuit(1).rx(0, x).ry(0, w)
    >>> c = build_circuit(fn, (np.array([0.1, 0.2, 0.3]), 0.5), (0, None), tyxq.get_backend())
    >>> c.batch_size, c.ops[1].params
    (3, (0.5,))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..backends.protocol import Backend
from ..circuit import Circuit
from ..errors import ParameterError
from ..kernels.plan import structure_key
from ..kinds import OperationKind

__all__ = ["build_circuit", "stack_circuits"]

BatchAxes = int | Sequence[int | None] | None


def build_circuit(
    circuit_or_fn: Circuit | Callable[..., Circuit], args: Sequence[Any], batch_axes: BatchAxes, backend: Backend
) -> Circuit:
    """The circuit to run: ``circuit_or_fn`` itself, ``fn(*args)``, or ``fn`` stacked over a batch."""
    if isinstance(circuit_or_fn, Circuit):
        if args or batch_axes is not None:
            raise ParameterError(
                "a Circuit takes no arguments; pass a function that builds the circuit from its arguments "
                "(tyxq.expectation(fn, observable, *args)) or bind the parameters when building the circuit"
            )
        return circuit_or_fn
    if not callable(circuit_or_fn):
        raise ParameterError(f"expected a Circuit or a function that returns one, got a {type(circuit_or_fn).__name__}")
    if batch_axes is None:
        return _checked(circuit_or_fn(*args), circuit_or_fn)
    axes = _axes(batch_axes, len(args))
    sizes = {
        backend.shape(_array(backend, arg))[axis] for arg, axis in zip(args, axes, strict=True) if axis is not None
    }
    if len(sizes) != 1:
        raise ParameterError(
            f"batch_axes={batch_axes!r} selects batch axes of sizes {sorted(sizes) or 'none'}; "
            "every batched argument must have the same batch size, and at least one must be batched"
        )
    batched = [
        backend.moveaxis(_array(backend, arg), axis, 0) if axis is not None else arg
        for arg, axis in zip(args, axes, strict=True)
    ]
    members = [
        _checked(
            circuit_or_fn(*(arg[b] if axis is not None else arg for arg, axis in zip(batched, axes, strict=True))),
            circuit_or_fn,
        )
        for b in range(sizes.pop())
    ]
    return stack_circuits(members, backend)


def _checked(circuit: Any, fn: Callable[..., Any]) -> Circuit:
    if not isinstance(circuit, Circuit):
        name = getattr(fn, "__name__", repr(fn))
        raise ParameterError(f"{name} returned a {type(circuit).__name__}; it must build and return a tyxq.Circuit")
    return circuit


def _axes(batch_axes: BatchAxes, n_args: int) -> list[int | None]:
    if isinstance(batch_axes, int):
        return [batch_axes] * n_args
    axes = list(batch_axes)  # type: ignore[arg-type]
    if len(axes) != n_args:
        raise ParameterError(
            f"batch_axes has {len(axes)} entries but {n_args} arguments were given; give one per argument"
        )
    return axes


def _array(backend: Backend, value: Any) -> Any:
    return value if backend.is_array(value) else backend.asarray(value, dtype=backend.real_dtype)


def stack_circuits(circuits: Sequence[Circuit], backend: Backend) -> Circuit:
    """One batched circuit from circuits of equal structure: parameters, inputs and matrices stacked.

    A parameter that is one object shared by every member (an unbatched
    argument, a constant of the function) stays unbatched; equal values
    from batched arguments are stacked, so equal parameter sets stay a
    batch (and in a mode that samples, each draws its own shots).

    Example:
        >>> import tyxq
        >>> members = [tyxq.Circuit(1).rx(0, a).h(0) for a in (0.1, 0.2)]
        >>> stack_circuits(members, tyxq.get_backend()).ops[0].params[0].tolist()
        [0.1, 0.2]
    """
    first = circuits[0]
    key = structure_key(first)
    for index, member in enumerate(circuits):
        if structure_key(member) != key:
            raise ParameterError(
                f"the circuit built for batch member {index} differs in its gates or qubits from member 0; "
                "a batch runs as one simulation, so every member needs the same gates on the same qubits "
                "(only parameters may differ)"
            )
        if member.batch_size is not None:
            raise ParameterError(
                f"the circuit built for batch member {index} is already batched; with batch_axes the function "
                "builds one circuit per parameter set, from unbatched parameters"
            )
    params: list[tuple[Any, ...]] = []
    for position, op in enumerate(first.ops):
        if op.kind is OperationKind.MATRIX:
            matrices = [member.ops[position].matrix for member in circuits]
            same = all(m is matrices[0] for m in matrices)
            params.append(() if same else (backend.stack([_complex(backend, m) for m in matrices]),))
            continue
        params.append(
            tuple(_stack_values(backend, [m.ops[position].params[j] for m in circuits]) for j in range(len(op.params)))
        )
    inputs = [member.inputs for member in circuits]
    if all(state is None for state in inputs):
        stacked_inputs = None
    elif any(state is None for state in inputs):
        raise ParameterError("some batch members set initial inputs and others do not; give every member inputs")
    else:
        stacked_inputs = backend.stack([_complex(backend, state) for state in inputs])
    return first.with_params(params, inputs=stacked_inputs)


def _stack_values(backend: Backend, values: list[Any]) -> Any:
    if all(v is values[0] for v in values):  # one object shared by every member: an argument outside the batch
        return values[0]
    arrays = [v if backend.is_array(v) else backend.asarray(v, dtype=backend.real_dtype) for v in values]
    arrays = [a if backend.dtype_name(a) == backend.real_dtype else backend.cast(a, backend.real_dtype) for a in arrays]
    return backend.stack(arrays)


def _complex(backend: Backend, value: Any) -> Any:
    array = value if backend.is_array(value) else backend.asarray(value, dtype=backend.complex_dtype)
    return array if backend.dtype_name(array) == backend.complex_dtype else backend.cast(array, backend.complex_dtype)
