"""Legate arrays have at most six axes: declared, and refused with a clear error instead of an abort."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.gates import GATES
from tyxq.plugins import get_plugin_manager
from tyxq_cupynumeric.backend import CupynumericBackend


def test_capabilities_declare_six_axes(backend: CupynumericBackend) -> None:
    assert backend.capabilities.max_dims == 6
    assert get_plugin_manager().get("backend", "cupynumeric").record.capabilities.max_dims == 6


def test_a_seven_axis_reshape_is_refused(backend: CupynumericBackend) -> None:
    with pytest.raises(tyxq.CapabilityError, match="at most 6 axes"):
        backend.reshape(backend.zeros((128,)), (2,) * 7)


def test_a_seven_axis_broadcast_is_refused(backend: CupynumericBackend) -> None:
    with pytest.raises(tyxq.CapabilityError, match="at most 6 axes"):
        backend.broadcast_to(backend.zeros((2,)), (1,) * 6 + (2,))


def test_stacking_six_axis_arrays_is_refused(backend: CupynumericBackend) -> None:
    six = backend.zeros((1,) * 6)
    with pytest.raises(tyxq.CapabilityError, match="at most 6 axes"):
        backend.stack([six, six])


def test_a_seven_axis_einsum_is_refused(backend: CupynumericBackend) -> None:
    a = backend.zeros((2, 2, 2))
    with pytest.raises(tyxq.CapabilityError, match="at most 6 axes"):
        backend.einsum("abc,def,g->abcdefg", a, a, backend.zeros((2,)))


def test_kron_of_four_axis_operands_is_refused(backend: CupynumericBackend) -> None:
    four = backend.zeros((1, 1, 2, 2))
    with pytest.raises(tyxq.CapabilityError, match="reshape the operands"):
        backend.kron(four, four)


def test_kron_of_three_axis_operands_matches_numpy(backend: CupynumericBackend) -> None:
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((2, 3, 2)), rng.standard_normal((3, 1, 2))
    np.testing.assert_allclose(backend.to_numpy(backend.kron(backend.asarray(a), backend.asarray(b))), np.kron(a, b))


N_WIDE = 17  # wide enough for apply_diagonal's six-axis view of a far-apart pair


@pytest.fixture(scope="module")
def wide_inputs() -> np.ndarray:
    rng = np.random.default_rng(8)
    psi = rng.standard_normal((2, 2**N_WIDE)) + 1j * rng.standard_normal((2, 2**N_WIDE))
    return psi / np.linalg.norm(psi, axis=1, keepdims=True)


@pytest.mark.parametrize("batched", [False, True], ids=["unbatched", "batched"])
@pytest.mark.parametrize("gate", sorted(GATES))
def test_every_gate_runs_within_legates_axes_on_a_wide_register(
    gate: str, batched: bool, wide_inputs: np.ndarray
) -> None:
    spec = GATES[gate]
    qubits = (N_WIDE - 1, 0, N_WIDE // 2, 1)[: spec.n_qubits]
    params = [np.array([0.4, -2.0]) if batched else 1.3 for _ in range(spec.n_params)]
    circuit = tyxq.Circuit(N_WIDE, inputs=wide_inputs if batched else wide_inputs[0])
    circuit.apply(gate, *qubits, params=params)
    with tyxq.use_backend("cupynumeric") as backend:
        result = backend.to_numpy(tyxq.state(circuit))
    np.testing.assert_allclose(result, tyxq.state(circuit), atol=1e-12)
