"""Install commands come from tyxq's own extras, not from a list of plugin names."""

from __future__ import annotations

from importlib import metadata

from tyxq.plugins.hints import install_command


def test_torch_comes_from_the_torch_extra():
    assert install_command("torch") == 'pip install "tyxq[torch]"'


def test_cupynumeric_comes_from_the_gpu_extra():
    assert install_command("cupynumeric") == 'pip install "tyxq[gpu]"'


def test_every_extra_that_installs_a_tyxq_distribution_gives_a_command():
    requirements = metadata.requires("tyxq") or []
    plugin_extras = [line for line in requirements if line.startswith("tyxq-") and "extra ==" in line]
    assert plugin_extras, "tyxq's metadata declares no extras that install plugin distributions"
    for line in plugin_extras:
        name = line.split("==")[0].strip().removeprefix("tyxq-")
        extra = line.split("extra ==")[1].strip().strip("'\"")
        assert install_command(name) == f'pip install "tyxq[{extra}]"'


def test_names_without_an_extra_get_no_command():
    assert install_command("qasm") is None  # an extra of tyxq, but it installs no tyxq-qasm plugin
    assert install_command("no_such_plugin") is None
