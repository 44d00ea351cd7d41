"""Every example in the hook specs' docstrings and in the plugin guide (docs/plugins.md) works.

The forward-difference example is installed as a real distribution and passes the conformance kit
(with the test file the docstring shows) and ``tyxq plugins --check``; record-only examples register
valid records; the guide's commands parse with tyxq's own parsers, and its pytest commands run.
"""

from __future__ import annotations

import importlib
import os
import re
import shlex
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest
import tomllib

import tyxq
from tyxq.cli import _parser as tyxq_parser
from tyxq.plugins import TyxqPluginManager
from tyxq.plugins.hookspec import TyxqSpecs
from tyxq.testing import BackendConformance
from tyxq.testing.cli import build_parser as conformance_parser

from .conftest import plugin_distributions

GUIDE = Path(__file__).parents[2] / "docs" / "plugins.md"


def docstring_blocks(doc: str) -> list[str]:
    """The literal blocks (after a line ending in ``::``) of a docstring, dedented."""
    lines, blocks, index = doc.splitlines(), [], 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.rstrip().endswith("::"):
            continue
        indent, body = len(line) - len(line.lstrip()), []
        while index < len(lines) and (
            not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent
        ):
            body.append(lines[index])
            index += 1
        blocks.append(textwrap.dedent("\n".join(body)).strip() + "\n")
    return blocks


def guide_blocks(language: str) -> list[str]:
    """The guide's fenced blocks opened with ```language (``""``: fences without a language)."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if current is None and line.startswith("```"):
            current = [] if line[3:].strip() == language else None
            if current is None:
                current = ["<other>"]
        elif line.startswith("```"):
            if current[:1] != ["<other>"]:
                blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def plugin_module(code: str) -> types.ModuleType:
    module = types.ModuleType("example_plugin")
    exec(compile(code, "<example>", "exec"), module.__dict__)
    return module


def registered(code: str, kind: str, name: str):
    manager = TyxqPluginManager()
    assert manager.add_plugin(plugin_module(code), "example", "tyxq-example", "0.1.0")
    return manager.registrations(kind)[name][0].record


HOOKSPEC = {
    "module": docstring_blocks(importlib.import_module("tyxq.plugins.hookspec").__doc__),
    "backends": docstring_blocks(TyxqSpecs.tyxq_backends.__doc__),
    "gradients": docstring_blocks(TyxqSpecs.tyxq_gradient_methods.__doc__),
    "modes": docstring_blocks(TyxqSpecs.tyxq_execution_modes.__doc__),
}


def test_every_hookspec_example_is_one_these_tests_run():
    assert {key: len(blocks) for key, blocks in HOOKSPEC.items()} == {
        "module": 1,
        "backends": 1,
        "gradients": 2,
        "modes": 2,
    }


def test_the_entry_point_example_is_valid_toml():
    project = tomllib.loads(HOOKSPEC["module"][0])["project"]
    assert project["entry-points"]["tyxq"] == {"mybackend": "tyxq_mybackend.plugin"}


def test_the_backend_example_registers_a_valid_record():
    record = registered(HOOKSPEC["backends"][0], "backend", "cupy")
    assert record.capabilities.devices == ("cuda",)
    assert record.supports(tyxq.__version__)


def test_the_mode_example_registers_a_valid_record():
    record = registered(HOOKSPEC["modes"][1], "mode", "depolarized")
    assert record.takes_shots is False


def test_the_mode_example_written_on_the_base_class_runs_and_is_a_value():
    mode_class = plugin_module(HOOKSPEC["modes"][0]).DepolarizedMode
    assert mode_class.takes_shots is registered(HOOKSPEC["modes"][1], "mode", "depolarized").takes_shots
    bell = tyxq.Circuit(2).h(0).cnot(0, 1)
    values = tyxq.expectation(bell, [tyxq.Z(0) @ tyxq.Z(1), tyxq.X(0) @ tyxq.X(1)], mode=mode_class(p=0.2))
    np.testing.assert_allclose(values, [0.8, 0.8], atol=1e-12)
    estimate = float(tyxq.expectation(bell, tyxq.X(0) @ tyxq.X(1), mode=mode_class(p=0.2, shots=4000), seed=1))
    assert abs(estimate - 0.8) < 4 * np.sqrt((1 - 0.64) / 4000)
    assert mode_class(p=0.2) == mode_class(p=0.2) != mode_class(p=0.3)
    with pytest.raises(tyxq.CapabilityError):
        tyxq.state(bell, mode=mode_class(p=0.2))


@pytest.fixture(scope="module")
def forward_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The forward-difference example, as the distribution tyxq-forward with its test file, installed."""
    plugin, test_file = HOOKSPEC["gradients"]
    source = tmp_path_factory.mktemp("tyxq-forward")
    (source / "src" / "tyxq_forward").mkdir(parents=True)
    (source / "src" / "tyxq_forward" / "__init__.py").write_text("")
    (source / "src" / "tyxq_forward" / "plugin.py").write_text(plugin)
    (source / "tests").mkdir()
    (source / "tests" / "test_conformance.py").write_text(test_file)
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling>=1.18"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "tyxq-forward"\nversion = "0.1.0"\n\n'
        '[project.entry-points.tyxq]\nforward = "tyxq_forward.plugin"\n\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["src/tyxq_forward"]\n'
    )
    site = tmp_path_factory.mktemp("forward-site")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    done = subprocess.run([*command, "--target", str(site), str(source)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return site


def run_beside(site: Path, command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``command`` seeing ``site``, tyxq's built-ins and no other plugin of this environment."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TYXQ_")}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    environment["TYXQ_DISABLE_PLUGINS"] = ",".join(sorted(plugin_distributions(site) - {"tyxq-forward"}))
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=environment, check=False)


def test_the_forward_difference_example_passes_the_kit_with_its_test_file(forward_site, tmp_path):
    (tmp_path / "test_conformance.py").write_text(HOOKSPEC["gradients"][1])
    result = run_beside(forward_site, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"^\d+ passed", result.stdout.splitlines()[-1]), result.stdout[-500:]


def test_the_forward_difference_example_passes_the_plugin_check(forward_site, tmp_path):
    script = str(Path(sys.executable).parent / "tyxq")
    result = run_beside(forward_site, [script, "plugins", "--check"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok       gradient method 'forward_difference' from tyxq-forward 0.1.0" in result.stdout


def test_the_guides_pytest_command_collects_and_runs_the_kit(forward_site, tmp_path):
    [command] = [line for line in guide_blocks("") if "--tyxq-gradient forward_difference" in line]
    arguments = shlex.split(command.strip().splitlines()[-1])
    assert arguments[:3] == ["pytest", "-p", "tyxq.testing.pytest_plugin"]
    result = run_beside(forward_site, [sys.executable, "-m", *arguments, "-q", "-p", "no:cacheprovider"], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"^\d+ passed", result.stdout.splitlines()[-1]), result.stdout[-500:]


def test_the_guides_backend_pytest_command_collects_the_backend_suite(tmp_path):
    [command] = [
        line
        for line in "\n".join(guide_blocks("")).splitlines()
        if "--tyxq-backend mybackend" in line and line.startswith("pytest")
    ]
    arguments = [*shlex.split(command.replace("mybackend", "numpy")), "--collect-only", "-q", "-p", "no:cacheprovider"]
    result = run_beside(tmp_path, [sys.executable, "-m", *arguments], tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "::TestBackend::test_every_gate_matches_numpy[complex128-single-cnot]" in result.stdout


def test_the_guides_plugin_module_registers_a_valid_record():
    [plugin] = [block for block in guide_blocks("python") if "def tyxq_backends" in block]
    record = registered(plugin, "backend", "mybackend")
    assert record.capabilities.autodiff and record.supports(tyxq.__version__)


def test_the_guides_expected_failures_name_real_kit_tests():
    [test_file] = [block for block in guide_blocks("python") if "BackendConformance" in block]
    suite = plugin_module(test_file).TestMyBackend
    assert set(suite.expected_failures) <= set(BackendConformance.suite_test_names())


def test_the_guides_entry_point_table_is_valid_toml():
    [table] = guide_blocks("toml")
    assert tomllib.loads(table)["project"]["entry-points"]["tyxq"] == {"mybackend": "tyxq_mybackend.plugin"}


def guide_commands(program: str) -> list[list[str]]:
    lines = "\n".join([*guide_blocks(""), *guide_blocks("yaml")]).splitlines()
    commands = [line.split("- run:")[-1].split("#")[0].strip() for line in lines]
    return [shlex.split(command)[1:] for command in commands if command.startswith(f"{program} ")]


def test_the_guides_tyxq_commands_parse_and_ci_runs_the_check():
    commands = guide_commands("tyxq")
    assert ["plugins", "--check"] in commands
    for arguments in commands:
        tyxq_parser().parse_args(arguments)


def test_the_guides_conformance_commands_parse():
    commands = guide_commands("tyxq-conformance")
    assert len(commands) >= 4
    for arguments in commands:
        conformance_parser().parse_args(arguments)


def test_the_guides_evaluation_gradient_example_gives_the_forward_difference():
    [code] = [block for block in guide_blocks("python") if "class ForwardDifference(EvaluationGradient)" in block]
    method = plugin_module(code).ForwardDifference()

    def energy(theta, x):
        circuit = tyxq.Circuit(2).ry(0, theta[0] * x).rx(1, theta[1]).cnot(0, 1)
        return tyxq.expectation(circuit, tyxq.Z(0) + tyxq.Z(1))

    theta, x = np.array([0.4, -1.1]), 0.7
    value, (grad_theta, grad_x) = tyxq.value_and_grad(energy, argnums=(0, 1), method=method)(theta, x)
    # cos(a) + cos(a)cos(b) with a = theta0 * x, b = theta1
    a, b = theta[0] * x, theta[1]
    da = -np.sin(a) * (1 + np.cos(b))
    assert float(value) == pytest.approx(np.cos(a) * (1 + np.cos(b)), abs=1e-12)
    np.testing.assert_allclose(grad_theta, [da * x, -np.cos(a) * np.sin(b)], atol=1e-6)
    assert float(grad_x) == pytest.approx(da * theta[0], abs=1e-6)
