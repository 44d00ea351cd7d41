"""What a row must return, from the dense reference alone, and how close a sampled result must come.

Exact modes must agree to rounding. Sampled results (the ``shots`` and
``trajectories`` modes, and ``sample``/``counts`` everywhere) must lie
within :data:`Z` standard deviations of the reference, with each standard
deviation bounded from above without looking at tyxq's output:
``p(1-p)/N`` for a frequency, ``Σ|c|/√N`` for an expectation of ``Σ c P``
(each term's estimate lies in ``[-1, 1]``), and for gradients the same
bounds carried through the shift rule or the finite-difference quotient.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from . import dense
from .calls import SHOT_VECTOR, SHOTS, host_parameters, reading, trajectories
from .cases import CASES, N_QUBITS, ONE_OBSERVABLE, SEVERAL_OBSERVABLES, Case, Terms
from .product import EXACT_MODES, Row

Z = 5.0
"""Standard deviations a sampled result may stray (seeded, so a pass is reproducible)."""

EXACT = 1e-7
"""Absolute tolerance of exact results (complex128 arithmetic)."""

FD_STEP = 1e-6
"""The reference's own central-difference step (on dense float64 arithmetic: error near 1e-10)."""


def branches(case: Case, params: np.ndarray) -> dense.Branches:
    initial = None if case.initial is None else np.array(case.initial)
    return dense.run(N_QUBITS, case.n_bits, case.ops, params, initial, case.noise)


def readout(case: Case) -> dict[int, np.ndarray]:
    return {q: np.array(confusion) for q, confusion in case.readout}


def members(row: Row) -> list[np.ndarray]:
    params = host_parameters(row)
    return [params] if params.ndim == 1 else list(params)


def distribution(row: Row, params: np.ndarray) -> np.ndarray:
    """The probabilities of what the row reads (qubits, misread; or classical bits)."""
    case = CASES[row.case]
    found = branches(case, params)
    read = reading(row)
    if "bits" in read:
        return dense.bit_probabilities(found, read["bits"])
    return dense.probabilities(found.total, N_QUBITS, read["qubits"], readout(case))


def terms_of(row: Row) -> list[Terms]:
    return list(SEVERAL_OBSERVABLES) if row.verb == "expectations" else [ONE_OBSERVABLE]


def expectations(row: Row, params: np.ndarray) -> np.ndarray:
    case = CASES[row.case]
    rho = branches(case, params).total
    return np.array([dense.expectation(rho, N_QUBITS, terms, readout(case)) for terms in terms_of(row)])


def gradient(row: Row, params: np.ndarray) -> np.ndarray:
    """d/dθ of the sum of the row's expectations, by the reference's central differences."""
    out = np.zeros_like(params)
    for i in range(len(params)):
        step = np.zeros_like(params)
        step[i] = FD_STEP
        out[i] = (expectations(row, params + step).sum() - expectations(row, params - step).sum()) / (2 * FD_STEP)
    return out


def _spread(row: Row) -> float:
    """``Σ|c|`` over the non-constant terms of the row's observables."""
    return sum(abs(c) for terms in terms_of(row) for c, letters in terms if letters)


def _draws(row: Row) -> int:
    return trajectories(row) if row.mode == "trajectories" else SHOTS


def _within(got: Any, want: Any, sigma: Any, what: str) -> None:
    got, want, sigma = np.asarray(got, dtype=float), np.asarray(want, dtype=float), np.asarray(sigma, dtype=float)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, the reference's is {want.shape}"
    excess = np.abs(got - want) - sigma
    assert np.all(excess <= 0), (
        f"{what}: off by up to {np.max(np.abs(got - want)):.3g} where {np.max(sigma):.3g} is allowed\n"
        f"got  {np.round(got, 6).tolist()}\nwant {np.round(want, 6).tolist()}"
    )


def _frequency_sigma(row: Row, p: np.ndarray, draws: int) -> np.ndarray:
    variance = np.clip(p * (1 - p), 0, None) / draws
    if row.mode == "trajectories":
        variance = variance + np.clip(p * (1 - p), 0, None) / trajectories(row)
    return Z * np.sqrt(variance) + 2 / draws


def check(row: Row, result: Any) -> None:
    """Assert ``result`` (host data from :func:`tests.compose.calls.run`) agrees with the reference.

    A shot vector's results are a tuple, each entry checked as the verb's result for its own shot count.
    """
    if not row.shot_vector:
        _check(row, result, None)
        return
    assert isinstance(result, tuple), f"a shot vector gave a {type(result).__name__}, not a tuple"
    assert len(result) == len(SHOT_VECTOR), f"{len(result)} results for the {len(SHOT_VECTOR)} shot counts"
    single = replace(row, verb=row.verb.split(":", 1)[1])
    for part, shots in zip(result, SHOT_VECTOR, strict=True):
        _check(single, part, shots)


def _check(row: Row, result: Any, shots: int | None) -> None:
    """:func:`check` of one result; ``shots`` is the call's shot count where it gave one (a shot vector's entry)."""
    params = members(row)
    batched = row.batching == "batched"

    def stack(values: list[np.ndarray]) -> np.ndarray:
        return np.stack(values) if batched else values[0]

    sampled_mode = row.mode not in EXACT_MODES or shots is not None
    if row.verb == "state":
        psi = np.asarray(result)
        rhos = [branches(CASES[row.case], p).total for p in params]
        got = np.einsum("...i,...j->...ij", psi, psi.conj())
        _within(got.real, stack([r.real for r in rhos]), EXACT, "|ψ⟩⟨ψ| (real part)")
        _within(got.imag, stack([r.imag for r in rhos]), EXACT, "|ψ⟩⟨ψ| (imaginary part)")
    elif row.verb == "density_matrix":
        want = stack([dense.reduced(branches(CASES[row.case], p).total, N_QUBITS, [2, 0]) for p in params])
        _within(np.real(result), want.real, EXACT, "ρ (real part)")
        _within(np.imag(result), want.imag, EXACT, "ρ (imaginary part)")
    elif row.verb == "probabilities":
        want = stack([distribution(row, p) for p in params])
        sigma = _frequency_sigma(row, want, shots or _draws(row)) if sampled_mode else EXACT
        _within(result, want, sigma, "probabilities")
    elif row.verb in ("expectation", "expectations"):
        _check_expectations(row, result, params, stack, shots)
    elif row.verb in ("sample", "counts"):
        want = stack([distribution(row, p) for p in params])
        got = _histogram(row, result) / (shots or SHOTS)
        sigma = _frequency_sigma(row, want, shots or SHOTS)
        _within(got, want, sigma, f"{row.verb} frequencies")
    else:
        value, grad = result
        _check_expectations(row, value, params, stack)
        want = stack([gradient(row, p) for p in params])
        _within(grad, want, _gradient_sigma(row, params), f"gradient by {row.method}")


def _check_expectations(row: Row, result: Any, params: list[np.ndarray], stack: Any, shots: int | None = None) -> None:
    want = stack([expectations(row, p) for p in params])
    if row.verb != "expectations":
        want = want[..., 0]
    _within(result, want, _expectation_sigma(row, shots), "expectation values")


def _expectation_sigma(row: Row, shots: int | None) -> float:
    """Z standard deviations of an estimate: from the mode's draws, or from ``shots`` given to the call (in the
    trajectories mode, drawn from the trajectories' estimate, whose own error adds)."""
    if shots is None:
        return Z * _spread(row) / np.sqrt(_draws(row)) if row.mode not in EXACT_MODES else EXACT
    variance = 1 / shots + (1 / trajectories(row) if row.mode == "trajectories" else 0.0)
    return Z * _spread(row) * np.sqrt(variance)


def _uses(row: Row) -> int:
    """The most gates any one parameter drives in the row's circuit."""
    ops = CASES[row.case].ops
    counts: dict[Any, int] = {}
    for op in ops:
        index = {"gate": 3, "ctrl": 5, "pauli_rot": 2, "cond": 5}.get(op[0])
        if index is not None and op[index] is not None:
            counts[op[index]] = counts.get(op[index], 0) + 1
    return max(counts.values())


def _gradient_sigma(row: Row, params: Sequence[np.ndarray]) -> Any:
    if row.mode in EXACT_MODES:
        return 1e-5 if row.method == "finite_difference" else 1e-6
    spread, draws, uses = _spread(row), _draws(row), _uses(row)
    if row.method == "parameter_shift":
        # each gate's shift rule weighs its shifted values by at most 1.25 in all (two terms of ½; four for controls)
        return Z * 1.25 * uses * spread / np.sqrt(draws)
    # finite differences with common random numbers: a draw changes only where a probability boundary
    # moved (an L1 change of at most 2·uses·h), plus the h² bias of the central difference
    smallest = draws ** (-1 / 5)  # the step of an argument element within [-1, 1]
    largest = smallest * max(1.0, float(np.max(np.abs(params))))
    noise = spread * np.sqrt(uses / (smallest * draws))
    bias = largest**2 / 6 * spread * uses**3
    return Z * noise + bias


def _histogram(row: Row, result: Any) -> np.ndarray:
    """Counts of each read outcome (first read qubit or bit the most significant): ``(2**k,)`` or ``(B, 2**k)``."""
    k = len(next(iter(reading(row).values())))
    if row.verb == "counts":
        tables = result if isinstance(result, list) else [result]
        out = np.zeros((len(tables), 2**k))
        for i, table in enumerate(tables):
            for label, count in table.items():
                out[i, int(label, 2)] += count
    else:
        rows = np.asarray(result)
        rows = rows[None] if rows.ndim == 2 else rows
        weights = 2 ** np.arange(k - 1, -1, -1)
        out = np.stack([np.bincount(r @ weights, minlength=2**k) for r in rows]).astype(float)
    return out if row.batching == "batched" else out[0]
