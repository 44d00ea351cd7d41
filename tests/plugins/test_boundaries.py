"""Checks where data crosses a plugin boundary, with real third-party distributions installed by pip.

``tyxq-half`` registers a gradient method without ``supports`` and a mode
without ``sample``: selecting either is a ``BrokenPluginError`` naming the
member and the distribution. ``tyxq-dropper`` registers a mode answering for
the first batch member only and a gradient method whose gradient is a
number: every verb and ``value_and_grad`` refuse their answers by name.
``tyxq-rich-a`` and ``tyxq-rich-b`` both register the gradient method
``richardson``. The checks run in fresh interpreters that see those
distributions (``conftest.py``); nothing is patched.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import tyxq
from tyxq.plugins import get_plugin_manager

OUTCOMES = textwrap.dedent(
    """
    import json, numpy as np, tyxq
    def outcome(call):
        try:
            value = call()
        except Exception as error:
            return {{"error": type(error).__name__, "message": str(error)}}
        return {{"value": np.asarray(value, dtype=float).tolist() if not isinstance(value, dict) else value}}
    batched = tyxq.Circuit(2).ry(0, np.array([0.1, 0.2, 0.3])).cnot(0, 1)
    plain = tyxq.Circuit(2).h(0).cnot(0, 1)
    energy = lambda t: tyxq.expectation(tyxq.Circuit(2).ry(0, t[0]).ry(1, t[1]), tyxq.Z(0) + tyxq.Z(1))
    calls = {{{calls}}}
    print(json.dumps({{name: outcome(call) for name, call in calls.items()}}))
    """
)


def outcomes(run_json, calls: dict[str, str], **environment: str) -> dict[str, dict]:
    """Each call's value or ``{"error", "message"}``, from one fresh interpreter."""
    listed = ", ".join(f"{name!r}: lambda: {code}" for name, code in calls.items())
    return run_json(OUTCOMES.format(calls=listed), **environment)


def test_a_gradient_method_without_supports_is_refused_when_selected_naming_the_member(run_json):
    found = outcomes(
        run_json,
        {
            "select": "tyxq.use_gradient_method('half_gradient').__enter__()",
            "verb": "tyxq.value_and_grad(energy, method='half_gradient')(np.array([0.1, 0.2]))",
        },
    )
    for name in ("select", "verb"):
        assert found[name]["error"] == "BrokenPluginError"
        message = found[name]["message"]
        assert message.startswith(
            "the gradient method 'half_gradient' from tyxq-half 1.0.0 (entry point 'half') made an object of class "
            "HalfGradient without supports, a member of the protocol tyxq.gradients.GradientMethod"
        )
        assert "report it to the authors of tyxq-half" in message
        assert "TYXQ_DISABLE_PLUGINS=tyxq-half" in message


def test_a_mode_without_sample_is_refused_when_selected_not_at_the_first_counts(run_json):
    found = outcomes(
        run_json,
        {
            "expectation": "tyxq.expectation(plain, 'ZZ', mode='half_mode')",
            "counts": "tyxq.counts(plain, 10, mode='half_mode')",
        },
    )
    for name in ("expectation", "counts"):
        assert found[name]["error"] == "BrokenPluginError"
        assert (
            "the execution mode 'half_mode' from tyxq-half 1.0.0 (entry point 'half') made an object of class "
            "HalfMode without sample, a member of the protocol tyxq.execution.ExecutionMode (name, takes_shots, exact, "
            "pure, expectation, probabilities, sample, state; methods must be callable)"
        ) in found[name]["message"]


def test_every_verb_refuses_a_mode_answer_without_the_batch_axis(run_json):
    found = outcomes(
        run_json,
        {
            "several": "tyxq.expectation(batched, [tyxq.Z(0), tyxq.Z(1)], mode='dropper')",
            "one": "tyxq.expectation(batched, tyxq.Z(0), mode='dropper')",
            "probabilities": "tyxq.probabilities(batched, qubits=[1], mode='dropper')",
            "state": "tyxq.state(batched, mode='dropper')",
            "density_matrix": "tyxq.density_matrix(batched, qubits=[1], mode='dropper')",
            "sample": "tyxq.sample(batched, 5, mode='dropper', seed=1)",
            "counts": "tyxq.counts(batched, 5, mode='dropper', seed=1)",
        },
    )
    assert {name: found[name].get("error") for name in found} == dict.fromkeys(found, "BrokenPluginError")
    origin = "the execution mode 'dropper' from tyxq-dropper 0.3.0 (entry point 'dropper')"
    assert found["several"]["message"].startswith(
        f"{origin} returned from expectation an array of shape (2,) and dtype float64, where "
        "tyxq.execution.ExecutionMode asks for a real array of shape (3, 2): (B, K), one row per batch member "
        "(B = 3, 1 when unbatched) and one column per observable (K = 2)."
    )
    assert found["one"]["message"].startswith(
        f"{origin} returned from expectation an array of shape (1,) and dtype float64, where "
        "tyxq.execution.ExecutionMode asks for a real array of shape (3, 1)"
    )
    assert f"{origin} returned from probabilities an array of shape (2,)" in found["probabilities"]["message"]
    assert "a real array of shape (3, 2): (B, 2**k)" in found["probabilities"]["message"]
    assert f"{origin} returned from state an array of shape (4,) and dtype complex128" in found["state"]["message"]
    assert "a complex array of shape (3, 4)" in found["state"]["message"]
    assert f"{origin} returned from density_matrix an array of shape (2, 2)" in found["density_matrix"]["message"]
    assert "a complex array of shape (3, 2, 2): (B, 2**k, 2**k)" in found["density_matrix"]["message"]
    for name in ("sample", "counts"):
        message = found[name]["message"]
        assert f"{origin} returned from sample a NumPy array of shape (5,) and dtype int64" in message
        assert "asks for a host NumPy int64 array of shape (B, shots) = (3, 5)" in message
    assert all("TYXQ_DISABLE_PLUGINS=tyxq-dropper" in found[name]["message"] for name in found)


def test_a_mode_with_the_right_shapes_answers_as_if_unchecked(run_json):
    found = outcomes(
        run_json,
        {
            "toy": "tyxq.expectation(batched, [tyxq.Z(0), tyxq.Z(1)], mode='toy_mode')",
            "statevector": "tyxq.expectation(batched, [tyxq.Z(0), tyxq.Z(1)], mode='statevector')",
            "toy_counts": "tyxq.counts(plain, 50, mode='toy_mode', seed=3)",
            "counts": "tyxq.counts(plain, 50, seed=3)",
            "toy_gradient": "tyxq.value_and_grad(energy, method='toy_gradient')(np.array([0.1, 0.2]))[1]",
        },
    )
    assert np.asarray(found["toy"]["value"]).shape == (3, 2)
    assert found["toy"]["value"] == found["statevector"]["value"]
    assert found["toy_counts"]["value"] == found["counts"]["value"]
    np.testing.assert_allclose(found["toy_gradient"]["value"], [-np.sin(0.1), -np.sin(0.2)], atol=0.02)


def test_value_and_grad_refuses_a_gradient_not_shaped_like_its_argument(run_json):
    found = outcomes(run_json, {"grad": "tyxq.value_and_grad(energy, method='flat_gradient')(np.array([0.1, 0.2]))"})
    assert found["grad"]["error"] == "BrokenPluginError"
    assert found["grad"]["message"].startswith(
        "the gradient method 'flat_gradient' from tyxq-dropper 0.3.0 (entry point 'dropper') returned from "
        "value_and_grad an array of shape () and dtype float64, where tyxq.gradients.GradientMethod asks for a "
        "real array of shape (2,): a gradient shaped like argument 0."
    )


def test_two_plugins_claiming_one_gradient_name_name_both_and_offer_to_disable_either(run_json):
    found = outcomes(run_json, {"grad": "tyxq.value_and_grad(energy, method='richardson')"})
    assert found["grad"]["error"] == "PluginConflictError"
    assert found["grad"]["message"].splitlines() == [
        "2 plugins register the gradient method 'richardson', so it cannot be selected until one is left:",
        "  - tyxq-rich-a 1.0.0 (entry point 'rich_a')",
        "  - tyxq-rich-b 2.1.0 (entry point 'rich_b')",
        "To keep tyxq-rich-a's, set TYXQ_DISABLE_PLUGINS=tyxq-rich-b (or pip uninstall tyxq-rich-b).",
        "To keep tyxq-rich-b's, set TYXQ_DISABLE_PLUGINS=tyxq-rich-a (or pip uninstall tyxq-rich-a).",
        "Disabling a distribution disables every plugin it provides.",
    ]


@pytest.mark.parametrize(("disabled", "kept"), [("tyxq-rich-b", "tyxq-rich-a"), ("tyxq-rich-a", "tyxq-rich-b")])
def test_either_disabling_the_message_offers_leaves_the_other_working(run_json, disabled, kept):
    code = (
        "import json, numpy as np, tyxq; "
        "energy = lambda t: tyxq.expectation(tyxq.Circuit(1).ry(0, t[0]), tyxq.Z(0)); "
        "method = tyxq.context.gradient_method_instance('richardson'); "
        "value, grad = tyxq.value_and_grad(energy, method=method)(np.array([0.3])); "
        "print(json.dumps([method.provider, float(grad[0])]))"
    )
    provider, grad = run_json(code, TYXQ_DISABLE_PLUGINS=disabled)
    assert provider == kept
    assert grad == pytest.approx(-np.sin(0.3), abs=1e-7)


def test_tyxq_own_modes_and_methods_are_trusted_and_never_wrapped():
    manager = get_plugin_manager()
    for name in ("statevector", "shots", "density_matrix", "trajectories"):
        assert manager.provider("mode", tyxq.context.execution_mode_instance(name)) is None
    for name in ("auto", "adjoint", "parameter_shift", "finite_difference"):
        assert manager.provider("gradient", tyxq.context.gradient_method_instance(name)) is None


def test_a_subclass_of_a_builtin_mode_is_checked_as_third_party():
    class Mine(tyxq.StatevectorMode):
        pass

    Mine.__module__ = "my_application.modes"
    provider = get_plugin_manager().provider("mode", Mine())
    assert provider is not None
    assert provider.origin == f"the class {Mine.__qualname__} of the module 'my_application.modes'"
    assert provider.distribution == "my_application.modes"


def test_a_mode_object_an_application_passes_is_checked_too():
    class Dropping(tyxq.StatevectorMode):
        def expectation(self, circuit, observables, **options):
            return super().expectation(circuit, observables, **options)[0]

    Dropping.__module__ = "my_application.modes"
    batched = tyxq.Circuit(2).ry(0, np.array([0.1, 0.2, 0.3]))
    with pytest.raises(tyxq.BrokenPluginError, match=r"returned from expectation an array of shape \(2,\) and dtype"):
        tyxq.expectation(batched, [tyxq.Z(0), tyxq.Z(1)], mode=Dropping())
