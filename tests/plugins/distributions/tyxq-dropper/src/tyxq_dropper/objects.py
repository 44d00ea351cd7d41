"""tyxq's statevector mode answering for the first batch member only, and finite differences summed to a number.

Both have every member of their protocol, so they pass the check at
creation; their answers have the wrong shape (a bug a plugin author makes
when testing only unbatched circuits and one parameter).
"""

from tyxq.plugins import get_plugin_manager


class DropperMode:
    name = "dropper"
    takes_shots = False
    exact = True
    pure = True

    def __init__(self):
        self._inner = get_plugin_manager().create("mode", "statevector")

    def expectation(self, circuit, observables, **options):
        return self._inner.expectation(circuit, observables, **options)[0]

    def probabilities(self, circuit, qubits=None, **options):
        return self._inner.probabilities(circuit, qubits, **options)[0]

    def sample(self, circuit, qubits=None, **options):
        return self._inner.sample(circuit, qubits, **options)[0]

    def state(self, circuit, **options):
        return self._inner.state(circuit, **options)[0]

    def density_matrix(self, circuit, qubits=None, **options):
        return self._inner.density_matrix(circuit, qubits, **options)[0]


class FlatGradient:
    name = "flat_gradient"

    def __init__(self):
        self._inner = get_plugin_manager().create("gradient", "finite_difference")

    def supports(self, backend, mode):
        return None

    def value_and_grad(self, fn, argnums=0, *, backend, mode):
        run = self._inner.value_and_grad(fn, argnums, backend=backend, mode=mode)

        def flat(*args):
            value, grad = run(*args)
            return value, backend.sum(grad)

        return flat
