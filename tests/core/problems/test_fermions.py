"""The fermion-to-qubit maps: the canonical anticommutation relations hold for the images, and the maps agree."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import tyxq
from tyxq import problems


def ladder_matrices(transform, n):
    lowers = [transform({((j, 0),): 1.0}, n).to_matrix(n) for j in range(n)]
    return lowers, [m.conj().T for m in lowers]


@pytest.mark.parametrize("transform", [problems.jordan_wigner, problems.bravyi_kitaev])
@pytest.mark.parametrize("n", [4, 5])
def test_images_satisfy_the_canonical_anticommutation_relations(transform, n):
    lowers, raises = ladder_matrices(transform, n)
    identity = np.eye(2**n)
    for i, j in itertools.product(range(n), repeat=2):
        np.testing.assert_allclose(lowers[i] @ raises[j] + raises[j] @ lowers[i], identity * (i == j), atol=1e-12)
        np.testing.assert_allclose(lowers[i] @ lowers[j] + lowers[j] @ lowers[i], 0, atol=1e-12)
    # the ladder of a creation is the adjoint of the annihilation's
    for j in range(n):
        np.testing.assert_allclose(transform({((j, 1),): 1.0}, n).to_matrix(n), raises[j], atol=1e-12)


def test_bravyi_kitaev_and_jordan_wigner_images_have_one_spectrum():
    sites = 3
    terms = []
    for a, b in problems.chain(sites):
        for s in (0, 1):
            terms += [(-1.0, f"{2 * a + s}^ {2 * b + s}"), (-1.0, f"{2 * b + s}^ {2 * a + s}")]
    terms += [(2.0, f"{2 * i}^ {2 * i} {2 * i + 1}^ {2 * i + 1}") for i in range(sites)]
    by_jw = problems.jordan_wigner(terms, 6)
    by_bk = problems.bravyi_kitaev(terms, 6)
    np.testing.assert_allclose(
        by_jw.to_matrix(), problems.fermi_hubbard(problems.chain(sites), coulomb=2.0).to_matrix()
    )
    np.testing.assert_allclose(np.linalg.eigvalsh(by_bk.to_matrix()), np.linalg.eigvalsh(by_jw.to_matrix()), atol=1e-10)


def test_bravyi_kitaev_number_operator_reads_the_parity_of_its_occupation_set():
    def same(a, b):
        return sorted(map(str, a.terms)) == sorted(map(str, b.terms))

    assert same(problems.bravyi_kitaev({"3^ 3": 1.0}, 4), 0.5 - 0.5 * tyxq.Z(1) @ tyxq.Z(2) @ tyxq.Z(3))
    assert same(problems.bravyi_kitaev({"2^ 2": 1.0}, 4), 0.5 - 0.5 * tyxq.Z(2))


def test_a_register_too_small_is_refused():
    with pytest.raises(tyxq.ProblemError, match="beyond n_qubits=2"):
        problems.bravyi_kitaev({"3^ 0": 1.0}, 2)
