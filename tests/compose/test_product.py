"""The composition matrix's own tables: the refusal table cannot be padded, the sample covers what it says."""

from __future__ import annotations

import pytest

import tyxq

from .product import (
    BACKENDS,
    REFUSALS,
    SAMPLE_GROUPS,
    VERBS,
    full_product,
    refusal_for,
    sample_rows,
    selected_backends,
)


def test_every_refusal_is_the_first_that_applies_to_some_row() -> None:
    rows = full_product()
    used = {id(refusal_for(row)) for row in rows}
    dead = [entry.capability for entry in REFUSALS if id(entry) not in used]
    assert not dead, f"refusal entries that no row of the product reaches: {dead}"


def test_every_refusal_names_one_missing_capability_and_a_specific_error() -> None:
    capabilities = [entry.capability for entry in REFUSALS]
    assert len(set(capabilities)) == len(capabilities)
    for entry in REFUSALS:
        assert issubclass(entry.error, tyxq.TyxqError) and entry.error is not tyxq.TyxqError, entry.capability
        assert entry.says.strip(), f"{entry.capability!r} gives no phrase its error message must contain"


def test_most_of_the_product_must_agree_with_the_reference() -> None:
    rows = full_product()
    refused = [row for row in rows if refusal_for(row) is not None]
    assert len(refused) < len(rows) / 3, f"{len(refused)} of {len(rows)} rows are refused"
    for verb in VERBS:
        assert any(row.verb == verb and refusal_for(row) is None for row in rows), f"{verb} is refused everywhere"


def test_the_sample_covers_every_group_and_every_refusal_on_each_backend() -> None:
    rows = full_product()
    sample = sample_rows(rows)
    for backend in BACKENDS:
        mine = [row for row in rows if row.backend == backend]
        picked = [row for row in sample if row.backend == backend]
        axes = SAMPLE_GROUPS[backend]
        groups = {tuple(getattr(row, axis) for axis in axes) for row in mine}
        assert groups == {tuple(getattr(row, axis) for axis in axes) for row in picked}
        assert {row.case for row in picked} == {row.case for row in mine}
        assert any(row.place == "process" for row in picked)
        reached = {id(refusal_for(row)) for row in mine} - {id(None)}
        assert reached == {id(refusal_for(row)) for row in picked} - {id(None)}, f"refusals missing on {backend}"


@pytest.mark.parametrize(
    ("compose", "expect", "backends"),
    [
        ("", "numpy", ("numpy",)),
        ("", "numpy,torch,cupynumeric,jax,gradient:spsa", ("numpy", "torch", "jax")),
        ("torch", "numpy,torch", ("torch",)),
        ("", "", BACKENDS),
    ],
)
def test_the_backends_follow_the_environment(monkeypatch, compose, expect, backends) -> None:
    monkeypatch.setenv("TYXQ_COMPOSE_BACKENDS", compose)
    monkeypatch.setenv("TYXQ_EXPECT_PLUGINS", expect)
    assert selected_backends() == backends


def test_every_selected_backend_is_installed() -> None:
    missing = [name for name in selected_backends() if name not in tyxq.available_backends()]
    assert not missing, (
        f"the composition matrix is to run on {missing}, which are not installed (installed: "
        f"{tyxq.available_backends()}); install their distributions, or set TYXQ_COMPOSE_BACKENDS"
    )
