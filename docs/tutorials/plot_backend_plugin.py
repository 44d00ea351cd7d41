"""
Writing a backend plugin
========================

A backend is an object implementing :class:`tyxq.backends.Backend`; a plugin is a module (or any
object) whose hook functions yield registration records. Published plugins declare themselves
through the entry-point group ``tyxq`` (see :doc:`/plugins`); here we register one inside this
process, select it by name, and run the conformance kit's checks on it.

Our backend is the numpy backend with a counter: it records how many matrix multiplications and
Einstein sums a simulation performs. Everything else it inherits.
"""

# %%
# The backend
# -----------
# The name, the capabilities and every protocol operation come from
# :class:`~tyxq.backends.numpy_backend.NumpyBackend`; we override two operations to count calls.
import collections
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import ClassVar

import matplotlib.pyplot as plt
import pytest

import tyxq
from tyxq.backends.numpy_backend import NumpyBackend
from tyxq.plugins import BackendPlugin, get_plugin_manager, hookimpl


class CountingBackend(NumpyBackend):
    """The numpy backend, counting its matrix products."""

    name = "counting"
    calls: ClassVar[collections.Counter] = collections.Counter()

    def matmul(self, a, b, out=None):
        self.calls["matmul"] += 1
        return super().matmul(a, b, out=out)

    def einsum(self, subscripts, *operands):
        self.calls["einsum"] += 1
        return super().einsum(subscripts, *operands)


# %%
# The plugin and its registration
# -------------------------------
# The hook ``tyxq_backends`` yields a :class:`~tyxq.plugins.BackendPlugin`. An installed
# distribution names the factory as text (``"tyxq_counting.backend:CountingBackend"``) so that
# listing backends stays cheap; inside one process the class itself does. The declared
# capabilities must equal the backend's own: the kit checks it.
class CountingPlugin:
    @hookimpl
    def tyxq_backends(self):
        yield BackendPlugin(
            name="counting",
            factory=CountingBackend,
            description="numpy, counting matrix products",
            capabilities=NumpyBackend.capabilities,
        )


get_plugin_manager().add_plugin(CountingPlugin(), "counting")
print(tyxq.available_backends())


# %%
# Use it
# ------
# Selected by name, like any installed backend. Circuits of alternating layers show what the plan
# compiler does: neighbouring single-qubit gates fuse into one Kronecker block and runs of CNOTs
# into one gather, so the products grow far slower than the operations.
def layered(layers):
    circuit = tyxq.Circuit(10)
    for layer in range(layers):
        circuit.ry(range(10), 0.1 * (layer + 1)).cnot(range(9), range(1, 10))
    return circuit


observable = tyxq.Z(0) @ tyxq.Z(9)
depths = range(1, 9)
operations, products = [], []
for layers in depths:
    circuit = layered(layers)
    CountingBackend.calls.clear()
    with tyxq.use_backend("counting"):
        value = tyxq.expectation(circuit, observable)
    assert abs(float(value) - float(tyxq.expectation(circuit, observable))) < 1e-12  # the same as numpy
    operations.append(len(circuit.ops))
    products.append(sum(CountingBackend.calls.values()))
print(f"{operations[-1]} operations cost {products[-1]} matrix products on 'counting', the same value as numpy")

# %%
# The conformance kit
# -------------------
# A plugin's test suite subclasses the kit's suites and names the plugin; pytest then runs the
# protocol operation by operation against NumPy, random circuits with every gate against the numpy
# backend, and the errors bad input must raise. Here we write that test file and run pytest in
# this process, where the plugin is registered. (An installed plugin can instead be checked with
# ``tyxq-conformance --backend counting``.) We run the operation checks and the circuit checks in
# complex128; a plugin's CI runs the whole :class:`~tyxq.testing.BackendConformance`.
test_file = textwrap.dedent(
    """
    from tyxq.testing import BackendCircuitConformance, BackendOpsConformance

    class TestCountingOps(BackendOpsConformance):
        backend_name = "counting"
        dtypes = ("complex128",)

    class TestCountingCircuits(BackendCircuitConformance):
        backend_name = "counting"
        dtypes = ("complex128",)
    """
)


class Tally:
    """A pytest plugin that counts outcomes."""

    def __init__(self):
        self.outcomes = collections.Counter()

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            self.outcomes[report.outcome] += 1


with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "test_counting_conformance.py"
    path.write_text(test_file)
    tally = Tally()
    exit_code = pytest.main([str(path), "-q", "-p", "no:cacheprovider", "-x"], plugins=[tally])
    sys.modules.pop("test_counting_conformance", None)
print(f"pytest exit code {int(exit_code)}: {dict(tally.outcomes)}")
assert exit_code == 0

# %%
fig, ax = plt.subplots(figsize=(5.5, 3.5))
ax.plot(list(depths), operations, "o-", label="operations in the circuit")
ax.plot(list(depths), products, "o-", label="matrix products the backend ran")
ax.set_xlabel("layers (10 RY + 9 CNOT each)")
ax.set_title(f"The 'counting' backend ({tally.outcomes['passed']} conformance checks passed)")
ax.legend()
fig.tight_layout()
