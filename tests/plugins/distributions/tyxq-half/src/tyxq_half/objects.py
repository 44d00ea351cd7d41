"""tyxq's finite differences without ``supports``, and its statevector mode without ``sample``."""

from tyxq.plugins import get_plugin_manager


class HalfGradient:
    name = "half_gradient"

    def value_and_grad(self, fn, argnums=0, *, backend, mode):
        inner = get_plugin_manager().create("gradient", "finite_difference")
        return inner.value_and_grad(fn, argnums, backend=backend, mode=mode)


class HalfMode:
    name = "half_mode"
    takes_shots = False
    exact = True
    pure = True

    def __init__(self):
        self._inner = get_plugin_manager().create("mode", "statevector")

    def expectation(self, circuit, observables, **options):
        return self._inner.expectation(circuit, observables, **options)

    def probabilities(self, circuit, qubits=None, **options):
        return self._inner.probabilities(circuit, qubits, **options)

    def state(self, circuit, **options):
        return self._inner.state(circuit, **options)
