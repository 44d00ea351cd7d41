"""tyxq's Jordan–Wigner and Bravyi–Kitaev maps against OpenFermion's, where OpenFermion is installed (interop env).

OpenFermion is no dependency of tyxq; test_fermions.py checks both maps without it (anticommutation relations,
one spectrum). Elsewhere this file is reported as not run, naming what it needs.
"""

from __future__ import annotations

import numpy as np
import pytest

from tyxq import problems

of = pytest.importorskip("openfermion", reason="the comparison with OpenFermion's maps needs openfermion")


def random_operator(rng, n):
    operator = of.FermionOperator()
    for _ in range(5):
        ladder = tuple((int(rng.integers(0, n)), int(rng.integers(0, 2))) for _ in range(int(rng.integers(1, 5))))
        operator += of.FermionOperator(ladder, complex(rng.normal(), rng.normal()))
    return operator


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_both_maps_equal_openfermions_on_random_operators(n):
    rng = np.random.default_rng(n)
    for _ in range(5):
        operator = random_operator(rng, n)
        for ours, theirs in [(problems.jordan_wigner, of.jordan_wigner), (problems.bravyi_kitaev, of.bravyi_kitaev)]:
            expected = of.get_sparse_operator(
                theirs(operator) if theirs is of.jordan_wigner else theirs(operator, n_qubits=n), n_qubits=n
            ).toarray()
            np.testing.assert_allclose(ours(operator, n).to_matrix(n), expected, atol=1e-12)
