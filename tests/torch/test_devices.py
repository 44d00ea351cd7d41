"""Devices and dtypes: what the backend was asked for is what it computes in, and mismatches are clear errors."""

from __future__ import annotations

import pytest
import torch

import tyxq
from tyxq_torch.backend import TorchBackend

from .conftest import CUDA_AVAILABLE


def test_a_dtype_tyxq_does_not_compute_in_is_refused() -> None:
    with pytest.raises(tyxq.BackendError, match='dtype="complex64"'):
        tyxq.set_backend("torch", dtype="float16")


@pytest.mark.skipif(CUDA_AVAILABLE, reason="checks the error raised where there is no GPU")
def test_cuda_without_a_gpu_is_a_clear_error() -> None:
    with pytest.raises(tyxq.BackendError, match=r"device='cuda'.*use device=\"cpu\""):
        TorchBackend(device="cuda")


@pytest.mark.parametrize("device", ["meta", "tpu", "not a device"])
def test_devices_tyxq_does_not_compute_on_are_refused(device: str) -> None:
    with pytest.raises(tyxq.BackendError, match="device"):
        TorchBackend(device=device)


def test_a_parameter_on_another_device_is_refused() -> None:
    angle = torch.zeros((), device="meta")
    with tyxq.use_backend("torch"), pytest.raises(tyxq.BackendError, match=r"move it first with tensor\.to"):
        tyxq.state(tyxq.Circuit(1).rx(0, angle))


def test_an_input_state_on_another_device_is_refused() -> None:
    inputs = torch.zeros(2, dtype=torch.complex128, device="meta")
    with tyxq.use_backend("torch"), pytest.raises(tyxq.BackendError, match="meta"):
        tyxq.state(tyxq.Circuit(1, inputs=inputs).h(0))


@pytest.mark.cuda
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_every_array_of_a_cuda_run_stays_on_the_gpu_in_its_dtype(dtype: str) -> None:
    angles = torch.linspace(0, 1, 5, device="cuda", dtype=torch.float64, requires_grad=True)
    with tyxq.use_backend("torch", dtype=dtype, device="cuda") as backend:
        circuit = tyxq.Circuit(3).h(range(3)).rx(0, angles).cnot(0, 1).rzz(1, 2, angles).ry(2, 0.3)
        state = tyxq.state(circuit)
        value = tyxq.expectation(circuit, tyxq.X(0) + tyxq.Z(1) @ tyxq.Z(2)).sum()
        value.backward()
    assert state.device.type == "cuda" and state.dtype == getattr(torch, dtype)
    assert value.device.type == "cuda" and value.dtype == backend.real_dtype and angles.grad.device.type == "cuda"


@pytest.mark.cuda
def test_a_cpu_tensor_on_a_cuda_backend_is_refused() -> None:
    with tyxq.use_backend("torch", device="cuda"), pytest.raises(tyxq.BackendError, match="cpu"):
        tyxq.state(tyxq.Circuit(1).rx(0, torch.tensor(0.3)))


@pytest.mark.cuda
def test_a_cuda_index_beyond_the_gpus_present_is_refused() -> None:
    with pytest.raises(tyxq.BackendError, match="CUDA device"):
        TorchBackend(device=f"cuda:{torch.cuda.device_count()}")


@pytest.mark.cuda
def test_cuda_gradients_match_the_cpu_ones() -> None:
    def energy(device: str) -> torch.Tensor:
        theta = torch.tensor([0.3, -1.1, 0.7], dtype=torch.float64, device=device, requires_grad=True)
        with tyxq.use_backend("torch", device=device):
            circuit = tyxq.Circuit(3).ry(0, theta[0]).cnot(0, 1).rx(1, theta[1]).crz(1, 2, theta[2]).h(2)
            tyxq.expectation(circuit, tyxq.X(2) @ tyxq.Y(0) + tyxq.Z(1)).backward()
        return theta.grad.cpu()

    torch.testing.assert_close(energy("cuda"), energy("cpu"), atol=1e-10, rtol=0)
