"""The composition matrix as tables: every axis once, their product, the refusal table, and the CI sample.

A row is one combination of a verb, an execution mode, a backend, batched
or unbatched parameters, a circuit (one per feature, :mod:`tests.compose.cases`),
where the call runs, and how the mode is given. :func:`full_product` is the
product of the axis tables, less the combinations that do not exist as
calls (stated in :func:`_exists`); :data:`REFUSALS` lists, for every
combination tyxq refuses, the missing capability, the named error and a
phrase its message must contain. Every other row must agree with the
dense reference (:mod:`tests.compose.dense`).

Selection (environment variables):

- ``TYXQ_COMPOSE=sample`` (the default) runs a seeded sample: for each
  backend, every (verb, mode, circuit) once, with batching, place and
  spelling drawn; ``TYXQ_COMPOSE=full`` runs the whole product
  (``nox -s compose``).
- the backends are ``TYXQ_COMPOSE_BACKENDS`` (comma-separated) if set, else
  the backend entries of ``TYXQ_EXPECT_PLUGINS`` (tox.ini), else every
  product backend; a backend listed there and not installed fails its rows.
"""

from __future__ import annotations

import itertools
import os
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import tyxq

from .cases import CASES

GRADIENT_METHODS = ("autograd", "adjoint", "parameter_shift", "finite_difference")
VERBS = (
    "state",
    "density_matrix",
    "probabilities",
    "expectation",
    "expectations",
    "sample",
    "counts",
    *(f"grad:{method}" for method in GRADIENT_METHODS),
    *(f"shot_vector:{verb}" for verb in ("probabilities", "expectations", "sample", "counts")),
)
"""The verbs; ``shot_vector:VERB`` is the verb given a shot vector (one estimate per count, from one stream)."""
MODES = ("statevector", "shots", "density_matrix", "density_matrix_shots", "trajectories")
"""The built-in modes; ``density_matrix_shots`` is the density_matrix mode created with a shot count (estimates
sampled from ρ, as hardware would)."""
BACKENDS = ("numpy", "torch", "jax")
BATCHING = ("unbatched", "batched")
PLACES = ("inline", "thread", "process")
SPELLINGS = ("argument", "context")  # mode=<object> in the call, or tyxq.use_execution_mode(<object>) around it

NOISY_MODES = ("density_matrix", "density_matrix_shots", "trajectories")  # the modes with a noise= option
SAMPLED_MODES = ("shots", "density_matrix_shots", "trajectories")
EXACT_MODES = ("statevector", "density_matrix")
PROCESS_VERBS = ("expectation", "expectations")  # tyxq.submit and tyxq.map on a process pool compute expectations


@dataclass(frozen=True, order=True)
class Row:
    verb: str
    mode: str
    backend: str
    batching: str
    case: str
    place: str
    spelling: str

    def __str__(self) -> str:
        return "-".join((self.verb, self.mode, self.backend, self.batching, self.case, self.place, self.spelling))

    @property
    def seed(self) -> int:
        """The row's own seed, the same in every process and run."""
        return zlib.crc32(str(self).encode())

    @property
    def method(self) -> str | None:
        return self.verb.split(":", 1)[1] if self.verb.startswith("grad:") else None

    @property
    def shot_vector(self) -> bool:
        return self.verb.startswith("shot_vector:")


def _exists(row: Row) -> bool:
    """Whether the row is a call tyxq offers at all (a refusal is a call that exists and raises)."""
    if CASES[row.case].needs_noise_option and row.mode not in NOISY_MODES:
        return False  # a NoiseModel is an option of the noisy modes only
    if row.place == "process" and row.verb not in PROCESS_VERBS:
        return False
    return row.place == "inline" or row.spelling == "argument"  # the spelling axis is crossed inline only


def full_product() -> list[Row]:
    rows = (Row(*values) for values in itertools.product(VERBS, MODES, BACKENDS, BATCHING, CASES, PLACES, SPELLINGS))
    return [row for row in rows if _exists(row)]


@dataclass(frozen=True)
class Refusal:
    """Combinations tyxq refuses: what capability is missing, the named error, and a phrase of its message."""

    capability: str
    applies: Callable[[Row], bool]
    error: type[tyxq.TyxqError]
    says: str


REFUSALS = (
    Refusal(
        "the numpy backend has no automatic differentiation",
        lambda row: row.method == "autograd" and row.backend == "numpy",
        tyxq.GradientError,
        "autograd",
    ),
    Refusal(
        "autodiff cannot differentiate sampled estimates (shots, density_matrix with shots, trajectories)",
        lambda row: row.method == "autograd" and row.mode in SAMPLED_MODES,
        tyxq.GradientError,
        "parameter_shift",
    ),
    Refusal(
        "the adjoint method needs an exact pure-state mode (statevector)",
        lambda row: row.method == "adjoint" and row.mode != "statevector",
        tyxq.GradientError,
        "adjoint",
    ),
    Refusal(
        "the adjoint method reverses unitary gates only: no mid-circuit measurement or reset",
        lambda row: row.method == "adjoint" and row.case == "measure_cond_reset",
        tyxq.GradientError,
        "adjoint",
    ),
    Refusal(
        "a mode that samples (shots) or mixes (density_matrix, trajectories) has no statevector",
        lambda row: row.verb == "state" and row.mode != "statevector",
        tyxq.CapabilityError,
        "statevector",
    ),
    Refusal(
        "a mode that only estimates from samples (shots, trajectories) keeps no exact density matrix",
        lambda row: row.verb == "density_matrix" and row.mode in ("shots", "trajectories"),
        tyxq.CapabilityError,
        "not exact",
    ),
    Refusal(
        "an exact mode (statevector, density_matrix) refuses a shot count, a shot vector included (before it runs)",
        lambda row: row.verb in ("shot_vector:probabilities", "shot_vector:expectations") and row.mode in EXACT_MODES,
        tyxq.ShotsError,
        "exact",
    ),
    Refusal(
        "a pure-state mode (statevector, shots) has no mixed state, so it cannot apply channels",
        lambda row: row.mode in ("statevector", "shots") and row.case == "channels",
        tyxq.CapabilityError,
        "channel",
    ),
    Refusal(
        "a circuit that measures mid-circuit ends in a mixture of outcomes, which has no statevector",
        lambda row: row.verb == "state" and row.case == "measure_cond_reset",
        tyxq.CapabilityError,
        "statevector",
    ),
)


def refusal_for(row: Row) -> Refusal | None:
    """The first entry of the refusal table that applies to ``row`` (``None``: it must agree with the reference)."""
    return next((entry for entry in REFUSALS if entry.applies(row)), None)


def selected_backends() -> tuple[str, ...]:
    """The backends this run covers (module docstring)."""
    listed = os.environ.get("TYXQ_COMPOSE_BACKENDS", "").strip()
    if listed:
        return tuple(name.strip() for name in listed.split(",") if name.strip())
    expected = os.environ.get("TYXQ_EXPECT_PLUGINS", "").strip()
    if expected:
        entries = [entry.strip() for entry in expected.split(",")]
        backends = {entry.removeprefix("backend:") for entry in entries if ":" not in entry.removeprefix("backend:")}
        return tuple(b for b in BACKENDS if b in backends)
    return BACKENDS


SAMPLE_GROUPS = {"numpy": ("verb", "mode", "case"), "torch": ("verb", "mode", "case"), "jax": ("verb", "mode")}
"""The axes the CI sample covers completely on each backend; the other axes are drawn per group. Eager JAX
compiles every array operation for every new shape (about 2 s a row on 2 busy cores), so its sample covers
every verb in every mode, with the circuits taken in turn."""


def sample_rows(rows: list[Row]) -> list[Row]:
    """For each backend, one row of each group of :data:`SAMPLE_GROUPS`, drawn with a fixed seed; the process
    pool once per (backend, mode, circuit) (per (backend, mode) where circuits are not a group axis); and one
    row of every refusal the backend meets."""
    chosen: list[Row] = []
    for backend in sorted({row.backend for row in rows}):
        axes = SAMPLE_GROUPS[backend]
        mine = [row for row in rows if row.backend == backend]
        chosen += _one_per_group(mine, axes)
        process = [row for row in mine if row.place == "process"]
        chosen += [row for row in _one_per_group(process, tuple(a for a in axes if a != "verb")) if row not in chosen]
        for entry in REFUSALS:  # and every refusal the backend meets
            if not any(refusal_for(row) is entry for row in chosen if row.backend == backend):
                refused = sorted(row for row in mine if refusal_for(row) is entry)
                if refused:
                    chosen.append(random.Random(zlib.crc32(entry.capability.encode())).choice(refused))
    return chosen


def _one_per_group(rows: list[Row], axes: tuple[str, ...]) -> list[Row]:
    """One row per value of ``axes``, drawn with a seed of its own; circuits in turn where they are not an axis."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(tuple(getattr(row, axis) for axis in axes), []).append(row)
    cases = list(CASES)
    chosen = []
    for index, key in enumerate(sorted(groups)):
        members = sorted(groups[key])
        if "case" not in axes:
            turn = [row for row in members if row.case == cases[index % len(cases)]]
            members = turn or members
        chosen.append(random.Random(zlib.crc32(repr(key).encode())).choice(members))
    return chosen


def selected_rows() -> list[Row]:
    backends = selected_backends()
    rows = [row for row in full_product() if row.backend in backends]
    scope = os.environ.get("TYXQ_COMPOSE", "sample").strip() or "sample"
    if scope == "full":
        return rows
    if scope != "sample":
        raise ValueError(f"TYXQ_COMPOSE is {scope!r}; set it to 'sample' (the default) or 'full'")
    return sample_rows(rows)
