"""The kit fails a faulty backend, honours known gaps strictly, and refuses unknown test names.

Each case runs a generated plugin test module in its own pytest process,
with a backend registered in process through the public add_plugin.
"""

from __future__ import annotations

from pathlib import Path

from .runner import run_suite

FAULTY_PLUGIN = """
    import numpy as np
    from tyxq.backends.numpy_backend import NumpyBackend
    from tyxq.plugins import BackendPlugin, get_plugin_manager, hookimpl
    from tyxq.testing import BackendConformance


    class SineIsCosine(NumpyBackend):
        name = "faulty"

        def sin(self, a):
            return np.cos(a)


    class FakesGradients(NumpyBackend):
        name = "faker"

        def value_and_grad(self, fn, argnums=0):
            return lambda x: (fn(x), x * 0)


    class Plugin:
        @hookimpl
        def tyxq_backends(self):
            yield BackendPlugin(name="faulty", factory=SineIsCosine, capabilities=NumpyBackend.capabilities)
            yield BackendPlugin(name="faker", factory=FakesGradients, capabilities=NumpyBackend.capabilities)


    get_plugin_manager().add_plugin(Plugin(), "faulty-backends")
"""


def test_a_wrong_operation_fails_its_test(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        FAULTY_PLUGIN
        + """
    class TestFaulty(BackendConformance):
        backend_name = "faulty"
        dtypes = ("complex128",)
    """,
        "-k",
        "operation_matches_numpy and (sin or cos)",
    )
    outcomes = {o.test: o.outcome for o in summary.outcomes}
    assert outcomes == {
        "TestFaulty::test_operation_matches_numpy[complex128-sin]": "failed",
        "TestFaulty::test_operation_matches_numpy[complex128-cos]": "passed",
    }, output


def test_faked_autodiff_fails_the_declaration_check(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        FAULTY_PLUGIN
        + """
    class TestFaker(BackendConformance):
        backend_name = "faker"
        dtypes = ("complex128",)
    """,
        "-k",
        "autodiff",
    )
    assert [(o.test, o.outcome) for o in summary.outcomes] == [
        ("TestFaker::test_autodiff_declaration_holds[complex128]", "failed")
    ], output
    assert "DID NOT RAISE" in output


def test_an_expected_failure_is_reported_as_one(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        FAULTY_PLUGIN
        + """
    class TestFaulty(BackendConformance):
        backend_name = "faulty"
        dtypes = ("complex128",)
        expected_failures = {"test_operation_matches_numpy[complex128-sin]": "sin is being fixed"}
    """,
        "-k",
        "operation_matches_numpy and sin",
    )
    assert [(o.outcome, o.message) for o in summary.outcomes] == [("xfailed", "expected failure: sin is being fixed")]
    assert "1 x expected failure: sin is being fixed" in summary.format(), output


def test_an_expected_failure_that_passes_fails_the_run(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        """
    from tyxq.testing import BackendConformance

    class TestNumpy(BackendConformance):
        backend_name = "numpy"
        dtypes = ("complex128",)
        expected_failures = {"test_arange_counts_from_zero": "thought to be broken"}
    """,
        "-k",
        "arange",
    )
    assert [o.outcome for o in summary.outcomes] == ["failed"], output
    assert "XPASS(strict)" in summary.outcomes[0].message


def test_an_unknown_expected_failure_name_fails_every_test(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        """
    from tyxq.testing import BackendConformance

    class TestNumpy(BackendConformance):
        backend_name = "numpy"
        dtypes = ("complex128",)
        expected_failures = {"test_arange_count_from_zero": "a typo"}
    """,
        "-k",
        "arange or kron",
    )
    assert {o.outcome for o in summary.outcomes} == {"error"}, output
    assert "test_arange_count_from_zero" in summary.outcomes[0].message


def test_undeclared_capabilities_skip_with_the_declaration(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        """
    from tyxq.testing import BackendConformance

    class TestNumpy(BackendConformance):
        backend_name = "numpy"
        dtypes = ("complex64",)
    """,
        "-k",
        "vmap",
    )
    outcomes = {o.test.split("::")[1]: (o.outcome, o.message) for o in summary.outcomes}
    assert outcomes["test_vmap_matches_a_loop[complex64]"] == (
        "skipped",
        "vmap not declared (BackendCapabilities.vmap=False)",
    ), output
    assert outcomes["test_vmap_declaration_holds[complex64]"][0] == "passed"


def test_a_suite_without_a_backend_says_how_to_name_one(tmp_path: Path) -> None:
    summary, output = run_suite(
        tmp_path,
        """
    from tyxq.testing import BackendConformance

    class TestUnnamed(BackendConformance):
        dtypes = ("complex128",)
    """,
        "-k",
        "arange",
    )
    assert [o.outcome for o in summary.outcomes] == ["error"], output
    assert "--tyxq-backend NAME" in summary.outcomes[0].message
