"""Layered ansätze against dense references written here (PennyLane's definitions, multiplied out)."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq import templates

from ..reference import X, Y, Z, expm_pauli, full_operator

RNG = np.random.default_rng(11)
CNOT = np.eye(4)[[0, 1, 3, 2]].astype(complex)
CZ = np.diag([1, 1, 1, -1]).astype(complex)


def ry(t):
    return expm_pauli(Y, t)


def rz(t):
    return expm_pauli(Z, t)


def rx(t):
    return expm_pauli(X, t)


def rot(w):
    return rz(w[2]) @ ry(w[1]) @ rz(w[0])


def zero(n):
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    return psi


def test_strongly_entangling_matches_pennylane_definition():
    n, layers = 4, 3
    w = RNG.uniform(-np.pi, np.pi, templates.strongly_entangling_shape(layers, n))
    psi = zero(n)
    for layer in range(layers):
        for q in range(n):
            psi = full_operator(n, (q,), rot(w[layer, q])) @ psi
        r = layer % (n - 1) + 1
        for q in range(n):
            psi = full_operator(n, (q, (q + r) % n), CNOT) @ psi
    np.testing.assert_allclose(tyxq.state(templates.strongly_entangling(tyxq.Circuit(n), w)), psi, atol=1e-12)


def test_strongly_entangling_on_chosen_qubits_with_a_batch():
    w = RNG.uniform(-1, 1, (3, 2, 2, 3))
    states = tyxq.state(templates.strongly_entangling(tyxq.Circuit(3), w, qubits=[2, 0]))
    for b in range(3):
        psi = zero(3)
        for layer in range(2):
            psi = full_operator(3, (2,), rot(w[b, layer, 0])) @ psi
            psi = full_operator(3, (0,), rot(w[b, layer, 1])) @ psi
            psi = full_operator(3, (2, 0), CNOT) @ psi
            psi = full_operator(3, (0, 2), CNOT) @ psi
        np.testing.assert_allclose(states[b], psi, atol=1e-12)


def test_strongly_entangling_refuses_a_wrong_shape():
    with pytest.raises(tyxq.TemplateError, match=r"strongly_entangling_shape"):
        templates.strongly_entangling(tyxq.Circuit(3), np.zeros((2, 3, 2)))


@pytest.mark.parametrize(
    "pattern, pairs",
    [
        ("linear", [(0, 1), (1, 2), (2, 3)]),
        ("ring", [(0, 1), (1, 2), (2, 3), (3, 0)]),
        ("full", [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]),
    ],
)
def test_hardware_efficient_patterns(pattern, pairs):
    n = 4
    w = RNG.uniform(-np.pi, np.pi, templates.hardware_efficient_shape(2, n, ("rx", "rz")))
    psi = zero(n)
    for layer in range(2):
        for q in range(n):
            psi = full_operator(n, (q,), rz(w[layer, q, 1]) @ rx(w[layer, q, 0])) @ psi
        for a, b in pairs:
            psi = full_operator(n, (a, b), CZ) @ psi
    c = templates.hardware_efficient(tyxq.Circuit(n), w, rotations=("rx", "rz"), entangler="cz", pattern=pattern)
    np.testing.assert_allclose(tyxq.state(c), psi, atol=1e-12)


def test_hardware_efficient_refuses_unknown_choices():
    with pytest.raises(tyxq.TemplateError, match="parameter-free two-qubit"):
        templates.hardware_efficient(tyxq.Circuit(2), np.zeros((1, 2, 2)), entangler="crx")
    with pytest.raises(tyxq.TemplateError, match="'linear', 'ring' or 'full'"):
        templates.hardware_efficient(tyxq.Circuit(2), np.zeros((1, 2, 2)), pattern="star")


def test_simplified_two_design_matches_pennylane_definition():
    n, layers = 5, 2
    init_shape, shape = templates.simplified_two_design_shape(layers, n)
    init, w = RNG.uniform(-1, 1, init_shape), RNG.uniform(-1, 1, shape)
    psi = zero(n)
    for q in range(n):
        psi = full_operator(n, (q,), ry(init[q])) @ psi
    for layer in range(layers):
        for j, (a, b) in enumerate([(0, 1), (2, 3), (1, 2), (3, 4)]):
            psi = full_operator(n, (a, b), CZ) @ psi
            psi = full_operator(n, (a,), ry(w[layer, j, 0])) @ psi
            psi = full_operator(n, (b,), ry(w[layer, j, 1])) @ psi
    c = templates.simplified_two_design(tyxq.Circuit(n), init, w)
    np.testing.assert_allclose(tyxq.state(c), psi, atol=1e-12)


def test_data_reuploading_encodes_the_features_in_every_layer():
    x, w = RNG.uniform(-1, 1, 3), RNG.uniform(-1, 1, templates.data_reuploading_shape(2, 3))
    psi = zero(3)
    for layer in range(2):
        for q in range(3):
            psi = full_operator(3, (q,), rot(w[layer, q]) @ ry(x[q])) @ psi
        for a, b in [(0, 1), (1, 2), (2, 0)]:
            psi = full_operator(3, (a, b), CZ) @ psi
    c = templates.data_reuploading(tyxq.Circuit(3), x, w, rotation="Y")
    np.testing.assert_allclose(tyxq.state(c), psi, atol=1e-12)


def test_data_reuploading_batch_of_features_with_shared_weights():
    x, w = RNG.uniform(-1, 1, (4, 2)), RNG.uniform(-1, 1, (3, 2, 3))
    batched = tyxq.state(templates.data_reuploading(tyxq.Circuit(2), x, w))
    for b in range(4):
        one = tyxq.state(templates.data_reuploading(tyxq.Circuit(2), x[b], w))
        np.testing.assert_allclose(batched[b], one, atol=1e-12)


def test_templates_chain_and_return_the_circuit():
    c = tyxq.Circuit(2)
    assert templates.angle_embedding(c, [0.1, 0.2]) is c
    assert templates.strongly_entangling(c, np.zeros((1, 2, 3))) is c
    assert len(c) == 2 + 8


def test_a_template_refuses_qubits_outside_the_circuit():
    with pytest.raises(tyxq.TemplateError, match="distinct indices from 0 to 1"):
        templates.angle_embedding(tyxq.Circuit(2), [0.1], qubits=[3])


def test_a_template_refuses_a_bool_for_qubits():
    with pytest.raises(tyxq.TemplateError, match="got qubits True for a 2-qubit circuit; give distinct indices"):
        templates.angle_embedding(tyxq.Circuit(2), [0.1], qubits=True)


def test_weights_without_a_layer_axis_are_refused_with_the_shape_function_named():
    with pytest.raises(tyxq.TemplateError, match=r"takes 3 axes.*strongly_entangling_shape"):
        templates.strongly_entangling(tyxq.Circuit(3), np.zeros((3, 3)))
