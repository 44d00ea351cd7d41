"""Each Backend protocol operation on cupynumeric gives numpy's result, in the backend's dtype."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import cupynumeric as cn
import numpy as np
import pytest

from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.backends.protocol import Backend
from tyxq_cupynumeric.backend import CupynumericBackend

from .conftest import TOLERANCE

_rng = np.random.default_rng(11)
DATA = {
    "a": _rng.standard_normal((2, 3, 4)) + 1j * _rng.standard_normal((2, 3, 4)),
    "m": _rng.standard_normal((4, 4)) + 1j * _rng.standard_normal((4, 4)),
    "batch": _rng.standard_normal((3, 4, 4)) + 1j * _rng.standard_normal((3, 4, 4)),
    "v": _rng.standard_normal(6) + 1j * _rng.standard_normal(6),
    "x": _rng.uniform(0.5, 2.0, 6),
    "idx": np.array([3, 0, 2, 1]),
}

Case = Callable[[Any, dict[str, Any]], Any]
CASES: dict[str, Case] = {
    "array": lambda xp, d: xp.array([[1, 2j], [3, 4]]),
    "asarray": lambda xp, d: xp.asarray([0.5, 1.5], dtype="float32"),
    "zeros": lambda xp, d: xp.zeros((2, 3)),
    "ones": lambda xp, d: xp.ones((3,), dtype="float64"),
    "zeros_like": lambda xp, d: xp.zeros_like(d["m"]),
    "ones_like": lambda xp, d: xp.ones_like(d["x"]),
    "eye": lambda xp, d: xp.eye(3),
    "arange": lambda xp, d: xp.arange(5),
    "cast": lambda xp, d: xp.cast(d["x"], "complex64"),
    "copy": lambda xp, d: xp.copy(d["v"]),
    "reshape": lambda xp, d: xp.reshape(d["a"], (6, -1)),
    "moveaxis": lambda xp, d: xp.moveaxis(d["a"], 0, -1),
    "moveaxis_many": lambda xp, d: xp.moveaxis(d["a"], [0, 1], [2, 0]),
    "transpose": lambda xp, d: xp.transpose(d["a"], (2, 0, 1)),
    "stack": lambda xp, d: xp.stack([d["m"], d["m"] * 2], axis=-1),
    "concatenate": lambda xp, d: xp.concatenate([d["m"], d["m"]], axis=1),
    "kron": lambda xp, d: xp.kron(d["m"], xp.eye(2)),
    "kron_vectors": lambda xp, d: xp.kron(d["v"], d["x"]),
    "kron_mixed_axes": lambda xp, d: xp.kron(d["batch"], d["m"]),
    "broadcast_to": lambda xp, d: xp.broadcast_to(d["v"], (2, 6)),
    "take": lambda xp, d: xp.take(d["a"], d["idx"], axis=-1),
    "take_rows": lambda xp, d: xp.take(d["m"], d["idx"], axis=0),
    "matmul": lambda xp, d: xp.matmul(d["m"], d["a"][0].T),
    "matmul_batched_broadcast": lambda xp, d: xp.matmul(
        xp.reshape(d["batch"], (3, 1, 4, 4)), xp.reshape(d["a"][:1, :2], (1, 2, 4, 1))
    ),
    "matmul_matrix_by_stack": lambda xp, d: xp.matmul(d["m"], d["batch"]),
    "multiply_broadcast": lambda xp, d: xp.multiply(d["a"], xp.reshape(d["v"][:4], (1, 1, 4))),
    "multiply_shared_unit_axes": lambda xp, d: xp.multiply(
        xp.reshape(d["m"], (1, 1, 4, 4)), xp.reshape(d["v"][:4], (1, 1, 4, 1))
    ),
    "multiply_unit_against_full": lambda xp, d: xp.multiply(xp.reshape(d["m"], (1, 4, 4)), d["batch"]),
    "einsum_outer": lambda xp, d: xp.einsum("bij,rs->birjs", d["batch"], xp.eye(2)),
    "einsum_trace": lambda xp, d: xp.einsum("ii", d["m"]),
    "tensordot": lambda xp, d: xp.tensordot(d["a"], d["m"], axes=1),
    "sum": lambda xp, d: xp.sum(d["a"]),
    "sum_axes": lambda xp, d: xp.sum(d["a"], axis=[0, 2]),
    "mean": lambda xp, d: xp.mean(d["a"], axis=1),
    "cumsum": lambda xp, d: xp.cumsum(d["x"]),
    "abs": lambda xp, d: xp.abs(d["v"]),
    "real": lambda xp, d: xp.real(d["v"]),
    "imag": lambda xp, d: xp.imag(d["v"]),
    "conj": lambda xp, d: xp.conj(d["v"]),
    "diag": lambda xp, d: xp.diag(d["v"]),
    "diag_of_matrix": lambda xp, d: xp.diag(d["m"]),
    "exp": lambda xp, d: xp.exp(d["v"]),
    "sin": lambda xp, d: xp.sin(d["x"]),
    "cos": lambda xp, d: xp.cos(d["x"]),
    "sqrt": lambda xp, d: xp.sqrt(d["x"]),
    "square": lambda xp, d: xp.square(d["v"]),
    "log": lambda xp, d: xp.log(d["x"]),
    "log2": lambda xp, d: xp.log2(d["x"]),
    "norm": lambda xp, d: xp.norm(d["v"]),
    "norm_axis": lambda xp, d: xp.norm(d["m"], axis=1),
    "eigh_values": lambda xp, d: xp.eigh(d["m"] + xp.conj(xp.transpose(d["m"])))[0],
    "svd_values": lambda xp, d: xp.svd(d["m"])[1],
    "bincount": lambda xp, d: xp.bincount(d["idx"], minlength=6),
    "nonzero": lambda xp, d: xp.nonzero(xp.asarray([0, 2, 0, 1])),
    "from_dlpack": lambda xp, d: xp.from_dlpack(np.arange(4.0)),
}


def _on(xp: Any) -> dict[str, Any]:
    return {key: xp.asarray(value) for key, value in DATA.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_operation_matches_numpy(case: str, backend: CupynumericBackend, dtype: str) -> None:
    expected = CASES[case](NumpyBackend(dtype=dtype), _on(NumpyBackend(dtype=dtype)))
    result = CASES[case](backend, _on(backend))
    assert isinstance(result, cn.ndarray)
    assert result.dtype == expected.dtype
    np.testing.assert_allclose(backend.to_numpy(result), expected, rtol=TOLERANCE[dtype], atol=TOLERANCE[dtype])


def test_backend_has_every_protocol_method_with_its_signature(backend: CupynumericBackend) -> None:
    assert isinstance(backend, Backend)
    for name, member in inspect.getmembers(Backend, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        assert list(inspect.signature(getattr(CupynumericBackend, name)).parameters) == expected, name


def test_svd_reconstructs_the_matrix(backend: CupynumericBackend, dtype: str) -> None:
    m = backend.asarray(DATA["m"])
    u, s, vh = backend.svd(m)
    rebuilt = backend.matmul(u * backend.cast(s, dtype), vh)
    np.testing.assert_allclose(backend.to_numpy(rebuilt), DATA["m"], atol=100 * TOLERANCE[dtype])


def test_eigh_diagonalises_a_hermitian_matrix(backend: CupynumericBackend, dtype: str) -> None:
    h = DATA["m"] + DATA["m"].conj().T
    values, vectors = backend.eigh(backend.asarray(h))
    rebuilt = backend.to_numpy(vectors) @ np.diag(backend.to_numpy(values)) @ backend.to_numpy(vectors).conj().T
    np.testing.assert_allclose(rebuilt, h, atol=100 * TOLERANCE[dtype])


def test_creation_defaults_to_the_backend_dtype(backend: CupynumericBackend, dtype: str) -> None:
    assert {backend.zeros((2,)).dtype.name, backend.ones((2,)).dtype.name, backend.eye(2).dtype.name} == {dtype}
    assert backend.asarray(DATA["v"], dtype=dtype).dtype.name == dtype


def test_take_writes_into_out(backend: CupynumericBackend, dtype: str) -> None:
    a = backend.asarray(DATA["m"], dtype=dtype)
    out = backend.zeros((4, 4))
    result = backend.take(a, backend.asarray(DATA["idx"]), axis=1, out=out)
    np.testing.assert_array_equal(backend.to_numpy(out), DATA["m"][:, DATA["idx"]].astype(out.dtype))
    assert result is out


def test_matmul_and_multiply_write_into_out(backend: CupynumericBackend, dtype: str) -> None:
    m = backend.asarray(DATA["m"], dtype=dtype)
    out = backend.zeros((4, 4))
    backend.matmul(m, m, out=out)
    np.testing.assert_allclose(backend.to_numpy(out), (DATA["m"] @ DATA["m"]).astype(out.dtype), rtol=1e-5)
    backend.multiply(m, m, out=out)
    np.testing.assert_allclose(backend.to_numpy(out), (DATA["m"] * DATA["m"]).astype(out.dtype), rtol=1e-5)


def test_multiply_over_shared_unit_axes_writes_into_out(backend: CupynumericBackend, dtype: str) -> None:
    state = backend.asarray(np.arange(16).reshape(1, 1, 4, 4), dtype=dtype)
    diagonal = backend.asarray(np.array([1, -1, 2, 0]).reshape(1, 1, 4, 1), dtype=dtype)
    result = backend.multiply(state, diagonal, out=state)
    expected = np.arange(16).reshape(1, 1, 4, 4) * np.array([1, -1, 2, 0]).reshape(1, 1, 4, 1)
    assert result is state
    np.testing.assert_array_equal(backend.to_numpy(state), expected)


def test_writable_tells_broadcast_views_apart(backend: CupynumericBackend) -> None:
    assert backend.writable(backend.zeros((2, 3)))
    assert not backend.writable(backend.broadcast_to(backend.zeros((1, 3)), (2, 3)))


def test_all_finite_reads_the_values(backend: CupynumericBackend) -> None:
    assert backend.all_finite(backend.asarray([1.0, 2.0])) is True
    assert backend.all_finite(backend.asarray([1.0, np.nan])) is False


def test_shape_and_dtype_name(backend: CupynumericBackend) -> None:
    a = backend.zeros((2, 5), dtype="float32")
    assert backend.shape(a) == (2, 5)
    assert backend.dtype_name(a) == "float32"
    assert backend.is_array(a) and not backend.is_array(np.zeros(2))
