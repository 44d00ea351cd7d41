"""The statevector mode against the dense reference, through the tyxq.expectation and probabilities verbs."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on
from ..gradients.random_cases import random_case
from ..reference import full_operator, gate_matrix


def reference_state(case, p: np.ndarray) -> np.ndarray:
    psi = np.zeros(2**case.n, dtype=complex)
    psi[0] = 1
    if case.initial is not None:
        psi = case.initial.astype(complex)
    matrices = iter(case.matrices)
    for name, qubits, maps in case.gates:
        matrix = (
            next(matrices)
            if name == "unitary"
            else gate_matrix(
                name, tuple(m.offset if m.index is None else m.scale * p[m.index] + m.offset for m in maps)
            )
        )
        psi = full_operator(case.n, qubits, matrix) @ psi
    return psi


@pytest.mark.parametrize("seed", range(8))
def test_batched_expectations_match_the_dense_reference(backend_name: str, seed: int) -> None:
    case = random_case(seed)
    p = np.random.default_rng(seed).uniform(-2, 2, (3, case.n_params))
    with active(backend_name) as backend:
        values = tyxq.expectation(case.circuit(on(backend, p)), case.observable, mode="statevector")
    np.testing.assert_allclose(host(backend, values), [case.reference_energy(row) for row in p], atol=1e-10)


@pytest.mark.parametrize("seed", range(8))
def test_probabilities_of_chosen_qubits_match_the_dense_reference(backend_name: str, seed: int) -> None:
    case = random_case(seed)
    p = np.random.default_rng(seed).uniform(-2, 2, case.n_params)
    qubits = list(np.random.default_rng(seed).permutation(case.n)[: max(1, case.n - 1)])
    with active(backend_name) as backend:
        probs = tyxq.probabilities(case.circuit(on(backend, p)), qubits=qubits, mode="statevector")
    full = np.abs(reference_state(case, p).reshape([2] * case.n)) ** 2
    others = tuple(q for q in range(case.n) if q not in qubits)
    expected = np.transpose(full.sum(axis=others), np.argsort(np.argsort(qubits)))
    np.testing.assert_allclose(host(backend, probs), expected.reshape(-1), atol=1e-12)


def test_the_exact_mode_refuses_a_shot_count() -> None:
    with pytest.raises(tyxq.ShotsError, match=r'takes no shots.*mode="shots"'):
        tyxq.expectation(tyxq.Circuit(1), tyxq.Z(0), mode="statevector", shots=100)
