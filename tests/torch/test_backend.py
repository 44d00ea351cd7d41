"""The Backend protocol on torch tensors: in-place safety, sampling, errors, DLPack exchange."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tyxq
from tyxq_torch.backend import TorchBackend


def test_a_tensor_autograd_records_is_not_writable() -> None:
    backend = TorchBackend()
    tracked = torch.ones(3, requires_grad=True) * 2
    assert not backend.writable(tracked)
    with torch.no_grad():
        assert backend.writable(tracked)  # nothing is being recorded now
    assert backend.writable(torch.ones(3))


def test_a_tensor_traced_by_vmap_is_not_writable() -> None:
    backend = TorchBackend()
    seen = []
    torch.func.vmap(lambda row: seen.append(backend.writable(row)) or row)(torch.ones(2, 3))
    assert seen == [False]


def test_states_written_in_place_keep_gradients_exact(backend128: tyxq.backends.Backend) -> None:
    # the constant Hadamard layer runs in place on untracked states, the rotation after it is recorded
    theta = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    circuit = tyxq.Circuit(3).h(range(3)).cnot(0, 1).ry(2, theta).cnot(1, 2)
    value = tyxq.expectation(circuit, tyxq.X(2))
    value.backward()
    # ⟨X2⟩ after H, CNOT, RY(θ) on |+⟩, CNOT(1,2): the last CNOT leaves ⟨X2⟩ = ⟨X⟩ of RY(θ)|+⟩ = cos θ
    torch.testing.assert_close(value, torch.cos(theta.detach()))
    torch.testing.assert_close(theta.grad, -torch.sin(theta.detach()))


def test_an_in_place_run_matches_a_recorded_run(backend128: tyxq.backends.Backend) -> None:
    def state(theta: torch.Tensor) -> torch.Tensor:
        return tyxq.state(tyxq.Circuit(4).h(range(4)).cnot(0, 3).rz(1, theta).rx(range(4), 0.3).swap(0, 2))

    theta = torch.tensor(0.4, dtype=torch.float64)
    recorded = state(theta.clone().requires_grad_())
    with torch.no_grad():
        in_place = state(theta)
    torch.testing.assert_close(in_place, recorded.detach())


def test_sampling_is_reproducible_with_a_seed(backend: tyxq.backends.Backend) -> None:
    circuit = tyxq.Circuit(3).h(0).h(1).cnot(0, 2)
    first = tyxq.counts(circuit, 2000, seed=11)
    assert first == tyxq.counts(circuit, 2000, seed=11)
    assert set(first) == {"000", "010", "101", "111"}  # CNOT(0, 2) copies qubit 0 onto qubit 2
    assert abs(first["000"] - 500) < 120


def test_a_complex_angle_is_refused(backend128: tyxq.backends.Backend) -> None:
    with pytest.raises(tyxq.ParameterError, match="complex"):
        tyxq.state(tyxq.Circuit(1).rx(0, torch.tensor([0.1 + 1j, 0.2])))


def test_a_nan_angle_is_refused_and_named(backend128: tyxq.backends.Backend) -> None:
    angles = torch.tensor([0.1, float("nan")], dtype=torch.float64)
    with pytest.raises(tyxq.ParameterError, match=r"parameter 0 of ry \(operation 1\) contains NaN"):
        tyxq.state(tyxq.Circuit(2).rx(0, 0.2).ry(1, angles))


def test_host_arrays_from_dlpack_share_memory() -> None:
    backend = TorchBackend(dtype="complex64")
    host = np.zeros(4, dtype=np.complex64)
    tensor = backend.from_dlpack(host)
    host[2] = 3 + 1j
    assert tensor[2].item() == 3 + 1j
    assert tensor.data_ptr() == host.ctypes.data


def test_cpu_tensors_reach_numpy_without_a_copy() -> None:
    backend = TorchBackend()
    tensor = torch.zeros(3, dtype=torch.complex128)
    through_dlpack = np.from_dlpack(tensor)
    through_protocol = backend.to_numpy(tensor)
    tensor[1] = 5
    assert through_dlpack[1] == 5 and through_protocol[1] == 5


def test_a_numpy_backend_state_moves_to_torch_through_dlpack() -> None:
    with tyxq.use_backend("numpy"):
        state = tyxq.state(tyxq.Circuit(2).h(0).cnot(0, 1))
    tensor = TorchBackend().from_dlpack(state)
    assert tensor.dtype == torch.complex128 and tensor.data_ptr() == state.ctypes.data


@pytest.mark.cuda
def test_host_data_from_dlpack_is_copied_onto_the_gpu() -> None:
    backend = TorchBackend(device="cuda")
    tensor = backend.from_dlpack(np.arange(4.0))
    assert tensor.device.type == "cuda" and tensor.tolist() == [0.0, 1.0, 2.0, 3.0]


@pytest.mark.cuda
def test_gpu_tensors_from_dlpack_share_memory() -> None:
    backend = TorchBackend(device="cuda")
    source = torch.zeros(4, device="cuda")
    tensor = backend.from_dlpack(source)
    source[1] = 7
    assert tensor.data_ptr() == source.data_ptr() and tensor[1].item() == 7


def test_a_tensor_that_requires_grad_on_the_numpy_backend_is_refused_naming_the_torch_backend() -> None:
    theta = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    with tyxq.use_backend("numpy"):
        message = r"rx has a torch Tensor that requires grad, but the active backend is 'numpy'.*set_backend\(.torch.\)"
        with pytest.raises(tyxq.BackendError, match=message):
            tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Z(0))
        initial = torch.tensor([1.0, 0.0], dtype=torch.complex128, requires_grad=True)
        with pytest.raises(tyxq.BackendError, match="the initial state has a torch Tensor that requires grad"):
            tyxq.state(tyxq.Circuit(1, initial))
        # a tensor autograd does not track is read as a NumPy array: the documented conversion
        value = tyxq.expectation(tyxq.Circuit(1).rx(0, theta.detach()), tyxq.Z(0))
    assert isinstance(value, np.ndarray) and abs(float(value) - np.cos(0.3)) < 1e-12
    with tyxq.use_backend("torch", dtype="complex128"):  # where the message sends the user, the gradient flows
        tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Z(0)).backward()
    assert abs(float(theta.grad) + np.sin(0.3)) < 1e-12
