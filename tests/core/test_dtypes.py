"""complex64 and complex128 are honoured end to end: states, probabilities, expectations, whatever the inputs."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from .reference import H

REAL = {"complex64": np.float32, "complex128": np.float64}


def mixed_circuit(batched: bool) -> tyxq.Circuit:
    """float64 and float32 angles, a complex128 matrix and every kind of kernel step."""
    angles = np.array([0.1, 0.2, 0.3]) if batched else 0.1
    return (
        tyxq.Circuit(3)
        .h(range(3))
        .rx(0, angles)
        .ry(1, np.float32(0.4))
        .rzz(0, 2, 0.5)
        .cnot(1, 2)
        .unitary([2, 0], np.kron(H, H).astype(np.complex128))
    )


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_state_is_in_the_backend_dtype(dtype: str, batched: bool) -> None:
    with tyxq.use_backend("numpy", dtype=dtype):
        assert tyxq.state(mixed_circuit(batched)).dtype == np.dtype(dtype)


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_probabilities_are_in_the_real_dtype(dtype: str, batched: bool) -> None:
    with tyxq.use_backend("numpy", dtype=dtype):
        circuit = mixed_circuit(batched)
        assert tyxq.probabilities(circuit).dtype == REAL[dtype]
        assert tyxq.probabilities(circuit, qubits=[2, 0]).dtype == REAL[dtype]


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_expectations_are_in_the_real_dtype(dtype: str, batched: bool) -> None:
    with tyxq.use_backend("numpy", dtype=dtype):
        value = tyxq.expectation(mixed_circuit(batched), tyxq.Z(0) @ tyxq.X(1) + 0.25 * tyxq.Y(2) - 0.5)
    assert np.asarray(value).dtype == REAL[dtype]


def test_complex64_and_complex128_agree_to_single_precision() -> None:
    with tyxq.use_backend("numpy", dtype="complex64"):
        single = tyxq.state(mixed_circuit(True))
    with tyxq.use_backend("numpy", dtype="complex128"):
        double = tyxq.state(mixed_circuit(True))
    np.testing.assert_allclose(single, double, atol=1e-6)


def test_complex128_inputs_are_cast_to_a_complex64_backend() -> None:
    inputs = np.full(4, 0.5, dtype=np.complex128)
    with tyxq.use_backend("numpy", dtype="complex64"):
        state = tyxq.state(tyxq.Circuit(2, inputs=inputs).h(0))
    assert state.dtype == np.complex64
    np.testing.assert_allclose(state, [2**-0.5, 2**-0.5, 0, 0], atol=1e-6)
