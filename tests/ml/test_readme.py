"""The READMEs' Python examples run as written, and print what their comments say.

A block fenced ```` ```python cluster ```` needs a Dask cluster at an address of the reader's own; the
same calls run on a local cluster in tests/dask.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "README.md", ROOT / "tyxq-ml" / "README.md"]


def python_blocks(path: Path) -> list[tuple[str, str]]:
    text = path.read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    return [(f"{path.relative_to(ROOT)}:{i}", block) for i, block in enumerate(blocks)]


BLOCKS = [block for path in READMES for block in python_blocks(path)]


def test_the_readmes_have_examples() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize(("where", "code"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_readme_example_runs(where: str, code: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, where, "exec"), {"__name__": "__readme__"})
    printed = out.getvalue()
    for line in code.splitlines():
        if not line.startswith("print(") or "# " not in line:
            continue
        comment = line.split("# ", 1)[1]
        if comment.startswith(("{", "[")) or comment[0].isdigit():  # a promised value, not a description
            promised = comment.split(":")[0] if comment.startswith("[") and "]:" in comment else comment
            promised = promised.split("...")[0].strip()
            assert promised in printed, f"{where}: {line.strip()!r} promises {promised!r}; printed:\n{printed}"
