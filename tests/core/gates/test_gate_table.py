"""The chemistry and hardware gates: their matrices, aliases, inverses and shift rules."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.gates import GATES

from ..reference import gate_matrix
from .dense import circuit_matrix

NEW = ["single_excitation", "double_excitation", "fsim", "iswap_pow", "sqrt_iswap", "sqrt_iswapdg", "u2", "ecr"]
ANGLES = (0.7, -1.3)


@pytest.mark.parametrize("name", NEW)
def test_new_gate_matrix_is_the_reference_matrix(name: str) -> None:
    spec = GATES[name]
    params = ANGLES[: spec.n_params]
    built = spec.matrix(tyxq.get_backend(), params)
    np.testing.assert_allclose(built, gate_matrix(name, params), atol=1e-12)


@pytest.mark.parametrize("name", NEW)
def test_new_gate_in_a_circuit_acts_as_its_matrix_on_reversed_qubits(name: str) -> None:
    spec = GATES[name]
    params = ANGLES[: spec.n_params]
    qubits = tuple(reversed(range(spec.n_qubits)))
    matrix = circuit_matrix(tyxq.Circuit(spec.n_qubits).apply(name, *qubits, params=params))
    reference = gate_matrix(name, params)
    permuted = circuit_matrix(tyxq.Circuit(spec.n_qubits).unitary(list(qubits), reference))
    np.testing.assert_allclose(matrix, permuted, atol=1e-12)


@pytest.mark.parametrize("name", NEW)
def test_inverse_of_new_gate_undoes_it(name: str) -> None:
    spec = GATES[name]
    c = tyxq.Circuit(spec.n_qubits).apply(name, *range(spec.n_qubits), params=ANGLES[: spec.n_params])
    np.testing.assert_allclose(circuit_matrix(c.copy().append(c.inverse())), np.eye(2**spec.n_qubits), atol=1e-12)


@pytest.mark.parametrize(("alias", "name"), [("ising_xx", "rxx"), ("ising_yy", "ryy"), ("ising_zz", "rzz")])
def test_ising_gates_are_the_two_qubit_rotations(alias: str, name: str) -> None:
    assert [op.name for op in getattr(tyxq.Circuit(2), alias)(0, 1, 0.3)] == [name]


def test_givens_rotations_conserve_the_number_of_ones() -> None:
    for name in ("single_excitation", "double_excitation"):
        matrix = GATES[name].matrix(tyxq.get_backend(), [0.9])
        ones = np.array([bin(i).count("1") for i in range(len(matrix))])
        moved = np.abs(matrix) > 1e-12
        assert np.all(ones[:, None] == ones[None, :], where=moved)


@pytest.mark.parametrize(
    ("spectrum", "terms"), [((-0.5, 0.5), 2), ((-0.5, 0.0, 0.5), 4), ((-1.0, 0.0, 1.0), 4), ((0.0, 1.0, 3.0), 6)]
)
def test_shift_rule_differentiates_every_trigonometric_polynomial_of_its_spectrum(spectrum, terms) -> None:
    rule = tyxq.gates.shift_rule(spectrum)
    rng = np.random.default_rng(len(spectrum))
    frequencies = sorted({a - b for a in spectrum for b in spectrum if a > b})
    a, b = rng.normal(size=len(frequencies)), rng.normal(size=len(frequencies))

    def f(x: float) -> float:
        return float(sum(ak * np.cos(w * x) + bk * np.sin(w * x) for w, ak, bk in zip(frequencies, a, b, strict=True)))

    exact = sum(w * (-ak * np.sin(w * 0.3) + bk * np.cos(w * 0.3)) for w, ak, bk in zip(frequencies, a, b, strict=True))
    assert len(rule) == terms
    assert sum(c * f(0.3 + s) for c, s in rule) == pytest.approx(exact, abs=1e-12)


def test_incommensurate_spectrum_has_no_shift_rule_and_says_which_methods_serve() -> None:
    with pytest.raises(tyxq.ShiftRuleError, match=r"adjoint.*autograd"):
        tyxq.gates.shift_rule((0.0, 1.0, 1 + np.sqrt(2)))


@pytest.mark.parametrize("name", sorted(n for n, spec in GATES.items() if spec.n_params))
def test_every_table_rule_is_the_rule_of_its_generators_spectrum(name: str) -> None:
    spec = GATES[name]
    for j in range(spec.n_params):
        derived = tyxq.gates.shift_rule(spec.eigenvalues(j))
        assert sorted(np.round(spec.shift_rules[j], 12).tolist()) == sorted(np.round(derived, 12).tolist())
