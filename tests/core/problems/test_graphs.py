"""Graph problems: energies of every bitstring against a brute-force count written here."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

import tyxq
from tyxq import problems


def bitstrings(n):
    return [np.array(bits) for bits in itertools.product((0, 1), repeat=n)]


def energies(hamiltonian):
    """⟨b|H|b⟩ for every basis state, from the dense matrix (independent of problems.diagonal)."""
    return np.real(np.diag(hamiltonian.to_matrix()))


def test_maxcut_energy_is_minus_the_cut_of_every_bitstring():
    graph = nx.petersen_graph()
    h = problems.maxcut(graph)
    assert h.n_qubits == 10
    cuts = [sum(b[i] != b[j] for i, j in graph.edges) for b in bitstrings(10)]
    np.testing.assert_allclose(problems.diagonal(h), -np.array(cuts, dtype=float))
    assert problems.ground_energy(h) == -max(cuts) == -12


def test_weighted_maxcut_reads_the_weight_attribute():
    graph = nx.Graph()
    graph.add_weighted_edges_from([(0, 1, 2.0), (1, 2, 0.5), (0, 2, 1.5), (2, 3, 3.0)])
    h = problems.maxcut(graph)
    cuts = [problems.cut_value(graph, b) for b in bitstrings(4)]
    brute = [sum(w for i, j, w in graph.edges(data="weight") if b[i] != b[j]) for b in bitstrings(4)]
    np.testing.assert_allclose(cuts, brute)
    np.testing.assert_allclose(energies(h), -np.array(brute))
    assert problems.ground_energy(h) == -max(brute) == -6.5


def test_maxcut_from_an_edge_list_keeps_isolated_nodes():
    h = problems.maxcut([(0, 1)], n_nodes=3)
    assert h.n_qubits == 3 and problems.ground_energy(h) == -1.0


def test_cut_value_reads_tyxq_bitstrings_qubit_0_first():
    assert problems.cut_value([(0, 1), (1, 2)], "100") == 1.0
    assert problems.cut_value([(0, 1), (1, 2)], "010") == 2.0


def test_cut_value_refuses_a_bitstring_of_the_wrong_length():
    with pytest.raises(tyxq.ProblemError, match="each of the 3 nodes"):
        problems.cut_value([(0, 1), (1, 2)], "01")


def test_max_independent_set_ground_energy_is_minus_the_largest_independent_set():
    graph = nx.cycle_graph(7)
    h = problems.max_independent_set(graph)
    best = 0
    for b in bitstrings(7):
        if all(not (b[i] and b[j]) for i, j in graph.edges):
            best = max(best, int(b.sum()))
    assert problems.ground_energy(h) == pytest.approx(-best) and best == 3
    ground = np.flatnonzero(np.isclose(energies(h), -best))
    for index in ground:  # every ground state is an independent set
        bits = [int(c) for c in format(index, "07b")]
        assert all(not (bits[i] and bits[j]) for i, j in graph.edges)


def test_number_partitioning_ground_energy_is_the_least_squared_difference():
    values = [3, 1, 1, 2, 2, 1]
    h = problems.number_partitioning(values)
    best = min((sum(v * (1 - 2 * b) for v, b in zip(values, bits, strict=True))) ** 2 for bits in bitstrings(6))
    np.testing.assert_allclose(problems.ground_energy(h), best)
    np.testing.assert_allclose(
        energies(h), [sum(v * (1 - 2 * b) for v, b in zip(values, bits, strict=True)) ** 2 for bits in bitstrings(6)]
    )


def test_graph_problems_refuse_self_loops():
    with pytest.raises(tyxq.ProblemError, match="two distinct nodes"):
        problems.maxcut([(1, 1)])
