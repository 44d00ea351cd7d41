"""The documentation build fails on a name of a public ``__all__`` that the API reference leaves out."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main as sphinx_build

EXTENSIONS = Path(__file__).parents[2] / "docs" / "_ext"

MODULE = '''
"""A module whose public names the reference must cover."""

from os.path import join as joined

__all__ = ["documented", "forgotten", "joined"]


def documented():
    """Documented."""


def forgotten():
    """Missing from the reference."""
'''


def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index: str, module: str = MODULE) -> int:
    """Build a one-page project with ``-W`` and the check on ``sample_api``; the exit status."""
    (tmp_path / "sample_api.py").write_text(module)
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path[:0] = [{str(EXTENSIONS)!r}, {str(tmp_path)!r}]\n"
        "extensions = ['sphinx.ext.autodoc', 'public_api_check']\npublic_api_modules = ['sample_api']\n"
    )
    (source / "index.rst").write_text(textwrap.dedent(index))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sample_api", raising=False)
    return sphinx_build(["-W", "-q", "-E", "-b", "dummy", str(source), str(tmp_path / "out")])


def test_a_name_left_out_of_the_reference_fails_the_build(tmp_path, monkeypatch, capsys):
    status = build(tmp_path, monkeypatch, ".. autofunction:: sample_api.documented\n")
    assert status != 0
    assert "sample_api.forgotten is in sample_api.__all__ but the API reference does not document it" in (
        capsys.readouterr().err
    )


def test_every_name_documented_builds(tmp_path, monkeypatch):
    index = """
    .. autofunction:: sample_api.documented
    .. autofunction:: sample_api.forgotten
    .. autofunction:: sample_api.joined
    """
    assert build(tmp_path, monkeypatch, index) == 0


def test_a_reexport_counts_as_documented_under_its_other_public_name(tmp_path, monkeypatch):
    index = """
    .. autofunction:: sample_api.documented
    .. autofunction:: sample_api.forgotten
    .. autofunction:: os.path.join
    """
    assert build(tmp_path, monkeypatch, index) == 0


def test_a_listed_module_without_all_fails_the_build(tmp_path, monkeypatch, capsys):
    status = build(tmp_path, monkeypatch, "Nothing.\n", module='"""No __all__."""\n')
    assert status != 0
    assert "sample_api is listed in public_api_modules but has no __all__" in capsys.readouterr().err
