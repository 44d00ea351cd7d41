"""DLPack exchange with numpy and torch shares memory when the devices agree (here, the CPU)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tyxq
from tyxq_cupynumeric.backend import CupynumericBackend

pytestmark = pytest.mark.parametrize("dtype", ["complex128"])


def test_numpy_array_imported_without_copy(backend: CupynumericBackend) -> None:
    host = np.arange(4.0)
    shared = backend.from_dlpack(host)
    host[1] = 42.0
    assert float(shared[1]) == 42.0


def test_numpy_reads_a_cupynumeric_array_without_copy_on_cpus(backend: CupynumericBackend) -> None:
    array = backend.zeros((3,), dtype="float64")
    if backend.device != "cpu":  # GPU memory: numpy gets a host copy
        np.testing.assert_array_equal(backend.to_numpy(array), np.zeros(3))
        return
    view = np.from_dlpack(array)
    array[2] = 7.0
    assert view[2] == 7.0


def test_torch_tensor_imported_without_copy(backend: CupynumericBackend) -> None:
    tensor = torch.zeros(3, dtype=torch.complex128)
    shared = backend.from_dlpack(tensor)
    tensor[0] = 1 + 2j
    assert complex(shared[0]) == 1 + 2j
    assert shared.dtype.name == "complex128"


def test_torch_reads_a_final_state_without_copy(backend: CupynumericBackend) -> None:
    state = tyxq.state(tyxq.Circuit(2).h(0).cnot(0, 1))
    tensor = torch.from_dlpack(state)
    np.testing.assert_allclose(tensor.numpy(), np.array([1, 0, 0, 1]) / np.sqrt(2), atol=1e-12)
    state[3] = 0.0
    assert complex(tensor[3]) == 0.0
