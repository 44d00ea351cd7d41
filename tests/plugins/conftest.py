"""Real plugin distributions for the discovery tests, installed once per test session.

``distributions/`` holds small packages with their own ``pyproject.toml``:
a working plugin (``tyxq-toy``), and one per accidental mistake: a module
that fails to import (``tyxq-broken``), two registering the same backend
name (``tyxq-clash-a``, ``tyxq-clash-b``), one made for an older tyxq
(``tyxq-ancient``), a misspelt hook (``tyxq-typo``), an entry point naming
a module that does not exist (``tyxq-entry-typo``), a typo in a factory
path (``tyxq-factory-typo``), a backend module that raises on import
(``tyxq-failing-import``), a backend class without ``kron``
(``tyxq-no-kron``), built-in names taken (``tyxq-impostor``), autodiff
declared but not working (``tyxq-false-autodiff``), backends that start
only under their launcher, one whose launcher fails (``tyxq-launched``), a
gradient method without ``supports`` and a mode without ``sample``
(``tyxq-half``), a mode dropping the batch axis and a gradient not shaped
like its argument (``tyxq-dropper``), and two registering the gradient
method ``richardson`` (``tyxq-rich-a``, ``tyxq-rich-b``). pip
builds and installs them into one directory (``pip install --target``), and
the tests run Python and the ``tyxq`` command in subprocesses with that
directory on ``PYTHONPATH``, so :mod:`importlib.metadata` finds their entry
points the way it finds any installed distribution, next to the tyxq of the
environment running the tests. Nothing in the test process is patched.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

DISTRIBUTIONS = Path(__file__).parent / "distributions"
collect_ignore = ["distributions"]  # package sources for pip, not test modules (one fails to import on purpose)


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory where pip installed every sample distribution."""
    sources = tmp_path_factory.mktemp("plugin-sources")
    paths = [str(shutil.copytree(source, sources / source.name)) for source in sorted(DISTRIBUTIONS.iterdir())]
    site = tmp_path_factory.mktemp("plugin-site")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)]
    if importlib.util.find_spec("hatchling") is not None:
        # offline and fast: build with the hatchling of this environment instead of fetching one
        command += ["--no-build-isolation", "--no-index"]
    result = subprocess.run([*command, *paths], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"pip could not install the sample plugins:\n{result.stdout}\n{result.stderr}")
    return site


def _environment(site: Path, overrides: dict[str, str]) -> dict[str, str]:
    """This process's environment without TYXQ_* settings, with ``site`` importable, plus ``overrides``."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TYXQ_")}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    environment.update(overrides)
    return environment


@pytest.fixture
def run_python(plugin_site: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_python(code, TYXQ_X="...")``: run ``code`` in a fresh interpreter that sees the sample plugins."""

    def run(code: str, **overrides: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            env=_environment(plugin_site, overrides),
        )

    return run


@pytest.fixture
def run_json(run_python: Callable[..., subprocess.CompletedProcess[str]]) -> Callable[..., Any]:
    """``run_json(code, ...)``: like ``run_python``, returning the JSON the code printed last (it must succeed)."""

    def run(code: str, **overrides: str) -> Any:
        result = run_python(code, **overrides)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    return run


@pytest.fixture
def run_cli(plugin_site: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_cli("plugins", "--json", TYXQ_X="...")``: the ``tyxq`` console script, seeing the sample plugins."""
    script = shutil.which("tyxq", path=str(Path(sys.executable).parent))
    assert script is not None, f"the tyxq console script is not installed next to {sys.executable}"

    def run(*arguments: str, **overrides: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *arguments],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            env=_environment(plugin_site, overrides),
        )

    return run


def plugin_distributions(site: Path) -> set[str]:
    """Every distribution with a ``tyxq`` entry point that a process seeing ``site`` finds (the env's own too)."""
    return {
        distribution.metadata["Name"]
        for distribution in metadata.distributions(path=[str(site), *sys.path])
        if distribution.entry_points.select(group="tyxq")
    }


@pytest.fixture
def run_check(plugin_site: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> Callable[..., Any]:
    """``run_check("tyxq-toy", "--traceback")``: ``tyxq plugins --check`` seeing tyxq's built-ins and that plugin only.

    ``distributions`` may also be a list. Every other plugin distribution, the sample ones and those
    this environment installed, is disabled.
    """

    def run(distributions: str | list[str], *arguments: str, **overrides: str) -> subprocess.CompletedProcess[str]:
        chosen = {distributions} if isinstance(distributions, str) else set(distributions)
        others = sorted(plugin_distributions(plugin_site) - chosen)
        return run_cli("plugins", "--check", *arguments, TYXQ_DISABLE_PLUGINS=",".join(others), **overrides)

    return run
