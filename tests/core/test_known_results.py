"""Circuits whose outputs are known in closed form: Bell and GHZ states, the QFT."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq


def ghz(n: int) -> tyxq.Circuit:
    circuit = tyxq.Circuit(n).h(0)
    for q in range(n - 1):
        circuit.cnot(q, q + 1)
    return circuit


def qft(n: int, basis_state: int) -> tyxq.Circuit:
    """Textbook QFT (qubit 0 = most significant bit) applied to ``|basis_state⟩``."""
    circuit = tyxq.Circuit(n)
    for q in range(n):
        if basis_state >> (n - 1 - q) & 1:
            circuit.x(q)
    for q in range(n):
        circuit.h(q)
        for k, control in enumerate(range(q + 1, n), start=2):
            circuit.cphase(control, q, 2 * np.pi / 2**k)
    for q in range(n // 2):
        circuit.swap(q, n - 1 - q)
    return circuit


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (0, 0, [1, 0, 0, 1]),
        (0, 1, [0, 1, 1, 0]),
        (1, 0, [1, 0, 0, -1]),
        (1, 1, [0, 1, -1, 0]),
    ],
)
def test_the_four_bell_states(first: int, second: int, expected: list[int]) -> None:
    circuit = tyxq.Circuit(2)
    if first:
        circuit.x(0)
    if second:
        circuit.x(1)
    circuit.h(0).cnot(0, 1)
    np.testing.assert_allclose(tyxq.state(circuit), np.array(expected) / np.sqrt(2), atol=1e-12)


@pytest.mark.parametrize("n", [2, 3, 5, 8, 12])
def test_ghz_state_has_two_equal_amplitudes(n: int) -> None:
    expected = np.zeros(2**n)
    expected[[0, -1]] = 1 / np.sqrt(2)
    np.testing.assert_allclose(tyxq.state(ghz(n)), expected, atol=1e-12)


@pytest.mark.parametrize("n", [3, 6])
def test_ghz_state_correlations(n: int) -> None:
    circuit = ghz(n)
    assert float(tyxq.expectation(circuit, tyxq.Z(0) @ tyxq.Z(n - 1))) == pytest.approx(1.0, abs=1e-12)
    assert float(tyxq.expectation(circuit, "X" * n)) == pytest.approx(1.0, abs=1e-12)
    assert float(tyxq.expectation(circuit, tyxq.Z(0))) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_qft_of_every_basis_state_is_a_column_of_the_dft(n: int) -> None:
    dim = 2**n
    k = np.arange(dim)
    for j in range(dim):
        expected = np.exp(2j * np.pi * j * k / dim) / np.sqrt(dim)
        np.testing.assert_allclose(tyxq.state(qft(n, j)), expected, atol=1e-12)


def test_inverse_qft_undoes_the_qft() -> None:
    circuit = qft(4, 11)
    undone = circuit.copy().append(qft(4, 0).inverse())
    expected = np.zeros(16)
    expected[11] = 1
    np.testing.assert_allclose(tyxq.state(undone), expected, atol=1e-12)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_qft_keeps_the_dtype(dtype: str) -> None:
    with tyxq.use_backend("numpy", dtype=dtype):
        state = tyxq.state(qft(4, 5))
    assert state.dtype == np.dtype(dtype)
    np.testing.assert_allclose(state, np.exp(2j * np.pi * 5 * np.arange(16) / 16) / 4, atol=1e-6)
