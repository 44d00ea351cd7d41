"""The table of backend operations the conformance kit checks one by one against NumPy.

Each :class:`OpCase` names one use of one protocol operation (or one array
operator the kernels rely on), makes NumPy inputs in the dtypes under test,
runs the operation on the backend and computes the NumPy answer. The kit
compares values, shapes and, for floating results, dtypes. Inputs mirror how
the kernels use each operation (the ``einsum`` of the widened gate product,
the ``[..., :, None]`` slicing of diagonals, the ``1j * real`` of phases).

Example:
    >>> import numpy as np
    >>> from tyxq.backends.numpy_backend import NumpyBackend
    >>> case = OP_CASES["kron"]
    >>> inputs = case.inputs(np.random.default_rng(0), "complex128", "float64")
    >>> bool(np.allclose(case.run(NumpyBackend(), *inputs), case.expect(*inputs)))
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backends.protocol import Array, Backend

__all__ = ["OP_CASES", "OpCase"]

Inputs = Callable[[np.random.Generator, str, str], tuple[np.ndarray, ...]]


@dataclass(frozen=True)
class OpCase:
    """One operation to check: ``run(backend, *inputs)`` must equal ``expect(*inputs)``."""

    name: str
    inputs: Inputs
    run: Callable[..., Array]
    expect: Callable[..., Any]


def _complex(*shape: int) -> Inputs:
    def make(rng: np.random.Generator, cdt: str, rdt: str) -> tuple[np.ndarray, ...]:
        return ((rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(cdt),)

    return make


def _real(*shape: int, positive: bool = False) -> Inputs:
    def make(rng: np.random.Generator, cdt: str, rdt: str) -> tuple[np.ndarray, ...]:
        values = rng.uniform(0.1, 3.0, shape) if positive else rng.standard_normal(shape)
        return (values.astype(rdt),)

    return make


def _pair(first: Inputs, second: Inputs) -> Inputs:
    def make(rng: np.random.Generator, cdt: str, rdt: str) -> tuple[np.ndarray, ...]:
        return first(rng, cdt, rdt) + second(rng, cdt, rdt)

    return make


def _hermitian(n: int) -> Inputs:
    def make(rng: np.random.Generator, cdt: str, rdt: str) -> tuple[np.ndarray, ...]:
        (a,) = _complex(n, n)(rng, cdt, rdt)
        return ((a + a.conj().T) / 2,)

    return make


def _with_index(values: Inputs, index: list[int]) -> Inputs:
    def make(rng: np.random.Generator, cdt: str, rdt: str) -> tuple[np.ndarray, ...]:
        return (*values(rng, cdt, rdt), np.array(index, dtype=np.int64))

    return make


def _svd_rebuilt(xp: Backend, a: Array) -> Array:
    u, s, vh = xp.svd(a, full_matrices=False)
    return xp.matmul(u * xp.cast(s, xp.dtype_name(a))[None, :], vh)


def _eigh_rebuilt(xp: Backend, a: Array) -> Array:
    values, vectors = xp.eigh(a)
    return xp.matmul(vectors * xp.cast(values, xp.dtype_name(a))[None, :], xp.conj(xp.transpose(vectors)))


_CASES = [
    # shape
    OpCase("reshape", _complex(2, 3, 4), lambda xp, a: xp.reshape(a, (6, -1)), lambda a: a.reshape(6, -1)),
    OpCase("moveaxis", _complex(2, 3, 4), lambda xp, a: xp.moveaxis(a, 0, 2), lambda a: np.moveaxis(a, 0, 2)),
    OpCase(
        "moveaxis_several",
        _complex(2, 3, 4, 5),
        lambda xp, a: xp.moveaxis(a, [0, 1], [3, 2]),
        lambda a: np.moveaxis(a, [0, 1], [3, 2]),
    ),
    OpCase("transpose", _complex(2, 3, 4), lambda xp, a: xp.transpose(a, (2, 0, 1)), lambda a: a.transpose(2, 0, 1)),
    OpCase("transpose_reverse", _complex(2, 3), lambda xp, a: xp.transpose(a), lambda a: a.T),
    OpCase(
        "stack",
        _pair(_complex(3, 4), _complex(3, 4)),
        lambda xp, a, b: xp.stack([a, b], axis=1),
        lambda a, b: np.stack([a, b], axis=1),
    ),
    OpCase(
        "concatenate",
        _pair(_complex(2, 4), _complex(3, 4)),
        lambda xp, a, b: xp.concatenate([a, b], axis=0),
        lambda a, b: np.concatenate([a, b], axis=0),
    ),
    OpCase("kron", _pair(_complex(2, 2), _complex(3, 3)), lambda xp, a, b: xp.kron(a, b), np.kron),
    # the kernels pass views (transposed, moved axes) as often as fresh arrays
    OpCase(
        "kron_of_transposed",
        _pair(_complex(2, 2), _complex(3, 3)),
        lambda xp, a, b: xp.kron(xp.transpose(a), b),
        lambda a, b: np.kron(a.T, b),
    ),
    OpCase(
        "reshape_of_moved_axes",
        _complex(2, 3, 4),
        lambda xp, a: xp.reshape(xp.moveaxis(a, 0, 2), (12, 2)),
        lambda a: np.moveaxis(a, 0, 2).reshape(12, 2),
    ),
    OpCase(
        "matmul_of_transposed",
        _pair(_complex(4, 3), _complex(4, 2)),
        lambda xp, a, b: xp.matmul(xp.transpose(a), b),
        lambda a, b: a.T @ b,
    ),
    OpCase(
        "take_of_transposed",
        _with_index(_complex(5, 3), [4, 0, 2]),
        lambda xp, a, i: xp.take(xp.transpose(a), xp.asarray(i), axis=1),
        lambda a, i: np.take(a.T, i, axis=1),
    ),
    OpCase(
        "broadcast_to",
        _complex(1, 4),
        lambda xp, a: xp.broadcast_to(a, (3, 4)),
        lambda a: np.broadcast_to(a, (3, 4)),
    ),
    OpCase(
        "take",
        _with_index(_complex(3, 5), [4, 0, 2, 2]),
        lambda xp, a, i: xp.take(a, xp.asarray(i), axis=1),
        lambda a, i: np.take(a, i, axis=1),
    ),
    OpCase(
        "take_last_axis",
        _with_index(_complex(2, 3, 4), [3, 1]),
        lambda xp, a, i: xp.take(a, xp.asarray(i), axis=-1),
        lambda a, i: np.take(a, i, axis=-1),
    ),
    # arithmetic and reduction
    OpCase("matmul", _pair(_complex(3, 4), _complex(4, 5)), lambda xp, a, b: xp.matmul(a, b), np.matmul),
    OpCase(
        "matmul_batched",
        _pair(_complex(2, 1, 3, 4), _complex(3, 4, 2)),
        lambda xp, a, b: xp.matmul(a, b),
        np.matmul,
    ),
    OpCase("matmul_real", _pair(_real(3, 4), _real(4)), lambda xp, a, b: xp.matmul(a, b), np.matmul),
    OpCase(
        "multiply_broadcast",
        _pair(_complex(2, 3), _complex(3)),
        lambda xp, a, b: xp.multiply(a, b),
        np.multiply,
    ),
    OpCase(
        "einsum_widened_gate",
        _pair(_complex(2, 2, 2), _complex(3, 3)),
        lambda xp, a, b: xp.einsum("bij,rs->birjs", a, b),
        lambda a, b: np.einsum("bij,rs->birjs", a, b),
    ),
    OpCase(
        "einsum_contraction",
        _pair(_complex(3, 4), _complex(4, 2)),
        lambda xp, a, b: xp.einsum("ij,jk->ik", a, b),
        lambda a, b: np.einsum("ij,jk->ik", a, b),
    ),
    OpCase(
        "tensordot",
        _pair(_complex(3, 4, 2), _complex(2, 4, 5)),
        lambda xp, a, b: xp.tensordot(a, b, axes=([1, 2], [1, 0])),
        lambda a, b: np.tensordot(a, b, axes=([1, 2], [1, 0])),
    ),
    OpCase("sum_all", _complex(3, 4), lambda xp, a: xp.sum(a), np.sum),
    OpCase("sum_axis", _real(3, 4, 5), lambda xp, a: xp.sum(a, axis=1), lambda a: a.sum(axis=1)),
    OpCase("sum_axes", _real(3, 4, 5), lambda xp, a: xp.sum(a, axis=(0, 2)), lambda a: a.sum(axis=(0, 2))),
    OpCase("mean", _real(3, 4), lambda xp, a: xp.mean(a, axis=0), lambda a: a.mean(axis=0)),
    OpCase("mean_all", _complex(3, 4), lambda xp, a: xp.mean(a), np.mean),
    OpCase("cumsum", _real(3, 6), lambda xp, a: xp.cumsum(a, axis=-1), lambda a: np.cumsum(a, axis=-1)),
    OpCase("abs", _complex(5), lambda xp, a: xp.abs(a), np.abs),
    OpCase("real", _complex(5), lambda xp, a: xp.real(a), np.real),
    OpCase("imag", _complex(5), lambda xp, a: xp.imag(a), np.imag),
    OpCase("conj", _complex(5), lambda xp, a: xp.conj(a), np.conj),
    OpCase("diag_of_vector", _complex(4), lambda xp, a: xp.diag(a), np.diag),
    OpCase("diag_of_matrix", _complex(4, 4), lambda xp, a: xp.diag(a), np.diag),
    OpCase("exp", _complex(5), lambda xp, a: xp.exp(a), np.exp),
    OpCase("sin", _real(5), lambda xp, a: xp.sin(a), np.sin),
    OpCase("cos", _real(5), lambda xp, a: xp.cos(a), np.cos),
    OpCase("sqrt", _real(5, positive=True), lambda xp, a: xp.sqrt(a), np.sqrt),
    OpCase("square", _complex(5), lambda xp, a: xp.square(a), np.square),
    OpCase("log", _real(5, positive=True), lambda xp, a: xp.log(a), np.log),
    OpCase("log2", _real(5, positive=True), lambda xp, a: xp.log2(a), np.log2),
    # linear algebra (factorisations compared through what they rebuild)
    OpCase("svd", _complex(4, 3), _svd_rebuilt, lambda a: a),
    OpCase("svd_values", _complex(4, 3), lambda xp, a: xp.svd(a)[1], lambda a: np.linalg.svd(a)[1]),
    OpCase("eigh", _hermitian(4), _eigh_rebuilt, lambda a: a),
    OpCase("eigh_values", _hermitian(4), lambda xp, a: xp.eigh(a)[0], lambda a: np.linalg.eigh(a)[0]),
    OpCase("norm", _complex(6), lambda xp, a: xp.norm(a), np.linalg.norm),
    OpCase("norm_axis", _complex(3, 6), lambda xp, a: xp.norm(a, axis=1), lambda a: np.linalg.norm(a, axis=1)),
    # the array operators and indexing the kernels use directly
    OpCase("operator_add", _pair(_complex(2, 3), _complex(3)), lambda xp, a, b: a + b, lambda a, b: a + b),
    OpCase("operator_subtract", _pair(_real(2, 3), _real(2, 3)), lambda xp, a, b: a - b, lambda a, b: a - b),
    OpCase("operator_multiply", _pair(_complex(2, 3), _complex(2, 3)), lambda xp, a, b: a * b, lambda a, b: a * b),
    OpCase("operator_divide", _pair(_real(4), _real(4, positive=True)), lambda xp, a, b: a / b, lambda a, b: a / b),
    OpCase("operator_matmul", _pair(_complex(2, 3), _complex(3, 2)), lambda xp, a, b: a @ b, lambda a, b: a @ b),
    OpCase("operator_negate", _complex(4), lambda xp, a: -a, lambda a: -a),
    OpCase("scalar_times_real_is_complex", _real(4), lambda xp, a: -1j * a, lambda a: -1j * a),
    OpCase("real_plus_python_float", _real(4), lambda xp, a: a / 2 + 0.25, lambda a: a / 2 + 0.25),
    OpCase("slice_new_axis", _complex(2, 4), lambda xp, a: a[..., :, None], lambda a: a[..., :, None]),
    OpCase("index_trailing", _complex(3, 2, 2), lambda xp, a: a[..., 0, 1], lambda a: a[..., 0, 1]),
    OpCase("slice_rows", _complex(4, 3), lambda xp, a: a[1:, 0], lambda a: a[1:, 0]),
]

OP_CASES: dict[str, OpCase] = {case.name: case for case in _CASES}
"""Every operation case by name (the ids of the kit's ``test_operation_matches_numpy``)."""
