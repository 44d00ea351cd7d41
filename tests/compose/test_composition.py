"""Every feature with every other: each selected row of the product agrees with the dense reference or is refused.

The rows, the refusal table and the selection are in :mod:`tests.compose.product`;
``TYXQ_COMPOSE=full`` (``nox -s compose``) runs them all.
"""

from __future__ import annotations

import pytest

from tyxq import ChunkError, TyxqError

from .calls import run
from .expected import check
from .product import Row, refusal_for, selected_rows


@pytest.mark.parametrize("row", selected_rows(), ids=str)
def test_row_agrees_with_the_reference_or_is_refused_by_name(row: Row, process_pool) -> None:
    pool = process_pool.get() if row.place == "process" else None
    refusal = refusal_for(row)
    if refusal is None:
        check(row, run(row, pool))
        return
    with pytest.raises(TyxqError) as raised:
        run(row, pool)
    error = raised.value
    if row.place == "process" and row.batching == "batched":  # tyxq.map names the failed chunk, the cause inside
        assert type(error) is ChunkError, f"tyxq.map raised {type(error).__name__}, not ChunkError: {error}"
        error = error.__cause__
    assert type(error) is refusal.error, f"{type(error).__name__} instead of {refusal.error.__name__}: {error}"
    assert refusal.says in str(error), f"the refusal does not mention {refusal.says!r}: {error}"
