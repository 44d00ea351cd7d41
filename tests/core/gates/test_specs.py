"""tyxq.specs: counts, depth, parameters, batch and memory, without simulating."""

from __future__ import annotations

import numpy as np

import tyxq


def test_specs_of_a_batched_circuit() -> None:
    circuit = tyxq.Circuit(4).h(range(4)).ry(0, np.zeros(5)).cnot(0, 1).mcx([0, 1, 2], 3).fsim(2, 3, 0.1, 0.2)
    s = tyxq.specs(circuit)
    assert (s.n_qubits, s.n_operations, s.depth) == (4, 8, 5)
    assert s.gate_counts == {"h": 4, "ry": 1, "cnot": 1, "ctrl[111]:x": 1, "fsim": 1}
    assert s.arity_counts == {1: 5, 2: 2, 4: 1}
    assert s.n_params == 3 and s.batch_size == 5
    assert s.statevector_bytes == 5 * 16 * 16 and s.density_matrix_bytes == 5 * 16 * 256


def test_memory_in_single_precision_is_half() -> None:
    s = tyxq.specs(tyxq.Circuit(20), dtype="complex64")
    assert s.statevector_bytes == 8 * 2**20
    assert "statevector 8.0 MiB, density matrix 8.0 TiB" in str(s)
