"""Graph problems as diagonal Hamiltonians: MaxCut (weighted), maximum independent set, number partitioning.

A graph is a ``networkx`` graph (``pip install "tyxq[graphs]"``; its
``"weight"`` edge attribute is read, 1 by default; node ``k`` of
``list(graph.nodes)`` is qubit ``k``) or an edge list of ``(i, j)`` or
``(i, j, weight)`` on nodes ``0 … n-1``. Each Hamiltonian's ground energy
is the problem's optimum (negated where the problem maximises), so a
QAOA or a brute force over bitstrings reads the answer off the energy.

Example:
    >>> from tyxq.problems import maxcut, cut_value
    >>> h = maxcut([(0, 1), (1, 2), (2, 0)])
    >>> print(h)
    0.5 * Z0 Z1 + -1.5 * I + 0.5 * Z1 Z2 + 0.5 * Z0 Z2
    >>> cut_value([(0, 1), (1, 2), (2, 0)], "011")
    2.0
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ProblemError
from ..observables import Hamiltonian, PauliString

__all__ = ["weighted_edges", "maxcut", "cut_value", "max_independent_set", "number_partitioning", "diagonal"]

Edge = tuple[int, int, float]


def weighted_edges(graph: Any, n_nodes: int | None = None) -> tuple[list[Edge], int]:
    """``(edges, n)``: the graph's edges as ``(i, j, weight)`` on qubits, and its number of nodes.

    Example:
        >>> weighted_edges([(0, 2), (1, 2, 0.5)])
        ([(0, 2, 1.0), (1, 2, 0.5)], 3)
    """
    if hasattr(graph, "nodes") and hasattr(graph, "edges"):  # a networkx graph
        index = {node: k for k, node in enumerate(graph.nodes)}
        edges = [(index[a], index[b], float(data.get("weight", 1.0))) for a, b, data in graph.edges(data=True)]
        count = len(index)
    else:
        edges = []
        for edge in graph:
            if len(edge) not in (2, 3) or not all(isinstance(v, numbers.Integral) for v in edge[:2]):
                raise ProblemError(
                    f"cannot read the edge {edge!r}; an edge list holds (i, j) or (i, j, weight) with integer nodes"
                )
            edges.append((int(edge[0]), int(edge[1]), float(edge[2]) if len(edge) == 3 else 1.0))
        count = 1 + max((max(i, j) for i, j, _ in edges), default=-1)
    if any(i == j or min(i, j) < 0 for i, j, _ in edges):
        raise ProblemError("a graph problem takes edges between two distinct nodes with non-negative indices")
    if n_nodes is not None:
        if n_nodes < count:
            raise ProblemError(f"n_nodes={n_nodes} is fewer than the graph's {count} nodes")
        count = n_nodes
    if count == 0:
        raise ProblemError("the graph has no nodes; give at least one edge, or n_nodes")
    return edges, count


def maxcut(graph: Any, n_nodes: int | None = None) -> Hamiltonian:
    """``H = Σ_(i,j) w_ij (Z_i Z_j − 1) / 2``: minus the weight a bitstring cuts, its ground energy minus the max cut.

    Example:
        >>> import networkx as nx
        >>> from tyxq.problems import ground_energy
        >>> ground_energy(maxcut(nx.cycle_graph(5)))  # an odd ring: all but one edge
        -4.0
    """
    edges, count = weighted_edges(graph, n_nodes)
    terms = []
    for i, j, w in edges:
        terms += [PauliString(((i, "Z"), (j, "Z")), w / 2), PauliString((), -w / 2)]
    return Hamiltonian(tuple(terms), count)


def _bits(bitstring: str | Sequence[int], count: int) -> list[int]:
    bits = [int(b) for b in bitstring]
    if len(bits) != count or set(bits) - {0, 1}:
        raise ProblemError(f"the bitstring {bitstring!r} must give 0 or 1 for each of the {count} nodes, node 0 first")
    return bits


def cut_value(graph: Any, bitstring: str | Sequence[int], n_nodes: int | None = None) -> float:
    """The total weight of the edges whose ends the bitstring (node 0 first, as tyxq prints it) puts apart.

    Example:
        >>> cut_value([(0, 1, 2.0), (1, 2, 1.0)], [0, 1, 1])
        2.0
    """
    edges, count = weighted_edges(graph, n_nodes)
    bits = _bits(bitstring, count)
    return float(sum(w for i, j, w in edges if bits[i] != bits[j]))


def max_independent_set(graph: Any, penalty: float = 2.0, n_nodes: int | None = None) -> Hamiltonian:
    """``H = −Σ_i n_i + P Σ_(i,j) n_i n_j``, ``n_i = (1 − Z_i)/2``: ground energy minus the largest independent set.

    With ``penalty`` ``P > 1`` a set holding an edge never beats dropping
    one of its ends, so the ground states are maximum independent sets.

    Example:
        >>> from tyxq.problems import ground_energy
        >>> ground_energy(max_independent_set([(0, 1), (1, 2), (2, 3)]))
        -2.0
    """
    if penalty <= 1:
        raise ProblemError(
            f"max_independent_set needs a penalty above 1 (got {penalty}), else a set with an edge may win"
        )
    edges, count = weighted_edges(graph, n_nodes)
    terms = []
    for i in range(count):
        terms += [PauliString((), -0.5), PauliString(((i, "Z"),), 0.5)]
    for i, j, _ in edges:
        terms += [
            PauliString((), penalty / 4),
            PauliString(((i, "Z"),), -penalty / 4),
            PauliString(((j, "Z"),), -penalty / 4),
            PauliString(((i, "Z"), (j, "Z")), penalty / 4),
        ]
    return Hamiltonian(tuple(terms), count)


def number_partitioning(numbers_: Sequence[float]) -> Hamiltonian:
    """``H = (Σ_i a_i Z_i)²``: qubit ``i`` puts ``a_i`` in one set or the other.

    The ground energy is the least squared difference of the two sums.

    Example:
        >>> from tyxq.problems import ground_energy
        >>> ground_energy(number_partitioning([4, 5, 6, 7, 8]))  # {4, 5, 6} and {7, 8}: 15 − 15
        0.0
    """
    values = [float(a) for a in numbers_]
    if not values:
        raise ProblemError("number_partitioning needs at least one number")
    terms = [PauliString((), sum(a * a for a in values))]
    for i in range(len(values)):
        for j in range(i + 1, len(values)):
            terms.append(PauliString(((i, "Z"), (j, "Z")), 2 * values[i] * values[j]))
    return Hamiltonian(tuple(terms), len(values))


def diagonal(hamiltonian: Hamiltonian, n_qubits: int | None = None) -> np.ndarray:
    """The diagonal of a Z-only Hamiltonian: the energy of every bitstring (index ``i``, qubit 0 the top bit).

    Example:
        >>> import tyxq
        >>> diagonal(tyxq.Z(0) + 0.5 * tyxq.Z(1)).tolist()
        [1.5, 0.5, -0.5, -1.5]
    """
    n = hamiltonian.n_qubits if n_qubits is None else n_qubits
    if n > 26:
        raise ProblemError(f"the diagonal of {n} qubits has 2**{n} entries; use 26 qubits or fewer")
    states = np.arange(2**n, dtype=np.int64)
    total: np.ndarray = np.zeros(2**n)
    for term in hamiltonian.terms:
        if any(p != "Z" for _, p in term.paulis):
            raise ProblemError(f"diagonal takes a Z-only Hamiltonian; the term {term} is not diagonal")
        sign = np.ones(2**n)
        for q in term.qubits:
            sign = sign * (1 - 2 * ((states >> (n - 1 - q)) & 1))
        total += complex(term.coefficient).real * sign
    return total
