"""The installation page gives the README's two commands, word for word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def two_commands(text: str) -> list[str]:
    """The commands of the "Two commands" section: its fenced blocks, in order."""
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```\n(.*?)```", section, flags=re.DOTALL)]


def test_the_installation_page_gives_the_readme_commands():
    readme = two_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(readme) == 2
    assert two_commands((ROOT / "docs" / "installation.md").read_text(encoding="utf-8")) == readme
