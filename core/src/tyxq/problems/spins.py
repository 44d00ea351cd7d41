"""Spin and lattice models: transverse-field Ising, XXZ and Heisenberg, Fermi–Hubbard, and their lattices.

A lattice is a list of ``(i, j)`` bonds: :func:`chain`, :func:`ring` and
:func:`grid` build them; any edge list works.

Example:
    >>> from tyxq.problems import grid, heisenberg, ground_energy
    >>> grid(2, 2)
    [(0, 1), (0, 2), (1, 3), (2, 3)]
    >>> round(ground_energy(heisenberg(ring(4))), 6)  # J Σ S·S with Pauli matrices: −8 on 4 sites
    -8.0
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ProblemError
from ..observables import Hamiltonian, PauliString
from .fermions import jordan_wigner

__all__ = ["chain", "ring", "grid", "transverse_field_ising", "xxz", "heisenberg", "fermi_hubbard"]

Bond = tuple[int, int]


def chain(n: int) -> list[Bond]:
    """The bonds of an open chain of ``n`` sites: ``(i, i+1)``.

    Example:
        >>> chain(3)
        [(0, 1), (1, 2)]
    """
    if n < 2:
        raise ProblemError(f"a chain needs at least 2 sites, got {n}")
    return [(i, i + 1) for i in range(n - 1)]


def ring(n: int) -> list[Bond]:
    """The bonds of a ring of ``n`` sites: ``(i, i+1 mod n)`` (a single bond for 2 sites).

    Example:
        >>> ring(3)
        [(0, 1), (1, 2), (2, 0)]
    """
    if n < 2:
        raise ProblemError(f"a ring needs at least 2 sites, got {n}")
    return [(i, (i + 1) % n) for i in range(n if n > 2 else 1)]


def grid(rows: int, columns: int, periodic: bool = False) -> list[Bond]:
    """The bonds of a ``rows × columns`` square lattice, site ``(r, c)`` numbered ``r * columns + c``.

    With ``periodic=True`` the edges wrap around (a torus; sides of 3 or more).

    Example:
        >>> grid(1, 3)
        [(0, 1), (1, 2)]
    """
    if rows < 1 or columns < 1 or rows * columns < 2:
        raise ProblemError(f"a grid needs at least 2 sites, got {rows} × {columns}")
    if periodic and min(rows, columns) < 3 and rows * columns > 1 and min(rows, columns) != 1:
        raise ProblemError("a periodic grid needs sides of at least 3 (or 1), else bonds repeat")
    bonds = set()
    for r in range(rows):
        for c in range(columns):
            here = r * columns + c
            if c + 1 < columns or (periodic and columns > 2):
                bonds.add(tuple(sorted((here, r * columns + (c + 1) % columns))))
            if r + 1 < rows or (periodic and rows > 2):
                bonds.add(tuple(sorted((here, ((r + 1) % rows) * columns + c))))
    return sorted(bonds)  # type: ignore[arg-type]


def _sites(bonds: Sequence[Bond], n_sites: int | None) -> int:
    if not bonds:
        raise ProblemError("the lattice has no bonds; build one with chain(n), ring(n) or grid(rows, columns)")
    count = 1 + max(max(a, b) for a, b in bonds)
    if any(a == b or min(a, b) < 0 for a, b in bonds):
        raise ProblemError(f"a bond joins two distinct sites with non-negative indices; got {list(bonds)}")
    if n_sites is not None and n_sites < count:
        raise ProblemError(f"n_sites={n_sites} is fewer than the lattice's {count} sites")
    return count if n_sites is None else n_sites


def transverse_field_ising(
    bonds: Sequence[Bond], coupling: float = 1.0, field: float = 1.0, n_sites: int | None = None
) -> Hamiltonian:
    """``H = −J Σ_(i,j) Z_i Z_j − h Σ_i X_i`` on the lattice's bonds (critical at ``h = J`` in one dimension).

    Example:
        >>> print(transverse_field_ising(chain(2), field=0.5))
        -1 * Z0 Z1 + -0.5 * X0 + -0.5 * X1
    """
    n = _sites(bonds, n_sites)
    terms = [PauliString(((a, "Z"), (b, "Z")), -coupling) for a, b in bonds]
    terms += [PauliString(((i, "X"),), -field) for i in range(n)]
    return Hamiltonian(tuple(terms), n)


def xxz(
    bonds: Sequence[Bond],
    coupling: float = 1.0,
    anisotropy: float = 1.0,
    field: float = 0.0,
    n_sites: int | None = None,
) -> Hamiltonian:
    """``H = J Σ_(i,j) (X_i X_j + Y_i Y_j + Δ Z_i Z_j) − h Σ_i Z_i`` (Pauli matrices, not spins ½).

    Example:
        >>> print(xxz(chain(2), anisotropy=0.5))
        1 * X0 X1 + 1 * Y0 Y1 + 0.5 * Z0 Z1
    """
    n = _sites(bonds, n_sites)
    terms = []
    for a, b in bonds:
        terms += [
            PauliString(((a, "X"), (b, "X")), coupling),
            PauliString(((a, "Y"), (b, "Y")), coupling),
            PauliString(((a, "Z"), (b, "Z")), coupling * anisotropy),
        ]
    terms += [PauliString(((i, "Z"),), -field) for i in range(n)] if field else []
    return Hamiltonian(tuple(terms), n)


def heisenberg(bonds: Sequence[Bond], coupling: float = 1.0, n_sites: int | None = None) -> Hamiltonian:
    """The isotropic Heisenberg model ``J Σ (XX + YY + ZZ)``: :func:`xxz` with ``Δ = 1``.

    Example:
        >>> len(heisenberg(ring(3)).terms)
        9
    """
    return xxz(bonds, coupling, 1.0, 0.0, n_sites)


def fermi_hubbard(
    bonds: Sequence[Bond],
    tunneling: float = 1.0,
    coulomb: float = 1.0,
    chemical_potential: float = 0.0,
    n_sites: int | None = None,
) -> Hamiltonian:
    """The Fermi–Hubbard model under Jordan–Wigner, spin orbital ``2i + σ`` (``σ = 0`` up, 1 down) on qubit ``2i + σ``.

    ``H = −t Σ_(i,j),σ (a†_iσ a_jσ + a†_jσ a_iσ) + U Σ_i n_i↑ n_i↓ − μ Σ_iσ n_iσ``,
    on ``2 · n_sites`` qubits, as OpenFermion's ``fermi_hubbard`` orders them.

    Example:
        >>> from tyxq.problems import ground_energy
        >>> round(ground_energy(fermi_hubbard(chain(2), coulomb=4.0), electrons=2), 6)  # (U − √(U² + 16t²))/2
        -0.828427
    """
    n = _sites(bonds, n_sites)
    terms: list[tuple[float, str]] = []
    for a, b in bonds:
        for spin in (0, 1):
            p, q = 2 * a + spin, 2 * b + spin
            terms += [(-tunneling, f"{p}^ {q}"), (-tunneling, f"{q}^ {p}")]
    for i in range(n):
        terms.append((coulomb, f"{2 * i}^ {2 * i} {2 * i + 1}^ {2 * i + 1}"))
        if chemical_potential:
            terms += [(-chemical_potential, f"{2 * i}^ {2 * i}"), (-chemical_potential, f"{2 * i + 1}^ {2 * i + 1}")]
    return jordan_wigner(terms, 2 * n)
