"""Parameter-shift rules derived from a generator's spectrum.

A gate ``exp(-iθG)`` whose generator has eigenvalues ``λ_i`` makes every
expectation a trigonometric polynomial in θ whose frequencies are the
positive differences ``λ_i - λ_j``. Two eigenvalues give one frequency and
the two-term rule; ``{0, ±1/2}`` (controlled rotations) give two and the
four-term rule. For ``R`` frequencies that are integer multiples ``ω, …, Rω``
of one ``ω`` (gaps filled in), the general rule of Wierichs, Izaac, Wang and
Lin (Quantum 6, 677, 2022) evaluates ``2R`` shifts:

    df/dθ = ω Σ_μ f(θ + x_μ/ω) (-1)^(μ-1) / (4R sin²(x_μ/2)),  x_μ = (2μ-1)π/(2R).

Spectra whose frequencies share no such ``ω``, or need more than
:data:`~tyxq.gates.shift_rules.MAX_FREQUENCIES`, have no rule here: :class:`~tyxq.ShiftRuleError` says so
and names the methods that differentiate them.

Example:
    >>> shift_rule((-0.5, 0.5)) == TWO_TERM
    True
    >>> [round(s, 4) for _, s in shift_rule((-0.5, 0.0, 0.5))]
    [1.5708, 4.7124, -4.7124, -1.5708]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..errors import ShiftRuleError
from .spec import ShiftRule

__all__ = ["FOUR_TERM", "MAX_FREQUENCIES", "ShiftRuleError", "TWO_TERM", "frequencies", "shift_rule"]

MAX_FREQUENCIES = 8
"""Most frequencies a rule is derived for (``2R`` circuit evaluations per parameter)."""

TWO_TERM: ShiftRule = ((0.5, math.pi / 2), (-0.5, -math.pi / 2))
"""Exact for generators whose eigenvalues differ by 1 (``rx``, ``phase``, ...)."""

_D1 = (math.sqrt(2) + 1) / (4 * math.sqrt(2))
_D2 = (math.sqrt(2) - 1) / (4 * math.sqrt(2))
FOUR_TERM: ShiftRule = ((_D1, math.pi / 2), (-_D1, -math.pi / 2), (-_D2, 3 * math.pi / 2), (_D2, -3 * math.pi / 2))
"""Exact for generators with eigenvalues {0, ±1/2} (controlled rotations)."""

_TOLERANCE = 1e-9


def frequencies(eigenvalues: Sequence[float]) -> tuple[float, ...]:
    """The distinct positive differences of ``eigenvalues``, ascending.

    Example:
        >>> frequencies((-0.5, 0.0, 0.5))
        (0.5, 1.0)
    """
    found: list[float] = []
    for a in eigenvalues:
        for b in eigenvalues:
            difference = a - b
            if difference > _TOLERANCE and all(abs(difference - f) > _TOLERANCE for f in found):
                found.append(difference)
    return tuple(sorted(found))


def shift_rule(eigenvalues: Sequence[float], gate: str = "this gate") -> ShiftRule:
    """The exact parameter-shift rule for a generator with these eigenvalues.

    Raises :class:`~tyxq.ShiftRuleError` for a spectrum whose frequencies are not
    multiples of a common one, or more than :data:`~tyxq.gates.shift_rules.MAX_FREQUENCIES` of them.

    Example:
        >>> shift_rule((0.0, 1.0))
        ((0.5, 1.5707963267948966), (-0.5, -1.5707963267948966))
    """
    found = frequencies([float(value) for value in eigenvalues])
    if not found:
        return ()
    omega = found[0]
    multiples = [f / omega for f in found]
    if any(abs(m - round(m)) > 1e-7 for m in multiples) or round(multiples[-1]) > MAX_FREQUENCIES:
        raise ShiftRuleError(
            f"{gate}'s generator has eigenvalues {tuple(eigenvalues)}, whose frequencies {found} are not "
            f"multiples 1..R (R ≤ {MAX_FREQUENCIES}) of one frequency, so parameter shift does not serve it; "
            "use method='adjoint' or 'autograd' (exact) or 'finite_difference'"
        )
    if len(found) == 1:
        return tuple((float(c * omega), float(s / omega)) for c, s in TWO_TERM)
    count = round(multiples[-1])
    rule = []
    for mu in range(1, 2 * count + 1):
        x = (2 * mu - 1) * math.pi / (2 * count)
        coefficient = omega * (-1) ** (mu - 1) / (4 * count * math.sin(x / 2) ** 2)
        shift = x if x <= math.pi else x - 2 * math.pi
        rule.append((float(coefficient), float(shift / omega)))
    return tuple(rule)
