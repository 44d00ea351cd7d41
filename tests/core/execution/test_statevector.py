"""The statevector mode against the dense reference, through the tyxq.expectation and probabilities verbs."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

from ..backend_matrix import active, host, on
from ..gradients.random_cases import random_case


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
    np.testing.assert_allclose(host(backend, probs), case.reference_probabilities(p, tuple(qubits)), atol=1e-12)


def test_the_exact_mode_refuses_a_shot_count() -> None:
    with pytest.raises(tyxq.ShotsError, match=r'takes no shots.*mode="shots"'):
        tyxq.expectation(tyxq.Circuit(1), tyxq.Z(0), mode="statevector", shots=100)
