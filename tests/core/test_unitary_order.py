"""``Circuit.unitary`` takes the qubits first, like every other method; the old order is a named error."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq

SWAP = np.eye(4)[[0, 2, 1, 3]]


def test_qubits_first_applies_the_matrix() -> None:
    c = tyxq.Circuit(2).x(0).unitary([0, 1], SWAP)
    np.testing.assert_allclose(tyxq.probabilities(c), [0, 1, 0, 0], atol=1e-12)


@pytest.mark.parametrize(
    ("matrix", "qubits"),
    [(SWAP, [0, 1]), (SWAP.tolist(), (0, 1)), (np.eye(2), 0), (np.stack([np.eye(2)] * 3), 1)],
)
def test_the_old_order_says_the_order_changed(matrix: object, qubits: object) -> None:
    with pytest.raises(
        tyxq.ArgumentOrderError, match=r"unitary takes the qubits first .* circuit.unitary\(qubits, matrix\)"
    ):
        tyxq.Circuit(2).unitary(matrix, qubits)  # type: ignore[arg-type]


def test_the_order_error_is_a_type_error_and_a_tyxq_error() -> None:
    assert issubclass(tyxq.ArgumentOrderError, TypeError) and issubclass(tyxq.ArgumentOrderError, tyxq.TyxqError)
