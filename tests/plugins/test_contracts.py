"""The members the plugin manager checks at creation are those of the protocols, and missing ones are named."""

from __future__ import annotations

import pytest

import tyxq
from tyxq.backends import Backend
from tyxq.execution import ExecutionMode
from tyxq.gradients import GradientMethod
from tyxq.plugins import ExecutionModePlugin, GradientPlugin, TyxqPluginManager, hookimpl
from tyxq.plugins.contracts import MEMBERS, check_created, protocol_members


@pytest.mark.parametrize(
    ("kind", "protocol"), [("backend", Backend), ("mode", ExecutionMode), ("gradient", GradientMethod)]
)
def test_the_checked_members_are_the_protocols_members(kind, protocol):
    assert MEMBERS[kind] == protocol_members(protocol)
    assert {name for name, is_method in MEMBERS[kind].items() if is_method} == {
        name for name in MEMBERS[kind] if callable(getattr(protocol, name, None))
    }


class NoSample:
    name = "no_sample"
    takes_shots = exact = pure = False

    def expectation(self, circuit, observables, **options): ...

    def probabilities(self, circuit, qubits=None, **options): ...

    state = "not callable"


class Modes:
    @hookimpl
    def tyxq_execution_modes(self):
        yield ExecutionModePlugin(name="no_sample", factory=NoSample)


class Methods:
    @hookimpl
    def tyxq_gradient_methods(self):
        yield GradientPlugin(name="nameless", factory=lambda: object())


def test_creating_a_mode_that_lacks_members_names_each_one_and_its_distribution():
    manager = TyxqPluginManager()
    manager.add_plugin(Modes(), "modes", "tyxq-modes", "0.2")
    with pytest.raises(tyxq.BrokenPluginError) as error:
        manager.create("mode", "no_sample")
    assert str(error.value).startswith(
        "the execution mode 'no_sample' from tyxq-modes 0.2 (entry point 'modes') made an object of class NoSample "
        "without sample and state, members of the protocol tyxq.execution.ExecutionMode"
    )


def test_creating_a_gradient_method_that_lacks_members_names_them():
    manager = TyxqPluginManager()
    manager.add_plugin(Methods(), "methods", "tyxq-methods", "3.0")
    with pytest.raises(
        tyxq.BrokenPluginError, match="made an object of class object without name, supports and value_and_grad"
    ):
        manager.create("gradient", "nameless")


def test_every_builtin_passes_the_check_it_is_created_with():
    manager = TyxqPluginManager()
    for kind in ("backend", "mode", "gradient"):
        for name in manager.names(kind):
            created = manager.create(kind, name)
            check_created(kind, created, f"{kind} {name}", "tyxq")  # raises if it lacked a member
            assert isinstance(created, {"backend": Backend, "mode": ExecutionMode, "gradient": GradientMethod}[kind])
