"""tyxq.metric_tensor: analytic one- and two-qubit examples, random circuits against the overlap definition."""

from __future__ import annotations

import numpy as np
import pytest

import tyxq
from tyxq.geometry import circuit_layers

from ..backend_matrix import active, host, on
from ..reference import simulate

GATE_CHOICES = (("rx", 1, 1), ("ry", 1, 1), ("rz", 1, 1), ("crx", 2, 1), ("rzz", 2, 1), ("phase", 1, 1), ("u", 1, 3))


def one_qubit(p):
    return tyxq.Circuit(1).ry(0, p[0]).rz(0, p[1])


def two_qubit(p):
    return tyxq.Circuit(2).rx(0, p[0]).ry(1, p[1]).cnot(0, 1).rz(1, p[2])


def one_qubit_exact(a: float) -> np.ndarray:
    """RY(a) then RZ(b) on |0⟩: the generators Y/2 and Z/2 give diag(1/4, sin²a / 4)."""
    return np.diag([0.25, np.sin(a) ** 2 / 4])


def two_qubit_exact(a: float, b: float) -> np.ndarray:
    """RX(a)⊗RY(b), CNOT, RZ(c) on qubit 1: RZ's generator pulled back is Z0Z1/2, ⟨Z0Z1⟩ = cos a cos b."""
    return np.diag([0.25, 0.25, (1 - np.cos(a) ** 2 * np.cos(b) ** 2) / 4])


def overlap_definition(state, params: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """g_ij = Re(⟨∂iψ|∂jψ⟩ − ⟨∂iψ|ψ⟩⟨ψ|∂jψ⟩), derivatives by central finite differences of dense states."""
    psi = state(params)
    d = np.array([(state(params + h * e) - state(params - h * e)) / (2 * h) for e in np.eye(params.size)])
    return np.real(d.conj() @ d.T - np.outer(d.conj() @ psi, psi.conj() @ d.T))


def random_program(seed: int, n_qubits: int = 3, n_gates: int = 8, n_params: int = 5):
    """Gates whose angles are affine maps ``a·p[i] + b·p[j] + c`` of the parameters, with CNOTs between."""
    rng = np.random.default_rng(seed)
    program = []
    for _ in range(n_gates):
        name, arity, n_angles = GATE_CHOICES[rng.integers(len(GATE_CHOICES))]
        qubits = tuple(int(q) for q in rng.choice(n_qubits, arity, replace=False))
        maps = [(rng.integers(n_params, size=2), rng.uniform(-2, 2, 2), rng.uniform(-1, 1)) for _ in range(n_angles)]
        program.append((name, qubits, maps))
        if rng.uniform() < 0.4:
            program.append(("cnot", tuple(int(q) for q in rng.choice(n_qubits, 2, replace=False)), []))
    return program


def angles_of(maps, p):
    return tuple(w[0] * p[i[0]] + w[1] * p[i[1]] + c for i, w, c in maps)


def program_circuit(program, n_qubits: int = 3):
    def build(p):
        circuit = tyxq.Circuit(n_qubits)
        for name, qubits, maps in program:
            circuit.apply(name, *qubits, params=angles_of(maps, p))
        return circuit

    return build


def program_state(program, n_qubits: int = 3):
    def state(p):
        return simulate(n_qubits, [(name, qubits, angles_of(maps, p)) for name, qubits, maps in program])

    return state


def test_one_qubit_example_has_the_analytic_metric() -> None:
    g = tyxq.metric_tensor(one_qubit)(np.array([0.7, -0.4]))
    np.testing.assert_allclose(g, one_qubit_exact(0.7), atol=1e-12)


def test_two_qubit_example_has_the_analytic_metric_full_and_block_diagonal() -> None:
    params = np.array([0.4, 1.3, 0.2])
    exact = two_qubit_exact(0.4, 1.3)
    np.testing.assert_allclose(tyxq.metric_tensor(two_qubit)(params), exact, atol=1e-12)
    np.testing.assert_allclose(tyxq.metric_tensor(two_qubit, approx="block-diag")(params), exact, atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_random_circuits_agree_with_the_overlap_definition(seed: int) -> None:
    program = random_program(seed)
    params = np.random.default_rng(100 + seed).uniform(-np.pi, np.pi, 5)
    expected = overlap_definition(program_state(program), params)
    np.testing.assert_allclose(tyxq.metric_tensor(program_circuit(program))(params), expected, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_block_diagonal_keeps_the_layer_blocks_of_the_full_tensor(seed: int) -> None:
    program = random_program(seed, n_params=5)
    build = program_circuit(program)
    # angles as parameters (identity map) so that blocks of angles are blocks of parameters
    circuit = build(np.zeros(5))
    slots = [(s.op, s.param) for s in tyxq.geometry.angle_slots(circuit)]

    def by_angle(a):
        twin = tyxq.Circuit(3)
        for k, op in enumerate(circuit.ops):
            twin.apply(op.name, *op.qubits, params=[a[slots.index((k, j))] for j in range(len(op.params))])
        return twin

    angles = np.random.default_rng(seed).uniform(-np.pi, np.pi, len(slots))
    full = tyxq.metric_tensor(by_angle)(angles)
    block = tyxq.metric_tensor(by_angle, approx="block-diag")(angles)
    layer = {(s.op, s.param): i for i, group in enumerate(circuit_layers(circuit)) for s in group}
    same = np.array([[layer[s] == layer[t] for t in slots] for s in slots])
    np.testing.assert_allclose(block, np.where(same, full, 0.0), atol=1e-12)
    assert len(circuit_layers(circuit)) > 1


def test_a_batch_of_parameter_sets_gives_one_metric_each() -> None:
    batch = np.array([[0.4, 1.3, 0.2], [2.0, -0.5, 1.0]])
    g = tyxq.metric_tensor(two_qubit)(batch)
    assert g.shape == (2, 3, 3)
    np.testing.assert_allclose(g, [two_qubit_exact(0.4, 1.3), two_qubit_exact(2.0, -0.5)], atol=1e-12)


def test_every_backend_gives_the_analytic_metric(backend_name: str) -> None:
    with active(backend_name) as backend:
        g = tyxq.metric_tensor(two_qubit)(on(backend, [0.4, 1.3, 0.2]))
        assert backend.is_array(g)
        np.testing.assert_allclose(host(backend, g), two_qubit_exact(0.4, 1.3), atol=1e-10)


@pytest.mark.parametrize("approx", [None, "block-diag"])
def test_shots_mode_estimates_within_four_standard_errors(approx: str | None) -> None:
    shots = 20_000
    g = tyxq.metric_tensor(two_qubit, approx=approx, mode="shots", shots=shots, seed=5)(np.array([0.4, 1.3, 0.2]))
    # each entry is ½ Σ c_k c_l F over 4 fidelities with |c_k c_l| = 1/4, each of variance ≤ 1/(4 shots)
    sigma = 0.5 * np.sqrt(4 * (1 / 16) * 0.25 / shots)
    assert np.all(np.abs(g - two_qubit_exact(0.4, 1.3)) < 4 * sigma)


def test_mixed_state_modes_are_refused_by_name() -> None:
    with pytest.raises(tyxq.CapabilityError, match=r"pure state.*'density_matrix'.*mode='statevector'"):
        tyxq.metric_tensor(two_qubit, mode="density_matrix")(np.array([0.4, 1.3, 0.2]))


def test_a_non_affine_angle_is_refused_naming_the_gate() -> None:
    with pytest.raises(tyxq.GradientError, match=r"parameter 0 of ry on qubit 0 .* not an affine function"):
        tyxq.metric_tensor(lambda p: tyxq.Circuit(1).ry(0, p[0] ** 2))(np.array([0.3]))


def test_bad_arguments_are_named() -> None:
    with pytest.raises(tyxq.ParameterError, match="approx must be one of"):
        tyxq.metric_tensor(two_qubit, approx="diag")
    with pytest.raises(tyxq.ParameterError, match=r"shape \(P,\) or a batch \(B, P\)"):
        tyxq.metric_tensor(two_qubit)(np.zeros((1, 1, 3)))
    with pytest.raises(tyxq.ParameterError, match=r"return a tyxq\.Circuit"):
        tyxq.metric_tensor(lambda p: 1.0)(np.zeros(1))
