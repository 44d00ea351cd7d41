"""A gradient method and an execution mode: tyxq's finite differences and statevector mode under other names."""

from tyxq.plugins import get_plugin_manager


class ToyGradient:
    name = "toy_gradient"

    def __init__(self, step=0.5):
        self.step = step
        self._inner = get_plugin_manager().create("gradient", "finite_difference", step=step)

    def supports(self, backend, mode):
        return self._inner.supports(backend, mode)

    def value_and_grad(self, fn, argnums=0, *, backend, mode):
        return self._inner.value_and_grad(fn, argnums, backend=backend, mode=mode)


class ToyMode:
    name = "toy_mode"
    takes_shots = False
    exact = True
    pure = True

    def __init__(self):
        self._inner = get_plugin_manager().create("mode", "statevector")

    def expectation(self, circuit, observables, **options):
        return self._inner.expectation(circuit, observables, **options)

    def probabilities(self, circuit, qubits=None, **options):
        return self._inner.probabilities(circuit, qubits, **options)

    def sample(self, circuit, qubits=None, **options):
        return self._inner.sample(circuit, qubits, **options)

    def state(self, circuit, **options):
        return self._inner.state(circuit, **options)
